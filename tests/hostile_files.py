"""Files an attacker (or an unlucky spreadsheet) might upload, built in memory."""

import io
import json
import zipfile

import openpyxl

TEN_MB = 10 * 1024 * 1024


CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'sharedStrings" Target="sharedStrings.xml"/></Relationships>'
)


def _cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def workbook(rows_xml: str, *, dimension: str = "A1:B2", shared_strings: bytes = b"") -> bytes:
    """A minimal XLSX workbook with the given sheetData rows, written by hand as an attacker would."""
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="{dimension}"/><sheetData>{rows_xml}</sheetData></worksheet>'
    )
    strings = (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' + shared_strings + b"</sst>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        archive.writestr("xl/sharedStrings.xml", strings)
    return out.getvalue()


def _rows(data_rows: int) -> str:
    rows = [f'<row r="1">{_cell("A1", "slug")}{_cell("B1", "name")}</row>']
    rows += [
        f'<row r="{n}">{_cell(f"A{n}", f"t-{n}")}{_cell(f"B{n}", f"Topic {n}")}</row>' for n in range(2, data_rows + 2)
    ]
    return "".join(rows)


def dimension_bomb(data_rows: int = 1) -> bytes:
    """A sheet declaring A1:XFD1048576, with one cell in row 1,048,576 (after `data_rows` rows)."""
    last = f'<row r="1048576">{_cell("XFD1048576", "x")}</row>'
    return workbook(_rows(data_rows) + last, dimension="A1:XFD1048576")


def declared_dimension_only(data_rows: int = 3) -> bytes:
    """An honest table in a sheet whose declared dimension is A1:XFD1048576."""
    return workbook(_rows(data_rows), dimension="A1:XFD1048576")


def wide_row_bomb() -> bytes:
    """A header row whose last cell is in column XFD (16,384)."""
    return workbook(f'<row r="1">{_cell("A1", "slug")}{_cell("XFD1", "x")}</row>', dimension="A1:XFD1")


def shared_strings_bomb(strings: int = 3_000_000) -> bytes:
    """Two rows, and a shared strings table of `strings` entries (it compresses to little)."""
    return workbook(_rows(1), shared_strings=b"<si><t>bomb-string</t></si>" * strings)


def many_strings_workbook(rows: int) -> bytes:
    """An honest but large workbook, as openpyxl writes it: `rows` rows of distinct text."""
    book = openpyxl.Workbook()
    book.active.append(["slug", "name", "description"])
    for n in range(rows):
        book.active.append([f"t-{n}", f"Topic {n}", f"About {n} " * 8])
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def comma_csv(size: int = TEN_MB) -> bytes:
    """A CSV of nothing but empty cells."""
    return b"slug,name\n" + b",\n" * (size // 2)


def wide_csv(size: int = TEN_MB) -> bytes:
    return b"slug,name" + b"," * size + b"\n"


def topics_csv(size: int = TEN_MB) -> bytes:
    """The largest honest CSV the admin admits: topic rows up to `size` bytes."""
    lines, total, n = [b"slug,name,description\n"], 0, 0
    while total < size - 200:
        line = f"topic-{n},Topic {n},A description of topic {n} that runs on for a while as they do\n".encode()
        lines.append(line)
        total += len(line)
        n += 1
    return b"".join(lines)


def nul_csv(at: int = 5000) -> bytes:
    body = b"slug,name\n" + b"".join(f"t-{n},Topic {n}\n".encode() for n in range(at // 12))
    return body + b"late,Late\x00name\n"


def deep_json(levels: int = 5000) -> bytes:
    return b"[" * levels + b"]" * levels


def empty_objects_json(size: int = TEN_MB) -> bytes:
    return b"[" + b"{}," * (size // 3) + b"{}]"


def short_strings_json(size: int = TEN_MB) -> bytes:
    return b"[" + b'"a",' * (size // 4) + b'"a"]'


def json_rows(value: str) -> bytes:
    return f'[{{"slug": "a", "name": {value}}}]'.encode()


def json_text(records) -> bytes:
    return json.dumps(records).encode()
