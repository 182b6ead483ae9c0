"""The machinery every API viewset shares: ETags and `If-Match` (412), the read cache, CSV streaming,
and RecordViewSet, the base of every main record's viewset."""

import csv
import hashlib

from django.db import transaction
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import permissions, status, viewsets
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.response import Response
from rest_framework.settings import api_settings

from events import cache, filters, linked_data
from events.resources import export_rows

from .bulk import BulkWritesMixin
from .renderers import CSVRenderer, JSONLDRenderer
from .schema import RecordSchema
from .shaping import BRIEF, FIELDS, SHAPING_PARAMETERS, ModifiedSinceBackend, ShapedReadsMixin


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The record has changed since you read it: fetch it again, then retry with its new ETag."
    default_code = "precondition_failed"


def etag(record) -> str:
    """A strong ETag for a record's current version, from its identity and last change."""
    return etag_of(record._meta.label, record.pk, record.slug, record.updated_at)


def etag_of(label: str, pk, slug: str, updated_at) -> str:
    version = f"{label}:{pk}:{slug}:{updated_at.isoformat()}"
    return f'"{hashlib.sha256(version.encode()).hexdigest()[:32]}"'


def if_match_allows(header: str | None, current: str) -> bool:
    """RFC 9110 If-Match with strong comparison: absent, `*` or a listed current tag passes."""
    if header is None:
        return True
    tags = [tag.strip() for tag in header.split(",")]
    return "*" in tags or current in tags


IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="The `ETag` of the version you read; a stale one gets 412 and nothing is written.",
)


class CachedReadsMixin:
    """GETs rendered as JSON come from the API cache when the data has not changed since they
    were computed (events.cache); `X-Cache: hit` or `miss` says which."""

    def cached(self, request, compute):
        key = cache.cache_key(request)
        response = cache.cached_response(key)
        if response is None:
            response = compute()
            self.key_to_store = key
        return response

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        cache.store_response(getattr(self, "key_to_store", None), response)
        return response


@extend_schema_view(
    list=extend_schema(parameters=[FIELDS, BRIEF]),
    retrieve=extend_schema(parameters=[FIELDS, BRIEF]),
    update=extend_schema(parameters=[IF_MATCH]),
    partial_update=extend_schema(parameters=[IF_MATCH]),
    destroy=extend_schema(parameters=[IF_MATCH]),
)
class RecordViewSet(BulkWritesMixin, ShapedReadsMixin, CachedReadsMixin, viewsets.ModelViewSet):
    """Base for main records: slug lookup, ETag on every single-record response, `If-Match`
    on writes, and each write in one transaction. Anonymous users read; writing needs the
    model permission (add / change / delete). Reads take `fields=` and `brief=1`, lists
    `modified_since=` (events.api.shaping); lists take bulk writes (events.api.bulk)."""

    schema = RecordSchema()
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"
    filter_backends = [*api_settings.DEFAULT_FILTER_BACKENDS, ModifiedSinceBackend]
    shared_query_parameters = SHAPING_PARAMETERS
    csv_file: str  # the name of the CSV file (events.resources.RESOURCES) `?format=csv` returns
    # Query parameters of actions other than list (whose filters its FilterSet declares).
    action_parameters: dict[str, set[str]] = {}

    def get_renderers(self):
        renderers = super().get_renderers()
        if self.action == "list":
            return [*renderers, CSVRenderer()]
        if self.action == "retrieve" and self.queryset.model in linked_data.BUILDERS:
            return [*renderers, JSONLDRenderer()]
        return renderers

    def list(self, request, *args, **kwargs):
        if request.accepted_renderer.format != CSVRenderer.format:
            return self.cached(request, lambda: self.list_page(request, *args, **kwargs))
        if SHAPING_PARAMETERS & set(request.query_params):
            raise ValidationError({"fields": ["`fields` and `brief` shape JSON; the CSV file has its own columns."]})
        # Every filtered row (not one page), in the columns of the CSV export and import.
        queryset = self.filter_queryset(self.get_queryset()).prefetch_related(None)
        return csv_response(export_rows(self.csv_file, queryset), f"{self.csv_file}.csv")

    def list_page(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if self.action != "list":
            allowed = {"format", *self.action_parameters.get(self.action, ())}
            if self.action == "retrieve":
                allowed |= SHAPING_PARAMETERS
            filters.reject_unknown_parameters(request, allowed)

    def get_object(self):
        queryset = self.get_queryset()
        if self.request.method not in permissions.SAFE_METHODS:
            # lock the row so that the If-Match check and the write see the same version
            queryset = queryset.select_for_update(of=("self",))
        record = get_object_or_404(self.shape_queryset(queryset), slug=self.kwargs[self.lookup_field])
        self.check_object_permissions(self.request, record)
        return record

    def reload(self, record):
        return self.get_queryset().get(pk=record.pk)

    def record_response(self, record, status_code=status.HTTP_200_OK):
        return Response(self.get_serializer(record).data, status=status_code, headers={"ETag": etag(record)})

    def check_if_match(self, record):
        current = etag(record)
        if not if_match_allows(self.request.headers.get("If-Match"), current):
            raise PreconditionFailed()

    def retrieve(self, request, *args, **kwargs):
        if request.accepted_renderer.format == JSONLDRenderer.format:
            record = self.get_object()
            return Response(linked_data.linked_data(record, request), headers={"ETag": etag(record)})
        return self.cached(request, lambda: self.record_response(self.get_object()))

    def create(self, request, *args, **kwargs):
        if isinstance(request.data, list):
            return self.bulk_create(request)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            record = serializer.save()
            # read back inside the transaction: if the database goes away now, nothing is saved
            response = self.record_response(self.reload(record), status.HTTP_201_CREATED)
        response["Location"] = response.data["url"]
        return response

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        with transaction.atomic():
            record = self.get_object()
            self.check_if_match(record)
            serializer = self.get_serializer(record, data=request.data, partial=partial)
            serializer.is_valid(raise_exception=True)
            serializer.save()
            response = self.record_response(self.reload(record))
        return response

    def destroy(self, request, *args, **kwargs):
        with transaction.atomic():
            record = self.get_object()
            self.check_if_match(record)
            record.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


class Echo:
    def write(self, value):
        return value


def csv_response(rows, filename: str) -> StreamingHttpResponse:
    writer = csv.writer(Echo(), lineterminator="\r\n")
    response = StreamingHttpResponse((writer.writerow(row) for row in rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
