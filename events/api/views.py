"""Viewsets of the REST API: one per main record, looked up by slug, plus the timeline."""

import csv
import datetime
import hashlib

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import BooleanField, Count, ExpressionWrapper, F, Func, OuterRef, Prefetch, Q, Subquery, Value
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django_filters.utils import translate_validation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.response import Response

from events import cache, filters
from events.dates import DatePrecision, parse_partial_date
from events.models import (
    Actor,
    Agreement,
    AgreementParty,
    Citation,
    Mechanism,
    MechanismLevel,
    Membership,
    Participation,
    Source,
    Summit,
    Topic,
)
from events.resources import export_rows

from . import lean, serializers
from .renderers import CSVRenderer
from .schema import RecordSchema


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The record has changed since you read it: fetch it again, then retry with its new ETag."
    default_code = "precondition_failed"


def etag(record) -> str:
    """A strong ETag for a record's current version, from its identity and last change."""
    version = f"{record._meta.label}:{record.pk}:{record.slug}:{record.updated_at.isoformat()}"
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
    update=extend_schema(parameters=[IF_MATCH]),
    partial_update=extend_schema(parameters=[IF_MATCH]),
    destroy=extend_schema(parameters=[IF_MATCH]),
)
class RecordViewSet(CachedReadsMixin, viewsets.ModelViewSet):
    """Base for main records: slug lookup, ETag on every single-record response, `If-Match`
    on writes, and each write in one transaction. Anonymous users read; writing needs the
    model permission (add / change / delete)."""

    schema = RecordSchema()
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"
    csv_file: str  # the name of the CSV file (events.resources.RESOURCES) `?format=csv` returns
    # Query parameters of actions other than list (whose filters its FilterSet declares).
    action_parameters: dict[str, set[str]] = {}

    def get_renderers(self):
        renderers = super().get_renderers()
        return [*renderers, CSVRenderer()] if self.action == "list" else renderers

    def list(self, request, *args, **kwargs):
        if request.accepted_renderer.format != CSVRenderer.format:
            return self.cached(request, lambda: self.list_page(request, *args, **kwargs))
        # Every filtered row (not one page), in the columns of the CSV export and import.
        queryset = self.filter_queryset(self.get_queryset()).prefetch_related(None)
        return csv_response(export_rows(self.csv_file, queryset), f"{self.csv_file}.csv")

    def list_page(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if self.action != "list":
            filters.reject_unknown_parameters(request, {"format", *self.action_parameters.get(self.action, ())})

    def get_object(self):
        queryset = self.get_queryset()
        if self.request.method not in permissions.SAFE_METHODS:
            # lock the row so that the If-Match check and the write see the same version
            queryset = queryset.select_for_update(of=("self",))
        record = get_object_or_404(queryset, slug=self.kwargs[self.lookup_field])
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
        return self.cached(request, lambda: self.record_response(self.get_object()))

    def create(self, request, *args, **kwargs):
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


def undated_last():
    """Date order, with undated records last on every database (SQLite puts NULL first)."""
    return [F("date").asc(nulls_last=True), "name", "pk"]


def citations():
    return Prefetch("citations", queryset=Citation.objects.select_related("source"))


class TopicViewSet(RecordViewSet):
    """Topics: a small vocabulary on summits, mechanisms and agreements."""

    csv_file = "topics"
    queryset = Topic.objects.all()
    serializer_class = serializers.TopicSerializer
    filterset_class = filters.TopicFilterSet


class SourceViewSet(RecordViewSet):
    """Sources: the documents records cite."""

    csv_file = "sources"
    queryset = Source.objects.order_by(F("published").desc(nulls_last=True), "title", "pk")
    serializer_class = serializers.SourceSerializer
    filterset_class = filters.SourceFilterSet


class ActorViewSet(RecordViewSet):
    """Actors: states, organisations, unions, people and groups, with their memberships."""

    csv_file = "actors"
    queryset = Actor.objects.select_related("represents").prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.select_related("mechanism")),
        citations(),
    )
    serializer_class = serializers.ActorSerializer
    filterset_class = filters.ActorFilterSet


@extend_schema_view(
    members=extend_schema(
        parameters=[
            OpenApiParameter(
                "as_of", OpenApiTypes.DATE, OpenApiParameter.QUERY, required=True, description="The day, YYYY-MM-DD."
            )
        ],
        responses={200: serializers.MembersSerializer, 400: OpenApiResponse(description="Missing or bad `as_of`.")},
    )
)
class MechanismViewSet(RecordViewSet):
    """Mechanisms: dialogue formats, organisations' formats, initiatives and corridors, with
    their level history and memberships."""

    csv_file = "mechanisms"
    serializer_class = serializers.MechanismSerializer
    filterset_class = filters.MechanismFilterSet
    queryset = Mechanism.objects.all()
    action_parameters = {"members": {"as_of"}}

    def get_queryset(self):
        if self.action == "members":
            return Mechanism.objects.all()
        today = timezone.localdate()
        return (
            Mechanism.objects.select_related("initiator", "parent")
            .annotate(current_level=current_level())
            .prefetch_related(
                "topics",
                "levels",
                Prefetch("memberships", queryset=Membership.objects.select_related("actor")),
                Prefetch(
                    "memberships",
                    queryset=Membership.objects.active_on(today).select_related("actor"),
                    to_attr="current_memberships",
                ),
                citations(),
            )
        )

    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def members(self, request, slug=None):
        """The actors that were members of this mechanism on the day `as_of`."""
        day = parse_day(request.query_params.get("as_of"), "as_of")
        mechanism = self.get_object()
        members = [serializers.record_summary(actor, request) for actor in mechanism.members_as_of(day)]
        return Response(
            {
                "mechanism": serializers.record_summary(mechanism, request),
                "as_of": day.isoformat(),
                "count": len(members),
                "members": members,
            }
        )


