"""Keeping the index right: every save, delete and topic change of a record, or of a row that
its entry reads (participations, parties, memberships, other names, identifiers, citations),
replaces that record's entry in the same transaction. The bulk paths that send no signals (the
CSV import's bulk mode, generate_data, restore) call `reindex_instances` or `rebuild` themselves."""

from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import m2m_changed, post_delete, post_save

from ..bulk_sql import id_list
from ..models import (
    NAMED_FIELDS,
    AgreementParty,
    Citation,
    Identifier,
    Membership,
    OtherName,
    Participation,
)
from .documents import MODELS
from .index import defer, is_paused, refresh_actor_ids, reindex

RECORD_TYPES = {model: record_type for record_type, model in MODELS.items()}
#: relation row -> the record whose entry it is part of
OWNERS = {Participation: "summit", AgreementParty: "agreement", Membership: "mechanism"}
ATTACHED = (OtherName, Identifier, Citation)


def owners(instance) -> list[tuple[str, int]]:
    """The (record type, id) entries a saved or deleted row is part of."""
    model = type(instance)
    if model in RECORD_TYPES:
        return [(RECORD_TYPES[model], instance.pk)]
    if model in OWNERS:
        return [(OWNERS[model], getattr(instance, f"{OWNERS[model]}_id"))]
    if model in ATTACHED:
        return [(name, getattr(instance, f"{name}_id")) for name in NAMED_FIELDS if getattr(instance, f"{name}_id")]
    return []


def reindex_instances(model, instances, using: str = DEFAULT_DB_ALIAS) -> None:
    """Replace the entries the rows `instances` of `model` are part of (for bulk writes)."""
    if is_paused():
        return
    if model in OWNERS:  # a relation row adds its actor to its record's entry, and nothing else
        ids = {pk for instance in instances for _, pk in owners(instance)}
        if not defer(OWNERS[model], ids, actors_only=True):
            refresh_actor_ids(OWNERS[model], ids, using=using)
        return
    wanted: dict[str, set[int]] = {}
    for instance in instances:
        for record_type, pk in owners(instance):
            wanted.setdefault(record_type, set()).add(pk)
    # a summit's and an agreement's entries hold their mechanism's names, an agreement's its summit's
    if mechanisms := wanted.get("mechanism"):
        for record_type in ("summit", "agreement"):
            dependants = MODELS[record_type].objects.using(using).filter(mechanism_id__in=id_list(mechanisms))
            wanted.setdefault(record_type, set()).update(dependants.order_by().values_list("pk", flat=True))
    if summits := wanted.get("summit"):
        dependants = MODELS["agreement"].objects.using(using).filter(summit_id__in=id_list(summits))
        wanted.setdefault("agreement", set()).update(dependants.order_by().values_list("pk", flat=True))
    for record_type, ids in wanted.items():
        if not defer(record_type, ids):
            reindex(record_type, ids, using=using)


def _on_write(sender, instance, using=DEFAULT_DB_ALIAS, **kwargs):
    reindex_instances(sender, [instance], using=using)


def _on_topics(sender, instance, action, reverse, model, pk_set, using=DEFAULT_DB_ALIAS, **kwargs):
    if is_paused() or not action.startswith("post_"):
        return
    if not reverse:
        reindex_instances(type(instance), [instance], using=using)
    elif pk_set:
        reindex_instances(model, model.objects.using(using).filter(pk__in=pk_set), using=using)
    else:  # topic.summits.clear(): every record that had the topic
        for record_type in ("summit", "agreement", "mechanism"):
            reindex(record_type, MODELS[record_type].objects.using(using).values_list("pk", flat=True), using=using)


def connect_signals() -> None:
    for model in [*RECORD_TYPES, *OWNERS, *ATTACHED]:
        post_save.connect(_on_write, sender=model, dispatch_uid=f"search_save_{model.__name__}")
        post_delete.connect(_on_write, sender=model, dispatch_uid=f"search_delete_{model.__name__}")
    for record_type in ("summit", "agreement", "mechanism"):
        through = MODELS[record_type].topics.through
        m2m_changed.connect(_on_topics, sender=through, dispatch_uid=f"search_topics_{through.__name__}")
