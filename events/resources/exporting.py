"""Export for every resource: cells from model instances (the admin) or from `values_list` rows
(the command line, the API, backups)."""

import contextlib
import itertools
import operator
from collections.abc import Iterator

from django.db import DatabaseError, connections, models

from ..collector import collector_paused
from .cells import escape_column, escape_formula
from .fields import TextField


class ExportMixin:
    """Formula-escaped export rows, streamed in chunks."""

    def export_resource(self, instance, selected_fields=None, **kwargs):
        """One row of cells, formula-escaped. The fields export themselves (no dehydrate_
        methods here), which skips the library's per-cell method lookup."""
        if selected_fields:
            return [escape_formula(value) for value in super().export_resource(instance, selected_fields, **kwargs)]
        if not hasattr(self, "_all_export_fields"):
            self._all_export_fields = self.get_export_fields()
        return [escape_formula(field.export(instance)) for field in self._all_export_fields]

    def filter_export(self, queryset, **kwargs):
        """Load the related records every row shows (also for the admin's filtered export)."""
        if not isinstance(queryset, models.QuerySet):
            return queryset
        return queryset.select_related(*self.select_related).prefetch_related(*self.prefetch_related)

    def export_value_rows(self, queryset: models.QuerySet) -> Iterator[list[str]]:
        """The cells export_resource gives, built from `.values_list()` rows instead of model
        instances (the command line's and the API's export, where the admin's hooks are not
        needed): the same cells in a fraction of the time. Built a column at a time for each
        chunk of rows, which leaves most cells to loops in C."""
        export_fields = self.get_export_fields()
        lookups = list(dict.fromkeys(lookup for field in export_fields for lookup in field.lookups()))
        at = {lookup: i for i, lookup in enumerate(["pk", *lookups])}
        readers = [self._column_reader(field, at) for field in export_fields]
        annotations = {k: v for field in export_fields for k, v in getattr(field, "annotations", dict)().items()}
        size = self.get_chunk_size()
        queryset = queryset.prefetch_related(None).annotate(**annotations)
        rows = queryset.values_list("pk", *lookups).iterator(chunk_size=size)
        with planned_without_jit(queryset.db):  # the query is planned as its first chunk is read
            cells = self._chunk_cells(rows, size, readers)
        while cells:
            yield from map(list, cells)
            cells = self._chunk_cells(rows, size, readers)

    @staticmethod
    def _chunk_cells(rows: Iterator[tuple], size: int, readers) -> list[tuple[str, ...]]:
        """The next chunk's rows of cells (none at the end), with the collector paused: the chunk's
        rows (and PostgreSQL's arrays) are thousands of live containers. The caller's code,
        between chunks, runs with the collector as it was."""
        with collector_paused():
            chunk = list(itertools.islice(rows, size))
            if not chunk:
                return []
            columns = list(zip(*chunk, strict=True))
            return list(zip(*(escape_column(read(columns)) for read in readers), strict=True))

    def _column_reader(self, field, at: dict[str, int]):
        """A text column that is never null is its own cells."""
        if type(field) is TextField:
            model_field = self._meta.model._meta.get_field(field.attribute)
            if isinstance(model_field, models.CharField | models.TextField) and not model_field.null:
                return operator.itemgetter(at[field.attribute])
        return field.column_reader(at)

    def iter_queryset(self, queryset):
        """Stream in chunks; Django (>= 4.1) prefetches per chunk when given a chunk size."""
        if not isinstance(queryset, models.QuerySet):
            yield from queryset
            return
        yield from queryset.iterator(chunk_size=self.get_chunk_size())


@contextlib.contextmanager
def planned_without_jit(alias: str):
    """PostgreSQL plans the block's queries without compiling them (JIT); then the connection's
    own setting is back. An export's query can be costed above `jit_optimize_above_cost` (100,000
    summits just after `make bench`'s import: 862,000, likely the topics' table not yet vacuumed),
    and compiling it took about 155 ms of its 420 (BENCHMARKS.md); its rows gain nothing from it."""
    connection = connections[alias]
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('jit'), set_config('jit', 'off', false)")
        (before, _) = cursor.fetchone()
    try:
        yield
    finally:
        # in a transaction the block's error aborted, the rollback undoes the setting instead
        with contextlib.suppress(DatabaseError), connection.cursor() as cursor:
            cursor.execute("SELECT set_config('jit', %s, false)", [before])
