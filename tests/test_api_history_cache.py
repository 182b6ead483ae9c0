"""A record's history pages come from the API cache until the data changes, as its reads do
(events.cache), and readers shown who made each change never share entries with the others."""

import pytest

from tests import factories as f
from tests.api_helpers import anonymous, client_for, make_curator

# Changes must commit for the data version to change: no test-wide transaction here.
pytestmark = pytest.mark.django_db(transaction=True)

URL = "/api/v1/actors/japan/history/"


@pytest.fixture(autouse=True)
def api_cache_on(settings):
    settings.API_CACHE_SECONDS = 300


def test_a_second_read_of_a_history_is_a_hit_until_a_change_adds_a_version():
    japan = f.make_actor(slug="japan", name="Japan")
    first, second = anonymous().get(URL), anonymous().get(URL)
    assert (first["X-Cache"], second["X-Cache"]) == ("miss", "hit")
    assert second.content == first.content

    f.make_participation(f.make_summit(), japan)
    third = anonymous().get(URL)
    assert third["X-Cache"] == "miss"
    assert third.json()["count"] == first.json()["count"] + 1


def test_who_made_a_change_is_kept_apart_from_what_anonymous_readers_are_shown():
    f.make_actor(slug="japan", name="Japan")
    curator = client_for(make_curator("alice"))
    assert curator.patch("/api/v1/actors/japan/", {"name": "Nippon"}).status_code == 200
    assert {e["user"] for e in anonymous().get(URL).json()["results"]} == {None}
    assert "alice" in {e["user"] for e in curator.get(URL).json()["results"]}
    assert {e["user"] for e in anonymous().get(URL).json()["results"]} == {None}
    assert "alice" in {e["user"] for e in curator.get(URL).json()["results"]}


def test_an_unknown_record_is_a_404_cached_or_not():
    f.make_actor(slug="japan", name="Japan")
    anonymous().get(URL)
    assert anonymous().get("/api/v1/actors/atlantis/history/").status_code == 404
    assert anonymous().get("/api/v1/actors/atlantis/history/").status_code == 404
