"""`/api/v1/agreement-actions/`: every party's (and every agreement's own) actions, filterable by
kind, actor, agreement and date."""

from django.db.models import F
from rest_framework import generics, permissions

from events.filters.treaties import AgreementActionFilterSet
from events.models import AgreementAction

from .serializers import AgreementActionSerializer, RecordField
from .viewsets import CachedReadsMixin


class AgreementActionListSerializer(AgreementActionSerializer):
    """An action as the list shows it: with its agreement."""

    agreement = RecordField(read_only=True)

    class Meta(AgreementActionSerializer.Meta):
        fields = ["agreement", *AgreementActionSerializer.Meta.fields]


class AgreementActionListView(CachedReadsMixin, generics.ListAPIView):
    """Agreement actions in date order (undated last), e.g. `?action=ratification&actor=uzbekistan`.
    Actions are written with their agreement (`/api/v1/agreements/<slug>/`, `actions`)."""

    permission_classes = [permissions.AllowAny]
    serializer_class = AgreementActionListSerializer
    filterset_class = AgreementActionFilterSet
    queryset = AgreementAction.objects.select_related("agreement", "actor").order_by(
        F("date").asc(nulls_last=True), "agreement__name", "kind", "pk"
    )

    def get(self, request, *args, **kwargs):
        return self.cached(request, lambda: self.list(request, *args, **kwargs))
