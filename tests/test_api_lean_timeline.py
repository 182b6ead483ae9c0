import datetime

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request

from events.api.serializers import timeline_item
from events.dates import parse_edtf
from events.models import Agreement, Summit, set_partial_date
from tests import factories as f
from tests.api_helpers import anonymous
from tests.shared_data import shared_fixture

pytestmark = pytest.mark.django_db

DATES = ["2025-12-20", "2025-04", "2004", "2025-11?", "2004~", "2019/2025", "2025-11/..", "../2025", None]


@shared_fixture
def varied_timeline():
    actor = f.make_actor(slug="kazakhstan", name="Kazakhstan")
    host = f.make_actor(name="Japan")
    topics = [f.make_topic(name=name) for name in ["Trade", "Energy", "Critical minerals"]]
    mechanism = f.make_mechanism(slug="ca-jad")
    for n, text in enumerate(DATES):
        date = parse_edtf(text) if text else None
        summit = f.make_summit(
            name=f'Summit {n} "Ташкент" \u2028' if n == 1 else f"Summit {n}",
            mechanism=mechanism if n % 2 else None,
            host=host if n % 3 else None,
            city="Astana" if n % 2 else "",
            level="heads_of_state" if n % 3 == 1 else "",
        )
        set_partial_date(summit, "date", date)
        summit.save()
        summit.topics.set(topics[: n % 4])
        f.make_participation(summit, actor)
        agreement = Agreement(
            slug=f"agreement-{n}",
            name=f"Agreement {n}",
            kind=Agreement.Kind.TREATY if n % 2 else Agreement.Kind.ROADMAP,
            summit=summit if n % 3 == 2 else None,
            mechanism=mechanism if n % 4 == 1 else None,
        )
        set_partial_date(agreement, "date", date)
        agreement.save()
        agreement.topics.set(topics[(n % 3) :])
        if n % 2:
            f.make_party(agreement, actor)
    # a writer that set only (value, precision): the EDTF text no longer agrees with them
    Summit.objects.filter(name="Summit 4").update(date=datetime.date(2001, 1, 1), date_precision="year")


def through_the_records(url, body):
    """The page as `serializers.timeline_item` makes its items of the records, as bytes."""
    request = Request(RequestFactory().get(url))
    records = {
        ("summit", record.slug): record
        for record in Summit.objects.select_related("mechanism", "host").prefetch_related("topics")
    } | {
        ("agreement", record.slug): record
        for record in Agreement.objects.select_related("mechanism", "summit").prefetch_related("topics")
    }
    items = [timeline_item(records[item["type"], item["slug"]], request) for item in body["results"]]
    return JSONRenderer().render({**body, "results": items})


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?actor=kazakhstan",
        "?actor=kazakhstan&ordering=-date",
        "?type=agreement",
        "?type=summit&page_size=3&page=2",
        "?mechanism=ca-jad&year=2025",
        "?date_after=2004&date_before=2025-06",
        "?format=json&page_size=5",
        "?page_size=100",
    ],
)
def test_timeline_items_built_from_rows_are_byte_for_byte_what_the_records_give(varied_timeline, query):
    url = f"/api/v1/timeline/{query}"
    response = anonymous().get(url)
    assert response.status_code == 200
    body = response.json()
    assert body["results"] or query.startswith("?mechanism")
    assert response.content == through_the_records(url, body)


def test_the_rows_cover_what_the_edge_cases_hold(varied_timeline):
    items = anonymous().get("/api/v1/timeline/?page_size=100").json()["results"]
    assert len(items) == 2 * len(DATES)
    assert {item["date_precision"] for item in items} == {"day", "month", "year", None}
    assert {(item["level"], item["city"]) for item in items if item["type"] == "summit"} >= {
        (None, ""),
        ("heads_of_state", "Astana"),
    }
    assert any(item["summit"] for item in items) and any(item["host"] for item in items)
    assert all(item["kind"] is None for item in items if item["type"] == "summit")
    topics = next(item["topics"] for item in items if len(item["topics"]) == 3)
    assert [topic["name"] for topic in topics] == ["Critical minerals", "Energy", "Trade"]


def test_a_page_of_the_timeline_reads_its_items_in_one_query(varied_timeline):
    with CaptureQueriesContext(connection) as queries:
        assert anonymous().get("/api/v1/timeline/?page_size=100").status_code == 200
    assert len(queries) == 3  # count, the page's rows, their items
