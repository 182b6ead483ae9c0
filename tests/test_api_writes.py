import datetime
from unittest import mock

import pytest

from events.models import Actor, Agreement, Citation, Mechanism, Membership, Participation, Source, Summit, Topic
from tests import factories as f
from tests.api_helpers import curator_client, detail
from tests.shared_data import shared_fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return curator_client()


@shared_fixture
def world():
    f.make_actor(slug="japan", name="Japan", iso3="JPN")
    f.make_actor(slug="kazakhstan", name="Kazakhstan", iso3="KAZ")
    f.make_topic(slug="energy", name="Energy")
    f.make_source(slug="avim", title="AVIM")
    f.make_mechanism(slug="ca-jad", name="Central Asia + Japan Dialogue")


def test_summit_is_created_with_related_records_by_slug(client, world):
    response = client.post(
        "/api/v1/summits/",
        {
            "slug": "tokyo-2025",
            "name": "Tokyo Summit",
            "mechanism": "ca-jad",
            "host": "japan",
            "date": "2025-12",
            "level": "heads_of_state",
            "ordinal": 1,
            "participants": [{"actor": "japan", "role": "host"}, {"actor": "kazakhstan"}],
            "topics": ["energy"],
            "citations": [{"source": "avim", "locator": "footnote 3"}],
        },
    )
    assert response.status_code == 201, response.json()
    assert response["Location"] == "http://testserver/api/v1/summits/tokyo-2025/"
    assert response["ETag"]
    summit = Summit.objects.get(slug="tokyo-2025")
    assert (summit.date, summit.date_precision) == (datetime.date(2025, 12, 1), "month")
    assert summit.mechanism.slug == "ca-jad" and summit.host.slug == "japan"
    assert sorted(summit.participations.values_list("actor__slug", "role")) == [
        ("japan", "host"),
        ("kazakhstan", "participant"),
    ]
    assert list(summit.topics.values_list("slug", flat=True)) == ["energy"]
    assert summit.citations.get().locator == "footnote 3"
    assert response.json()["date"] == "2025-12"


def test_summit_with_unknown_mechanism_slug_is_rejected(client, world):
    response = client.post("/api/v1/summits/", {"slug": "x", "name": "X", "mechanism": "no-such-thing"})
    assert response.status_code == 400
    assert response.json() == {"mechanism": ["No mechanism with slug 'no-such-thing'."]}
    assert not Summit.objects.exists()


def test_unknown_slugs_in_nested_rows_and_lists_name_the_slug(client, world):
    response = client.post(
        "/api/v1/summits/",
        {"slug": "x", "name": "X", "participants": [{"actor": "japan"}, {"actor": "atlantis"}], "topics": ["nope"]},
    )
    assert response.status_code == 400
    body = response.json()
    assert body["participants"] == {"1": {"actor": ["No actor with slug 'atlantis'."]}}
    assert body["topics"] == ["No topic with slug 'nope'."]


def test_a_slug_with_a_nul_character_is_an_unknown_slug_not_a_server_error(client, world):
    response = client.post("/api/v1/summits/", {"slug": "x", "name": "X", "participants": [{"actor": "ja\x00pan"}]})
    assert response.status_code == 400
    assert response.json()["participants"] == {"0": {"actor": ["No actor with slug 'ja\\x00pan'."]}}


@pytest.mark.parametrize("text", ["2025-13", "April 2025", "2025-02-30", "25"])
def test_a_malformed_date_is_a_field_error(client, world, text):
    response = client.post("/api/v1/summits/", {"slug": "x", "name": "X", "date": text})
    assert response.status_code == 400
    assert list(response.json()) == ["date"]


def test_a_date_can_be_written_at_each_precision_and_cleared(client, world):
    f.make_summit(slug="s")
    for text, precision in [("2004", "year"), ("2025-04", "month"), ("2025-04-13", "day")]:
        body = client.patch(detail("summits", "s"), {"date": text}).json()
        assert (body["date"], body["date_precision"]) == (text, precision)
    body = client.patch(detail("summits", "s"), {"date": None}).json()
    assert (body["date"], body["date_precision"]) == (None, None)
    assert Summit.objects.get(slug="s").date_precision == ""


def test_put_replaces_the_fields_and_nested_rows_it_is_given(client, world):
    summit = f.make_summit(slug="s", name="Old", city="Astana")
    f.make_participation(summit, Actor.objects.get(slug="japan"), role="host")
    response = client.put(
        detail("summits", "s"), {"slug": "s", "name": "New", "participants": [{"actor": "kazakhstan", "role": "guest"}]}
    )
    assert response.status_code == 200, response.json()
    summit.refresh_from_db()
    assert summit.name == "New"
    assert list(summit.participations.values_list("actor__slug", "role")) == [("kazakhstan", "guest")]


def test_patch_leaves_nested_rows_it_does_not_mention(client, world):
    summit = f.make_summit(slug="s")
    f.make_participation(summit, Actor.objects.get(slug="japan"))
    assert client.patch(detail("summits", "s"), {"city": "Tokyo"}).status_code == 200
    assert summit.participations.count() == 1


