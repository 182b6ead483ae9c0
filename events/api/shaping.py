"""Query parameters every record endpoint shares: `modified_since=` on lists, `fields=` and
`brief=1` on lists and details (NetBox's `fields` and brief mode). See docs/api.md."""

import datetime

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import permissions, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.filters import BaseFilterBackend

from .serializers import RecordURLField

MODIFIED_SINCE = OpenApiParameter(
    "modified_since",
    OpenApiTypes.DATETIME,
    OpenApiParameter.QUERY,
    description="Only records changed (`updated_at`) at or after this time, ISO 8601 (a day alone means its "
    "midnight UTC). Deletions are not listed: follow `/api/v1/changes/` for those.",
)
FIELDS = OpenApiParameter(
    "fields",
    OpenApiTypes.STR,
    OpenApiParameter.QUERY,
    description="Only these fields, comma-separated (`slug,name,date`); relations left out are not read. "
    "An unknown name is a 400 naming it.",
)
BRIEF = OpenApiParameter(
    "brief",
    OpenApiTypes.BOOL,
    OpenApiParameter.QUERY,
    description="`1`: each record as the summary used inside other records, `{slug, name, url}`.",
)
SHAPING_PARAMETERS = frozenset({"fields", "brief"})
TRUE, FALSE = frozenset({"1", "true", "yes"}), frozenset({"0", "false", "no", ""})


def parse_moment(text: str, parameter: str) -> datetime.datetime:
    try:
        moment = parse_datetime(text) if "T" in text or " " in text else None
    except ValueError:  # well formed but not a time (month 13)
        moment = None
    if moment is None:
        try:
            day = datetime.date.fromisoformat(text)
        except ValueError:
            raise ValidationError(
                {parameter: [f"Give a time as ISO 8601 (2025-12-20T09:00:00Z) or a day (2025-12-20); got {text!r}."]}
            ) from None
        moment = datetime.datetime.combine(day, datetime.time(), tzinfo=datetime.UTC)
    moment = moment if timezone.is_aware(moment) else timezone.make_aware(moment, datetime.UTC)
    try:  # in UTC: PostgreSQL refuses offsets past ±15:59
        return moment.astimezone(datetime.UTC)
    except OverflowError:
        raise ValidationError({parameter: [f"Out of range: {text!r}."]}) from None


class ModifiedSinceBackend(BaseFilterBackend):
    """`?modified_since=`: records whose `updated_at` is at or after the time given."""

    query_parameters = frozenset({"modified_since"})

    def filter_queryset(self, request, queryset, view):
        text = request.query_params.get("modified_since")
        if text is None:
            return queryset
        return queryset.filter(updated_at__gte=parse_moment(text, "modified_since"))

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": "modified_since",
                "in": "query",
                "required": False,
                "description": MODIFIED_SINCE.description,
                "schema": {"type": "string", "format": "date-time"},
            }
        ]


class BriefSerializer(serializers.Serializer):
    """A record as it appears inside others: slug, name (a source's title) and API URL."""

    slug = serializers.SlugField(read_only=True)
    name = serializers.SerializerMethodField()
    url = RecordURLField()

    def get_name(self, record) -> str:
        return getattr(record, "name", None) or getattr(record, "title", "")


class ShapedReadsMixin:
    """`fields=` and `brief=1` for a record viewset's reads: the serializer keeps only the fields
    asked for, and the queryset prefetches only the relations they show."""

    def shaping(self) -> tuple[list[str] | None, bool]:
        """(the fields asked for or None, brief or not); a 400 for unknown names or bad values."""
        if hasattr(self, "_shaping"):
            return self._shaping
        query = self.request.query_params
        brief_text = query.get("brief", "").strip().lower()
        if brief_text not in TRUE | FALSE:
            raise ValidationError({"brief": [f"Use 1 or 0; got {query['brief']!r}."]})
        fields = None
        if "fields" in query:
            fields = [name.strip() for name in query["fields"].split(",") if name.strip()]
            known = list(super().get_serializer_class().Meta.fields)
            unknown = [name for name in fields if name not in known]
            if unknown or not fields:
                named = ", ".join(unknown) or "(none given)"
                raise ValidationError({"fields": [f"Unknown field(s): {named}. Known: {', '.join(known)}."]})
        brief = brief_text in TRUE
        if brief and fields is not None:
            raise ValidationError({"brief": ["Give `brief` or `fields`, not both."]})
        self._shaping = (fields, brief) if self.request.method in permissions.SAFE_METHODS else (None, False)
        return self._shaping

    def get_serializer_class(self):
        if self.request is not None and self.shaping()[1]:
            return BriefSerializer
        return super().get_serializer_class()

    def get_serializer(self, *args, **kwargs):
        serializer = super().get_serializer(*args, **kwargs)
        fields = self.shaping()[0] if self.request is not None else None
        if fields is not None:
            shaped = getattr(serializer, "child", serializer)
            for name in [name for name in shaped.fields if name not in fields]:
                shaped.fields.pop(name)
        return serializer

    def shape_queryset(self, queryset):
        """The queryset of a read with only the prefetches its fields show."""
        if self.request is None or self.request.method not in permissions.SAFE_METHODS:
            return queryset
        fields, brief = self.shaping()
        if brief:
            return queryset.prefetch_related(None)
        if fields is None:
            return queryset
        return queryset.prefetch_related(None).prefetch_related(*self.prefetches_for(queryset, fields))

    def filter_queryset(self, queryset):
        return self.shape_queryset(super().filter_queryset(queryset))

    def prefetches_for(self, queryset, fields: list[str]) -> list:
        if not queryset._prefetch_related_lookups:
            return []  # nothing to choose from (the lean summit list): skip building the serializer
        declared = super().get_serializer_class()().fields
        sources = set()
        for name in fields:
            field = declared[name]
            if field.source == "*" and not isinstance(field, RecordURLField):
                return list(queryset._prefetch_related_lookups)  # a computed field: it may read any of them
            sources.add(field.source.split(".")[0])
        return [
            lookup
            for lookup in queryset._prefetch_related_lookups
            if (lookup.prefetch_to if isinstance(lookup, Prefetch) else lookup).split("__")[0] in sources
        ]
