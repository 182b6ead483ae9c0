"""`GET /api/v1/search/?q=`: every record type at once, ranked, typed, with facets
(events.search does the work; this module reads the parameters and shapes the answer)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from events.dates import parse_partial_date, period_end
from events.filters import reject_unknown_parameters
from events.models import Actor, Mechanism, Topic
from events.search import MAX_QUERY_LENGTH, MAX_QUERY_WORDS, SearchQueryError, search
from events.search.documents import MODELS

from .viewsets import CachedReadsMixin

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
PAGES = {"summit", "mechanism", "agreement", "actor", "source"}  # record types with a public page
PARAMETERS = {"q", "type", "mechanism", "actor", "topic", "date_after", "date_before", "page", "page_size", "format"}


class HitSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=list(MODELS), source="record_type")
    slug = serializers.CharField()
    name = serializers.CharField(source="title")
    url = serializers.URLField(help_text="The record in the API.")
    page = serializers.URLField(allow_null=True, help_text="The record's public page, where it has one.")
    score = serializers.FloatField(help_text="Higher first: 40+ exact name, 30+ prefix, 20+ word prefix, 10+ text.")
    matched = serializers.ChoiceField(choices=["exact", "prefix", "word prefix", "text", "similar"])
    why = serializers.CharField(help_text="Which field matched, and how.")
    snippet = serializers.CharField(help_text="HTML: the matching text, escaped, the query's words in <mark>.")


class FacetValueSerializer(serializers.Serializer):
    value = serializers.CharField()
    name = serializers.CharField(required=False)
    count = serializers.IntegerField()


class YearFacetValueSerializer(serializers.Serializer):
    value = serializers.IntegerField()
    count = serializers.IntegerField()


class FacetsSerializer(serializers.Serializer):
    type = FacetValueSerializer(many=True)
    year = YearFacetValueSerializer(many=True)
    mechanism = FacetValueSerializer(many=True)
    topic = FacetValueSerializer(many=True)


class SearchResponseSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = HitSerializer(many=True)
    facets = FacetsSerializer()
    suggestions = serializers.ListField(child=serializers.CharField(), help_text="Nearest names, when nothing matched.")


def _slugs(params, name: str, model) -> list[int] | None:
    values = [slug for raw in params.getlist(name) for slug in raw.split(",") if slug.strip()]
    if not values:
        return None
    found = dict(model.objects.filter(slug__in=values).values_list("slug", "pk"))
    unknown = [slug for slug in values if slug not in found]
    if unknown:
        raise ValidationError({name: [f"No {model._meta.verbose_name} has the slug {slug!r}." for slug in unknown]})
    return list(found.values())


def _day(params, name: str, end: bool):
    text = params.get(name)
    if not text:
        return None
    try:
        value, precision = parse_partial_date(text)
    except DjangoValidationError as error:
        raise ValidationError({name: error.messages}) from None
    return period_end(value, precision) if end else value


def _positive(params, name: str, default: int, highest: int) -> int:
    raw = params.get(name)
    if raw is None:
        return default
    if not raw.isdigit() or not 1 <= int(raw) <= highest:
        raise ValidationError({name: [f"Use a whole number from 1 to {highest}; got {raw!r}."]})
    return int(raw)


def search_arguments(params) -> dict:
    """search()'s keyword arguments from query parameters (a 400 for anything wrong)."""
    types = [t for raw in params.getlist("type") for t in raw.split(",") if t.strip()] or None
    if types and (unknown := [t for t in types if t not in MODELS]):
        raise ValidationError({"type": [f"{t!r} is not a record type: use {', '.join(MODELS)}." for t in unknown]})
    return {
        "types": types,
        "mechanisms": _slugs(params, "mechanism", Mechanism),
        "actors": _slugs(params, "actor", Actor),
        "topics": _slugs(params, "topic", Topic),
        "date_from": _day(params, "date_after", end=False),
        "date_to": _day(params, "date_before", end=True),
    }


