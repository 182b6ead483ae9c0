"""Field types every serializer shares: related records by slug (read as summaries), partial dates,
strict field names."""

from collections.abc import Mapping

from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from events.dates import DatePrecision, parse_partial_date

SLUG_PLACEHOLDER = "__slug__"


def record_url(record, request) -> str:
    """The API URL of a main record. URL resolution is slow next to the rest of serialising
    (half of a big list page's time), so it runs once per model and request, with a placeholder
    slug that the record's slug replaces (slugs need no escaping)."""
    model_name = record._meta.model_name
    templates = getattr(request, "_record_url_templates", None)
    if templates is None:
        templates = {}
        if request is not None:
            request._record_url_templates = templates
    if model_name not in templates:
        templates[model_name] = reverse(f"api:{model_name}-detail", kwargs={"slug": SLUG_PLACEHOLDER}, request=request)
    return templates[model_name].replace(SLUG_PLACEHOLDER, record.slug)


def record_summary(record, request) -> dict:
    """The compact form of a main record embedded in other records: slug, name and API URL."""
    return {
        "slug": record.slug,
        "name": getattr(record, "name", None) or getattr(record, "title", ""),
        "url": record_url(record, request),
    }


@extend_schema_field(OpenApiTypes.URI)
class RecordURLField(serializers.Field):
    """The record's own API URL (read only)."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, record):
        return record_url(record, self.context.get("request"))


class RecordSummarySerializer(serializers.Serializer):
    """Only describes the summary in the OpenAPI schema; `record_summary` builds it."""

    slug = serializers.SlugField()
    name = serializers.CharField()
    url = serializers.URLField()


class RecordField(serializers.SlugRelatedField):
    """A related main record: written as its slug, read as its summary (`record_summary`)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("slug_field", "slug")
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        queryset = self.get_queryset()
        if isinstance(data, dict) and isinstance(data.get("slug"), str):
            data = data["slug"]  # a summary as read, so that a record read can be written back
        if not isinstance(data, str):
            self.fail("invalid")
        try:
            if "\x00" in data:  # no slug has one, and PostgreSQL refuses it in a query
                raise ObjectDoesNotExist
            return queryset.get(slug=data)
        except ObjectDoesNotExist:
            raise serializers.ValidationError(
                f"No {queryset.model._meta.verbose_name} with slug {data!r}.", code="does_not_exist"
            ) from None

    def to_representation(self, value):
        return record_summary(value, self.context.get("request"))

    def get_choices(self, cutoff=None):
        queryset = self.get_queryset()
        if queryset is None:
            return {}
        if cutoff is not None:
            queryset = queryset[:cutoff]
        return {item.slug: self.display_value(item) for item in queryset}


PARTIAL_DATE_SCHEMA = {
    "type": "string",
    "nullable": True,
    "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$",
    "example": "2025-04",
    "description": "ISO 8601 at the precision known: YYYY, YYYY-MM or YYYY-MM-DD.",
}


@extend_schema_field(PARTIAL_DATE_SCHEMA)
class PartialDateField(serializers.Field):
    """A date known to a precision, stored as the pair (`<name>`, `<name>_precision`): read and
    written as ISO 8601 at that precision ("2004", "2025-04", "2025-12-20"); null or "" clears it."""

    def __init__(self, **kwargs):
        kwargs["source"] = "*"
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def validate_empty_values(self, data):
        if data is None:
            return False, None  # to_internal_value clears the date
        return super().validate_empty_values(data)

    def to_representation(self, instance):
        return instance.partial_date(self.field_name) or None

    def to_internal_value(self, data):
        if data is None or data == "":
            return {self.field_name: None, f"{self.field_name}_precision": ""}
        try:
            value, precision = parse_partial_date(data)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None
        return {self.field_name: value, f"{self.field_name}_precision": precision}


class PrecisionField(serializers.ChoiceField):
    """The precision of a date, read only: day, month, year, or null when there is no date."""

    def __init__(self, **kwargs):
        super().__init__(choices=DatePrecision.choices, read_only=True, allow_null=True, **kwargs)

    def to_representation(self, value):
        return value or None


class StrictFieldsMixin:
    """Refuses fields the serializer does not have, so a misspelt field (`"mechansim"`) is a 400
    instead of silently not written. Read-only fields are accepted (and ignored), so that a
    record read can be written back whole."""

    ALLOWED_EXTRA = frozenset({"csrfmiddlewaretoken"})  # the browsable API's HTML forms send it

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            unknown = sorted(set(data) - set(self.fields) - self.ALLOWED_EXTRA)
            if unknown:
                raise serializers.ValidationError(
                    {name: [f"Unknown field {name!r}: this record has no such field."] for name in unknown}
                )
        return super().to_internal_value(data)
