"""Reading an import file (CSV, XLSX or JSON) as a table of text cells, within bounds.

Every format is read within the same limits, checked while reading and before anything grows
large: at most MAX_ROWS rows, MAX_COLUMNS columns, MAX_CELLS cells and MAX_TEXT characters in
all. An XLSX workbook is a ZIP archive of XML: the sizes its members unpack to are checked before
any is opened (MAX_XLSX_UNPACKED, and MAX_SHARED_STRINGS for the shared strings, which openpyxl
reads whole), and the sheet's declared dimension is ignored (a sheet declaring A1:XFD1048576 would
make every row 16,384 cells wide). Within these limits a file is read in under MEMORY_CEILING
bytes (tests/test_import_hostile_files.py holds it; docs/reliability.md has the figures).

No text may hold a NUL character (PostgreSQL cannot store one): a NUL anywhere is reported with
its row and column, so that nothing an import or a restore writes can hold one.
"""

import codecs
import csv
import io
import json
import math
import re
import zipfile
from dataclasses import dataclass

import tablib

from .resources import cell_text

MAX_ROWS = 200_000
MAX_COLUMNS = 200
MAX_CELLS = 2_000_000
MAX_TEXT = 40_000_000  # characters in all cells together
MAX_XLSX_UNPACKED = 200 * 1024 * 1024  # bytes every member of the archive unpacks to, together
MAX_SHARED_STRINGS = 40 * 1024 * 1024  # bytes xl/sharedStrings.xml unpacks to
MAX_SHARED_STRING_COUNT = 500_000  # entries in it (openpyxl holds each as an object)
MEMORY_CEILING = 200 * 1024 * 1024
# The csv module's own limit on one cell (128 KiB by default, for the whole process) would refuse
# a long text this database holds; the limits above bound an upload instead.
csv.field_size_limit(2**31 - 1)
FORMATS = ("csv", "xlsx", "json")


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


class Bounds:
    """Counts cells and text as rows are read; refuses the file past any limit (`enforced`), and
    any text holding a NUL (always). `text_only`: every cell is text, and the whole file was
    already searched for a NUL (CSV)."""

    def __init__(self, enforced: bool = True, text_only: bool = False):
        self.enforced = enforced
        self.text_only = text_only
        self.cells = 0
        self.text = 0

    def row(self, number: int, row: list) -> None:
        if not self.enforced:
            if not self.text_only:
                self._refuse_nul(number, row)
            return
        if number > MAX_ROWS + 1:
            raise ImportFileError(
                f"The file has more than {MAX_ROWS:,} data rows (row {number:,} holds data): split it."
            )
        if len(row) > MAX_COLUMNS:
            raise ImportFileError(
                f"Row {number:,} has {len(row):,} cells; a file may have at most {MAX_COLUMNS} columns."
            )
        self.cells += len(row)
        if self.cells > MAX_CELLS:
            raise ImportFileError(f"The file has more than {MAX_CELLS:,} cells: split it.")
        if self.text_only:
            self.text += sum(map(len, row))
        else:
            self.text += sum(len(cell) for cell in row if isinstance(cell, str))
            self._refuse_nul(number, row)
        if self.text > MAX_TEXT:
            raise ImportFileError(f"The file holds more than {MAX_TEXT:,} characters of text: split it.")

    @staticmethod
    def _refuse_nul(number: int, row: list) -> None:
        for column, cell in enumerate(row, 1):
            if isinstance(cell, str) and "\x00" in cell:
                reason = f"cell {column} holds a NUL character (0x00), which no text may contain"
                raise ImportFileError(reason, [RowError(number, "", "", reason)])


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


def _dataset(headers: list, rows: list[list], *, start: int = 2, text_only: bool = False) -> tablib.Dataset:
    """Headers and rows as a Dataset with every cell as text; rows of the wrong width are
    reported (`start`: the row number of rows[0]; `text_only`: every cell is text already)."""
    headers = [cell_text(header).strip() for header in headers]
    while headers and headers[-1] == "" and all(_blank(row, len(headers) - 1) for row in rows):
        headers.pop()  # spreadsheets often keep empty columns to the right of the table
    width = len(headers)
    if not width:
        raise ImportFileError("The file has no header row: the first row must name the columns.")
    problems = []
    cleaned = []
    for number, row in enumerate(rows, start):
        if len(row) > width:
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
        cleaned.append(row if text_only else [cell_text(cell) for cell in row])
    if problems:
        raise ImportFileError("Some rows do not match the header.", problems)
    if not cleaned:
        raise ImportFileError("The file has a header row but no data rows: there is nothing to import.")
    return tablib.Dataset(*cleaned, headers=headers)  # every row has the header's width: checked above


