"""`/api/reconcile/`: the W3C Entity Reconciliation API (version 0.2, the one OpenRefine speaks) over
actors, mechanisms, summits and agreements: the manifest, reconciliation queries with types and
properties, suggest (entities, types, properties), previews and view URLs to the public pages.
Candidates come from `candidates()`, which asks the search index (`events.search.search`, the
ranking of /api/v1/search/) and scores what it finds by its names (docs/reconciliation.md)."""

import difflib
import json
import re
from difflib import SequenceMatcher

from django.http import HttpResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.views.decorators.clickjacking import xframe_options_exempt
from rest_framework import permissions
from rest_framework.exceptions import ParseError, ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from events.models import Actor, Agreement, Mechanism, Summit
from events.search import SearchQueryError, search
from events.search import fold as search_fold
from events.search.documents import WORD, words
from events.search.query import name_pool

DEFAULT_LIMIT, MAX_LIMIT, MAX_QUERIES = 5, 50, 100
SURE = 100.0  # the score of a name (or acronym) equal to the query once folded

#: type id -> (name, model, filter on the model)
TYPES = {
    "actor": ("Actor (any kind)", Actor, {}),
    **{kind.value: (f"Actor: {kind.label}", Actor, {"kind": kind.value}) for kind in Actor.Kind},
    "mechanism": ("Mechanism", Mechanism, {}),
    "summit": ("Summit", Summit, {}),
    "agreement": ("Agreement", Agreement, {}),
}
PLURAL = {Actor: "actors", Mechanism: "mechanisms", Summit: "summits", Agreement: "agreements"}
MODELS = {plural: model for model, plural in PLURAL.items()}
PROPERTIES = {
    "iso3": ("ISO 3166 alpha-3 code (actors)", {Actor}),
    "year": ("Year (summits, agreements, a mechanism's founding)", {Summit, Agreement, Mechanism}),
    "city": ("City (summits)", {Summit}),
    "mechanism": ("Mechanism, by slug or name (summits, agreements)", {Summit, Agreement}),
}
#: how many hits of the search index are scored (enough for MAX_LIMIT after a kind is filtered)
SEARCHED = 2 * MAX_LIMIT


def fold(text: str) -> str:
    """Text as search compares it (events.search.fold: Türkiye = turkiye, Osmanlı = osmanli),
    white space squeezed."""
    return " ".join(search_fold(text or "").split())


def entity_id(record) -> str:
    return f"{PLURAL[type(record)]}/{record.slug}"


def record_of(identifier: str):
    plural, _, slug = identifier.partition("/")
    model = MODELS.get(plural)
    if model is None or not re.fullmatch(r"[-a-zA-Z0-9_]+", slug):
        return None
    return model.objects.filter(slug=slug).first()


def type_ids(record) -> list[str]:
    if isinstance(record, Actor):
        return [record.kind, "actor"]
    return [record._meta.model_name]


def describe(record) -> str:
    if isinstance(record, Actor):
        return record.get_kind_display()
    when = record.partial_date("founded" if isinstance(record, Mechanism) else "date")
    kind = record.get_kind_display() if hasattr(record, "get_kind_display") else record._meta.verbose_name
    return f"{kind}, {when}" if when else str(kind)


def _kinds(type_id: str | None) -> list[tuple[str, type, dict]]:
    """(record type, model, filter on the model) of each kind of record a type asks for."""
    kinds = [TYPES[type_id]] if type_id else [TYPES[t] for t in ("actor", "mechanism", "summit", "agreement")]
    return [(model._meta.model_name, model, where) for _, model, where in kinds]


def name_score(wanted: str, names: list[str], exact: bool) -> float:
    """Out of 100: SURE for a name, acronym, other name or identifier equal to the query once
    folded; otherwise how alike the nearest name is, at least 60+ for a name containing it."""
    if exact:
        return SURE
    score = max(SequenceMatcher(None, wanted, name).ratio() for name in names) * 90
    containing = [name for name in names if wanted in name]
    if containing:
        score = max(score, 60 + 30 * len(wanted) / max(len(min(containing, key=len)), 1))
    return round(score, 1)


