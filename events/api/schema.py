"""The API's OpenAPI schema class (drf-spectacular); the field extension for RecordField lives with the
serializers (events.api.serializers.openapi)."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse

from .renderers import CSVRenderer


class RecordSchema(AutoSchema):
    """Adds the errors every write to a main record can answer to its generated responses."""

    def map_renderers(self, attribute):
        # `?format=csv` streams the CSV files' columns, documented in docs/csv.md, not this JSON.
        csv_values = {CSVRenderer.media_type, CSVRenderer.format}
        return [value for value in super().map_renderers(attribute) if value not in csv_values]

    def get_response_serializers(self):
        serializer = super().get_response_serializers()
        invalid = OpenApiResponse(description="Validation error, with messages per field (nested rows by index).")
        stale = OpenApiResponse(description="`If-Match` no longer matches the record's `ETag`: nothing was written.")
        if self.method == "POST":
            return {201: serializer, 400: invalid}
        if self.method in ("PUT", "PATCH"):
            return {200: serializer, 400: invalid, 412: stale}
        if self.method == "DELETE":
            dependants = OpenApiResponse(description="Other records refer to this one; `dependants` lists them.")
            return {204: None, 409: dependants, 412: stale}
        return serializer
