"""How drf-spectacular describes RecordField (registered when this package is imported)."""

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import build_basic_type
from drf_spectacular.types import OpenApiTypes

from .fields import RecordSummarySerializer


class RecordFieldExtension(OpenApiSerializerFieldExtension):
    """A RecordField is a slug in requests and a summary object in responses."""

    target_class = "events.api.serializers.RecordField"

    def map_serializer_field(self, auto_schema, direction):
        if direction == "request":
            queryset = self.target.get_queryset()
            noun = queryset.model._meta.verbose_name if queryset is not None else "related record"
            return {**build_basic_type(OpenApiTypes.STR), "description": f"Slug of the {noun}."}
        return auto_schema.resolve_serializer(RecordSummarySerializer, direction).ref
