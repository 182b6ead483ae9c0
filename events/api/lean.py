"""Lean reads: a page of summits built as dicts from rows the database builds as JSON
(`summit_rows`), the same JSON as `SummitSerializer` gives (tests/test_api_lean.py holds them equal).

Creating model instances and the prefetch bookkeeping for them cost most of a list page's time
(about 850 objects for a page of 50); the ORM's seven queries for the rows then cost most of
what was left, compiling SQL. One query for a page's rows with all their relations, and the
dicts built by hand, give the same JSON (BENCHMARKS.md, issue 19)."""

import datetime

from django.utils import timezone

from events.asof import certainty_between
from events.dates import edtf_from_columns, parse_edtf
from events.provenance import represented_provenance

from .summit_rows import RELATIONS


class IdPages:
    """A queryset for Django's paginator: counted as it is (no joins; `count` may be given, e.g.
    from the cache), each page's ids read in the queryset's order and its rows by `read(ids)`.

    The page's ids are read first, from the table (and its date index) alone, then the rows of
    those ids: joining every row before `OFFSET` made page 1,000 take 150 ms on SQLite against
    2.5 ms for its ids. Two queries rather than a subquery, so that the filters (a search's
    among them) run once."""

    def __init__(self, queryset, read, count=None):
        self.queryset = queryset
        self.read = read
        self.ordered = queryset.ordered
        self.counted = count

    def count(self):
        return self.queryset.count() if self.counted is None else self.counted(self.queryset)

    def __getitem__(self, index):
        return self.read(list(self.queryset.values_list("pk", flat=True)[index]))

    def __len__(self):
        return self.count()


def other_name(columns: dict) -> dict:
    """An other name as the API gives it, from its columns (dates as ISO text or null)."""
    return {
        "name": columns["name"],
        "kind": columns["kind"],
        "language": columns["language"],
        "start": date_text(iso_day(columns["start"]), columns["start_precision"], columns["start_text"]),
        "start_precision": columns["start_precision"] or None,
        "end": date_text(iso_day(columns["end"]), columns["end_precision"], columns["end_text"]),
        "end_precision": columns["end_precision"] or None,
        "note": columns["note"],
    }


def iso_day(text: str | None) -> datetime.date | None:
    return None if text is None else datetime.date.fromisoformat(text)


def lists_for(fields: list[str] | None) -> list[str]:
    """The relation lists a summit's JSON needs for `fields` (all of them for provenance)."""
    if fields is None or "provenance" in fields:
        return list(RELATIONS)
    return [name for name in RELATIONS if name in fields]


def summit_dicts(rows, fields: list[str] | None = None, as_of=None) -> list[dict]:
    """The API's JSON of summits from `summit_rows` rows (read with `lists_for(fields)`), in
    the serializer's order of fields; `as_of`, a day, keeps the other names in use then."""
    provenance = fields is None or "provenance" in fields
    dicts = []
    for r in rows:
        summit = {
            "slug": r["slug"],
            "url": r["url"],
            "name": r["name"],
            "mechanism": r["mechanism"],
            "date": date_text(r["date"], r["date_precision"], r["date_text"]),
            "date_precision": r["date_precision"] or None,
            "city": r["city"],
            "host": r["host"],
            "level": r["level"],
            "ordinal": r["ordinal"],
            "participants": r.get("participants", []),
            "topics": r.get("topics", []),
            "outcome": r["outcome"],
            "curator_note": r["curator_note"],
            "agreements": r.get("agreements", []),
            "inferred": r["inferred"],
            "other_names": other_names(r.get("other_names", ()), as_of),
            "identifiers": r.get("identifiers", []),
            "citations": r.get("citations", []),
        }
        if provenance:  # read off the representation, as RecordSerializer does (names as of the day included)
            summit["provenance"] = represented_provenance("summit", summit)
        summit["created_at"], summit["updated_at"] = api_moment(r["created_at"]), api_moment(r["updated_at"])
        dicts.append(summit)
    return dicts if fields is None else [shaped(item, fields) for item in dicts]


def shaped(item: dict, fields: list[str]) -> dict:
    """Only `fields`, in the serializer's order (the dict's), as `?fields=` gives them."""
    return {name: value for name, value in item.items() if name in fields}


#: `?brief=1`: the fields of BriefSerializer, in its order
BRIEF = ("slug", "name", "url")


def shaping(fields: list[str] | None, brief: bool) -> list[str] | None:
    """The fields to read for a read's `fields=` and `brief=`."""
    return list(BRIEF) if brief else fields


def briefly(item: dict) -> dict:
    return {name: item[name] for name in BRIEF}


def api_moment(value: datetime.datetime) -> str:
    """As DRF's DateTimeField writes an aware datetime: ISO 8601 in the current zone, `Z` for UTC."""
    text = value.astimezone(timezone.get_current_timezone()).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def other_names(rows, as_of=None) -> list[dict]:
    """Other names as the API gives them, from their columns; with `as_of`, those in use that day."""
    names = [other_name(n) for n in rows]
    return names if as_of is None else names_as_of(names, as_of)


def names_as_of(names: list[dict], day) -> list[dict]:
    """As AsOfListSerializer does: the names in use on `day`, each with its certainty."""
    kept = []
    for name in names:
        start, end = (parse_edtf(name[field]) if name[field] else None for field in ("start", "end"))
        certainty = certainty_between(start, end, day)
        if certainty is not None:
            kept.append({**name, "certainty": certainty})
    return kept


#: the length of a level-0 date's text at each precision (2025-12-20, 2025-12, 2025)
PLAIN_LENGTH = {"day": 10, "month": 7, "year": 4}


def date_text(value, precision, text) -> str | None:
    if value is not None and text and text == value.isoformat()[: PLAIN_LENGTH.get(precision, 0)]:
        return text  # a plain date that agrees with its columns: what parsing it would give
    date = edtf_from_columns(value, precision, text)
    return date.text if date else None
