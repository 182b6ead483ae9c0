"""Importing a CSV, XLSX or JSON file into one table: read, check, import all-or-nothing, report.

Used by ``manage.py import_csv`` and the admin's import (whose formats read files through
``read_dataset`` too). One bad row means nothing is written, and the report names every bad row
with its row number (the header is row 1, as in a spreadsheet), column, value and reason.
"""

import codecs
import csv
import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

import tablib
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import transaction
from import_export.formats import base_formats
from import_export.results import Result, RowResult

from .resources import BulkImportAbandoned, HeaderError, cell_text, get_resource
from .search import indexing_deferred

FORMATS = ("csv", "xlsx", "json")
DEFAULT_MAX_IMPORT_BYTES = 10 * 1024 * 1024


def max_import_bytes() -> int:
    return getattr(settings, "CSV_IMPORT_MAX_BYTES", DEFAULT_MAX_IMPORT_BYTES)


@dataclass(frozen=True)
class RowError:
    """One problem: `row` counts the header as row 1 (None: the file as a whole)."""

    row: int | None
    column: str
    value: str
    reason: str

    def __str__(self) -> str:
        where = [f"row {self.row}" if self.row is not None else "file"]
        if self.column:
            where.append(f"column {self.column}")
        if self.value:
            where.append(f"value {self.value!r}")
        return f"{', '.join(where)}: {self.reason}"


class ImportFileError(Exception):
    """The file cannot be read as a table at all (encoding, format, empty)."""

    def __init__(self, reason: str, errors: list[RowError] | None = None):
        super().__init__(reason)
        self.errors = errors or [RowError(None, "", "", reason)]


@dataclass
class ImportReport:
    name: str
    dry_run: bool = False
    total: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    result: Result | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        counts = f"{self.new} new, {self.updated} updated, {self.unchanged} unchanged, {len(self.errors)} errors"
        if self.errors:
            outcome = "nothing was written"
        elif self.dry_run:
            outcome = "dry run, nothing was written"
        elif self.new or self.updated:
            outcome = "written"
        else:
            outcome = "nothing to change"
        return f"{self.name}: {self.total} rows: {counts} ({outcome})."


# --- reading -----------------------------------------------------------------------------------


