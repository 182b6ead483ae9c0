"""The time pages without a browser: status codes, the tables beside the charts, CSP-safe SVG;
and EDTF level 1 through a CSV import and export."""

import pytest

from events.importing import import_file
from events.models import Summit
from events.resources import export_rows

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    ["/as-of/?as_of=2025-11", "/as-of/?as_of=yesterday", "/changes/?start=2025-13-01", "/chart/?year_from=x"],
)
def test_a_bad_day_on_a_page_is_a_form_error_not_a_server_error(client, cainfo_data, url):
    response = client.get(url)
    assert response.status_code == 400
    assert b'class="errorlist' in response.content


def test_the_timeline_links_the_chart_and_the_changes(client, cainfo_data):
    body = client.get("/?mechanism=ca-jad").content.decode()
    assert 'href="/chart/?mechanism=ca-jad"' in body and 'href="/changes/"' in body


def test_the_timeline_chart_has_a_mark_and_a_table_row_per_dated_record_and_no_script(client, cainfo_data):
    body = client.get("/chart/").content.decode()
    assert body.count('class="mark mark-') == 17 == body.count("<tr><td>")
    assert "<script" not in body and "style=" not in body


def test_the_changes_page_lists_the_diff_with_its_sources(client, cainfo_data):
    body = client.get("/changes/?start=2025-10-01&end=2025-12-31").content.decode()
    assert "What changed between 1 October 2025 and 31 December 2025" in body
    assert body.count('<tr class="change-') == 12
    assert "Azerbaijan</a> joined" in body


def test_the_state_on_a_day_says_which_memberships_are_only_possible(client, cainfo_data):
    body = client.get("/as-of/?as_of=2025-11-10").content.decode()
    assert 'Azerbaijan</a> <span class="certainty-possible">(possible)</span>' in body
    assert body.count('class="edge possible"') == 1


SUMMITS = "slug,name,date\n"


def test_level_1_dates_go_through_a_csv_import_and_come_back_out_the_same(db):
    report = import_file(
        name="summits", data=(SUMMITS + "a,A,2025-11?\nb,B,2019/2025\nc,C,../2025\nd,D,2004~\n").encode()
    )
    assert (report.new, report.errors) == (4, [])
    assert dict(Summit.objects.values_list("slug", "date_text")) == {
        "a": "2025-11?",
        "b": "2019/2025",
        "c": "../2025",
        "d": "2004~",
    }
    rows = list(export_rows("summits"))
    dates = {row[0]: row[rows[0].index("date")] for row in rows[1:]}
    assert dates == {"a": "2025-11?", "b": "2019/2025", "c": "../2025", "d": "2004~"}


def test_a_bad_level_1_date_in_a_csv_file_names_the_row_and_the_reason(db):
    report = import_file(name="summits", data=(SUMMITS + "a,A,2025/2019\n").encode())
    assert [(e.row, e.column) for e in report.errors] == [(2, "date")]
    assert "ends before it starts" in report.errors[0].reason
    assert not Summit.objects.exists()