def parse_csv(text: str, bounded: bool = True) -> tablib.Dataset:
    stripped = text.lstrip()
    if not stripped:
        raise ImportFileError("The file is empty.")
    if stripped[0] in "[{":
        raise ImportFileError("This looks like JSON, not CSV: import it with the json format.")
    if stripped[0] == "<":
        raise ImportFileError("This looks like HTML or XML, not CSV.")
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise ImportFileError(f"Line {line} holds a NUL character (0x00), which no text may contain.")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    bounds = Bounds(bounded, text_only=True)
    rows = []
    try:
        for row in reader:
            bounds.row(len(rows) + 1, row)
            rows.append(row)
    except csv.Error as error:
        raise ImportFileError(f"The file is not valid CSV near line {reader.line_num}: {error}.") from None
    while rows and not any(cell.strip() for cell in rows[-1]):
        rows.pop()
    return _dataset(rows[0], rows[1:], text_only=True)


def _check_xlsx_archive(data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise ImportFileError("This is not an XLSX workbook (Excel 2007 or later).") from None
    with archive:
        members = archive.infolist()
        unpacked = sum(member.file_size for member in members)
        if unpacked > MAX_XLSX_UNPACKED:
            raise ImportFileError(
                f"The workbook unpacks to {unpacked / 2**20:,.0f} MB; at most {MAX_XLSX_UNPACKED // 2**20} MB is read."
            )
        for member in members:
            if member.filename.lower().endswith("sharedstrings.xml"):
                _check_shared_strings(archive, member)


def _read_member(stream) -> bytes:
    try:
        return stream.read(2**20)
    except (zipfile.BadZipFile, EOFError, OSError):
        raise ImportFileError("This XLSX workbook is damaged: a part of it cannot be unpacked.") from None


def _check_shared_strings(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> None:
    if member.file_size > MAX_SHARED_STRINGS:
        raise ImportFileError(
            f"The workbook's shared strings unpack to {member.file_size / 2**20:,.0f} MB; "
            f"at most {MAX_SHARED_STRINGS // 2**20} MB is read."
        )
    count, tail = 0, b""
    with archive.open(member) as stream:  # unpacked a megabyte at a time, never whole
        while chunk := _read_member(stream):
            text = tail + chunk
            count += text.count(b"<si>") + text.count(b"<si ")
            tail = text[-3:]
            count -= tail.count(b"<si>") + tail.count(b"<si ")  # counted again with the next chunk
            if count > MAX_SHARED_STRING_COUNT:
                raise ImportFileError(
                    f"The workbook has more than {MAX_SHARED_STRING_COUNT:,} shared strings: split it, or save it "
                    "as CSV UTF-8."
                )


#: a row element numbered with as many digits as the first row past the limit, or more
LATE_ROW = re.compile(rb"""<row\b[^>]*?\sr=["'](\d{%d,})""" % len(str(MAX_ROWS + 1)))


def _check_row_numbers(book, sheet) -> None:
    """Refuse a sheet with a row numbered past the limit before openpyxl yields every blank row
    up to it, one at a time (a sheet whose only cell is XFD1048576)."""
    path, archive = getattr(sheet, "_worksheet_path", None), getattr(book, "_archive", None)
    if not path or archive is None:
        return
    tail = b""
    with archive.open(path) as stream:  # unpacked a megabyte at a time, never whole
        while chunk := _read_member(stream):
            text = tail + chunk
            if any(int(number) > MAX_ROWS + 1 for number in LATE_ROW.findall(text)):
                raise ImportFileError(f"The sheet has more than {MAX_ROWS:,} rows: split it.")
            tail = text[-200:]


def parse_xlsx(data: bytes, bounded: bool = True) -> tablib.Dataset:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    if bounded:
        _check_xlsx_archive(data)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError):
        raise ImportFileError("This is not an XLSX workbook (Excel 2007 or later).") from None
    bounds = Bounds(bounded)
    rows, blank_rows = [], 0
    try:
        sheet = book.active
        if sheet is None or not hasattr(sheet, "reset_dimensions"):
            raise ImportFileError("The workbook has no worksheet to read.")
        sheet.reset_dimensions()  # the declared dimension is not trusted: rows are as wide as their cells
        if bounded:
            _check_row_numbers(book, sheet)
        for number, cells in enumerate(sheet.iter_rows(values_only=True), 1):
            row = list(cells)
            while row and row[-1] in ("", None):
                row.pop()
            if not row:
                blank_rows += 1  # kept as a count: only blank rows followed by data become rows
                if bounded and number > MAX_ROWS + 1:
                    raise ImportFileError(f"The sheet has more than {MAX_ROWS:,} rows: split it.")
                continue
            bounds.row(number, row)
            rows.extend([] for _ in range(blank_rows))
            blank_rows = 0
            rows.append(row)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, SyntaxError) as error:
        # SyntaxError: the XML parser's ParseError; ValueError / TypeError: a cell openpyxl cannot read
        raise ImportFileError(f"This XLSX workbook is damaged: {type(error).__name__}: {error}"[:300]) from None
    finally:
        book.close()
    if not rows:
        raise ImportFileError("The workbook's first sheet is empty.")
    width = len(rows[0])
    for row in rows:
        row.extend([None] * (width - len(row)))  # cells left empty at the right end of a row
    return _dataset(rows[0], rows[1:])