def current_level():
    """Subquery: the level of a mechanism's latest level step."""
    return Subquery(
        MechanismLevel.objects.filter(mechanism=OuterRef("pk"))
        .order_by(F("since").desc(nulls_last=True), "-pk")
        .values("level")[:1]
    )


def parse_day(text: str | None, parameter: str) -> datetime.date:
    if not text:
        raise ValidationError({parameter: ["This query parameter is required: a day as YYYY-MM-DD."]})
    try:
        day, precision = parse_partial_date(text)
    except DjangoValidationError as error:
        raise ValidationError({parameter: error.messages}) from None
    if precision != DatePrecision.DAY:
        raise ValidationError({parameter: [f"Give a day as YYYY-MM-DD; got {text!r}."]})
    return day


class SummitViewSet(RecordViewSet):
    """Summits: meetings with their mechanism, host, participants, topics, agreements and citations."""

    csv_file = "summits"
    queryset = (
        Summit.objects.order_by(*undated_last())
        .select_related("mechanism", "host")
        .prefetch_related(
            Prefetch("participations", queryset=Participation.objects.select_related("actor", "representative")),
            "topics",
            "agreements",
            citations(),
        )
    )
    serializer_class = serializers.SummitSerializer
    filterset_class = filters.SummitFilterSet

    def list_page(self, request, *args, **kwargs):
        """Rows read with `.values()` and built as dicts (`lean.summit_dicts`): the same JSON as
        the serializer, in half the time. The count runs on the filtered queryset without joins."""
        queryset = self.filter_queryset(Summit.objects.order_by(*undated_last()))
        page = self.paginate_queryset(lean.ValuesPages(queryset, lean.SUMMIT_FIELDS))
        return self.get_paginated_response(lean.summit_dicts(page, request))


class AgreementViewSet(RecordViewSet):
    """Agreements: declarations, treaties, roadmaps and other documents, with their parties."""

    csv_file = "agreements"
    queryset = (
        Agreement.objects.order_by(*undated_last())
        .select_related("summit", "mechanism")
        .prefetch_related(
            Prefetch("agreement_parties", queryset=AgreementParty.objects.select_related("actor", "representative")),
            "topics",
            citations(),
        )
    )
    serializer_class = serializers.AgreementSerializer
    filterset_class = filters.AgreementFilterSet


class CountedApart:
    """The timeline's merged rows for the paginator, counted as the sum of the two tables'
    counts in one query: SQLite materialises a UNION ALL to count it (13 ms against 5 ms for
    the 1,184 records of one actor at scale)."""

    ordered = True

    def __init__(self, merged, summits, agreements):
        self.merged, self.summits, self.agreements = merged, summits, agreements

    def count(self):
        if self.summits.query.is_empty():
            return self.agreements.count()
        if self.agreements.query.is_empty():
            return self.summits.count()
        agreements = Subquery(self.agreements.annotate(n=Func(F("pk"), function="COUNT")).values("n"))
        return self.summits.aggregate(total=Count("pk") + agreements)["total"]

    def __getitem__(self, index):
        return self.merged[index]

    def __len__(self):
        return self.count()


class TimelineView(CachedReadsMixin, generics.GenericAPIView):
    """Summits and agreements merged in date order (undated records last; on the same day a
    summit before the agreements), filtered alike."""

    permission_classes = [permissions.AllowAny]
    filterset_class = filters.TimelineFilterSet
    serializer_class = serializers.TimelineItemSerializer
    queryset = Summit.objects.none()  # for the schema; the rows come from both tables

    @extend_schema(responses=serializers.TimelineItemSerializer(many=True))
    def get(self, request):
        return self.cached(request, lambda: self.timeline(request))

    def timeline(self, request):
        filterset = filters.TimelineFilterSet(request.query_params, queryset=Summit.objects.all())
        filters.reject_unknown_parameters(request, filters.NON_FILTER_PARAMETERS | set(filterset.filters))
        if not filterset.is_valid():
            raise translate_validation(filterset.errors)
        newest_first = filterset.form.cleaned_data.get("ordering") == "-date"

        summits = filterset.filter_queryset(Summit.objects.all()).order_by()
        agreements = filterset.filter_queryset(Agreement.objects.all()).order_by()

        def rows(queryset):
            return queryset.values(
                "pk",
                "date",
                "name",
                type=Value(queryset.model._meta.model_name),
                undated=ExpressionWrapper(Q(date__isnull=True), output_field=BooleanField()),
            )

        date_order = "-date" if newest_first else "date"
        merged = rows(summits).union(rows(agreements), all=True).order_by("undated", date_order, "-type", "name", "pk")
        page = self.paginate_queryset(CountedApart(merged, summits, agreements))

        wanted = {"summit": [], "agreement": []}
        for row in page:
            wanted[row["type"]].append(row["pk"])
        records = {}
        for kind, queryset in [
            ("summit", Summit.objects.select_related("mechanism", "host")),
            ("agreement", Agreement.objects.select_related("mechanism", "summit")),
        ]:
            if wanted[kind]:
                for record in queryset.prefetch_related("topics").filter(pk__in=wanted[kind]):
                    records[kind, record.pk] = record
        items = [serializers.timeline_item(records[row["type"], row["pk"]], request) for row in page]
        return self.get_paginated_response(items)
