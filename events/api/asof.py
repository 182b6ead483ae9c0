"""`as_of=D` on the records that hold time-bounded rows: their other names and an actor's
memberships as of D, each row with its `certainty` (events.asof). See docs/dates.md."""

import datetime

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import permissions
from rest_framework.exceptions import ValidationError

from events.dates import DatePrecision, parse_partial_date

AS_OF = OpenApiParameter(
    "as_of",
    OpenApiTypes.DATE,
    OpenApiParameter.QUERY,
    description="A day, YYYY-MM-DD: the record's time-bounded rows (other names; an actor's memberships) "
    "as of that day, each with `certainty` (`certain` or `possible`); rows its dates rule out are left out.",
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


class AsOfReadsMixin:
    """A record viewset whose reads take `as_of` (before RecordViewSet in the bases)."""

    shared_query_parameters = frozenset({"fields", "brief", "as_of"})

    def as_of(self) -> datetime.date | None:
        if self.request is None or self.request.method not in permissions.SAFE_METHODS:
            return None
        if "as_of" not in self.request.query_params:
            return None
        return parse_day(self.request.query_params["as_of"], "as_of")

    action_parameters = {"retrieve": {"as_of"}}

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if "as_of" in request.query_params and self.action in ("list", "retrieve"):
            if request.accepted_renderer.format not in ("json", "api"):
                raise ValidationError({"as_of": ["`as_of` shapes JSON; the other formats hold every row."]})
            self.as_of()  # a bad day is a 400 before anything is read

    def get_serializer_context(self):
        context = super().get_serializer_context()
        day = self.as_of()
        if day is not None:
            context["as_of"] = day
        return context
