"""Rows read with plain SQL whose values come out as the ORM's would: each column passed through
the converters the ORM's compiler applies to its field (SQLite's text datetimes made aware,
its 0 and 1 made booleans, JSON parsed, decimals made Decimal). For reads whose queries cost
more to build through the ORM than to run."""

from django.db import connection


class Columns:
    """The columns of `fields` (of one model) under a table alias, as SQL and as converters."""

    def __init__(self, fields, alias: str):
        quote = connection.ops.quote_name
        self.fields = list(fields)
        self.sql = ", ".join(f"{alias}.{quote(field.column)}" for field in self.fields)
        self.converters = []  # (column index, [converter], its expression)
        for index, field in enumerate(self.fields):
            column = field.get_col(alias)
            functions = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
            if functions:
                self.converters.append((index, functions, column))

    def converted(self, values) -> list:
        """One row's values for these columns, as the ORM reads them."""
        values = list(values)
        for index, functions, column in self.converters:
            value = values[index]
            for function in functions:
                value = function(value, column, connection)
            values[index] = value
        return values


def fetch(sql: str, params) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def placeholders(values) -> str:
    return ", ".join(["%s"] * len(values))
