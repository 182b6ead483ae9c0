import pytest

from tests import factories as f
from tests.api_helpers import anonymous, client_for, make_curator, make_user
from tests.shared_data import shared_fixture

pytestmark = pytest.mark.django_db


@shared_fixture
def world():
    f.make_actor(slug="japan", name="Japan", iso3="JPN")
    f.make_actor(slug="kazakhstan", name="Kazakhstan", iso3="KAZ")
    f.make_mechanism(slug="ca-jad", name="CA+JAD")


@pytest.fixture
def curator():
    return make_curator("alice")


def history(client, endpoint, slug, **params):
    response = client.get(f"/api/v1/{endpoint}/{slug}/history/", params)
    assert response.status_code == 200, response.content
    return response.json()


def test_who_added_and_removed_a_participant_is_in_the_summits_history(world, curator):
    client = client_for(curator)
    created = client.post(
        "/api/v1/summits/",
        {"slug": "tokyo", "name": "Tokyo", "participants": [{"actor": "japan"}, {"actor": "kazakhstan"}]},
    )
    assert created.status_code == 201
    client.patch("/api/v1/summits/tokyo/", {"participants": [{"actor": "japan", "role": "host"}]})

    entries = history(client, "summits", "tokyo")["results"]
    rows = [(e["change"], e["table"], e["values"].get("actor"), e["user"]) for e in entries]
    assert ("deleted", "participation", "kazakhstan", "alice") in rows
    assert ("created", "participation", "kazakhstan", "alice") in rows
    assert ("created", "summit", None, "alice") in rows
    changed = next(e for e in entries if e["change"] == "changed" and e["table"] == "participation")
    assert changed["changed_fields"] == ["role"]
    assert changed["values"]["role"] == "host"
    assert [e["date"] for e in entries] == sorted((e["date"] for e in entries), reverse=True)


def test_a_mechanisms_history_shows_its_memberships_and_an_actors_shows_them_too(world, curator):
    client = client_for(curator)
    client.patch("/api/v1/mechanisms/ca-jad/", {"memberships": [{"actor": "kazakhstan", "role": "founding_member"}]})
    mechanism = history(client, "mechanisms", "ca-jad")["results"]
    assert mechanism[0]["table"] == "membership" and mechanism[0]["values"]["actor"] == "kazakhstan"
    actor = history(client, "actors", "kazakhstan")["results"]
    assert {(e["table"], e["change"]) for e in actor} == {("actor", "created"), ("membership", "created")}


def test_history_is_read_only_and_paginated(world, curator):
    client = client_for(curator)
    assert client.post("/api/v1/actors/japan/history/", {}).status_code == 405
    assert client.delete("/api/v1/actors/japan/history/").status_code == 405
    page = history(client, "actors", "japan", page_size=1)
    assert page["count"] == 1 and len(page["results"]) == 1
    assert client.get("/api/v1/actors/japan/history/", {"bogus": 1}).status_code == 400
    assert client.get("/api/v1/actors/atlantis/history/").status_code == 404


def test_who_made_a_change_is_shown_only_to_those_who_may_view_the_model(world, curator):
    client_for(curator).patch("/api/v1/actors/japan/", {"name": "Nippon"})
    assert {e["user"] for e in history(anonymous(), "actors", "japan")["results"]} == {None}
    assert {e["user"] for e in history(client_for(make_user()), "actors", "japan")["results"]} == {None}
    assert "alice" in {e["user"] for e in history(client_for(curator), "actors", "japan")["results"]}


def busy_actor(summits: int):
    """An actor taking part in `summits` summits, each participation then edited once."""
    japan = f.make_actor(slug="busy", name="Busy")
    for n in range(summits):
        participation = f.make_participation(f.make_summit(slug=f"s-{n}"), japan)
        participation.role = "host"
        participation.save()
    return japan


def count_queries(path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = anonymous().get(path)
    assert response.status_code == 200
    return len(queries)


# The record; the count; the page's keys; per history table on the page, its versions with the
# versions just before them; per related model but the record's, its rows (summits).
PINNED_HISTORY_QUERIES = 6


@pytest.mark.parametrize("summits", [3, 45])
def test_a_history_page_takes_a_pinned_number_of_queries_however_many_versions(summits):
    busy_actor(summits)  # 1 + 2 * summits versions: all on one page of 100
    assert count_queries("/api/v1/actors/busy/history/?page_size=100") == PINNED_HISTORY_QUERIES


def test_paged_history_reads_as_one_list_and_a_change_shows_only_its_field_across_pages():
    busy_actor(30)
    everything = []
    page = 1
    while True:
        body = anonymous().get(f"/api/v1/actors/busy/history/?page_size=7&page={page}").json()
        everything += body["results"]
        if not body["next"]:
            break
        page += 1
    assert len(everything) == body["count"] == 1 + 30 * 2
    dates = [(e["date"], e["history_id"]) for e in everything]
    assert dates == sorted(dates, reverse=True)
    edits = [e for e in everything if e["table"] == "participation" and e["change"] == "changed"]
    assert len(edits) == 30 and all(e["changed_fields"] == ["role"] for e in edits)
    assert all(" at Summit " in e["row"] or " at " in e["row"] for e in edits)
