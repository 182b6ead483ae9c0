import csv
import io
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from events.resources import export_rows
from events.spreadsheets import NOTES_SHEET, NUMBER_COLUMNS

pytestmark = pytest.mark.usefixtures("cainfo_data")

SOFFICE = shutil.which("soffice")


def exported_text(name):
    return [list(row) for row in export_rows(name)]


def check_workbook(book, name):
    assert book.sheetnames == [name, NOTES_SHEET]
    sheet = book[name]
    assert sheet.freeze_panes == "A2"
    rows = [list(row) for row in sheet.iter_rows()]
    assert all(cell.font.bold for cell in rows[0])
    headers = [cell.value for cell in rows[0]]
    expected = exported_text(name)
    assert headers == expected[0]
    for cells, text in zip(rows[1:], expected[1:], strict=True):
        for header, cell, value in zip(headers, cells, text, strict=True):
            if header in ("ordinal", "value_amount") and value:
                assert isinstance(cell.value, int | float), (header, cell.value)
                assert float(cell.value) == float(value)
            else:
                assert (cell.value or "") == value, (header, cell.value, value)
    for index, header in enumerate(headers):
        letter = rows[0][index].column_letter
        longest = max(len(header), *(len(str(row[index])) for row in expected[1:]))
        assert sheet.column_dimensions[letter].width >= min(longest, 60), header
    notes = {row[0]: row[1] for row in book[NOTES_SHEET].iter_rows(min_row=2, values_only=True)}
    assert set(headers) <= set(notes)
    return headers, rows


def test_export_csv_writes_an_xlsx_with_a_bold_frozen_header_numbers_and_dates_as_text(tmp_path):
    path = tmp_path / "summits.xlsx"
    call_command("export_csv", "summits", "--format", "xlsx", "--output", str(path), stderr=io.StringIO())
    headers, rows = check_workbook(load_workbook(path), "summits")
    dates = [row[headers.index("date")].value for row in rows[1:]]
    assert "2025-04" in dates and all(isinstance(date, str | type(None)) for date in dates)


def test_an_xlsx_export_imports_back_unchanged(tmp_path):
    path = tmp_path / "agreements.xlsx"
    call_command("export_csv", "agreements", "--format", "xlsx", "--output", str(path), stderr=io.StringIO())
    output = io.StringIO()
    call_command("import_csv", "agreements", str(path), "--dry-run", stdout=output)
    assert "0 new, 0 updated" in output.getvalue()


def test_the_admin_xlsx_export_is_formatted_the_same_way(admin_client):
    response = admin_client.post(reverse("admin:events_summit_export"), {"format": "1", "resource": "0"})
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.bold for cell in next(sheet.iter_rows()))
    headers = [cell.value for cell in next(sheet.iter_rows())]
    ordinals = [row[headers.index("ordinal")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert any(isinstance(value, int) for value in ordinals)
    assert book.sheetnames == ["summits", NOTES_SHEET]


LIBREOFFICE_TABLES = ["sources", "summits", "agreements"]


@pytest.fixture(scope="module")
def libreoffice_shows(tmp_path_factory):
    """`shows(file_format)`: the directory where LibreOffice saved, as UTF-8 CSV, what it shows
    of each of LIBREOFFICE_TABLES exported in that format. The first test of a format exports
    the three (every test has the same fixtures) and LibreOffice opens them in one run: its
    start-up is most of a conversion's time."""
    shown = {}

    def shows(file_format):
        if file_format not in shown:
            work = tmp_path_factory.mktemp(f"libreoffice-{file_format}")
            sources = [work / f"{name}.{file_format}" for name in LIBREOFFICE_TABLES]
            for name, source in zip(LIBREOFFICE_TABLES, sources, strict=True):
                call_command("export_csv", name, "--format", file_format, "--output", str(source), stderr=io.StringIO())
            # Headless, LibreOffice does not look for the byte order mark: name UTF-8 (76) as its import dialog does.
            infilter = ["--infilter=CSV:44,34,76,1"] if file_format == "csv" else []
            subprocess.run(
                [
                    SOFFICE,
                    f"-env:UserInstallation=file://{work / 'profile'}",
                    "--headless",
                    *infilter,
                    "--convert-to",
                    "csv:Text - txt - csv (StarCalc):44,34,76,1",
                    "--outdir",
                    str(work / "out"),
                    *map(str, sources),
                ],
                check=True,
                capture_output=True,
                timeout=180,
            )
            shown[file_format] = work / "out"
        return shown[file_format]

    return shows


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.parametrize("name", LIBREOFFICE_TABLES)
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_libreoffice_shows_every_cell_of_the_export_with_its_characters_and_dates_intact(
    libreoffice_shows, file_format, name
):
    """LibreOffice opens the file and saves what it shows as UTF-8 CSV: every cell must read as exported."""
    shown = list(
        csv.reader(io.StringIO((libreoffice_shows(file_format) / f"{name}.csv").read_text(encoding="utf-8-sig")))
    )
    expected = exported_text(name)
    assert len(shown) == len(expected)
    numbers = [header in NUMBER_COLUMNS for header in expected[0]]
    assert shown[0] == expected[0]
    for got, want in zip(shown[1:], expected[1:], strict=True):
        for is_number, cell, value in zip(numbers, got, want, strict=False):
            assert (Decimal(cell) == Decimal(value)) if is_number and value else cell == value, (cell, value)


def test_export_csv_all_writes_every_table_to_one_workbook_a_sheet_each(tmp_path):
    from django.core.management import CommandError

    from events.resources import RESOURCES

    path = tmp_path / "all.xlsx"
    call_command("export_csv", "all", "--format", "xlsx", "--output", str(path), stderr=io.StringIO())
    book = load_workbook(path)
    assert book.sheetnames == [*RESOURCES, NOTES_SHEET]
    for name in RESOURCES:
        assert [list(row) for row in book[name].iter_rows(max_row=1, values_only=True)][0] == exported_text(name)[0]
    with pytest.raises(CommandError, match="one XLSX workbook"):
        call_command("export_csv", "all", stdout=io.StringIO())
