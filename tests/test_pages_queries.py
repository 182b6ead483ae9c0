import datetime

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.cache import CACHE_ALIAS
from tests import factories as f

pytestmark = pytest.mark.django_db

# Queries per page, pinned: the same for a handful of rows and for many (NetBox-style query-count pins).
# Each record page reads its citations' source paragraphs (to show the cited paragraph) in one query.
EXPECTED_QUERIES = {
    # the two tables' first rows are read apart (events.api.pagination.MergedNewestFirst): one more than a UNION
    "timeline": 12,
    "timeline filtered": 11,  # kind=agreements: the summits are not read
    # each record page reads its other names (one query), for `?as_of=` and the "Other names" section
    "summit": 8,
    "mechanism": 16,  # + every membership for the membership chart; + relations out, in, agreements implementing it
    "agreement": 9,  # + actions, relations out and in
    "actor": 12,
    "person": 12,
    "source": 3,
    "mechanism list": 1,
    "actor list": 1,
    "source list": 1,
}


# the timeline again while the data version stands: its mechanism and actor suggestions are kept (one query fewer)
TIMELINE_SUGGESTIONS_KEPT = 11


def urls(world) -> dict[str, str]:
    return {
        "timeline": reverse("events:timeline"),
        "timeline filtered": reverse("events:timeline")
        + "?mechanism=ca-jad&actor=japan&topic=connectivity&kind=agreements&year_from=2000&year_to=2030&q=o",
        "summit": world.tokyo.get_absolute_url(),
        "mechanism": world.consultative.get_absolute_url(),
        "agreement": world.declaration.get_absolute_url(),
        "actor": world.japan.get_absolute_url(),
        "person": world.takaichi.get_absolute_url(),
        "source": world.analysis.get_absolute_url(),
        "mechanism list": reverse("events:mechanism-list"),
        "actor list": reverse("events:actor-list"),
        "source list": reverse("events:source-list"),
    }


def count_queries(client, url) -> int:
    """A cold request's queries: the timeline's suggestions, kept under the data version, are
    joined again (this test's changes are never committed, so the version stays the same)."""
    caches[CACHE_ALIAS].clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def grow(world) -> None:
    """Many more rows around every record the pages show."""
    day = datetime.date(2025, 12, 20)
    for n in range(12):
        state = f.make_actor(name=f"State {n}")
        person = f.make_actor(name=f"Leader {n}", kind="person", represents=world.japan, office="Envoy")
        mechanism = f.make_mechanism(parent=world.cajad)
        f.make_level(mechanism)
        f.make_membership(state, world.consultative, start=datetime.date(2010 + n, 1, 1), start_precision="year")
        f.make_membership(world.japan, mechanism)
        f.make_membership(world.takaichi, mechanism)
        f.make_participation(world.tokyo, state, representative=person)
        summit = f.make_summit(mechanism=world.cajad, date=day, host=world.japan, city="Tokyo")
        summit.topics.add(world.connectivity, world.minerals)
        f.make_participation(summit, world.japan, representative=world.takaichi)
        f.make_participation(summit, state, representative=person)
        agreement = f.make_agreement(
            summit=world.tokyo, mechanism=world.cajad, date=day, date_precision="day", name=f"Tokyo paper {n}"
        )
        agreement.topics.add(world.connectivity)
        f.make_party(agreement, world.japan, representative=world.takaichi)
        f.make_party(agreement, state, representative=person)
        f.make_party(world.declaration, state, representative=person)
        source = f.make_source(published=day, published_precision="day")
        f.make_citation(source, summit=world.tokyo, locator=f"p. {n}")
        f.make_citation(source, agreement=world.declaration, locator=f"p. {n}")
        f.make_citation(source, actor=world.japan, locator=f"p. {n}")
        f.make_citation(source, mechanism=world.consultative, locator=f"p. {n}")
        f.make_citation(world.analysis, summit=summit, locator=f"p. {n}")
        f.make_citation(world.analysis, agreement=agreement, locator=f"p. {n}")
        f.make_citation(world.analysis, actor=state, locator=f"p. {n}")
        world.tokyo.topics.add(f.make_topic())
        world.consultative.summits.add(f.make_summit(host=world.japan, date=datetime.date(2010, 1, 1)))


def test_each_page_runs_a_fixed_number_of_queries_whatever_the_data(client, world):
    # every record page has a citation, so that the sources' paragraphs are read (one query) in both runs
    f.make_citation(world.analysis, actor=world.japan, locator="paragraph 1")
    f.make_citation(world.analysis, actor=world.takaichi, locator="paragraph 1")
    small = {name: count_queries(client, url) for name, url in urls(world).items()}
    grow(world)
    large = {name: count_queries(client, url) for name, url in urls(world).items()}
    first_page = client.get(reverse("events:timeline")).context["page"]
    assert len(first_page.entries) == 25
    assert {entry.record_type for entry in first_page.entries} == {"summit", "agreement"}
    assert small == EXPECTED_QUERIES
    assert large == EXPECTED_QUERIES


def test_the_timeline_reads_its_suggestions_once_per_data_version(client, world):
    count_queries(client, reverse("events:timeline"))
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("events:timeline"))
    assert len(queries) == TIMELINE_SUGGESTIONS_KEPT


@pytest.mark.parametrize(
    ("name", "url"),
    [
        ("timeline", "/"),
        ("timeline filtered", "/?mechanism=ca-jad&actor=japan&topic=connectivity&kind=agreements&year_from=2000"),
        ("summit", "/summits/ca-jad-tokyo-summit-2025/"),
        ("mechanism", "/mechanisms/consultative-meeting-central-asia/"),
        ("agreement", "/agreements/declaration-of-tokyo/"),
        ("actor", "/actors/japan/"),
        ("person", "/actors/takaichi/"),
        ("source", "/sources/avim-analysis-2026-11/"),
        ("mechanism list", "/mechanisms/"),
        ("actor list", "/actors/"),
        ("source list", "/sources/"),
    ],
)
def test_the_project_fixtures_take_the_same_number_of_queries(client, cainfo_data, name, url):
    assert count_queries(client, url) == EXPECTED_QUERIES[name]
