"""The API's OpenAPI schema class (drf-spectacular); the field extension for RecordField lives with the
serializers (events.api.serializers.openapi)."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import is_list_serializer
from drf_spectacular.utils import OpenApiResponse

from .bulk import BULK_RESPONSES
from .renderers import CSVRenderer, JSONLDRenderer


class RecordSchema(AutoSchema):
    """Adds the errors every write to a main record can answer to its generated responses."""

    def map_renderers(self, attribute):
        # `?format=csv` streams the CSV files' columns, documented in docs/csv.md, not this JSON.
        # `application/ld+json` is schema.org JSON-LD (docs/linked-data.md), not this JSON either.
        csv_values = {CSVRenderer.media_type, CSVRenderer.format, JSONLDRenderer.media_type, JSONLDRenderer.format}
        return [value for value in super().map_renderers(attribute) if value not in csv_values]

    def bulk(self) -> bool:
        return getattr(self.view, "action", None) in ("bulk_partial_update", "bulk_destroy")

    def _is_list_view(self, serializer=None):
        # bulk writes share the list's URL, not its filters, paging or response envelope
        if self.bulk():
            return serializer is not None and is_list_serializer(serializer)
        return super()._is_list_view(serializer)

    def _get_paginator(self):
        return None if self.bulk() else super()._get_paginator()

    def get_filter_backends(self):
        return [] if self.bulk() else super().get_filter_backends()

    def _get_request_body(self, direction="request"):
        if not self.bulk():
            return super()._get_request_body(direction)
        # drf-spectacular documents no DELETE body and an optional PATCH one; a bulk write needs its list
        method, self.method = self.method, "POST"
        try:
            body = super()._get_request_body(direction)
        finally:
            self.method = method
        if not body:
            return body
        # a list goes as JSON: the HTML form encodings cannot carry one
        return {**body, "required": True, "content": {"application/json": body["content"]["application/json"]}}

    def get_operation_id(self):
        action = getattr(self.view, "action", None)
        if action in ("bulk_partial_update", "bulk_destroy"):
            return "_".join([*self._tokenize_path(), action])
        return super().get_operation_id()

    def get_request_serializer(self):
        # a bulk update takes a list of partial records, each with its slug (events.api.bulk)
        if getattr(self.view, "action", None) == "bulk_partial_update":
            return self.view.get_serializer_class()(many=True, partial=True)
        return super().get_request_serializer()

    def get_response_serializers(self):
        serializer = super().get_response_serializers()
        invalid = OpenApiResponse(description="Validation error, with messages per field (nested rows by index).")
        stale = OpenApiResponse(description="`If-Match` no longer matches the record's `ETag`: nothing was written.")
        if self.method == "POST":
            return {201: serializer, 400: invalid}
        action = getattr(self.view, "action", None)
        if action == "bulk_partial_update":
            return {200: self.view.get_serializer_class()(many=True), **BULK_RESPONSES}
        if action == "bulk_destroy":
            dependants = OpenApiResponse(description="Records others refer to, by item; nothing was deleted.")
            return {204: None, **BULK_RESPONSES, 409: dependants}
        if self.method in ("PUT", "PATCH"):
            return {200: serializer, 400: invalid, 412: stale}
        if self.method == "DELETE":
            dependants = OpenApiResponse(description="Other records refer to this one; `dependants` lists them.")
            return {204: None, 409: dependants, 412: stale}
        return serializer