def decode_text(data: bytes) -> str:
    """UTF-8 text, with or without a byte order mark; anything else is refused with a reason."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ImportFileError(
            "The file is encoded as UTF-16 (Excel's 'Unicode Text'), not UTF-8: "
            "save it as 'CSV UTF-8 (comma delimited)' and import it again."
        )
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        byte = data[error.start]
        try:
            data.decode("cp1252")
            guess = " It looks like Windows-1252 / Latin-1 (Excel's plain 'CSV' format)."
        except UnicodeDecodeError:
            guess = ""
        raise ImportFileError(
            f"The file is not UTF-8: byte 0x{byte:02x} on line {line} is not valid UTF-8.{guess} "
            "Save the file as 'CSV UTF-8 (comma delimited)' and import it again."
        ) from None


def _sniff_binary(data: bytes) -> None:
    if data.startswith(b"PK\x03\x04"):
        raise ImportFileError("This is a ZIP or XLSX file, not CSV text: import it with the xlsx format.")
    if data.startswith(b"%PDF"):
        raise ImportFileError("This is a PDF file, not CSV text.")
    if b"\x00" in data[:4096]:
        raise ImportFileError("This is a binary file (or UTF-16 text), not UTF-8 CSV text.")


def _blank(row: list, index: int) -> bool:
    return index >= len(row) or cell_text(row[index]).strip() == ""


def _dataset(headers: list, rows: list[list], *, start: int = 2) -> tablib.Dataset:
    """Headers and rows as a Dataset with every cell as text; rows of the wrong width are
    reported (`start`: the row number of rows[0])."""
    headers = [cell_text(header).strip() for header in headers]
    while headers and headers[-1] == "" and all(_blank(row, len(headers) - 1) for row in rows):
        headers.pop()  # spreadsheets often keep empty columns to the right of the table
    width = len(headers)
    if not width:
        raise ImportFileError("The file has no header row: the first row must name the columns.")
    problems = []
    cleaned = []
    for number, row in enumerate(rows, start):
        row = list(row)
        while len(row) > width and row[-1] in ("", None):
            row.pop()
        if not any(cell not in ("", None) for cell in row):
            row = [""] * width
        if len(row) != width:
            problems.append(
                RowError(number, "", "", f"this row has {len(row)} cells but the header has {width} columns")
            )
            continue
        cleaned.append([cell_text(cell) for cell in row])
    if problems:
        raise ImportFileError("Some rows do not match the header.", problems)
    if not cleaned:
        raise ImportFileError("The file has a header row but no data rows: there is nothing to import.")
    dataset = tablib.Dataset(headers=headers)
    dataset.extend(cleaned)
    return dataset


def parse_csv(text: str) -> tablib.Dataset:
    stripped = text.lstrip()
    if not stripped:
        raise ImportFileError("The file is empty.")
    if stripped[0] in "[{":
        raise ImportFileError("This looks like JSON, not CSV: import it with the json format.")
    if stripped[0] == "<":
        raise ImportFileError("This looks like HTML or XML, not CSV.")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        rows = list(reader)
    except csv.Error as error:
        raise ImportFileError(f"The file is not valid CSV near line {reader.line_num}: {error}.") from None
    while rows and not any(cell.strip() for cell in rows[-1]):
        rows.pop()
    return _dataset(rows[0], rows[1:])


def parse_xlsx(data: bytes) -> tablib.Dataset:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError):
        raise ImportFileError("This is not an XLSX workbook (Excel 2007 or later).") from None
    try:
        rows = [list(row) for row in book.active.iter_rows(values_only=True)]
    finally:
        book.close()
    while rows and all(cell in ("", None) for cell in rows[-1]):
        rows.pop()
    if not rows:
        raise ImportFileError("The workbook's first sheet is empty.")
    return _dataset(rows[0], rows[1:])


def parse_json(text: str) -> tablib.Dataset:
    if not text.strip():
        raise ImportFileError("The file is empty.")
    try:
        records = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFileError(f"The file is not valid JSON: {error}.") from None
    if not isinstance(records, list) or not all(isinstance(record, dict) for record in records):
        raise ImportFileError("A JSON import file is a list of objects, one per row, as the JSON export writes.")
    if not records:
        raise ImportFileError("The file has no rows: there is nothing to import.")
    headers = list(records[0])
    problems = []
    for number, record in enumerate(records, 2):
        if list(record) != headers and set(record) != set(headers):
            reason = f"this object's keys differ from the first one's ({', '.join(headers)})"
            problems.append(RowError(number, "", "", reason))
        for key, value in record.items():
            if isinstance(value, (dict, list)):
                problems.append(RowError(number, key, "", "a cell must be text, a number or null"))
    if problems:
        raise ImportFileError("Some rows do not match the first.", problems)
    return _dataset(headers, [[record.get(header) for header in headers] for record in records])


def read_dataset(*, data: bytes | str, file_format: str = "csv") -> tablib.Dataset:
    """The file's rows as a Dataset of text cells, or ImportFileError saying why not."""
    if file_format not in FORMATS:
        raise ImportFileError(f"Unknown format {file_format!r}: use one of {', '.join(FORMATS)}.")
    if file_format == "xlsx":
        if isinstance(data, str):
            raise ImportFileError("An XLSX workbook must be read as bytes.")
        if not data:
            raise ImportFileError("The file is empty.")
        return parse_xlsx(data)
    if isinstance(data, bytes):
        if not data:
            raise ImportFileError("The file is empty.")
        _sniff_binary(data)
        data = decode_text(data)
    else:
        data = data.removeprefix("\ufeff")
    return parse_csv(data) if file_format == "csv" else parse_json(data)


# --- importing ---------------------------------------------------------------------------------


def _report(*, name: str, result: Result, resource, dataset: tablib.Dataset, dry_run: bool) -> ImportReport:
    report = ImportReport(
        name=name,
        dry_run=dry_run,
        total=result.total_rows,
        new=result.totals[RowResult.IMPORT_TYPE_NEW],
        updated=result.totals[RowResult.IMPORT_TYPE_UPDATE],
        unchanged=result.totals[RowResult.IMPORT_TYPE_SKIP],
        result=result,
    )
    headers = dataset.headers or []
    for error in result.base_errors:
        if isinstance(error.error, HeaderError):
            report.errors.extend(RowError(1, column, column, reason) for column, reason in error.error.problems)
        else:
            report.errors.append(RowError(None, "", "", str(error.error)))
    for invalid in result.invalid_rows:
        values = dict(zip(headers, dataset[invalid.number - 1], strict=True))
        row_errors = []
        for key, messages in invalid.error_dict.items():
            column = "" if key == NON_FIELD_ERRORS else resource.column_for(key)
            row_errors.extend(RowError(invalid.number + 1, column, values.get(column, ""), m) for m in messages)
        row_errors.sort(key=lambda e: headers.index(e.column) if e.column in headers else len(headers))
        report.errors.extend(row_errors)
    for error_row in result.error_rows:
        for error in error_row.errors:
            reason = f"{type(error.error).__name__}: {error.error}"
            report.errors.append(RowError(error_row.number + 1, "", "", reason))
    report.errors.sort(key=lambda error: error.row or 0)
    return report