def _prefix(name: str) -> str:
    """The path of a record's page or API detail without its slug (reverse() once per type)."""
    return reverse(name, args=["-"])[:-2]


def hit_dict(hit, request, prefixes: dict | None = None) -> dict:
    prefixes = {} if prefixes is None else prefixes
    for name in (f"api:{hit.record_type}-detail", f"events:{hit.record_type}-detail"):
        if name not in prefixes and (name.startswith("api:") or hit.record_type in PAGES):
            prefixes[name] = _prefix(name)
    api = f"{prefixes[f'api:{hit.record_type}-detail']}{hit.slug}/"
    page = f"{prefixes[f'events:{hit.record_type}-detail']}{hit.slug}/" if hit.record_type in PAGES else None
    return {
        "type": hit.record_type,
        "slug": hit.slug,
        "name": hit.title,
        "url": request.build_absolute_uri(api),
        "page": request.build_absolute_uri(page) if page else None,
        "score": hit.score,
        "matched": hit.matched,
        "why": hit.why,
        "snippet": hit.snippet,
    }


class SearchView(CachedReadsMixin, APIView):
    """One ranked search over summits, agreements, mechanisms, actors, sources and topics: by
    names, other names, identifiers, places, descriptions, outcomes, quotes, and sources' titles,
    authors and publishers; case, diacritics and the region's letters (İ/ı, ə, ş, ğ, o‘) ignored.
    Answers come from the API cache under the data version, like the lists (docs/caching.md):
    the index changes in the same transaction as the records it follows."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "q",
                OpenApiTypes.STR,
                required=True,
                description=f"Words to look for (at most {MAX_QUERY_LENGTH} characters and {MAX_QUERY_WORDS} "
                "words); each word also matches as a prefix.",
            ),
            OpenApiParameter(
                "type", OpenApiTypes.STR, description=f"Only these types, comma-separated: {', '.join(MODELS)}."
            ),
            OpenApiParameter("mechanism", OpenApiTypes.STR, description="Records of this mechanism, by slug."),
            OpenApiParameter("actor", OpenApiTypes.STR, description="Records involving this actor, by slug."),
            OpenApiParameter("topic", OpenApiTypes.STR, description="Records on this topic, by slug."),
            OpenApiParameter(
                "date_after", OpenApiTypes.STR, description="Dated on or after (YYYY, YYYY-MM, YYYY-MM-DD)."
            ),
            OpenApiParameter("date_before", OpenApiTypes.STR, description="Dated on or before (the period's end)."),
            OpenApiParameter("page", OpenApiTypes.INT, description="Page number, from 1."),
            OpenApiParameter("page_size", OpenApiTypes.INT, description=f"Hits per page, 1 to {MAX_PAGE_SIZE}."),
        ],
        responses={200: SearchResponseSerializer},
    )
    def get(self, request):
        return self.cached(request, lambda: self.search(request))

    def search(self, request):
        params = request.query_params
        reject_unknown_parameters(request, PARAMETERS)
        query = params.get("q", "")
        page = _positive(params, "page", 1, 10_000)
        size = _positive(params, "page_size", PAGE_SIZE, MAX_PAGE_SIZE)
        try:
            result = search(query, limit=size, offset=(page - 1) * size, **search_arguments(params))
        except SearchQueryError as error:
            raise ValidationError({"q": [str(error)]}) from None

        prefixes = {}

        def link(number):
            return request.build_absolute_uri(f"{request.path}?{_with_page(params, number)}")

        return Response(
            {
                "count": result.count,
                "next": link(page + 1) if page * size < result.count else None,
                "previous": link(page - 1) if page > 1 else None,
                "results": [hit_dict(hit, request, prefixes) for hit in result.hits],
                "facets": result.facets,
                "suggestions": result.suggestions,
            }
        )


def _with_page(params, number: int) -> str:
    copy = params.copy()
    copy["page"] = str(number)
    return copy.urlencode()
