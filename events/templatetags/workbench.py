"""The admin index's panels: what a curator needs first (templates/admin/index.html)."""

import heapq

from django import template
from django.urls import NoReverseMatch, reverse

from ..permissions import curated_models

register = template.Library()

RECENT = 12
NOTES = 12


def _change_url(model, pk):
    try:
        return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[pk])
    except NoReverseMatch:
        return ""


def _viewable(user):
    records, _ = curated_models()
    return [model for model in records if user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}")]


def recently_changed(models, limit: int = RECENT) -> list[dict]:
    """The newest history entries of every record table, merged: what changed, when, by whom."""
    versions = []
    for model in models:
        versions += model.history.select_related("history_user").order_by("-history_date")[:limit]
    newest = heapq.nlargest(limit, versions, key=lambda version: version.history_date)
    return [
        {
            "record": str(version.instance),
            "kind": version.instance_type._meta.verbose_name,
            "change": {"+": "created", "~": "changed", "-": "deleted"}[version.history_type],
            "date": version.history_date,
            "by": version.history_user.get_username() if version.history_user else version.history_change_reason or "",
            "url": "" if version.history_type == "-" else _change_url(version.instance_type, version.id),
        }
        for version in newest
    ]


def open_notes(models, limit: int = NOTES) -> tuple[list[dict], int]:
    """Records whose curator's note is filled in (a doubt still open), most recently changed first."""
    rows, total = [], 0
    for model in models:
        if not any(field.name == "curator_note" for field in model._meta.fields):
            continue
        noted = model.objects.exclude(curator_note="")
        total += noted.count()
        for record in noted.order_by("-updated_at")[:limit]:
            rows.append({
                "record": str(record),
                "kind": model._meta.verbose_name,
                "note": record.curator_note,
                "updated_at": record.updated_at,
                "url": _change_url(model, record.pk),
            })
    rows.sort(key=lambda row: row["updated_at"], reverse=True)
    return rows[:limit], total


@register.inclusion_tag("admin/events/_workbench_panels.html", takes_context=True)
def workbench_panels(context):
    models = _viewable(context["request"].user)
    notes, notes_total = open_notes(models)
    return {"recent": recently_changed(models), "notes": notes, "notes_total": notes_total}
