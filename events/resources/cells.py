"""What one CSV cell holds: list separators, formula escaping, text of any cell type; the errors a file can raise."""

import datetime
import re
from collections.abc import Sequence

LIST_SEPARATOR = ";"


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


ESCAPE_FIRST = "".join(FORMULA_STARTS) + "'"  # a cell not starting with one of these is never escaped
_LINE_ESCAPE_FIRST = re.compile("\n[" + re.escape(ESCAPE_FIRST) + "]")


QUERY_CHUNK = 900  # below SQLite's and PostgreSQL's limits on query parameters


BULK_BATCH = 1000  # rows saved per bulk insert or update (and their history rows)


def _needs_escape(text: str) -> bool:
    """True for text a spreadsheet could run as a formula, also behind leading quotes, so that
    escaping stays reversible for text that itself starts with a quote."""
    return text.lstrip("'").startswith(FORMULA_STARTS)


def escape_formula(value):
    """'=1+1' -> "'=1+1": a spreadsheet shows the cell as text instead of running it."""
    if isinstance(value, str) and _needs_escape(value):
        return "'" + value
    return value


def escape_column(cells: Sequence[str]) -> Sequence[str]:
    """escape_formula for every cell of a column; the column as it is when no cell starts like a
    formula (most columns: one search in C, over the cells one a line; a line break inside a cell
    only sends its column the slow way)."""
    if not _LINE_ESCAPE_FIRST.search("\n" + "\n".join(cells)):
        return cells
    return ["'" + cell if _needs_escape(cell) else cell for cell in cells]


def unescape_formula(value):
    """The reverse of escape_formula: "'=1+1" -> '=1+1'; any other text is left as it is."""
    if isinstance(value, str) and value.startswith("'") and _needs_escape(value[1:]):
        return value[1:]
    return value


def cell_text(value) -> str:
    """Any cell read from CSV, XLSX or JSON as text: None -> "", 2004.0 -> "2004", a date typed
    into a spreadsheet -> its ISO text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.datetime):
        value = value.date() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return value if isinstance(value, str) else str(value)


class ColumnError(ValueError):
    """A cell's value is wrong; `column` names the cell when it is not the field's own column."""

    def __init__(self, message: str, column: str | None = None):
        super().__init__(message)
        self.column = column


class HeaderError(Exception):
    """The file's header row is wrong; `problems` lists (column, reason) pairs."""

    def __init__(self, problems: list[tuple[str, str]]):
        super().__init__("; ".join(f"{column}: {reason}" for column, reason in problems))
        self.problems = problems


class BulkImportAbandoned(Exception):
    """A bulk import met a problem (a bad row, or the database refused a batch): the caller rolls
    it back and imports row by row, which names every bad row."""
