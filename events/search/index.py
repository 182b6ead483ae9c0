"""Writing the index: one SearchEntry per record, and the database's own full-text index over it
(an FTS5 table on SQLite, the stored tsvector on PostgreSQL)."""

import threading
import time
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, OperationalError, connections, transaction

from ..bulk_sql import id_list, insert_rows
from ..models import SearchEntry
from .documents import MODELS, actor_ids_by_record, documents

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
        for (record_type, actors_only), ids in sorted(pending.items()):
            if not actors_only:
                reindex(record_type, ids, using=using)
        for (record_type, actors_only), ids in pending.items():
            if actors_only:
                refresh_actor_ids(record_type, ids - pending.get((record_type, False), set()), using=using)
    finally:
        _state.deferred = None


def defer(record_type: str, ids, *, actors_only: bool = False) -> bool:
    """Note records to reindex (`actors_only`: to refresh_actor_ids) at the end of the current
    indexing_deferred block (False outside one)."""
    pending = getattr(_state, "deferred", None)
    if pending is None:
        return False
    pending.setdefault((record_type, actors_only), set()).update(ids)
    return True


def _quoted_ids(ids) -> str:
    return ",".join(str(int(pk)) for pk in ids)


def _delete(record_type: str, ids: list[int], using: str) -> None:
    connection = connections[using]
    entries = f"FROM events_searchentry WHERE record_type = %s AND record_id IN ({_quoted_ids(ids)})"
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":  # an external-content FTS5 table forgets a row given the text it indexed
            cursor.execute(
                f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, names, body) SELECT 'delete', id, names, body {entries}",
                [record_type],
            )
        cursor.execute(f"DELETE {entries}", [record_type])


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
    with transaction.atomic(using=using, savepoint=False):  # the write that called it fails with it
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            _delete(record_type, chunk, using)
            _write(record_type, chunk, using)


def refresh_actor_ids(record_type: str, ids, using: str = DEFAULT_DB_ALIAS) -> None:
    """After relation rows of these records changed (participations, parties, memberships), which
    add nothing to an entry but its actor ids: those rewritten where they differ, without the
    full-text index; a record without an entry gets one (reindex), one that no longer exists loses it."""
    ids = sorted({int(pk) for pk in ids if pk is not None})
    if not ids:
        return
    connection = connections[using]
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        wanted = actor_ids_by_record(record_type, chunk)
        entries = SearchEntry.objects.using(using).filter(record_type=record_type, record_id__in=id_list(chunk))
        stored = dict(entries.values_list("record_id", "actor_ids"))
        changed = [(cell, pk) for pk, cell in wanted.items() if pk in stored and stored[pk] != cell]
        if changed:
            _write_actor_ids(connection, record_type, changed)
        if missing := [pk for pk in chunk if (pk in wanted) != (pk in stored)]:
            reindex(record_type, missing, using=using)


def _write_actor_ids(connection, record_type: str, changed: list[tuple[str, int]]) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # one statement, not one round trip a row
            values = ", ".join(["(%s, %s)"] * len(changed))
            cursor.execute(
                f"UPDATE events_searchentry SET actor_ids = v.cell FROM (VALUES {values}) AS v(cell, record_id) "
                "WHERE events_searchentry.record_type = %s AND events_searchentry.record_id = v.record_id",
                [*(value for pair in changed for value in pair), record_type],
            )
        else:
            cursor.executemany(
                "UPDATE events_searchentry SET actor_ids = %s WHERE record_type = %s AND record_id = %s",
                [(cell, record_type, pk) for cell, pk in changed],
            )


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