def test_a_kept_nested_row_is_updated_in_place(client, world):
    summit = f.make_summit(slug="s")
    row = f.make_participation(summit, Actor.objects.get(slug="japan"))
    client.patch(detail("summits", "s"), {"participants": [{"actor": "japan", "role": "host"}]})
    assert Participation.objects.get().pk == row.pk
    assert Participation.objects.get().role == "host"


def test_a_row_listed_twice_is_rejected(client, world):
    response = client.post(
        "/api/v1/summits/", {"slug": "x", "name": "X", "participants": [{"actor": "japan"}, {"actor": "japan"}]}
    )
    assert response.status_code == 400
    assert response.json() == {"participants": {"1": {"non_field_errors": ["Listed twice in this record."]}}}


def test_a_nested_row_needs_its_required_fields_even_in_a_patch(client, world):
    f.make_summit(slug="s")
    response = client.patch(detail("summits", "s"), {"participants": [{"role": "guest"}]})
    assert response.status_code == 400
    assert response.json() == {"participants": {"0": {"actor": ["This field is required."]}}}


def test_a_slug_cannot_be_changed_once_published(client, world):
    response = client.patch(detail("topics", "energy"), {"slug": "power"})
    assert response.status_code == 400
    assert "slug" in response.json()
    assert Topic.objects.filter(slug="energy").exists()


def test_a_duplicate_slug_is_a_field_error(client, world):
    response = client.post("/api/v1/topics/", {"slug": "energy", "name": "Energy again"})
    assert response.status_code == 400
    assert "slug" in response.json()


def test_model_constraints_are_field_errors(client, world):
    response = client.post("/api/v1/actors/", {"slug": "eu", "name": "EU", "kind": "union", "iso3": "EUR"})
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Only a state has an ISO 3166 code."]}
    response = client.post(
        "/api/v1/agreements/", {"slug": "a", "name": "A", "kind": "treaty", "value_amount": "19000000"}
    )
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["A value needs a currency, and a currency needs a value."]}


def test_a_membership_that_ends_before_it_starts_is_rejected_and_nothing_is_written(client, world):
    response = client.patch(
        detail("mechanisms", "ca-jad"),
        {"name": "Renamed", "memberships": [{"actor": "japan", "start": "2010", "end": "2009"}]},
    )
    assert response.status_code == 400
    assert response.json() == {
        "memberships": {"0": {"non_field_errors": ["A membership cannot end before it starts."]}}
    }
    assert Mechanism.objects.get().name == "Central Asia + Japan Dialogue"
    assert not Membership.objects.exists()


def test_a_database_constraint_the_serializer_missed_is_a_400_with_its_message(client, world):
    mechanism = Mechanism.objects.get()
    f.make_summit(slug="first", mechanism=mechanism, level="heads_of_state", ordinal=1)
    with mock.patch.object(Summit, "full_clean"):
        response = client.post(
            "/api/v1/summits/",
            {"slug": "second", "name": "Second", "mechanism": "ca-jad", "level": "heads_of_state", "ordinal": 1},
        )
    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["This mechanism already has a summit with this ordinal at this level."]
    }
    assert not Summit.objects.filter(slug="second").exists()


def test_a_check_constraint_the_serializer_missed_is_a_400_with_its_message(client, world):
    with mock.patch.object(Actor, "full_clean"):
        response = client.post("/api/v1/actors/", {"slug": "eu", "name": "EU", "kind": "union", "iso3": "EUR"})
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Only a state has an ISO 3166 code."]}


