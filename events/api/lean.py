"""Lean reads: a page of summits built as dicts from `.values()` rows, the same JSON as
`SummitSerializer` gives (tests/test_api_lean.py holds them equal).

Creating model instances and the prefetch bookkeeping for them cost most of a list page's time
(about 850 objects for a page of 50); reading rows and building the dicts by hand does the same
six queries and answers in about half the time (BENCHMARKS.md)."""

from collections import defaultdict

from rest_framework.fields import DateTimeField
from rest_framework.reverse import reverse

from events.asof import certainty_between
from events.dates import edtf_from_columns, parse_edtf
from events.models import Agreement, Citation, Identifier, OtherName, Participation, Summit
from events.provenance import represented_provenance

from .serializers import SLUG_PLACEHOLDER

SUMMIT_FIELDS = (
    "pk",
    "slug",
    "name",
    "date",
    "date_precision",
    "date_text",
    "city",
    "level",
    "ordinal",
    "outcome",
    "curator_note",
    "inferred",
    "created_at",
    "updated_at",
    "mechanism__slug",
    "mechanism__name",
    "host__slug",
    "host__name",
)


class Summaries:
    """Record summaries `{"slug", "name", "url"}` with each model's URL resolved once."""

    def __init__(self, request):
        self.request = request
        self.templates = {}

    def __call__(self, model_name, slug, name):
        if slug is None:
            return None
        template = self.templates.get(model_name)
        if template is None:
            template = self.templates[model_name] = reverse(
                f"api:{model_name}-detail", kwargs={"slug": SLUG_PLACEHOLDER}, request=self.request
            )
        return {"slug": slug, "name": name or "", "url": template.replace(SLUG_PLACEHOLDER, slug)}


class ValuesPages:
    """A queryset for Django's paginator: counted as it is (no joins; `count` may be given, e.g.
    from the cache), each page read as `.values(*fields)` rows in the queryset's order.

    The page's ids are read first, from the table (and its date index) alone, then the rows of
    those ids with the joins of `fields`: joining every row before `OFFSET` made page 1,000
    take 150 ms on SQLite against 2.5 ms for its ids. Two queries rather than a subquery, so
    that the filters (a search's among them) run once."""

    def __init__(self, queryset, fields, count=None):
        self.queryset = queryset
        self.fields = fields
        self.ordered = queryset.ordered
        self.counted = count

    def count(self):
        return self.queryset.count() if self.counted is None else self.counted(self.queryset)

    def __getitem__(self, index):
        ids = list(self.queryset.values_list("pk", flat=True)[index])
        if not ids:
            return []
        position = {pk: n for n, pk in enumerate(ids)}
        rows = self.queryset.model._default_manager.filter(pk__in=ids).order_by().values(*self.fields)
        return sorted(rows, key=lambda row: position[row["pk"]])

    def __len__(self):
        return self.count()


OTHER_NAME_FIELDS = ("name", "kind", "language", "start", "end", "note")
OTHER_NAME_ORDER = ("name", "kind", "language", "start", "start_precision", "end", "end_precision", "note")


def _in_serializer_order(values: dict) -> dict:
    return {key: values[key] for key in OTHER_NAME_ORDER}


