"""XLSX workbooks that open well: a bold, frozen header row, columns as wide as their content,
numbers (ordinals, values, years) as numbers, dates as text at their precision ("2025-04" stays
"2025-04", not 1 April), one sheet per table and a last sheet of column notes. The import reads
the first sheet, so every workbook written here imports back (events.importing.parse_xlsx)."""

import itertools
from collections.abc import Iterable, Iterator
from decimal import Decimal, InvalidOperation

from django.apps import apps

from .dates import DatePrecision

NUMBER_COLUMNS = {"ordinal", "value_amount"}
NOTES_SHEET = "column notes"
# Widths come from the first rows only, so a large table is still written as a stream.
WIDTH_SAMPLE = 500
MAX_WIDTH = 60


def number(text: str):
    """A number column's cell: an int or a float, or the text itself when it is not a number."""
    if text in ("", None):
        return None
    try:
        value = Decimal(str(text))
    except InvalidOperation:
        return text
    return int(value) if value == value.to_integral_value() else float(value)


def column_note(column: str) -> str:
    """What a column holds, from the models' own fields (help text, or the verbose name)."""
    for model in apps.get_app_config("events").get_models():
        names = {field.name: field for field in model._meta.fields}
        if column in names:
            field = names[column]
            if f"{column}_precision" in names:
                return (
                    f"{field.verbose_name}: a date as text at its precision "
                    f"({', '.join(DatePrecision.values)}): YYYY, YYYY-MM or YYYY-MM-DD"
                )
            kind = "the related record's slug" if field.is_relation else ""
            kind = "a number" if column in NUMBER_COLUMNS else kind
            text = str(field.help_text or field.verbose_name)
            return f"{text} ({kind})" if kind else text
    return ""


def write_workbook(stream, tables: Iterable[tuple[str, Iterator[list]]]) -> None:
    """Write `tables` — (sheet title, rows with the header first) — and the column notes to `stream`."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    bold = Font(bold=True)
    noted = {}
    for title, rows in tables:
        sheet = book.create_sheet(title=title[:31])
        rows = iter(rows)
        headers = [str(header) for header in next(rows, [])]
        sample = list(itertools.islice(rows, WIDTH_SAMPLE))
        numeric = [header in NUMBER_COLUMNS for header in headers]
        for index, header in enumerate(headers):
            longest = max([len(header), *(len(str(row[index] or "")) for row in sample)])
            sheet.column_dimensions[get_column_letter(index + 1)].width = min(MAX_WIDTH, longest + 2)
            noted.setdefault(header, column_note(header))
        sheet.freeze_panes = "A2"
        header_cells = []
        for header in headers:
            cell = WriteOnlyCell(sheet, value=header)
            cell.font = bold
            header_cells.append(cell)
        sheet.append(header_cells)
        for row in itertools.chain(sample, rows):
            sheet.append([number(value) if numeric[i] else value for i, value in enumerate(row)])
    notes = book.create_sheet(title=NOTES_SHEET)
    notes.column_dimensions["A"].width = max([len("column"), *map(len, noted)]) + 2
    notes.column_dimensions["B"].width = MAX_WIDTH * 2
    notes.freeze_panes = "A2"
    heading = []
    for text in ("column", "what it holds"):
        cell = WriteOnlyCell(notes, value=text)
        cell.font = bold
        heading.append(cell)
    notes.append(heading)
    for column, note in noted.items():
        notes.append([column, note])
    book.save(stream)
