"""Property tests of CSV import: whatever the bytes or text, import answers with a report (never
an unhandled exception) and a report with errors has written nothing."""

import csv
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from events.importing import import_file
from events.resources import RESOURCES, get_resource
from tests import factories as f

pytestmark = pytest.mark.django_db

SETTINGS = settings(
    max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
tables = st.sampled_from(list(RESOURCES))
cells = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["", "japan", "ca-jad", "2025", "2025-04", "2025-12-20", "2025-13", "host", "=1+1", "1e9", "-5"]),
)


@pytest.fixture
def some_records():
    f.make_actor(slug="japan", name="Japan", iso3="JPN")
    f.make_mechanism(slug="ca-jad", name="CA+JAD")


def counts() -> dict[str, int]:
    return {name: resource._meta.model._default_manager.count() for name, resource in RESOURCES.items()}


def import_and_check(name, data):
    before = counts()
    report = import_file(name=name, data=data)
    if not report.ok:
        assert counts() == before, report.errors
        assert all(error.reason for error in report.errors)
    return report


@SETTINGS
@given(name=tables, data=st.binary(max_size=300))
def test_arbitrary_bytes_give_a_report_and_write_nothing_when_wrong(some_records, name, data):
    import_and_check(name, data)


@SETTINGS
@given(name=tables, text=st.text(max_size=300))
def test_arbitrary_text_gives_a_report_and_writes_nothing_when_wrong(some_records, name, text):
    import_and_check(name, text.encode("utf-8"))


@st.composite
def files_with_real_columns(draw):
    """A table's own header (sometimes with a column dropped or repeated) and rows of arbitrary cells."""
    name = draw(tables)
    headers = list(get_resource(name).get_export_headers())
    if draw(st.booleans()):
        headers = draw(st.permutations(headers))[: draw(st.integers(1, len(headers)))]
    rows = draw(st.lists(st.lists(cells, min_size=len(headers), max_size=len(headers) + 1), max_size=5))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(rows)
    return name, buffer.getvalue().encode(draw(st.sampled_from(["utf-8", "utf-8-sig"])))


@SETTINGS
@given(file=files_with_real_columns())
def test_files_with_the_real_columns_and_arbitrary_cells_are_all_or_nothing(some_records, file):
    name, data = file
    import_and_check(name, data)
