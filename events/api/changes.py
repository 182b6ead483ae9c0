"""The change feed: `GET /api/v1/changes/?since=<cursor>`, every committed change in commit order
(docs/changes.md)."""

import base64
import binascii

from django.db.models import Max
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, permissions, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.reverse import reverse

from events import filters
from events.changes import tracked_models
from events.models import Change

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
CURSOR_PREFIX = "cainfo-changes:"


def encode_cursor(seq: int) -> str:
    return base64.urlsafe_b64encode(f"{CURSOR_PREFIX}{seq}".encode()).decode().rstrip("=")


def decode_cursor(text: str) -> int:
    try:
        decoded = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        decoded = ""
    number = decoded.removeprefix(CURSOR_PREFIX)
    if not decoded.startswith(CURSOR_PREFIX) or not number.isdigit():
        raise ValidationError({"since": [f"Not a cursor of this feed: {text!r}. Send back a `cursor` it gave you."]})
    return int(number)


def record_types() -> list[str]:
    return sorted(model._meta.model_name for model in tracked_models())


class ChangeSerializer(serializers.Serializer):
    cursor = serializers.CharField(help_text="Resume after this change by sending it as `since`.")
    type = serializers.CharField(help_text="The row's model: `summit`, `actor`, …, `participation`, `citation`, …")
    slug = serializers.CharField(allow_null=True, help_text="A main record's slug (kept for deletions); null for rows.")
    natural_key = serializers.ListField(
        child=serializers.CharField(allow_null=True), help_text="The row's natural key, as in fixtures and CSV."
    )
    action = serializers.ChoiceField(choices=Change.Action.choices)
    at = serializers.DateTimeField(help_text="When the change was made.")
    url = serializers.URLField(
        allow_null=True,
        help_text="API URL of the record, or of the record owning the row; a deleted record's URL answers 404.",
    )


class ChangePageSerializer(serializers.Serializer):
    cursor = serializers.CharField(
        allow_null=True,
        help_text="Where this page ends (the `since` you sent when it is empty); null only before any change.",
    )
    next = serializers.URLField(allow_null=True, help_text="The next page while more changes follow, else null.")
    results = ChangeSerializer(many=True)


class ChangeFeedView(generics.GenericAPIView):
    """Every create, update and delete of every record and relation row, in the order the changes
    committed; deletions are tombstones keeping the slug and key. Store the page's `cursor` and
    send it back as `since`: no change is skipped or repeated."""

    permission_classes = [permissions.AllowAny]
    serializer_class = ChangePageSerializer
    pagination_class = None
    filter_backends = []
    queryset = Change.objects.none()

    @extend_schema(
        operation_id="changes_list",
        parameters=[
            OpenApiParameter(
                "since",
                OpenApiTypes.STR,
                description="A `cursor` from an earlier page or change; `latest`: no changes, the cursor of the "
                "newest one (to follow from now on).",
            ),
            OpenApiParameter(
                "type",
                OpenApiTypes.STR,
                many=True,
                explode=False,
                description="Only these types, comma-separated: " + ", ".join(f"`{name}`" for name in record_types()),
            ),
            OpenApiParameter("limit", OpenApiTypes.INT, description=f"Changes per page, 1 to {MAX_LIMIT}."),
        ],
        responses={200: ChangePageSerializer, 400: OpenApiResponse(description="A bad cursor, type or limit.")},
    )
    def get(self, request):
        filters.reject_unknown_parameters(request, {"since", "type", "limit", "format"})
        since_text = request.query_params.get("since")
        limit = self.limit(request.query_params.get("limit"))
        if since_text == "latest":
            # the head of the feed, to follow from now on (after reading the lists, say)
            head = Change.objects.filter(seq__isnull=False).aggregate(head=Max("seq"))["head"]
            return Response({"cursor": encode_cursor(head or 0), "next": None, "results": []})
        since = decode_cursor(since_text) if since_text else 0
        changes = Change.objects.filter(seq__gt=since).order_by("seq")
        types = self.types(request.query_params.getlist("type"))
        if types:
            changes = changes.filter(record_type__in=types)
        rows = list(changes[: limit + 1])
        more = len(rows) > limit
        rows = rows[:limit]
        cursor = encode_cursor(rows[-1].seq) if rows else (since_text or None)
        next_url = None
        if more:
            query = request.query_params.copy()
            query["since"] = cursor
            next_url = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
        urls = {}
        results = [self.entry(change, request, urls) for change in rows]
        return Response({"cursor": cursor, "next": next_url, "results": results})

    @staticmethod
    def limit(text: str | None) -> int:
        if text is None:
            return DEFAULT_LIMIT
        if not text.isdigit() or not 1 <= int(text) <= MAX_LIMIT:
            raise ValidationError({"limit": [f"Use a whole number from 1 to {MAX_LIMIT}; got {text!r}."]})
        return int(text)

    @staticmethod
    def types(values: list[str]) -> list[str]:
        wanted = [name.strip() for value in values for name in value.split(",") if name.strip()]
        known = set(record_types())
        unknown = sorted(set(wanted) - known)
        if unknown:
            raise ValidationError(
                {"type": [f"Unknown type(s): {', '.join(unknown)}. Known: {', '.join(sorted(known))}."]}
            )
        return wanted

    @staticmethod
    def entry(change: Change, request, urls: dict) -> dict:
        url = None
        if change.link_type:
            if change.link_type not in urls:
                urls[change.link_type] = reverse(
                    f"api:{change.link_type}-detail", kwargs={"slug": "-"}, request=request
                )
            url = urls[change.link_type][: -len("-/")] + f"{change.link_slug}/"
        return {
            "cursor": encode_cursor(change.seq),
            "type": change.record_type,
            "slug": change.slug or None,
            "natural_key": change.natural_key,
            "action": change.action,
            "at": serializers.DateTimeField().to_representation(change.at),
            "url": url,
        }
