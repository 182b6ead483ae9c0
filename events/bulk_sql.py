"""Writing many rows at once for the CSV import's bulk mode: Django's bulk_create prepares every
value of every row through the field API and builds a model instance per bookkeeping row
(history, change feed, search entries), which cost an import more than its own records did.

- `create_rows`: model instances saved in multi-row INSERTs that return their primary keys
  (on PostgreSQL: keys taken from the sequence, rows sent by COPY), like bulk_create (auto_now
  fields filled; no signals).
- `insert_rows`: rows of values into one table (executemany on SQLite, COPY or, with
  `copy=False`, multi-row VALUES on PostgreSQL), values converted only where the column type needs it.
- `id_list`: primary keys for an `__in` lookup, written into the SQL as numbers (the ORM
  prepares each value of a list on its own, 10 µs apiece, for every query of every batch).
- `copy_history`: the historical rows of records just written, copied from the records' own
  rows by one INSERT … SELECT per chunk, as django-simple-history's bulk_history_create would
  build them (same columns, type, user and change reason)."""

import io
import json
import time
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.models.expressions import RawSQL
from django.utils import timezone

CHUNK = 900  # ids per `IN (…)`, below SQLite's and PostgreSQL's limits on query parameters
POSTGRESQL_PARAMETERS = 60_000  # a statement's parameters, below PostgreSQL's 65,535

#: columns whose values the drivers take as they are (str, int, bool, None)
PLAIN = (models.CharField, models.TextField, models.IntegerField, models.BooleanField, models.ForeignKey)


def id_list(ids: Iterable) -> RawSQL:
    """`filter(pk__in=id_list(ids))`: the same rows as `pk__in=ids` for integer keys."""
    return RawSQL(",".join(str(int(pk)) for pk in ids) or "NULL", ())


