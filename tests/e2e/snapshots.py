"""The browser tests' data, from copies of the tables' rows instead of fixtures loaded and tables
truncated for every test.

Live-server tests commit for real, so pytest-django flushes the database after each (a TRUNCATE
of every table on PostgreSQL, then post_migrate making content types and permissions again), and
each test's fixture loads its data again. Here a data set is made once per run and its rows kept
(`data_set`); a later test gets the same rows written back. Between tests, `flush` puts back the
database as it was before the first browser test, rewriting only the tables that differ from it.

Rows are compared and written whole, with their ids, in one transaction (Django's foreign keys are
deferred), so the search index, the change feed and the history are the ones the data set's own
code wrote. Afterwards PostgreSQL's sequences follow the ids written (as after loaddata) and
SQLite's full-text table is rebuilt from the search entries it indexes.
"""

import io
from collections.abc import Callable

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, transaction

from events.models import SearchEntry
from events.search.index import FTS_TABLE

Contents = dict[str, object]


def _tables() -> dict[str, tuple[type, list[str]]]:
    """Every table Django's flush empties, with its model and the columns Django writes."""
    flushed = set(connection.introspection.django_table_names(only_existing=True, include_views=False))
    tables = {}
    for model in apps.get_models(include_auto_created=True):
        table = model._meta.db_table
        if table in flushed and table not in tables:
            columns = [f.column for f in model._meta.concrete_fields if not getattr(f, "generated", False)]
            tables[table] = (model, columns)
    return tables


class Tables:
    def __init__(self):
        self.tables = _tables()
        self.postgresql = connection.vendor == "postgresql"

    def _select(self, table: str) -> str:
        model, columns = self.tables[table]
        quote = connection.ops.quote_name
        return (
            f"SELECT {', '.join(map(quote, columns))} FROM {quote(table)} ORDER BY {quote(model._meta.pk.column)}"
        )

    def read(self) -> Contents:
        contents = {}
        with connection.cursor() as cursor:
            for table in self.tables:
                if self.postgresql:
                    buffer = io.StringIO()
                    cursor.copy_expert(f"COPY ({self._select(table)}) TO STDOUT", buffer)
                    contents[table] = buffer.getvalue()
                else:
                    cursor.execute(self._select(table))
                    contents[table] = cursor.fetchall()
        return contents

    def _insert(self, cursor, table: str, rows) -> None:
        _, columns = self.tables[table]
        quote = connection.ops.quote_name
        names = ", ".join(map(quote, columns))
        if self.postgresql:
            cursor.copy_expert(f"COPY {quote(table)} ({names}) FROM STDIN", io.StringIO(rows))
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", rows)

    def write(self, target: Contents) -> None:
        """Make every table hold exactly the rows of `target`."""
        current = self.read()
        changed = [table for table in self.tables if current[table] != target[table]]
        if not changed:
            return
        quote = connection.ops.quote_name
        with transaction.atomic(), connection.cursor() as cursor:
            for table in changed:
                cursor.execute(f"DELETE FROM {quote(table)}")
            for table in changed:
                if target[table]:
                    self._insert(cursor, table, target[table])
            if self.postgresql:
                filled = [self.tables[table][0] for table in changed if target[table]]
                for sql in connection.ops.sequence_reset_sql(no_style(), filled):
                    cursor.execute(sql)
            elif SearchEntry._meta.db_table in changed:
                cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")


_tables_now: Tables | None = None
#: the tables' rows before the first browser test, which `flush` puts back
base: Contents | None = None
_sets: dict[str, Contents] = {}


def remember_base() -> None:
    global _tables_now, base
    if base is None:
        _tables_now = Tables()
        base = _tables_now.read()


def flush() -> None:
    _tables_now.write(base)


def data_set(name: str, build: Callable[[], object]) -> None:
    """Make the data set `name`: with `build()` the first time, from a copy of its rows afterwards."""
    if name in _sets:
        _tables_now.write(_sets[name])
    else:
        build()
        _sets[name] = _tables_now.read()