def _finite_number(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise ImportFileError(f"The number {text} is too large to store.")
    return number


def _no_constant(name: str):
    raise ImportFileError(f"{name} is not a number a JSON import may hold: write the cell empty or as text.")


def parse_json(text: str, bounded: bool = True) -> tablib.Dataset:
    if not text.strip():
        raise ImportFileError("The file is empty.")
    if bounded and text.count("{") > MAX_ROWS + 1:
        raise ImportFileError(f"The file has more than {MAX_ROWS:,} objects: split it.")
    try:
        records = json.loads(text, parse_float=_finite_number, parse_constant=_no_constant)
    except json.JSONDecodeError as error:
        raise ImportFileError(f"The file is not valid JSON: {error}.") from None
    except RecursionError:
        raise ImportFileError(
            "A JSON import file is a list of objects of plain values (text, numbers, null), as the JSON export "
            "writes: this one nests lists or objects hundreds of levels deep."
        ) from None
    if not isinstance(records, list) or not all(isinstance(record, dict) for record in records):
        raise ImportFileError("A JSON import file is a list of objects, one per row, as the JSON export writes.")
    if not records:
        raise ImportFileError("The file has no rows: there is nothing to import.")
    headers = list(records[0])
    problems = []
    bounds = Bounds(bounded)
    bounds.row(1, headers)
    for number, record in enumerate(records, 2):
        if list(record) != headers and set(record) != set(headers):
            reason = f"this object's keys differ from the first one's ({', '.join(headers)})"
            problems.append(RowError(number, "", "", reason))
        for key, value in record.items():
            if isinstance(value, (dict, list)):
                problems.append(RowError(number, key, "", "a cell must be text, a number or null"))
            elif isinstance(value, int) and not isinstance(value, bool) and abs(value) > 2**63:
                problems.append(RowError(number, key, "", "this number is too large to store"))
        bounds.row(number, list(record.values()))
    if problems:
        raise ImportFileError("Some rows do not match the first.", problems)
    return _dataset(headers, [[record.get(header) for header in headers] for record in records])


def read_dataset(*, data: bytes | str, file_format: str = "csv", bounded: bool = True) -> tablib.Dataset:
    """The file's rows as a Dataset of text cells, or ImportFileError saying why not. `bounded`:
    within the limits above (False only for files we wrote ourselves, such as backups)."""
    if file_format not in FORMATS:
        raise ImportFileError(f"Unknown format {file_format!r}: use one of {', '.join(FORMATS)}.")
    if file_format == "xlsx":
        if isinstance(data, str):
            raise ImportFileError("An XLSX workbook must be read as bytes.")
        if not data:
            raise ImportFileError("The file is empty.")
        return parse_xlsx(data, bounded)
    if isinstance(data, bytes):
        if not data:
            raise ImportFileError("The file is empty.")
        _sniff_binary(data)
        data = decode_text(data)
    else:
        data = data.removeprefix("\ufeff")
    return parse_csv(data, bounded) if file_format == "csv" else parse_json(data, bounded)
