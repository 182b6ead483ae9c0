"""Hostile and oversized import files: refused with a reason, read within the memory ceiling."""

import tracemalloc

import pytest
from django.urls import reverse

from events.file_reading import MAX_COLUMNS, MAX_ROWS, MEMORY_CEILING, read_dataset
from events.importing import ImportFileError, import_file
from events.models import Topic
from tests import hostile_files as hostile
from tests.api_helpers import curator_client


def peak_while_reading(data: bytes, file_format: str):
    """(dataset or the ImportFileError, peak bytes allocated while reading)."""
    tracemalloc.start()
    try:
        outcome = read_dataset(data=data, file_format=file_format)
    except ImportFileError as error:
        outcome = error
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return outcome, peak


def refusal(outcome) -> str:
    assert isinstance(outcome, ImportFileError), f"read {len(outcome)} rows instead of refusing"
    return " ".join(str(error) for error in outcome.errors)


@pytest.mark.parametrize(
    "make, file_format, reason",
    [
        (hostile.dimension_bomb, "xlsx", f"more than {MAX_ROWS:,} rows"),
        (lambda: hostile.dimension_bomb(5_000), "xlsx", f"more than {MAX_ROWS:,} rows"),
        (hostile.wide_row_bomb, "xlsx", f"at most {MAX_COLUMNS} columns"),
        (hostile.shared_strings_bomb, "xlsx", "shared strings unpack to"),
        (lambda: hostile.shared_strings_bomb(600_000), "xlsx", "more than 500,000 shared strings"),
        (hostile.comma_csv, "csv", f"more than {MAX_ROWS:,} data rows"),
        (hostile.wide_csv, "csv", f"at most {MAX_COLUMNS} columns"),
        (hostile.empty_objects_json, "json", f"more than {MAX_ROWS:,} objects"),
        (hostile.short_strings_json, "json", "a list of objects"),
        (hostile.deep_json, "json", "nests lists or objects hundreds of levels deep"),
    ],
    ids=[
        "xlsx-dimension-A1:XFD1048576",
        "xlsx-dimension-5000-rows",
        "xlsx-cell-in-column-XFD",
        "xlsx-shared-strings-77MB",
        "xlsx-shared-strings-600000",
        "csv-10MB-of-empty-cells",
        "csv-10-million-columns",
        "json-10MB-of-empty-objects",
        "json-10MB-of-strings",
        "json-5000-levels",
    ],
)
def test_a_hostile_file_is_refused_with_its_reason_within_the_memory_ceiling(make, file_format, reason):
    outcome, peak = peak_while_reading(make(), file_format)
    assert reason in refusal(outcome)
    assert peak < MEMORY_CEILING


def test_the_largest_honest_csv_the_admin_admits_is_read_within_the_memory_ceiling():
    data = hostile.topics_csv()
    outcome, peak = peak_while_reading(data, "csv")
    assert len(outcome) > 100_000
    assert peak < MEMORY_CEILING


def test_a_sheet_that_declares_a_huge_dimension_but_holds_a_small_table_is_read_as_that_table():
    dataset = read_dataset(data=hostile.declared_dimension_only(3), file_format="xlsx")
    assert dataset.headers == ["slug", "name"]
    assert len(dataset) == 3 and len(dataset[0]) == 2


@pytest.mark.parametrize(
    "data, file_format, reason",
    [
        (hostile.nul_csv(5000), "csv", "NUL character"),
        (hostile.json_rows('"late\\u0000name"'), "json", "NUL character"),
        (
            hostile.workbook(
                '<row r="1"><c r="A1" t="inlineStr"><is><t>slug</t></is></c></row><row r="2">'
                '<c r="A2" t="inlineStr"><is><t>a&#0;b</t></is></c></row>'
            ),
            "xlsx",
            "",
        ),
        (hostile.json_rows("NaN"), "json", "NaN is not a number"),
        (hostile.json_rows("Infinity"), "json", "Infinity is not a number"),
        (hostile.json_rows("-Infinity"), "json", "-Infinity is not a number"),
        (hostile.json_rows("1e400"), "json", "1e400 is too large"),
        (hostile.json_rows("1" * 40), "json", "too large to store"),
        (hostile.deep_json(5000), "json", "levels deep"),
        (b"PK\x03\x04 not really a zip", "xlsx", "not an XLSX workbook"),
    ],
    ids=[
        "csv-nul-after-4096",
        "json-nul",
        "xlsx-nul-entity",
        "nan",
        "infinity",
        "-infinity",
        "1e400",
        "huge-int",
        "deep",
        "broken-zip",
    ],
)
@pytest.mark.django_db
def test_an_import_of_a_bad_value_is_a_report_naming_it_and_writes_nothing(data, file_format, reason):
    report = import_file(name="topics", data=data, file_format=file_format)
    assert not report.ok
    assert reason in " ".join(str(error) for error in report.errors)
    assert not Topic.objects.exists()


@pytest.mark.django_db
def test_the_admin_preview_of_a_csv_with_a_late_nul_names_the_line(admin_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("topics.csv", hostile.nul_csv(5000), content_type="text/csv")
    response = admin_client.post(
        reverse("admin:events_topic_import"), {"import_file": upload, "format": "0", "resource": "0"}
    )
    assert response.status_code == 200
    assert "NUL character" in " ".join(response.context["form"].errors["import_file"])


@pytest.mark.django_db
@pytest.mark.parametrize("body", [b"[" * 5000 + b"]" * 5000, b'{"a": ' * 5000 + b"1" + b"}" * 5000])
def test_deeply_nested_json_in_an_api_request_is_a_400(body):
    response = curator_client().generic("POST", "/api/v1/topics/", body, content_type="application/json")
    assert response.status_code == 400
    assert "nested too deeply" in response.json()["detail"]


@pytest.mark.django_db
@pytest.mark.parametrize("value", [b"NaN", b"Infinity", b"1e400"])
def test_non_finite_numbers_in_an_api_request_are_a_400(value):
    body = b'{"slug": "a", "name": "A", "ordinal": ' + value + b', "date": "2025"}'
    response = curator_client().generic("POST", "/api/v1/summits/", body, content_type="application/json")
    assert response.status_code == 400
