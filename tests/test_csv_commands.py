import io
import json

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from events.models import Summit
from tests.factories import make_summit

pytestmark = pytest.mark.django_db


def export(*args) -> str:
    out = io.StringIO()
    call_command("export_csv", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_export_csv_writes_utf8_with_a_byte_order_mark_and_crlf_line_ends():
    make_summit(slug="ankara", name="Türkiye Summit", date=None, date_precision="")
    text = export("summits")
    assert text.startswith("\ufeffslug,name,mechanism,date,city,host,level,ordinal,topics,outcome,curator_note\r\n")
    assert "ankara,Türkiye Summit,,,,,,,,,\r\n" in text
    assert not export("summits", "--no-bom").startswith("\ufeff")


def test_export_csv_writes_json_and_xlsx_files_that_import_back_unchanged(tmp_path):
    make_summit(slug="ankara", name="Türkiye Summit")
    json_file, xlsx_file = tmp_path / "s.json", tmp_path / "s.xlsx"
    call_command("export_csv", "summits", "--format", "json", "--output", str(json_file), stderr=io.StringIO())
    call_command("export_csv", "summits", "--format", "xlsx", "-o", str(xlsx_file), stderr=io.StringIO())
    assert json.loads(json_file.read_text("utf-8"))[0]["name"] == "Türkiye Summit"
    assert openpyxl.load_workbook(xlsx_file).active["B2"].value == "Türkiye Summit"
    for path in (json_file, xlsx_file):
        out = io.StringIO()
        call_command("import_csv", "summits", str(path), stdout=out)
        assert "0 new, 0 updated, 1 unchanged, 0 errors" in out.getvalue()


def test_import_csv_prints_a_summary_and_writes_the_rows(tmp_path):
    path = tmp_path / "summits.csv"
    path.write_text("slug,name,date\nankara,Ankara,2025-04\nbaku,Baku,2025\n", "utf-8")
    out = io.StringIO()
    call_command("import_csv", "summits", str(path), stdout=out)
    assert out.getvalue() == "summits: 2 rows: 2 new, 0 updated, 0 unchanged, 0 errors (written).\n"
    assert Summit.objects.count() == 2


def test_import_csv_dry_run_writes_nothing(tmp_path):
    path = tmp_path / "summits.csv"
    path.write_text("slug,name\nankara,Ankara\n", "utf-8")
    out = io.StringIO()
    call_command("import_csv", "summits", str(path), "--dry-run", stdout=out)
    assert "1 new" in out.getvalue() and "dry run, nothing was written" in out.getvalue()
    assert not Summit.objects.exists()


def test_import_csv_lists_every_error_and_exits_non_zero(tmp_path):
    path = tmp_path / "summits.csv"
    path.write_text("slug,name,date,host\nankara,Ankara,20/12/2025,\nbaku,Baku,2025,nobody\nok,OK,2025,\n", "utf-8")
    out = io.StringIO()
    with pytest.raises(CommandError, match="2 errors in summits.csv: nothing was written"):
        call_command("import_csv", "summits", str(path), stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[1].startswith("  row 2, column date, value '20/12/2025': ")
    assert lines[2] == "  row 3, column host, value 'nobody': No actor has the slug 'nobody'."
    assert not Summit.objects.exists()


def test_import_csv_reports_a_missing_file():
    with pytest.raises(CommandError, match="Cannot read /no/such.csv"):
        call_command("import_csv", "summits", "/no/such.csv")
