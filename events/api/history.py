"""Read-only change history through the API: `/api/v1/<records>/<slug>/history/`.

One list, newest first, of every version django-simple-history kept of the record itself and of
the relation rows it owns or takes part in (a summit's participants and citations, an agreement's
parties, a mechanism's memberships and levels, an actor's memberships, participations and
parties), deleted rows included: who added or removed a participant is answered here.
"""

from collections import defaultdict

from django.db import models
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, permissions, serializers

from events import filters
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

from .pagination import StrictPageNumberPagination

# endpoint -> (model, [(relation model, its foreign key to the record)])
HISTORIES = {
    "actors": (
        Actor,
        [(Membership, "actor"), (Participation, "actor"), (AgreementParty, "actor"), (Citation, "actor")],
    ),
    "mechanisms": (Mechanism, [(Membership, "mechanism"), (MechanismLevel, "mechanism"), (Citation, "mechanism")]),
    "summits": (Summit, [(Participation, "summit"), (Citation, "summit")]),
    "agreements": (Agreement, [(AgreementParty, "agreement"), (Citation, "agreement")]),
    "topics": (Topic, []),
    "sources": (Source, [(Citation, "source")]),
}
CHANGES = {"+": "created", "~": "changed", "-": "deleted"}
NOT_COMPARED = {"created_at", "updated_at"}


@extend_schema_field({"type": "object", "additionalProperties": {"nullable": True}})
class ValuesField(serializers.DictField):
    pass


class HistoryEntrySerializer(serializers.Serializer):
    history_id = serializers.IntegerField(help_text="The version's id, unique within its table.")
    date = serializers.DateTimeField(help_text="When the change was saved.")
    user = serializers.CharField(
        allow_null=True, help_text="Who saved it; shown to users who may view the record's model, otherwise null."
    )
    change = serializers.ChoiceField(choices=list(CHANGES.values()))
    table = serializers.CharField(help_text="`summit`, or the relation row's model: `participation`, `citation`, …")
    row_id = serializers.IntegerField(help_text="The row's id: versions of one row share it.")
    row = serializers.CharField(help_text="The row as text at that version.")
    reason = serializers.CharField(allow_null=True)
    changed_fields = serializers.ListField(
        child=serializers.CharField(), help_text="Fields that differ from the row's previous version."
    )
    values = ValuesField(help_text="Every field of the row at that version; related records by slug.")


def field_value(field, row, slugs):
    if isinstance(field, models.ForeignKey):
        pk = getattr(row, field.attname)
        return slugs[field.related_model].get(pk, pk) if pk is not None else None
    value = getattr(row, field.attname)
    return value if value is None or isinstance(value, bool | int | str) else str(value)


def history_entries(record, relations, show_users: bool) -> list[dict]:
    rows = list(type(record).history.filter(id=record.pk).select_related("history_user"))
    for model, key in relations:
        rows += model.history.filter(**{f"{key}_id": record.pk}).select_related("history_user")
    wanted = defaultdict(set)
    for row in rows:
        for field in row.instance_type._meta.concrete_fields:
            if isinstance(field, models.ForeignKey) and getattr(row, field.attname) is not None:
                wanted[field.related_model].add(getattr(row, field.attname))
    slugs = {
        model: dict(model.objects.filter(pk__in=pks).values_list("pk", "slug")) if hasattr(model, "slug") else {}
        for model, pks in wanted.items()
    }
    slugs = defaultdict(dict, slugs)
    rows.sort(key=lambda row: (row.history_date, row.history_id))
    previous = {}
    entries = []
    for row in rows:
        model = row.instance_type
        fields = [field for field in model._meta.concrete_fields if field.attname != "id"]
        values = {field.name: field_value(field, row, slugs) for field in fields}
        before = previous.get((model, row.id))
        changed = [
            name
            for name, value in values.items()
            if name not in NOT_COMPARED and (before is None or before[name] != value)
        ]
        previous[model, row.id] = values
        entries.append(
            {
                "history_id": row.history_id,
                "date": row.history_date,
                "user": row.history_user.get_username() if show_users and row.history_user else None,
                "change": CHANGES[row.history_type],
                "table": model._meta.model_name,
                "row_id": row.id,
                "row": str(row.instance) if row.history_type != "-" or model is type(record) else row_text(row),
                "reason": row.history_change_reason,
                "changed_fields": [] if row.history_type == "-" else changed,
                "values": values,
                "previous": before,  # the row's values at its version before (the admin's history page diffs them)
            }
        )
    entries.reverse()
    return entries


def row_text(row) -> str:
    """A deleted relation row's text; its `__str__` may follow a relation that is gone too."""
    try:
        return str(row.instance)
    except Exception:  # noqa: BLE001  (a related row deleted with it)
        return f"{row.instance_type._meta.verbose_name} {row.id}"


class RecordHistoryView(generics.GenericAPIView):
    """The change history of one record and of its relation rows, newest first (read only)."""

    permission_classes = [permissions.AllowAny]
    serializer_class = HistoryEntrySerializer
    pagination_class = StrictPageNumberPagination
    filter_backends = []
    endpoint = ""

    def get_queryset(self):
        return HISTORIES[self.endpoint][0].objects.all()

    def get(self, request, slug):
        filters.reject_unknown_parameters(request, filters.NON_FILTER_PARAMETERS)
        model, relations = HISTORIES[self.endpoint]
        record = get_object_or_404(model.objects.all(), slug=slug)
        show_users = request.user.has_perm(f"events.view_{model._meta.model_name}")
        page = self.paginate_queryset(history_entries(record, relations, show_users))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


def history_view(endpoint: str):
    model = HISTORIES[endpoint][0]

    @extend_schema(
        operation_id=f"{endpoint}_history",
        tags=[endpoint],
        summary=f"Change history of one {model._meta.verbose_name}",
        responses=HistoryEntrySerializer(many=True),
    )
    def get(self, request, slug):
        return RecordHistoryView.get(self, request, slug)

    view = type(
        f"{model.__name__}HistoryView",
        (RecordHistoryView,),
        {"endpoint": endpoint, "get": get, "__doc__": RecordHistoryView.__doc__},
    )
    return view.as_view()