@transaction.atomic
def import_dataset(
    *,
    name: str,
    dataset: tablib.Dataset,
    dry_run: bool = False,
    user=None,
    file_name: str = "",
    progress: Callable[[int], None] | None = None,
    retain_instances: bool = False,
    with_diff: bool = False,
) -> ImportReport:
    """Import every row of `dataset` into the table `name` (a key of events.resources.RESOURCES)
    in one transaction; on any error, or for a dry run, nothing is written.

    The rows are first saved in bulk; if anything is wrong, that attempt is rolled back and the
    file imported row by row, which finds and names every bad row (see events.resources)."""
    options = dict(user=user, file_name=file_name, progress=progress, retain_instance_in_row_result=retain_instances)
    report = None
    if not with_diff:  # the admin's preview shows each row's changes, which bulk mode does not compare
        try:
            with transaction.atomic():
                report = _import(get_resource(name, with_diff=False, bulk=True), name, _copy(dataset), dry_run, options)
        except BulkImportAbandoned:
            report = None
    if report is None:
        with indexing_deferred():  # each record's search entry written once, after its rows
            report = _import(get_resource(name, with_diff=with_diff), name, dataset, dry_run, options)
    if dry_run or not report.ok:
        transaction.set_rollback(True)
    return report


def _import(resource, name: str, dataset: tablib.Dataset, dry_run: bool, options: dict) -> ImportReport:
    result = resource.import_data(
        dataset,
        dry_run=dry_run,
        raise_errors=False,
        use_transactions=True,
        rollback_on_validation_errors=True,
        **options,
    )
    return _report(name=name, result=result, resource=resource, dataset=dataset, dry_run=dry_run)


def _copy(dataset: tablib.Dataset) -> tablib.Dataset:
    """A copy to import from: an import rewrites its dataset's cells (formula escapes)."""
    return tablib.Dataset(*dataset, headers=dataset.headers)


def import_file(
    *,
    name: str,
    data: bytes,
    file_format: str = "csv",
    dry_run: bool = False,
    user=None,
    file_name: str = "",
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Read `data` and import it with import_dataset; a file that cannot be read gives a report
    with the reason and writes nothing."""
    get_resource(name)
    try:
        dataset = read_dataset(data=data, file_format=file_format)
    except ImportFileError as error:
        return ImportReport(name=name, dry_run=dry_run, errors=error.errors)
    return import_dataset(
        name=name, dataset=dataset, dry_run=dry_run, user=user, file_name=file_name, progress=progress
    )


# --- formats for the admin (the same reading as the command line) -------------------------------


class CSVFormat(base_formats.CSV):
    """CSV read by read_dataset; written as UTF-8 with a byte order mark so Excel shows Türkiye."""

    name = "csv"

    def create_dataset(self, in_stream, **kwargs):
        return read_dataset(data=in_stream, file_format="csv")

    def export_data(self, dataset, **kwargs):
        return "\ufeff" + super().export_data(dataset, **kwargs)


class XLSXFormat(base_formats.XLSX):
    """XLSX read by read_dataset; written by events.spreadsheets (bold frozen header, fitted widths,
    numbers as numbers)."""

    name = "xlsx"

    def export_data(self, dataset, **kwargs):
        from .spreadsheets import write_workbook

        stream = io.BytesIO()
        write_workbook(stream, [(dataset.title or "rows", [dataset.headers, *dataset])])
        return stream.getvalue()

    def create_dataset(self, in_stream, **kwargs):
        return read_dataset(data=in_stream, file_format="xlsx")


class JSONFormat(base_formats.JSON):
    name = "json"

    def create_dataset(self, in_stream, **kwargs):
        return read_dataset(data=in_stream, file_format="json")


ADMIN_FORMATS = [CSVFormat, XLSXFormat, JSONFormat]
