"""Writing the index: one SearchEntry per record, and the database's own full-text index over it
(an FTS5 table on SQLite, the stored tsvector on PostgreSQL)."""

import threading
import time
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, OperationalError, connections, transaction

from ..bulk_sql import id_list, insert_rows
from ..models import SearchEntry
from .documents import MODELS, documents

FTS_TABLE = "events_searchfts"
CHUNK = 2000
PG_VECTOR = "setweight(to_tsvector('simple', names), 'A') || setweight(to_tsvector('simple', body), 'B')"

_state = threading.local()


@contextmanager
def indexing_paused():
    """Write paths that rebuild the whole index at their end (restore, generate_data) pause the
    per-record upkeep while they run."""
    previous = getattr(_state, "paused", False)
    _state.paused = True
    try:
        yield
    finally:
        _state.paused = previous


def is_paused() -> bool:
    return getattr(_state, "paused", False)


@contextmanager
def indexing_deferred(using: str = DEFAULT_DB_ALIAS):
    """Collect the records to reindex while the block runs and reindex each once at its end
    (loaddata, a CSV import row by row): one entry written per record, not one per row saved."""
    if getattr(_state, "deferred", None) is not None:  # already inside one: the outer block flushes
        yield
        return
    _state.deferred = {}
    try:
        yield
        pending, _state.deferred = _state.deferred, None
        for record_type, ids in pending.items():
            reindex(record_type, ids, using=using)
    finally:
        _state.deferred = None


def defer(record_type: str, ids) -> bool:
    """Note records to reindex at the end of the current indexing_deferred block (False outside one)."""
    pending = getattr(_state, "deferred", None)
    if pending is None:
        return False
    pending.setdefault(record_type, set()).update(ids)
    return True


def _quoted_ids(ids) -> str:
    return ",".join(str(int(pk)) for pk in ids)


def _delete(record_type: str, ids: list[int], using: str) -> None:
    entries = SearchEntry.objects.using(using).filter(record_type=record_type, record_id__in=id_list(ids))
    if connections[using].vendor == "sqlite":
        entry_ids = list(entries.values_list("pk", flat=True))
        if entry_ids:
            with connections[using].cursor() as cursor:
                # an external-content FTS5 table forgets a row given the text it indexed
                cursor.execute(
                    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, names, body) SELECT 'delete', id, names, body "
                    f"FROM events_searchentry WHERE id IN ({_quoted_ids(entry_ids)})"
                )
    entries.delete()


ENTRY_FIELDS = ("record_type", "record_id", "slug", "title", "names", "body", "labels", "date", "year",
                "mechanism_id", "actor_ids", "topic_ids")  # fmt: skip


def _write(record_type: str, ids: list[int], using: str, full_text: bool = True) -> int:
    """The entries of these records (which have none now), in one INSERT, then (unless `full_text`
    is false: rebuild() fills the FTS5 table at its end) their full-text index."""
    docs = documents(record_type, ids)
    rows = [[values[name] for name in ENTRY_FIELDS] for values in (d.entry_values() for d in docs)]
    if not insert_rows(SearchEntry, ENTRY_FIELDS, rows, using=using):
        return 0
    written = f"record_type = %s AND record_id IN ({_quoted_ids(d.record_id for d in docs)})"
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite" and full_text:
            cursor.execute(
                f"INSERT INTO {FTS_TABLE}(rowid, names, body) SELECT id, names, body "
                f"FROM events_searchentry WHERE {written}",
                [record_type],
            )
        elif connection.vendor == "postgresql":
            cursor.execute(f"UPDATE events_searchentry SET vector = {PG_VECTOR} WHERE {written}", [record_type])
    return len(rows)


def reindex(record_type: str, ids, using: str = DEFAULT_DB_ALIAS) -> None:
    """Replace the entries of these records (a record that no longer exists loses its entry)."""
    ids = sorted({int(pk) for pk in ids if pk is not None})
    if not ids or record_type not in MODELS:
        return
    with transaction.atomic(using=using):
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            _delete(record_type, chunk, using)
            _write(record_type, chunk, using)


def rebuild(using: str = DEFAULT_DB_ALIAS, progress=lambda records: None) -> dict:
    """Index every record again from scratch, calling `progress(n)` after each chunk of n records;
    returns counts and the seconds it took."""
    started = time.perf_counter()
    counts = {}
    with transaction.atomic(using=using):
        connection = connections[using]
        sqlite = connection.vendor == "sqlite"
        SearchEntry.objects.using(using).all().delete()
        for record_type, model in MODELS.items():
            ids = list(model.objects.using(using).order_by("pk").values_list("pk", flat=True))
            counts[record_type] = 0
            for start in range(0, len(ids), CHUNK):
                counts[record_type] += _write(record_type, ids[start : start + CHUNK], using, full_text=not sqlite)
                progress(len(ids[start : start + CHUNK]))
        if sqlite:
            # the FTS5 table (and its prefix indexes) read every entry once, rather than chunk by chunk
            with connection.cursor() as cursor:
                cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
    return {"entries": counts, "seconds": round(time.perf_counter() - started, 2)}


def index_size(using: str = DEFAULT_DB_ALIAS) -> int | None:
    """Bytes the index takes: the entries table and its full-text index (None where unknown)."""
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_total_relation_size('events_searchentry')")
            return cursor.fetchone()[0]
        if connection.vendor == "sqlite":
            try:
                cursor.execute(
                    "SELECT SUM(pgsize) FROM dbstat WHERE name LIKE %s OR name LIKE %s",
                    ["events_searchentry%", f"{FTS_TABLE}%"],
                )
            except OperationalError:  # dbstat is an optional SQLite module
                return None
            return cursor.fetchone()[0]
    return None