def _records(found: list[tuple[str, int]], kinds) -> dict[tuple[str, int], object]:
    """The records of (record type, id) pairs that are of the wanted kinds, with their names."""
    records = {}
    for record_type, model, where in kinds:
        ids = [pk for kind, pk in found if kind == record_type]
        if not ids:
            continue
        related = ["mechanism"] if model in (Summit, Agreement) else []
        queryset = model.objects.filter(pk__in=ids, **where).select_related(*related).prefetch_related("other_names")
        records.update({(record_type, record.pk): record for record in queryset})
    return records


def _names(record) -> list[str]:
    texts = [record.name, getattr(record, "acronym", ""), *(other.name for other in record.other_names.all())]
    return [words(text) for text in texts if text and words(text)] or [words(record.slug)]


def candidates(query: str, type_id: str | None) -> list[tuple[object, float]]:
    """Records the search index finds for the query (by name, acronym, other name, identifier,
    or words of their text), each scored out of 100 by its names; on SQLite, which has no
    trigrams, a query the index does not find is compared with the names of actors and
    mechanisms (misspellings)."""
    if not WORD.findall(search_fold(query or "")):
        return []
    kinds = _kinds(type_id)
    types = list(dict.fromkeys(record_type for record_type, _, _ in kinds))
    try:
        result = search(query, types=types, limit=SEARCHED, facets=False)
    except SearchQueryError as error:
        raise ValidationError({"query": [str(error)]}) from None
    wanted = " ".join(WORD.findall(search_fold(query)))
    exact = {(hit.record_type, hit.record_id) for hit in result.hits if hit.matched == "exact"}
    found = [(hit.record_type, hit.record_id) for hit in result.hits]
    if not found:
        pool = name_pool([t for t in types if t in ("actor", "mechanism")])
        found = [pool[name][1:] for name in difflib.get_close_matches(wanted, list(pool), n=SEARCHED, cutoff=0.3)]
    records = _records(found, kinds)
    scored = []
    for key in dict.fromkeys(found):
        if key in records:
            score = name_score(wanted, _names(records[key]), key in exact)
            if score >= 30:
                scored.append((records[key], score))
    return sorted(scored, key=lambda pair: (-pair[1], pair[0].name))


def property_matches(record, pid: str, values) -> bool:
    values = values if isinstance(values, list) else [values]
    texts = [fold(str(value.get("id") or value.get("name") if isinstance(value, dict) else value)) for value in values]
    if pid == "iso3":
        return fold(record.iso3) in texts
    if pid == "year":
        day = record.founded if isinstance(record, Mechanism) else record.date
        return day is not None and str(day.year) in texts
    if pid == "city":
        return fold(record.city) in texts
    if pid == "mechanism":
        mechanism = record.mechanism
        return mechanism is not None and bool(
            {fold(mechanism.slug), fold(mechanism.name), fold(mechanism.acronym)} & set(texts)
        )
    return False


def reconcile(query: dict) -> dict:
    if not isinstance(query, dict) or not isinstance(query.get("query", ""), str):
        raise ValidationError({"queries": ["Each query is an object with a `query` string."]})
    type_id = query.get("type")
    if isinstance(type_id, list):
        type_id = type_id[0] if type_id else None
    if type_id is not None and type_id not in TYPES:
        raise ValidationError({"type": [f"Unknown type {type_id!r}. Known: {', '.join(TYPES)}."]})
    limit = query.get("limit", DEFAULT_LIMIT)
    if not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise ValidationError({"limit": [f"Use a whole number from 1 to {MAX_LIMIT}."]})
    given = query.get("properties") or []
    if not isinstance(given, list) or any(not isinstance(p, dict) or p.get("pid") not in PROPERTIES for p in given):
        raise ValidationError({"properties": [f"Each property is {{pid, v}}, pid one of: {', '.join(PROPERTIES)}."]})
    results = []
    for record, score in candidates(query.get("query", ""), type_id):
        features = [{"id": "name", "value": score}]
        for prop in given:
            if type(record) in PROPERTIES[prop["pid"]][1]:
                agrees = property_matches(record, prop["pid"], prop.get("v"))
                features.append({"id": prop["pid"], "value": agrees})
                score = score if agrees else score / 2
        results.append((record, score, features))
    results.sort(key=lambda item: (-item[1], item[0].name))
    results = results[:limit]
    sure = [item for item in results if item[1] == SURE]
    return {
        "result": [
            {
                "id": entity_id(record),
                "name": record.name,
                "description": describe(record),
                "score": score,
                "features": features,
                "match": score == SURE and len(sure) == 1,
                "type": [{"id": t, "name": TYPES[t][0]} for t in type_ids(record)],
            }
            for record, score, features in results
        ]
    }