def insert_rows(
    model, fields: Sequence[str], rows: Iterable[Sequence], using: str = DEFAULT_DB_ALIAS, *, copy: bool = True
) -> int:
    """INSERT `rows` (tuples of Python values, in the order of the field names `fields`) into
    `model`'s table; returns how many. Sends no signals and fills no defaults (triggers run).
    `copy`: through COPY on PostgreSQL (a third of the time multi-row VALUES take for a batch of
    an import's change rows, search entries or links)."""
    connection = connections[using]
    meta_fields = [model._meta.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(field.column) for field in meta_fields)
    if copy and connection.vendor == "postgresql":
        return _copy_rows(connection, f"COPY {table} ({columns}) FROM STDIN", meta_fields, rows)
    converters = [(i, _converter(f, connection)) for i, f in enumerate(meta_fields) if not isinstance(f, PLAIN)]
    if converters:
        rows = [_converted(row, converters) for row in rows]
    elif not isinstance(rows, list):
        rows = list(rows)
    if not rows:
        return 0
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES {one}", rows)
        else:
            size = max(1, POSTGRESQL_PARAMETERS // len(fields))
            for start in range(0, len(rows), size):
                chunk = rows[start : start + size]
                values = ", ".join([one] * len(chunk))
                cursor.execute(f"INSERT INTO {table} ({columns}) VALUES {values}", [v for row in chunk for v in row])
    return len(rows)


def _copy_rows(connection, statement: str, fields, rows: Iterable[Sequence]) -> int:
    """The rows as COPY's text format: a tab between values, \\N for NULL, and a backslash
    before the text's own backslashes, tabs and line ends."""
    writers = [_copy_writer(field) for field in fields]
    lines = ["\t".join([r"\N" if value is None else write(value) for write, value in zip(writers, row, strict=True)])
             for row in rows]  # fmt: skip
    if lines:
        data = "\n".join(lines) + "\n"
        started = time.monotonic()
        with connection.cursor() as cursor, connection.wrap_database_errors:  # as Django's DatabaseError
            cursor.cursor.copy_expert(statement, io.StringIO(data))
        if connection.queries_logged:  # as Django logs its queries (DEBUG, CaptureQueriesContext)
            sql = f"{statement} -- {len(lines)} rows\n{data[:COPY_LOGGED_CHARACTERS]}"
            connection.queries_log.append({"sql": sql, "time": f"{time.monotonic() - started:.3f}"})
    return len(lines)


COPY_LOGGED_CHARACTERS = 10_000  # of a COPY's rows, in the query log


COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_writer(field):
    if isinstance(field, models.JSONField):
        return lambda value: json.dumps(value, cls=field.encoder).translate(COPY_ESCAPES)
    if isinstance(field, models.BooleanField):
        return lambda value: "t" if value else "f"
    if isinstance(field, models.DateField):  # DateTimeField too: ISO 8601, with the offset when aware
        return lambda value: value.isoformat() if hasattr(value, "isoformat") else str(value)
    return lambda value: str(value).translate(COPY_ESCAPES)


def create_rows(model, objs: Sequence[models.Model], using: str = DEFAULT_DB_ALIAS) -> None:
    """Save the new instances `objs` (no primary keys yet) and set their primary keys; the
    auto_now fields of the batch get one timestamp."""
    if not objs:
        return
    connection = connections[using]
    pk = model._meta.pk
    fields = [field for field in model._meta.concrete_fields if field is not pk and not field.generated]
    now = timezone.now()
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            for obj in objs:
                if isinstance(field, models.DateTimeField):
                    setattr(obj, field.attname, now)
                else:
                    field.pre_save(obj, add=True)
    if connection.vendor == "postgresql" and all(isinstance(field, COPYABLE) for field in fields):
        _copy_new_rows(connection, model, objs, fields)
    else:
        _insert_returning(connection, model, objs, fields)
    for obj in objs:
        obj._state.adding = False
        obj._state.db = using


#: columns whose values COPY's text format takes as _copy_writer writes them
COPYABLE = (*PLAIN, models.JSONField, models.DateField, models.DecimalField)


def _copy_new_rows(connection, model, objs: Sequence[models.Model], fields) -> None:
    """PostgreSQL: primary keys taken from the table's sequence, then the rows sent by COPY
    (a third of the time multi-row VALUES take to send the same rows)."""
    pk = model._meta.pk
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [model._meta.db_table, pk.column, len(objs)],
        )
        for obj, (value,) in zip(objs, cursor.fetchall(), strict=True):
            setattr(obj, pk.attname, value)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in [pk, *fields])
    attnames = [pk.attname, *(field.attname for field in fields)]
    rows = ([getattr(obj, name) for name in attnames] for obj in objs)
    _copy_rows(connection, f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN", [pk, *fields], rows)


def _insert_returning(connection, model, objs: Sequence[models.Model], fields) -> None:
    pk = model._meta.pk
    converters = [(i, _converter(f, connection)) for i, f in enumerate(fields) if not isinstance(f, PLAIN)]
    attnames = [field.attname for field in fields]
    quote = connection.ops.quote_name
    statement = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(field.column) for field in fields)}) "
        "VALUES {} RETURNING " + quote(pk.column)
    )
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    if connection.vendor == "postgresql":
        size = max(1, POSTGRESQL_PARAMETERS // len(fields))
    else:
        size = connection.ops.bulk_batch_size(fields, objs)
    with connection.cursor() as cursor:
        for start in range(0, len(objs), size):
            chunk = objs[start : start + size]
            params = []
            for obj in chunk:
                params += _converted([getattr(obj, name) for name in attnames], converters)
            cursor.execute(statement.format(", ".join([one] * len(chunk))), params)
            for obj, (value,) in zip(chunk, cursor.fetchall(), strict=True):
                setattr(obj, pk.attname, value)


def _converted(row: Sequence, converters) -> list:
    values = list(row)
    for i, convert in converters:
        if values[i] is not None:
            values[i] = convert(values[i])
    return values


def _converter(field, connection):
    """The field's conversion to a database value, where the column type needs one; the same
    value object in consecutive rows (a batch's one timestamp) is converted once."""
    if isinstance(field, models.JSONField):
        return lambda value: connection.ops.adapt_json_value(value, field.encoder)
    last = [object(), None]

    def convert(value):
        if value is not last[0]:
            last[0], last[1] = value, field.get_db_prep_save(value, connection)
        return last[1]

    return convert


def copy_history(model, instances: Sequence[models.Model], history_type: str, using: str = DEFAULT_DB_ALIAS) -> None:
    """The history entries (`+` created, `~` changed) of `instances`, which are saved: each
    record's stored row copied into its historical table, with the history user and change
    reason the instance carries (`_history_user`, `_change_reason`), as simple_history does."""
    if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True) or not instances:
        return
    history = model.history.model
    connection = connections[using]
    quote = connection.ops.quote_name
    tracked = [field.column for field in history.tracked_fields]
    own = [quote(history._meta.get_field(field.name).column) for field in history.tracked_fields]
    extra = [quote(history._meta.get_field(name).column) for name in ("history_date", "history_change_reason",
                                                                        "history_type")]  # fmt: skip
    user_column = quote(history._meta.get_field("history_user").column)
    now = history._meta.get_field("history_date").get_db_prep_save(timezone.now(), connection)
    groups: dict[tuple, list[int]] = {}
    default_user = None
    for instance in instances:
        user = getattr(instance, "_history_user", None)
        if user is None:  # the request's user, the same for every row of one import
            default_user = default_user or [history.get_default_history_user(instance)]
            user = default_user[0]
        reason = getattr(instance, "_change_reason", None) or ""
        groups.setdefault((getattr(user, "pk", None), reason), []).append(instance.pk)
    target = (
        f"INSERT INTO {quote(history._meta.db_table)} ({', '.join([*own, *extra, user_column])}) "
        f"SELECT {', '.join(quote(column) for column in tracked)}, %s, %s, %s, %s FROM {quote(model._meta.db_table)}"
    )
    pk_column = quote(model._meta.pk.column)
    with connection.cursor() as cursor:
        for (user_id, reason), pks in groups.items():
            pks.sort()
            for start in range(0, len(pks), CHUNK):
                chunk = pks[start : start + CHUNK]
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(
                    f"{target} WHERE {pk_column} IN ({marks}) ORDER BY {pk_column}",
                    [now, reason, history_type, user_id, *chunk],
                )
