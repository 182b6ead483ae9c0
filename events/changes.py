"""The change feed's log: every create, update and delete of a record or relation row becomes a
Change row in the same transaction, from the ORM's signals (saves, deletes, many-to-many links) and
from the bulk paths that send none (the CSV import's bulk mode, which calls record_many).
The database numbers the rows at commit time (the migration's trigger); see docs/changes.md."""

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist
from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from .bulk_sql import insert_rows
from .models import Change

#: relation rows link to the main record that owns them
OWNER_FIELD = {
    "participation": "summit",
    "agreementparty": "agreement",
    "membership": "mechanism",
    "mechanismlevel": "mechanism",
    "agreementaction": "agreement",
    "agreementrelation": "agreement",
    "mechanismrelation": "mechanism",
}
BULK_CHUNK = 900  # rows per INSERT, and ids per query for their related records


UNTRACKED = {"change", "dataversion", "importjob", "searchentry", "seedrecord"}


def tracked_models():
    """Every model of the events app the feed follows: all but the history tables, the change log,
    the data version and the bookkeeping that is derived, not curated (search entries, seed records)."""
    return [
        model
        for model in apps.get_app_config("events").get_models()
        if model._meta.model_name not in UNTRACKED and not model.__name__.startswith("Historical")
    ]


def _text(value):
    return value if value is None or isinstance(value, str) else str(value)


def change_for(instance, action: str, at=None) -> Change:
    return Change(**change_values(instance, action, at))


def change_values(instance, action: str, at=None) -> dict:
    """The fields of the Change row that logs `action` on `instance`."""
    model_name = instance._meta.model_name
    slug = getattr(instance, "slug", "")
    try:
        key = [_text(part) for part in instance.natural_key()]
    except Exception:  # noqa: BLE001  (a row whose related record went in the same delete)
        key = [str(instance.pk)]
    if slug:
        link_type, link_slug = model_name, slug
    else:
        owner_field = OWNER_FIELD.get(model_name) or getattr(instance, "record_type", "")
        try:
            owner = getattr(instance, owner_field, None) if owner_field else None
        except ObjectDoesNotExist:  # deleted with its record, which is gone already
            owner = None
        link_type, link_slug = (owner._meta.model_name, owner.slug) if owner is not None else ("", "")
    return {
        "record_type": model_name,
        "row_id": instance.pk,
        "slug": slug,
        "natural_key": key,
        "action": action,
        "at": at or timezone.now(),
        "link_type": link_type,
        "link_slug": link_slug,
    }


def record(instance, action: str, using: str = DEFAULT_DB_ALIAS) -> None:
    change_for(instance, action).save(using=using)


def record_many(model, instances, action: str, using: str = DEFAULT_DB_ALIAS) -> None:
    """Changes of rows written in bulk (no signals), in one INSERT per chunk: the records their
    natural keys name are read once, not once per row."""
    saved = sorted((instance for instance in instances if instance.pk is not None), key=lambda row: row.pk)
    now = timezone.now()
    related: dict = {}
    for start in range(0, len(saved), BULK_CHUNK):
        chunk = saved[start : start + BULK_CHUNK]
        _cache_related(model, chunk, related, using)
        changes = (change_values(row, action, now) for row in chunk)
        insert_rows(Change, CHANGE_FIELDS, ([change[f] for f in CHANGE_FIELDS] for change in changes), using=using)


CHANGE_FIELDS = ("record_type", "row_id", "slug", "natural_key", "action", "at", "link_type", "link_slug")


def _cache_related(model, instances, known: dict, using: str) -> None:
    """Each row's related records, which natural_key() and the link read (their slugs), set on
    the rows from one query per foreign key and chunk; `known` keeps them for the next chunk."""
    for field in model._meta.concrete_fields:
        if not field.is_relation:
            continue
        missing = [row for row in instances if getattr(row, field.attname) is not None and not field.is_cached(row)]
        if not missing:
            continue
        target_model = field.related_model
        loaded = known.setdefault(target_model, {})
        wanted = {getattr(row, field.attname) for row in missing} - loaded.keys()
        if wanted:
            queryset = target_model._default_manager.using(using)
            if any(f.name == "slug" for f in target_model._meta.concrete_fields):
                queryset = queryset.only("pk", "slug")
            loaded.update(queryset.in_bulk(wanted, field_name=field.target_field.name))
        for row in missing:
            if (target := loaded.get(getattr(row, field.attname))) is not None:
                field.set_cached_value(row, target)


def _on_save(sender, instance, created, using=DEFAULT_DB_ALIAS, **kwargs):
    record(instance, Change.Action.CREATED if created else Change.Action.UPDATED, using)


def _on_delete(sender, instance, using=DEFAULT_DB_ALIAS, **kwargs):
    record(instance, Change.Action.DELETED, using)


def _on_links(sender, instance, action, reverse, model, pk_set, using=DEFAULT_DB_ALIAS, **kwargs):
    """A many-to-many link added or removed changes the record that holds the field (a summit's
    topics), which is logged as updated."""
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if not reverse:
        record(instance, Change.Action.UPDATED, using)
    elif pk_set:
        for holder in model.objects.using(using).filter(pk__in=pk_set):
            record(holder, Change.Action.UPDATED, using)


def connect_signals() -> None:
    for model in tracked_models():
        post_save.connect(_on_save, sender=model, dispatch_uid=f"change_feed_save_{model.__name__}")
        post_delete.connect(_on_delete, sender=model, dispatch_uid=f"change_feed_delete_{model.__name__}")
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(_on_links, sender=through, dispatch_uid=f"change_feed_m2m_{through.__name__}")
