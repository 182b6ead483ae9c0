"""`?as_of=D` on the record pages: the record's other names, and an actor's memberships and
office, as of that day, each `certain` or `possible` (events.asof; the API's `as_of` alike)."""

from .asof import certainty_on, office_certainty_on
from .forms import AsOfForm
from .models import Actor


def rows_as_of(rows, day, start: str = "start", end: str = "end") -> list:
    """The rows that held on `day`, each with `.certainty`; without a day, every row (certainty None)."""
    if day is None:
        return list(rows)
    kept = []
    for row in rows:
        row.certainty = certainty_on(row, day, start, end)
        if row.certainty:
            kept.append(row)
    return kept


def as_of_context(request, record) -> tuple[dict, int]:
    """The page's context for `as_of`, and its status: 400 when the day is not one."""
    form = AsOfForm(request.GET)
    day = form.cleaned_data["as_of"] if form.is_valid() else None
    context = {"as_of_form": form, "as_of": day, "other_names": rows_as_of(record.other_names.all(), day)}
    if isinstance(record, Actor):
        context["memberships"] = rows_as_of(record.memberships.all(), day)
        if day and (record.office or record.represents_id):
            context["office_certainty"] = office_certainty_on(record, day) or "none"
    return context, 200 if form.is_valid() else 400
