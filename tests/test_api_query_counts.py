import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import Summit
from tests import factories as f
from tests.api_helpers import anonymous
from tests.shared_data import shared_fixture

pytestmark = pytest.mark.django_db

# Queries per list request, whatever the page size: NetBox-style pinned counts. A change that
# raises one of these adds a query per request; one that makes a count depend on the page size
# is an N+1 and fails the equality test below.
LIST_QUERY_COUNTS = {
    # other names and identifiers are two queries more on actors, mechanisms, summits and agreements
    "actors": 6,  # count, page, memberships+mechanism, other names, identifiers, citations+source
    # relations to and from other mechanisms and agreements: three queries more on mechanisms and agreements
    "mechanisms": 12,  # count, page (+initiator, parent, current level), topics, levels, memberships, current, …
    "summits": 3,  # count, page ids, page with every relation as JSON (events.api.summit_rows)
    "agreements": 10,  # count, page (+summit, mechanism), parties, actions, relations both ways, topics, …
    "topics": 2,  # count, page
    "sources": 2,  # count, page
    "timeline": 3,  # count, merged page, its summits and agreements as JSON (events.api.timeline_items)
}
RECORDS = 110


@shared_fixture
def generated():
    """More than 100 of every record, each with relation rows of every kind."""
    topics = [f.make_topic() for _ in range(RECORDS)]
    sources = [f.make_source() for _ in range(RECORDS)]
    parent = f.make_mechanism()
    for n in range(RECORDS):
        day = datetime.date(2000, 1, 1) + datetime.timedelta(days=30 * n)
        person = f.make_actor(kind="person", office="Minister", represents=f.make_actor())
        states = [f.make_actor() for _ in range(3)]
        mechanism = f.make_mechanism(parent=parent, initiator=states[0], founded=day, founded_precision="day")
        mechanism.topics.set(topics[:2])
        f.make_level(mechanism, level="ministerial", since=day, since_precision="day")
        f.make_level(mechanism, since=day + datetime.timedelta(days=1), since_precision="day")
        for state in states:
            f.make_membership(state, mechanism)
        f.make_citation(sources[0], mechanism=mechanism)
        f.make_citation(sources[1], actor=states[0])
        summit = f.make_summit(
            mechanism=mechanism, host=states[0], date=day, date_precision="day", level="heads_of_state"
        )
        summit.topics.set(topics[:3])
        for state in states:
            f.make_participation(summit, state, representative=person)
        f.make_citation(sources[2], summit=summit)
        agreement = f.make_agreement(summit=summit, mechanism=mechanism, date=day, date_precision="day")
        agreement.topics.set(topics[:1])
        for state in states:
            f.make_party(agreement, state, representative=person)
        f.make_citation(sources[0], agreement=agreement)


def queries_for(url):
    with CaptureQueriesContext(connection) as context:
        response = anonymous().get(url)
    assert response.status_code == 200, response.content
    return len(context), response.json()


def test_every_list_runs_the_same_queries_for_a_page_of_1_and_of_100(generated, django_assert_max_num_queries):
    measured = {}
    for endpoint in ["actors", "mechanisms", "summits", "agreements", "topics", "sources", "timeline"]:
        one, body = queries_for(f"/api/v1/{endpoint}/?page_size=1")
        assert len(body["results"]) == 1
        hundred, body = queries_for(f"/api/v1/{endpoint}/?page_size=100")
        assert len(body["results"]) == 100
        measured[endpoint] = (one, hundred)
    assert measured == {endpoint: (count, count) for endpoint, count in LIST_QUERY_COUNTS.items()}
    for endpoint, count in LIST_QUERY_COUNTS.items():
        with django_assert_max_num_queries(count):
            anonymous().get(f"/api/v1/{endpoint}/?page_size=100&page=2")


def test_filters_add_one_query_per_slug_filter_whatever_the_page_size(generated):
    summit = Summit.objects.order_by("date").first()
    url = (
        "/api/v1/summits/?date_after=2000&search=summit&role=participant&level=heads_of_state"
        f"&topic={summit.topics.first().slug}&mechanism={summit.mechanism.slug}&page_size="
    )
    one, _ = queries_for(url + "1")
    hundred, body = queries_for(url + "100")
    assert body["count"] == 1
    assert one == hundred == LIST_QUERY_COUNTS["summits"] + 3  # two slug filters, and search's ranked ids


def test_a_detail_runs_a_fixed_number_of_queries(generated):
    summit = Summit.objects.first()
    count, _ = queries_for(f"/api/v1/summits/{summit.slug}/")
    assert count == LIST_QUERY_COUNTS["summits"] - 2  # no count, no page ids: the record with its relations
