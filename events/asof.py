"""'As of D' on date bounds, with an honest answer: a fact is `certain` on D when every day its
dates allow puts D inside it, `possible` when some do, and absent when none do. Azerbaijan joined
the Consultative Meeting in November 2025: as of 2025-11-10 possible, as of 2025-12-01 certain,
as of 2025-10-31 not a member. See docs/dates.md."""

import datetime

from django.db.models import Q

CERTAIN = "certain"
POSSIBLE = "possible"


def started_possibly(field: str, day: datetime.date) -> Q:
    """The fact's start `field` allows a start on or before `day` (no start: since always)."""
    return Q(**{f"{field}_earliest__isnull": True}) | Q(**{f"{field}_earliest__lte": day})


def ended_possibly_after(field: str, day: datetime.date) -> Q:
    """The fact's end `field` allows it to last until `day` (no end, or an open one: still on)."""
    return Q(**{f"{field}_latest__isnull": True}) | Q(**{f"{field}_latest__gte": day})


def possibly_on(day: datetime.date, start: str = "start", end: str | None = "end") -> Q:
    condition = started_possibly(start, day)
    return condition & ended_possibly_after(end, day) if end else condition


def certainly_on(day: datetime.date, start: str = "start", end: str | None = "end") -> Q:
    condition = Q(**{f"{start}_text": ""}) | Q(**{f"{start}_latest__lte": day})
    if end:
        condition &= Q(**{f"{end}_text": ""}) | Q(**{f"{end}_earliest__gte": day})
    return condition


def certainty_on(record, day: datetime.date, start: str = "start", end: str | None = "end") -> str | None:
    """CERTAIN, POSSIBLE or None for one row, by the same rule as the queries above."""
    return certainty_between(record.edtf(start), record.edtf(end) if end else None, day)


def certainty_between(start_date, end_date, day: datetime.date) -> str | None:
    """The rule of certainty_on for a start and an end given as parsed dates (None: not given)."""
    if start_date and start_date.earliest and start_date.earliest > day:
        return None
    if end_date and end_date.latest and end_date.latest < day:
        return None
    started = start_date is None or (start_date.latest is not None and start_date.latest <= day)
    lasting = end_date is None or (end_date.earliest is not None and end_date.earliest >= day)
    return CERTAIN if started and lasting else POSSIBLE


def office_certainty_on(person, day: datetime.date) -> str | None:
    """A person's office (and whom they represent) on `day`: by the rule above on `office_start` /
    `office_end`, except that an office with neither date is only POSSIBLE: a person is not in
    office since always, and the sources that name the office do not say when it was held."""
    start_date, end_date = person.edtf("office_start"), person.edtf("office_end")
    if start_date is None and end_date is None:
        return POSSIBLE
    return certainty_between(start_date, end_date, day)


def level_on(steps, day: datetime.date) -> tuple[object | None, str | None]:
    """The level step in force on `day` among a mechanism's `steps`: the last that may have
    begun by then, `certain` when it surely had and no later step may have begun yet."""
    dated = sorted(steps, key=lambda s: (s.since_earliest or datetime.date.min, s.pk or 0))
    candidates = [s for s in dated if s.since_earliest is None or s.since_earliest <= day]
    if not candidates:
        return None, None
    step = candidates[-1]
    surely_begun = (
        step.since_latest is None
        and not step.since_text
        or (step.since_latest is not None and step.since_latest <= day)
    )
    return step, CERTAIN if surely_begun else POSSIBLE


def happened_between(record, first: datetime.date, last: datetime.date, field: str = "date") -> str | None:
    """Whether a dated event fell between `first` and `last` (inclusive): CERTAIN when all of its
    period does, POSSIBLE when part does, None when none does or it has no date."""
    date = record.edtf(field)
    if date is None:
        return None
    earliest, latest = date.earliest, date.latest
    if (earliest and earliest > last) or (latest and latest < first):
        return None
    inside = earliest is not None and latest is not None and earliest >= first and latest <= last
    return CERTAIN if inside else POSSIBLE