class ReconcileView(APIView):
    """The service: the manifest without `queries`, a batch of results with them (GET or POST)."""

    permission_classes = [permissions.AllowAny]
    authentication_classes = []  # public, read only: no session, so no CSRF token to ask for
    parser_classes = [FormParser, MultiPartParser, JSONParser]
    schema = None  # the protocol has its own specification

    def get(self, request):
        return self.answer(request, request.query_params)

    def post(self, request):
        return self.answer(request, request.data)

    def answer(self, request, params):
        if "queries" not in params:
            return Response(manifest(request))
        try:
            batch = json.loads(params["queries"]) if isinstance(params["queries"], str) else params["queries"]
        except json.JSONDecodeError as error:
            raise ParseError(f"`queries` is not JSON: {error}.") from None
        if not isinstance(batch, dict) or len(batch) > MAX_QUERIES:
            raise ValidationError({"queries": [f"An object of at most {MAX_QUERIES} queries by key."]})
        return Response({key: reconcile(query) for key, query in batch.items()})


def manifest(request) -> dict:
    root = request.build_absolute_uri("/")
    service = request.build_absolute_uri(reverse("reconcile"))
    return {
        "versions": ["0.2"],
        "name": "cainfo: Central Asian diplomacy",
        "identifierSpace": f"{root}reconcile/id/",
        "schemaSpace": f"{root}reconcile/schema/",
        "documentation": f"{root}api/docs/",
        "view": {"url": root + "{{id}}/"},
        "defaultTypes": [{"id": type_id, "name": TYPES[type_id][0]} for type_id in TYPES],
        "preview": {"url": service + "preview?id={{id}}", "width": 400, "height": 120},
        "suggest": {
            "entity": {"service_url": service.rstrip("/"), "service_path": "/suggest/entity"},
            "type": {"service_url": service.rstrip("/"), "service_path": "/suggest/type"},
            "property": {"service_url": service.rstrip("/"), "service_path": "/suggest/property"},
        },
    }


class SuggestView(APIView):
    permission_classes = [permissions.AllowAny]
    authentication_classes = []
    schema = None
    kind = "entity"

    def get(self, request):
        prefix = fold(request.query_params.get("prefix", ""))
        if self.kind == "type":
            found = [(t, name) for t, (name, _, _) in TYPES.items() if prefix in fold(t) or prefix in fold(name)]
            return Response({"result": [{"id": t, "name": name} for t, name in found]})
        if self.kind == "property":
            found = [
                (pid, text) for pid, (text, _) in PROPERTIES.items() if prefix in fold(pid) or prefix in fold(text)
            ]
            return Response({"result": [{"id": pid, "name": text} for pid, text in found]})
        type_id = request.query_params.get("type")
        if type_id is not None and type_id not in TYPES:
            raise ValidationError({"type": [f"Unknown type {type_id!r}. Known: {', '.join(TYPES)}."]})
        found = [record for record, _ in candidates(prefix, type_id)][: DEFAULT_LIMIT * 2] if prefix else []
        return Response(
            {
                "result": [
                    {
                        "id": entity_id(record),
                        "name": record.name,
                        "description": describe(record),
                        "notable": [{"id": t, "name": TYPES[t][0]} for t in type_ids(record)],
                    }
                    for record in found
                ]
            }
        )


@xframe_options_exempt  # OpenRefine shows the preview in a frame
def preview(request):
    record = record_of(request.GET.get("id", ""))
    if record is None:
        return HttpResponse("No such record.", status=404, content_type="text/plain; charset=utf-8")
    html = format_html(
        '<html><body style="font-family:sans-serif"><p><a href="{}" target="_blank">{}</a></p><p>{}</p></body></html>',
        record.get_absolute_url(),
        record.name,
        describe(record),
    )
    return HttpResponse(html)


urlpatterns = [
    path("", ReconcileView.as_view(), name="reconcile"),
    path("suggest/entity", SuggestView.as_view(kind="entity"), name="reconcile-suggest-entity"),
    path("suggest/type", SuggestView.as_view(kind="type"), name="reconcile-suggest-type"),
    path("suggest/property", SuggestView.as_view(kind="property"), name="reconcile-suggest-property"),
    path("preview", preview, name="reconcile-preview"),
]
