"""Filters of the agreement actions' list (`/api/v1/agreement-actions/`)."""

import django_filters

from events.models import Actor, Agreement, AgreementAction

from .base import RequestFilterSet
from .fields import SlugsFilter, date_filters


class AgreementActionFilterSet(RequestFilterSet):
    """`?action=ratification&actor=uzbekistan&date_after=2025-06`: dates compare on their bounds
    (docs/dates.md), so an action dated "2025" is found by `date_after=2025-06`."""

    action = django_filters.MultipleChoiceFilter(
        field_name="kind", choices=AgreementAction.Kind.choices, help_text="Kind of action."
    )
    actor = SlugsFilter(queryset=Actor.objects.all(), field_name="actor", help_text="The acting party, by slug.")
    agreement = SlugsFilter(queryset=Agreement.objects.all(), field_name="agreement", help_text="Agreement slug.")
    own = django_filters.BooleanFilter(
        field_name="actor", lookup_expr="isnull", help_text="true: only the agreements' own actions (no actor)."
    )
    date_after, date_before, year = date_filters("date", "Actions dated")

    class Meta:
        model = AgreementAction
        fields = ["action", "actor", "agreement", "own", "date_after", "date_before", "year"]
