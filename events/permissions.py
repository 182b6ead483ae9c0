"""The `Curators` group, recomputed after every `migrate` from the models themselves.

Curators add, change and view every record (a model with a slug) and every relation row (a
timestamped model without one: participations, parties, memberships, levels, citations, and
whatever relation tables come later), and delete relation rows, so a wrong participant can be
removed in an inline. They never delete a record, and hold nothing on the history tables
(`historical*`, written only by django-simple-history) or on `DataVersion` (the cache's token)."""

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

CURATORS = "Curators"
CURATOR_ACTIONS = ("add", "change", "view")
RELATION_ROW_ACTIONS = (*CURATOR_ACTIONS, "delete")


def curated_models() -> tuple[list, list]:
    """(records, relation rows) of the events app: the models curators edit."""
    from .models import SluggedModel, TimeStampedModel

    records, relation_rows = [], []
    for model in apps.get_app_config("events").get_models():
        if not issubclass(model, TimeStampedModel):
            continue
        (records if issubclass(model, SluggedModel) else relation_rows).append(model)
    return records, relation_rows


def curator_permissions() -> list[Permission]:
    records, relation_rows = curated_models()
    wanted = [(model, action) for model in records for action in CURATOR_ACTIONS]
    wanted += [(model, action) for model in relation_rows for action in RELATION_ROW_ACTIONS]
    content_types = ContentType.objects.get_for_models(*(model for model, _ in wanted))
    by_key = {
        (permission.content_type_id, permission.codename): permission
        for permission in Permission.objects.filter(content_type__in=content_types.values())
    }
    found = (by_key.get((content_types[model].pk, f"{action}_{model._meta.model_name}")) for model, action in wanted)
    return [permission for permission in found if permission is not None]


def ensure_curators_group(**kwargs) -> Group:
    """Create the Curators group or bring it to exactly the permissions above (a grant made by
    hand to the group is taken away again: give it to a user or another group instead)."""
    group, _ = Group.objects.get_or_create(name=CURATORS)
    group.permissions.set(curator_permissions())
    return group