def summit_dicts(rows, request, fields: list[str] | None = None, as_of=None) -> list[dict]:
    """The API's JSON of summits from `.values(*SUMMIT_FIELDS)` rows: six more queries in all, fewer
    when `fields` (`?fields=`) leaves relations out; `as_of`, a day, keeps the other names in use then."""
    summary = Summaries(request)
    datetime_field = DateTimeField()
    ids = [row["pk"] for row in rows]
    participants, topics, agreements, citations, other_names, identifiers = (defaultdict(list) for _ in range(6))

    def wanted(name):
        return bool(ids) and (fields is None or name in fields or "provenance" in fields)

    if wanted("participants"):
        for p in (
            Participation.objects.filter(summit_id__in=ids)
            .order_by(*Participation._meta.ordering, "pk")
            .values("summit_id", "role", "actor__slug", "actor__name", "representative__slug", "representative__name")
        ):
            participants[p["summit_id"]].append(
                {
                    "actor": summary("actor", p["actor__slug"], p["actor__name"]),
                    "role": p["role"],
                    "representative": summary("actor", p["representative__slug"], p["representative__name"]),
                }
            )
    if wanted("topics"):
        for t in (
            Summit.topics.through.objects.filter(summit_id__in=ids)
            .order_by("topic__name", "topic")
            .values("summit_id", "topic__slug", "topic__name")
        ):
            topics[t["summit_id"]].append(summary("topic", t["topic__slug"], t["topic__name"]))
    if wanted("agreements"):
        for a in (
            Agreement.objects.filter(summit_id__in=ids)
            .order_by(*Agreement._meta.ordering, "pk")
            .values("summit_id", "slug", "name")
        ):
            agreements[a["summit_id"]].append(summary("agreement", a["slug"], a["name"]))
    if wanted("citations"):
        for c in (
            Citation.objects.filter(summit_id__in=ids)
            .order_by(*Citation._meta.ordering)
            .values("summit_id", "source__slug", "source__title", "locator", "quote", "claims")
        ):
            citations[c["summit_id"]].append(
                {
                    "source": summary("source", c["source__slug"], c["source__title"]),
                    "locator": c["locator"],
                    "quote": c["quote"],
                    "claims": c["claims"],
                }
            )
    if wanted("other_names"):
        for n in (
            OtherName.objects.filter(summit_id__in=ids)
            .order_by(*OtherName._meta.ordering)
            .values("summit_id", *OTHER_NAME_FIELDS, "start_precision", "end_precision", "start_text", "end_text")
        ):
            other_names[n["summit_id"]].append(
                {
                    **{name: n[name] for name in OTHER_NAME_FIELDS},
                    "start": date_text(n["start"], n["start_precision"], n["start_text"]),
                    "start_precision": n["start_precision"] or None,
                    "end": date_text(n["end"], n["end_precision"], n["end_text"]),
                    "end_precision": n["end_precision"] or None,
                }
            )
    if wanted("identifiers"):
        for i in (
            Identifier.objects.filter(summit_id__in=ids)
            .order_by(*Identifier._meta.ordering)
            .values("summit_id", "scheme", "value")
        ):
            identifiers[i["summit_id"]].append({"scheme": i["scheme"], "value": i["value"]})
    dicts = [
        {
            "slug": r["slug"],
            "url": summary("summit", r["slug"], "")["url"],
            "name": r["name"],
            "mechanism": summary("mechanism", r["mechanism__slug"], r["mechanism__name"]),
            "date": date_text(r["date"], r["date_precision"], r["date_text"]),
            "date_precision": r["date_precision"] or None,
            "city": r["city"],
            "host": summary("actor", r["host__slug"], r["host__name"]),
            "level": r["level"],
            "ordinal": r["ordinal"],
            "participants": participants[r["pk"]],
            "topics": topics[r["pk"]],
            "outcome": r["outcome"],
            "curator_note": r["curator_note"],
            "agreements": agreements[r["pk"]],
            "inferred": r["inferred"],
            "other_names": [_in_serializer_order(n) for n in other_names[r["pk"]]],
            "identifiers": identifiers[r["pk"]],
            "citations": citations[r["pk"]],
            "created_at": datetime_field.to_representation(r["created_at"]),
            "updated_at": datetime_field.to_representation(r["updated_at"]),
        }
        for r in rows
    ]
    for summit in dicts:
        summit["provenance"] = represented_provenance("summit", summit)
        if as_of is not None:
            summit["other_names"] = names_as_of(summit["other_names"], as_of)
    if fields is None:
        return dicts
    return [{name: value for name, value in item.items() if name in fields} for item in dicts]


def names_as_of(names: list[dict], day) -> list[dict]:
    """As AsOfListSerializer does: the names in use on `day`, each with its certainty."""
    kept = []
    for name in names:
        start, end = (parse_edtf(name[field]) if name[field] else None for field in ("start", "end"))
        certainty = certainty_between(start, end, day)
        if certainty is not None:
            kept.append({**name, "certainty": certainty})
    return kept


def date_text(value, precision, text) -> str | None:
    date = edtf_from_columns(value, precision, text)
    return date.text if date else None
