"""Read-only change history through the API: `/api/v1/<records>/<slug>/history/`.

One list, newest first, of every version django-simple-history kept of the record itself and of
the relation rows it owns or takes part in (a summit's participants and citations, an agreement's
parties, a mechanism's memberships and levels, an actor's memberships, participations and
parties), deleted rows included: who added or removed a participant is answered here.
"""

import functools

from django.db import connection
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, permissions, serializers

from events import cache, filters
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

from .history_rows import CHANGES, page_entries, read_record
from .pagination import StrictPageNumberPagination
from .viewsets import CachedReadsMixin

# endpoint -> (model, [(relation model, its foreign key to the record)])
HISTORIES = {
    "actors": (
        Actor,
        [
            (Membership, "actor"),
            (Participation, "actor"),
            (AgreementParty, "actor"),
            (AgreementAction, "actor"),
            (Citation, "actor"),
        ],
    ),
    "mechanisms": (
        Mechanism,
        [
            (Membership, "mechanism"),
            (MechanismLevel, "mechanism"),
            (MechanismRelation, "mechanism"),
            (Citation, "mechanism"),
        ],
    ),
    "summits": (Summit, [(Participation, "summit"), (Citation, "summit")]),
    "agreements": (
        Agreement,
        [
            (AgreementParty, "agreement"),
            (AgreementAction, "agreement"),
            (AgreementRelation, "agreement"),
            (Citation, "agreement"),
        ],
    ),
    "topics": (Topic, []),
    "sources": (Source, [(Citation, "source")]),
}


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

    def to_representation(self, entry):
        """The fields above read straight from an entry (events.api.history_rows.entry), whose values are
        already what they show (`date` aside): DRF's walk through each field of each entry was
        a tenth of a page's time."""
        return {
            "history_id": entry["history_id"],
            "date": self.fields["date"].to_representation(entry["date"]),
            "user": entry["user"],
            "change": entry["change"],
            "table": entry["table"],
            "row_id": entry["row_id"],
            "row": entry["row"],
            "reason": entry["reason"],
            "changed_fields": entry["changed_fields"],
            "values": entry["values"],
        }


class HistoryRows:
    """The history of one record and its relation rows as the paginator's list: counted and
    ordered in the database (a UNION ALL of the history tables' keys), and only the requested
    page's versions read and described, in a fixed number of queries whatever the page size or
    the number of versions."""

    ordered = True

    def __init__(self, record, relations, show_users: bool):
        self.record, self.show_users = record, show_users
        # (history model, the condition on its rows), read through its plain manager
        self.tables = [(history_model(type(record)), {"id": record.pk})] + [
            (history_model(model), {f"{key}_id": record.pk}) for model, key in relations
        ]

    def count(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM ({self.union_of_keys()}) versions", self.record_ids())
            return cursor.fetchone()[0]

    def __len__(self):
        return self.count()

    def __getitem__(self, page: slice) -> list[dict]:
        start, stop = page.start or 0, page.stop
        if stop <= start:
            return []
        with connection.cursor() as cursor:
            cursor.execute(
                f"{self.union_of_keys()} ORDER BY 1 DESC, 2 DESC LIMIT {stop - start:d} OFFSET {start:d}",
                self.record_ids(),
            )
            wanted = cursor.fetchall()
        return page_entries(self.record, self.tables, wanted, self.show_users)

    def union_of_keys(self) -> str:
        """The (history_date, history_id, table index) of every version, in SQL: the ORM took
        longer to build the UNION ALL of six tables, twice a page, than the database to run it."""
        quote = connection.ops.quote_name
        return " UNION ALL ".join(
            f"SELECT history_date, history_id, {index:d} FROM {quote(model._meta.db_table)}"
            f" WHERE {quote(model._meta.get_field(next(iter(condition))).column)} = %s"
            for index, (model, condition) in enumerate(self.tables)
        )

    def record_ids(self) -> list:
        return [self.record.pk] * len(self.tables)


def history_entries(record, relations, show_users: bool) -> list[dict]:
    """Every entry of the history, newest first (the admin's history page pages them itself)."""
    rows = HistoryRows(record, relations, show_users)
    return rows[0 : rows.count()]


@functools.cache
def history_model(model):
    """The model of `model`'s versions, looked up once: `Model.history` builds a manager class on
    every access, which took a quarter of a history page's time."""
    return model.history.model


class RecordHistoryView(CachedReadsMixin, generics.GenericAPIView):
    """The change history of one record and of its relation rows, newest first (read only).
    Pages rendered as JSON are kept in the API cache under the data version, as the records'
    reads are (events.cache): every version is written with a change that replaces it. Readers
    who are shown who made each change have entries of their own."""

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
        show_users = request.user.has_perm(f"events.view_{model._meta.model_name}")
        key = cache.cache_key(request)
        if key is not None and show_users:
            key = f"{key}:users"
        response = cache.cached_response(key)
        if response is None:
            record = read_record(model, slug)
            page = self.paginate_queryset(HistoryRows(record, relations, show_users))
            response = self.get_paginated_response(self.get_serializer(page, many=True).data)
            self.key_to_store = key
        return response


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