def test_mechanism_levels_memberships_and_citations_are_written_nested(client, world):
    response = client.post(
        "/api/v1/mechanisms/",
        {
            "slug": "c5-1",
            "name": "C5+1",
            "kind": "dialogue",
            "founded": "2015-11",
            "initiator": "japan",
            "parent": "ca-jad",
            "topics": ["energy"],
            "levels": [{"level": "ministerial", "since": "2015"}, {"level": "heads_of_state", "since": "2023"}],
            "memberships": [{"actor": "kazakhstan", "role": "founding_member", "start": "2015-11"}],
            "citations": [{"source": "avim", "locator": "footnote 7", "quote": "C5+1"}],
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["current_level"] == "heads_of_state"
    assert body["current_members"][0]["slug"] == "kazakhstan"
    assert body["parent"]["slug"] == "ca-jad"
    assert Citation.objects.get().mechanism.slug == "c5-1"


def test_agreement_is_created_with_parties(client, world):
    response = client.post(
        "/api/v1/agreements/",
        {
            "slug": "tokyo-declaration",
            "name": "Tokyo Declaration",
            "kind": "declaration",
            "date": "2025-12-20",
            "mechanism": "ca-jad",
            "parties": [{"actor": "japan", "role": "signatory"}],
            "value_amount": "19000000",
            "value_currency": "USD",
        },
    )
    assert response.status_code == 201, response.json()
    agreement = Agreement.objects.get()
    assert agreement.agreement_parties.get().role == "signatory"


def test_actor_is_created_with_citations_and_a_person_represents_a_state(client, world):
    response = client.post(
        "/api/v1/actors/",
        {
            "slug": "takaichi",
            "name": "Takaichi Sanae",
            "kind": "person",
            "represents": "japan",
            "office": "Prime Minister",
            "citations": [{"source": "avim", "locator": "p. 2"}],
        },
    )
    assert response.status_code == 201, response.json()
    assert Actor.objects.get(slug="takaichi").represents.slug == "japan"


def test_memberships_are_read_only_on_the_actor(client, world):
    response = client.patch(detail("actors", "japan"), {"memberships": [{"mechanism": "ca-jad"}]})
    assert response.status_code == 200
    assert not Membership.objects.exists()


def test_source_and_topic_writes(client, world):
    response = client.post(
        "/api/v1/sources/",
        {"slug": "mofa", "title": "MOFA", "published": "2025-12", "document_url": "https://www.mofa.go.jp/"},
    )
    assert response.status_code == 201, response.json()
    assert Source.objects.get(slug="mofa").url == "https://www.mofa.go.jp/"
    assert client.put(detail("topics", "energy"), {"slug": "energy", "name": "Energy security"}).status_code == 200
    assert Topic.objects.get().name == "Energy security"


def test_deleting_a_summit_deletes_its_participations_and_citations(client, world):
    summit = f.make_summit(slug="s")
    f.make_participation(summit, Actor.objects.get(slug="japan"))
    f.make_citation(Source.objects.get(), summit=summit)
    assert client.delete(detail("summits", "s")).status_code == 204
    assert not Participation.objects.exists() and not Citation.objects.exists()


def test_deleting_an_agreement(client, world):
    f.make_agreement(slug="a")
    assert client.delete(detail("agreements", "a")).status_code == 204
    assert not Agreement.objects.exists()


def test_a_date_must_be_text(client, world):
    response = client.post("/api/v1/summits/", {"slug": "x", "name": "X", "date": 2025})
    assert response.status_code == 400
    assert list(response.json()) == ["date"]


def test_a_related_record_must_be_given_by_its_slug_as_text(client, world):
    for host in [{"name": "Japan"}, ["japan"], 7]:
        response = client.post("/api/v1/summits/", {"slug": "x", "name": "X", "host": host})
        assert response.status_code == 400
        assert list(response.json()) == ["host"]


def test_memberships_levels_and_citations_are_matched_by_their_keys_and_updated_in_place(client, world):
    mechanism = Mechanism.objects.get()
    japan = Actor.objects.get(slug="japan")
    membership = f.make_membership(japan, mechanism, start=datetime.date(2004, 1, 1), start_precision="year")
    level = f.make_level(mechanism, level="ministerial", since=datetime.date(2004, 1, 1), since_precision="year")
    citation = f.make_citation(Source.objects.get(), mechanism=mechanism, locator="fn 1")
    response = client.patch(
        detail("mechanisms", "ca-jad"),
        {
            "memberships": [{"actor": "japan", "start": "2004", "role": "founding_member"}],
            "levels": [{"level": "ministerial", "since": "2004", "note": "first ministerial"}],
            "citations": [{"source": "avim", "locator": "fn 1", "quote": "quoted"}],
        },
    )
    assert response.status_code == 200, response.json()
    assert Membership.objects.get().pk == membership.pk and Membership.objects.get().role == "founding_member"
    assert mechanism.levels.get().pk == level.pk and mechanism.levels.get().note == "first ministerial"
    assert Citation.objects.get().pk == citation.pk and Citation.objects.get().quote == "quoted"


def test_a_misspelt_field_is_rejected_naming_it(client, world):
    response = client.post("/api/v1/summits/", {"slug": "x", "name": "X", "mechansim": "ca-jad"})
    assert response.status_code == 400
    assert list(response.json()) == ["mechansim"]
    response = client.patch(detail("mechanisms", "ca-jad"), {"memberships": [{"actor": "japan", "begin": "2004"}]})
    assert response.json() == {
        "memberships": {"0": {"begin": ["Unknown field 'begin': this record has no such field."]}}
    }


def test_a_record_read_can_be_written_back_whole(client, world):
    created = client.post(
        "/api/v1/summits/",
        {
            "slug": "s",
            "name": "S",
            "mechanism": "ca-jad",
            "host": "japan",
            "date": "2025-04",
            "participants": [{"actor": "japan", "role": "host", "representative": "kazakhstan"}],
            "topics": ["energy"],
            "citations": [{"source": "avim", "locator": "fn 1"}],
        },
    ).json()
    read = client.get(detail("summits", "s"))
    response = client.put(detail("summits", "s"), {**read.json(), "city": "Tokyo"}, HTTP_IF_MATCH=read["ETag"])
    assert response.status_code == 200, response.json()
    written = response.json()
    assert written["city"] == "Tokyo"
    for field in ["mechanism", "host", "date", "date_precision", "participants", "topics", "citations", "created_at"]:
        assert written[field] == created[field]
