"""`/api/v1/snapshot/?as_of=D` and `/api/v1/snapshot/diff/?from=D1&to=D2` (events.snapshot)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import permissions
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from events import filters, snapshot

from .serializers import record_summary
from .views import parse_day


def day_parameter(name: str, description: str) -> OpenApiParameter:
    return OpenApiParameter(name, OpenApiTypes.DATE, OpenApiParameter.QUERY, required=True, description=description)


class SnapshotView(APIView):
    """The state of the world on a day: mechanisms with their members (each `certain` or
    `possible`) and level, offices held, agreements signed by then; each with its citations."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        parameters=[day_parameter("as_of", "The day, YYYY-MM-DD.")],
        responses={200: OpenApiTypes.OBJECT, 400: OpenApiResponse(description="Missing or bad `as_of`.")},
    )
    def get(self, request):
        filters.reject_unknown_parameters(request, {"as_of", "format"})
        day = parse_day(request.query_params.get("as_of"), "as_of")
        return Response(snapshot.snapshot(day, lambda record: record_summary(record, request)))


class SnapshotDiffView(APIView):
    """What changed between two days, in date order: joined, left, elevated, founded, summits held,
    agreements signed; each with its citations and its certainty (`certain` when its whole period
    falls between the days, `possible` when part of it does)."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        parameters=[
            day_parameter("from", "The first day, YYYY-MM-DD."),
            day_parameter("to", "The last day, YYYY-MM-DD."),
        ],
        responses={200: OpenApiTypes.OBJECT, 400: OpenApiResponse(description="Missing or bad `from` / `to`.")},
    )
    def get(self, request):
        filters.reject_unknown_parameters(request, {"from", "to", "format"})
        first = parse_day(request.query_params.get("from"), "from")
        last = parse_day(request.query_params.get("to"), "to")
        if last < first:
            raise ValidationError({"to": [f"`to` ({last}) is before `from` ({first})."]})
        return Response(snapshot.diff(first, last, lambda record: record_summary(record, request)))
