"""Viewsets of the REST API: one per main record, looked up by slug, plus the timeline."""

from functools import partial

from django.db.models import BooleanField, ExpressionWrapper, F, OuterRef, Prefetch, Q, Subquery, Value
from django.http import Http404
from django.utils import timezone
from django_filters.utils import translate_validation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, permissions
from rest_framework.decorators import action
from rest_framework.response import Response

from events import cache, filters
from events.asof import certainty_on, level_on
from events.models import (
    Actor,
    Agreement,
    AgreementAction,
    AgreementParty,
    AgreementRelation,
    Citation,
    Mechanism,
    MechanismLevel,
    MechanismRelation,
    Membership,
    Participation,
    Source,
    Summit,
    Topic,
)

from . import agreement_rows, lean, serializers, summit_rows, timeline_items
from .asof import AS_OF, AsOfReadsMixin, parse_day
from .pagination import CountedApart
from .renderers import JSONLDRenderer
from .viewsets import CachedReadsMixin, RecordViewSet, etag_of


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


@extend_schema_view(list=extend_schema(parameters=[AS_OF]), retrieve=extend_schema(parameters=[AS_OF]))
class ActorViewSet(AsOfReadsMixin, RecordViewSet):
    """Actors: states, organisations, unions, people and groups, with their memberships."""

    csv_file = "actors"
    queryset = Actor.objects.select_related("represents").prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.select_related("mechanism")),
        "other_names",
        "identifiers",
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
    ),
    list=extend_schema(parameters=[AS_OF]),
    retrieve=extend_schema(parameters=[AS_OF]),
)
class MechanismViewSet(AsOfReadsMixin, RecordViewSet):
    """Mechanisms: dialogue formats, organisations' formats, initiatives and corridors, with
    their level history and memberships."""

    csv_file = "mechanisms"
    serializer_class = serializers.MechanismSerializer
    filterset_class = filters.MechanismFilterSet
    queryset = Mechanism.objects.all()
    action_parameters = {"members": {"as_of"}, "retrieve": {"as_of"}}

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
                Prefetch("relations", queryset=MechanismRelation.objects.select_related("target")),
                Prefetch("related_from", queryset=MechanismRelation.objects.select_related("mechanism")),
                Prefetch("agreement_relations", queryset=AgreementRelation.objects.select_related("agreement")),
                "other_names",
                "identifiers",
                citations(),
            )
        )

    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def members(self, request, slug=None):
        """The actors that were members of this mechanism on the day `as_of`."""
        day = parse_day(request.query_params.get("as_of"), "as_of")
        mechanism = self.get_object()
        memberships = mechanism.memberships.active_on(day).select_related("actor").order_by("actor__name", "pk")
        members = []
        for membership in memberships:
            if any(m["slug"] == membership.actor.slug for m in members):
                continue
            members.append(
                {**serializers.record_summary(membership.actor, request), "certainty": certainty_on(membership, day)}
            )
        step, level_certainty = level_on(mechanism.levels.all(), day)
        return Response(
            {
                "mechanism": serializers.record_summary(mechanism, request),
                "as_of": day.isoformat(),
                "level": step
                and {"level": step.level, "since": step.partial_date("since") or None, "certainty": level_certainty},
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


class LeanDetailMixin:
    """A detail answered from the row its viewset's `lean_row(slug, fields)` reads with its
    relations (None when there is none) and `lean_dict(row, fields)` makes the serializer's JSON
    of: `fields=` and `brief=1` as the serializer shapes them, a 404 and the ETag as the record's."""

    def lean_record(self, request):
        fields, brief = self.shaping()
        fields = lean.shaping(fields, brief)
        model = self.queryset.model
        row = self.lean_row(self.kwargs[self.lookup_field], fields)
        if row is None:
            raise Http404(f"No {model._meta.object_name} matches the given query.")  # as get_object_or_404 says
        data = self.lean_dict(row, fields)
        return Response(
            lean.briefly(data) if brief else data,
            headers={"ETag": etag_of(model._meta.label, row["pk"], row["slug"], row["updated_at"])},
        )


@extend_schema_view(list=extend_schema(parameters=[AS_OF]), retrieve=extend_schema(parameters=[AS_OF]))
class SummitViewSet(LeanDetailMixin, AsOfReadsMixin, RecordViewSet):
    """Summits: meetings with their mechanism, host, participants, topics, agreements and citations."""

    csv_file = "summits"
    queryset = (
        Summit.objects.order_by(*undated_last())
        .select_related("mechanism", "host")
        .prefetch_related(
            Prefetch("participations", queryset=Participation.objects.select_related("actor", "representative")),
            "topics",
            "agreements",
            "other_names",
            "identifiers",
            citations(),
        )
    )
    serializer_class = serializers.SummitSerializer
    filterset_class = filters.SummitFilterSet

    def list_page(self, request, *args, **kwargs):
        """The page's ids, then their rows with every relation built as JSON in one query
        (`summit_rows`), then dicts (`lean.summit_dicts`): the serializer's JSON in a fraction of
        the time. The count runs on the filtered queryset without joins, once per data version
        (`cache.cached_count`)."""
        queryset = self.filter_queryset(Summit.objects.order_by(*undated_last()))
        version = getattr(request, "data_version", None)  # read by the response cache's key
        count = partial(cache.cached_count, version=version)
        fields, brief = self.shaping()
        fields = lean.shaping(fields, brief)
        lists = lean.lists_for(fields)
        page = self.paginate_queryset(
            lean.IdPages(queryset, lambda ids: summit_rows.summits_by_id(ids, lists, request), count)
        )
        summits = lean.summit_dicts(page, fields, self.as_of())
        return self.get_paginated_response([lean.briefly(item) for item in summits] if brief else summits)

    def retrieve(self, request, *args, **kwargs):
        """As JSON, the list's lean path for one row, in one query: the serializer's JSON
        (tests/test_api_lean.py). JSON-LD goes through the record."""
        if request.accepted_renderer.format == JSONLDRenderer.format:
            return super().retrieve(request, *args, **kwargs)
        return self.cached(request, lambda: self.lean_record(request))

    def lean_row(self, slug: str, fields: list[str] | None) -> dict | None:
        return summit_rows.summit_by_slug(slug, lean.lists_for(fields), self.request)

    def lean_dict(self, row: dict, fields: list[str] | None) -> dict:
        (data,) = lean.summit_dicts([row], fields, self.as_of())
        return data


AGREEMENT_AS_OF = OpenApiParameter(
    "as_of",
    OpenApiTypes.DATE,
    OpenApiParameter.QUERY,
    description="A day, YYYY-MM-DD: each agreement's `state` on that day, per party and overall, from its "
    "actions, and its other names as of that day, each with `certainty` (`certain` or `possible`).",
)


@extend_schema_view(
    list=extend_schema(parameters=[AGREEMENT_AS_OF]), retrieve=extend_schema(parameters=[AGREEMENT_AS_OF])
)
class AgreementViewSet(LeanDetailMixin, AsOfReadsMixin, RecordViewSet):
    """Agreements: declarations, treaties, roadmaps and other documents, with their parties, their
    actions and their relations; `?as_of=` adds their state on a day."""

    csv_file = "agreements"
    queryset = (
        Agreement.objects.order_by(*undated_last())
        .select_related("summit", "mechanism")
        .prefetch_related(
            Prefetch("agreement_parties", queryset=AgreementParty.objects.select_related("actor", "representative")),
            Prefetch("actions", queryset=AgreementAction.objects.select_related("actor")),
            Prefetch(
                "relations",
                queryset=AgreementRelation.objects.select_related("target_agreement", "target_mechanism"),
            ),
            Prefetch("related_from", queryset=AgreementRelation.objects.select_related("agreement")),
            "topics",
            "other_names",
            "identifiers",
            citations(),
        )
    )
    serializer_class = serializers.AgreementSerializer
    filterset_class = filters.AgreementFilterSet

    def retrieve(self, request, *args, **kwargs):
        """As JSON without `as_of`, the record and its relations built as JSON in one query
        (`agreement_rows`): the serializer's JSON (tests/test_api_lean_agreements.py). JSON-LD
        and `as_of` (the state on a day, from the actions) go through the record."""
        if request.accepted_renderer.format == JSONLDRenderer.format or "as_of" in request.query_params:
            return super().retrieve(request, *args, **kwargs)
        return self.cached(request, lambda: self.lean_record(request))

    def lean_row(self, slug: str, fields: list[str] | None) -> dict | None:
        return agreement_rows.agreement_by_slug(slug, agreement_rows.lists_for(fields), self.request)

    def lean_dict(self, row: dict, fields: list[str] | None) -> dict:
        return agreement_rows.agreement_dict(row, fields)


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
        accepted = filters.NON_FILTER_PARAMETERS | set(filters.TimelineFilterSet.base_filters)
        filters.reject_unknown_parameters(request, accepted)
        filterset = filters.TimelineFilterSet(request.query_params, queryset=Summit.objects.all(), only_given=True)
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

        items = timeline_items.timeline_items(page, request)  # one query, as serializers.timeline_item
        return self.get_paginated_response(items)
