import csv
import io

import pytest

from events.models import Summit

pytestmark = pytest.mark.usefixtures("cainfo_data")


def read_csv(response):
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8"))))


def test_format_csv_returns_only_the_filtered_rows_in_the_requested_order(client):
    rows = read_csv(client.get("/api/v1/summits/", {"format": "csv", "mechanism": "c5-c", "ordering": "-date"}))
    header, *records = rows
    slugs = [dict(zip(header, row, strict=True))["slug"] for row in records]
    assert slugs == ["china-central-asia-astana-summit-2025", "china-central-asia-xian-summit-2023"]
    dates = [dict(zip(header, row, strict=True))["date"] for row in records]
    assert dates == ["2025", "2023"]


def test_format_csv_escapes_cells_a_spreadsheet_would_run_as_formulas(client):
    Summit.objects.filter(slug="ca-jad-tokyo-summit-2025").update(outcome="=HYPERLINK(1)")
    header, *records = read_csv(client.get("/api/v1/summits/", {"format": "csv"}))
    outcomes = {dict(zip(header, row, strict=True))["outcome"] for row in records}
    assert "'=HYPERLINK(1)" in outcomes
    assert "=HYPERLINK(1)" not in outcomes


def test_format_csv_still_rejects_an_unknown_parameter_with_a_reason(client):
    response = client.get("/api/v1/summits/", {"format": "csv", "yaer": "2025"})
    assert response.status_code == 400
    assert "yaer" in response.content.decode()


def test_format_csv_is_offered_on_lists_only(client):
    assert client.get("/api/v1/summits/ca-jad-tokyo-summit-2025/", {"format": "csv"}).status_code == 404
