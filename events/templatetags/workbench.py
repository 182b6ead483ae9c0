"""The admin index's panels: what a curator needs first (templates/admin/index.html)."""

import heapq

from django import template
from django.core.cache import caches
from django.urls import NoReverseMatch, reverse

from ..cache import CACHE_ALIAS, current_version
from ..permissions import curated_models
from ..provenance import failures

register = template.Library()

RECENT = 12
NOTES = 12
FAILING = 12
FAILING_CACHE_SECONDS = 10 * 60


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
            rows.append(
                {
                    "record": str(record),
                    "kind": model._meta.verbose_name,
                    "note": record.curator_note,
                    "updated_at": record.updated_at,
                    "url": _change_url(model, record.pk),
                }
            )
    rows.sort(key=lambda row: row["updated_at"], reverse=True)
    return rows[:limit], total


def failing_provenance() -> list[dict]:
    """Every record whose provenance check fails, with its problems, kept under the data version
    (the check reads every record: at most once per change of the data, not once per page)."""
    key = f"workbench:provenance:{current_version()}"
    cached = caches[CACHE_ALIAS].get(key)
    if cached is not None:
        return cached
    records = {}
    for kind, record, problem in failures():
        if record is None:
            continue
        entry = records.setdefault(
            (kind, record.pk), {"kind": kind, "pk": record.pk, "record": str(record), "problems": []}
        )
        entry["problems"].append(problem)
    found = sorted(records.values(), key=lambda entry: (entry["kind"], entry["record"]))
    caches[CACHE_ALIAS].set(key, found, FAILING_CACHE_SECONDS)
    return found


def provenance_panel(models, limit: int = FAILING) -> tuple[list[dict], int]:
    """The records of the tables this user may view whose provenance check fails: the first
    `limit`, each with its first problem and a link, and how many there are in all."""
    viewable = {model._meta.model_name: model for model in models}
    failing = [entry for entry in failing_provenance() if entry["kind"] in viewable]
    rows = [
        {
            **entry,
            "kind": viewable[entry["kind"]]._meta.verbose_name,
            "first": entry["problems"][0],
            "more": len(entry["problems"]) - 1,
            "url": _change_url(viewable[entry["kind"]], entry["pk"]),
        }
        for entry in failing[:limit]
    ]
    return rows, len(failing)


@register.inclusion_tag("admin/events/_workbench_panels.html", takes_context=True)
def workbench_panels(context):
    models = _viewable(context["request"].user)
    notes, notes_total = open_notes(models)
    failing, failing_total = provenance_panel(models)
    return {
        "recent": recently_changed(models),
        "notes": notes,
        "notes_total": notes_total,
        "failing": failing,
        "failing_total": failing_total,
        "failing_more": failing_total - len(failing),
    }
