"""The admin's history page as a curator reads it: one list, newest first, of the record's versions
and of its relation rows' (participants, parties, memberships, levels, citations added, removed or
changed through an inline), each change a word-level diff (events.diffs), and entries saved
without a user labelled by their change reason ("Imported from summits.csv", "seeded from
fixtures …"). The entries come from the same function as the API's `/<slug>/history/`."""

from django.contrib.admin.utils import unquote
from django.core.paginator import Paginator
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .api.history import HISTORIES, history_entries
from .diffs import word_diff_html

RELATIONS = {model: relations for model, relations in HISTORIES.values()}
NOT_SHOWN = {"id", "created_at", "updated_at"}
# Shorter than this, a change reads best as "old → new"; longer, as the text with its changes marked.
LONG_TEXT = 60
CHANGES = {"created": "Created", "changed": "Changed", "deleted": "Deleted"}
ROW_CHANGES = {"created": "added", "changed": "changed", "deleted": "removed"}
NO_USER = "no user recorded (a script or the first load)"


def shown_value(value) -> str:
    return "—" if value in (None, "") else str(value)


def field_change(name: str, old, new) -> dict:
    old_text, new_text = shown_value(old), shown_value(new)
    if max(len(old_text), len(new_text)) >= LONG_TEXT:
        return {"field": name, "diff": word_diff_html(old_text, new_text)}
    return {
        "field": name,
        "old": mark_safe(f'<del class="diff-removed">{escape(old_text)}</del>'),  # noqa: S308 (escaped)
        "new": mark_safe(f'<ins class="diff-added">{escape(new_text)}</ins>'),  # noqa: S308 (escaped)
    }


def readable_entry(entry: dict, record_model) -> dict:
    is_record = entry["table"] == record_model._meta.model_name
    verbose = entry["table"] if is_record else _verbose_name(record_model, entry["table"])
    changes = []
    if entry["change"] == "changed" and entry["previous"] is not None:
        changes = [
            field_change(name, entry["previous"][name], entry["values"][name])
            for name in entry["changed_fields"]
            if name not in NOT_SHOWN
        ]
    return {
        **entry,
        "is_record": is_record,
        "action": CHANGES[entry["change"]] if is_record else f"{verbose.capitalize()} {ROW_CHANGES[entry['change']]}",
        "by": entry["user"] or entry["reason"] or NO_USER,
        "reason_shown": bool(entry["user"] and entry["reason"]),
        "changes": changes,
    }


def _verbose_name(record_model, table: str) -> str:
    for model, _ in RELATIONS.get(record_model, ()):
        if model._meta.model_name == table:
            return str(model._meta.verbose_name)
    return table


class ReadableHistoryMixin:
    """For a SimpleHistoryAdmin: its history page lists `history_entries`, paginated, in
    templates/admin/events/object_history_list.html (no inline style, so the CSP lets it render).
    Each version of the record still links to simple-history's page for that version."""

    object_history_list_template = "admin/events/object_history_list.html"

    def history_view(self, request, object_id, extra_context=None):
        record = self.get_object(request, unquote(object_id))
        if record is None:
            version = self.model.history.filter(pk=unquote(object_id)).order_by("-history_date").first()
            record = version.instance if version else None
        context = dict(extra_context or {})
        if record is not None:
            entries = history_entries(record, RELATIONS.get(self.model, []), show_users=True)
            paginator = Paginator(entries, self.history_list_per_page)
            page = paginator.get_page(request.GET.get("p"))
            page.object_list = [readable_entry(entry, self.model) for entry in page.object_list]
            context |= {
                "entries": page,
                "entries_page_range": paginator.get_elided_page_range(page.number),
                "entries_paginated": paginator.num_pages > 1,
            }
        return super().history_view(request, object_id, context)

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        """Not needed: the entries above carry their own changes."""
