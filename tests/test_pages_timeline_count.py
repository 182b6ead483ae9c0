"""The timeline's count is kept under the data version (events.api.pagination.MergedNewestFirst):
a second visit does not count the tables again, and a committed change is counted at once."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories as f

# Changes must commit for the data version to change: no test-wide transaction here.
pytestmark = pytest.mark.django_db(transaction=True)

TIMELINE = reverse("events:timeline")


@pytest.fixture(autouse=True)
def api_cache_on(settings):
    settings.API_CACHE_SECONDS = 300


def shown_count(client, url=TIMELINE) -> str:
    return re.search(r'class="result-count" role="status">\s*([^.<]*)', client.get(url).content.decode())[1]


def counts(queries) -> int:
    return sum("COUNT(" in query["sql"] for query in queries)


def test_a_second_visit_reads_the_kept_count_and_a_saved_record_is_counted(client):
    f.make_summit(name="Tokyo", date=datetime.date(2025, 12, 20))
    f.make_agreement(name="Declaration", date=datetime.date(2025, 12, 20), date_precision="day")
    assert shown_count(client) == "2 records"
    with CaptureQueriesContext(connection) as queries:
        assert shown_count(client) == "2 records"
    assert counts(queries) == 0

    f.make_summit(name="Astana")
    assert shown_count(client) == "3 records"


def test_each_filter_keeps_its_own_count(client):
    f.make_summit(name="Tokyo", date=datetime.date(2025, 12, 20))
    f.make_agreement(name="Declaration", date=datetime.date(2025, 12, 20), date_precision="day")
    assert shown_count(client) == "2 records"
    assert shown_count(client, f"{TIMELINE}?kind=summits") == "1 record matches these filters"
    assert shown_count(client, f"{TIMELINE}?kind=agreements") == "1 record matches these filters"
    assert shown_count(client) == "2 records"
