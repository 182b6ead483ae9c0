import datetime

import pytest

from tests import factories as f
from tests.api_helpers import anonymous, slugs
from tests.shared_data import shared_fixture

pytestmark = pytest.mark.django_db

D = datetime.date


@shared_fixture
def consultative():
    mechanism = f.make_mechanism(slug="consultative", name="Consultative Meeting")
    for slug in ["kazakhstan", "kyrgyzstan", "tajikistan", "turkmenistan", "uzbekistan"]:
        f.make_membership(
            f.make_actor(slug=slug, name=slug.title()), mechanism, start=D(2018, 3, 1), start_precision="month"
        )
    azerbaijan = f.make_actor(slug="azerbaijan", name="Azerbaijan")
    f.make_membership(azerbaijan, mechanism, role="full_member", start=D(2025, 11, 1), start_precision="month")
    f.make_membership(
        f.make_actor(slug="observer"),
        mechanism,
        start=D(2019, 1, 1),
        start_precision="year",
        end=D(2020, 6, 30),
        end_precision="day",
    )
    return mechanism


def members(query):
    return anonymous().get(f"/api/v1/mechanisms/consultative/members/?{query}")


def test_five_members_in_october_2025_and_six_in_december(consultative):
    october = members("as_of=2025-10-15").json()
    assert october["count"] == 5 and "azerbaijan" not in [m["slug"] for m in october["members"]]
    december = members("as_of=2025-12-20").json()
    assert december["count"] == 6
    assert december["as_of"] == "2025-12-20"
    assert december["mechanism"]["slug"] == "consultative"
    assert december["members"][0] == {
        "slug": "azerbaijan",
        "name": "Azerbaijan",
        "url": "http://testserver/api/v1/actors/azerbaijan/",
    }


def test_a_membership_ending_on_the_day_still_counts(consultative):
    assert "observer" in [m["slug"] for m in members("as_of=2020-06-30").json()["members"]]
    assert "observer" not in [m["slug"] for m in members("as_of=2020-07-01").json()["members"]]


@pytest.mark.parametrize("query", ["", "as_of=", "as_of=2025", "as_of=2025-10", "as_of=2025-02-30", "as_of=soon"])
def test_a_missing_or_malformed_as_of_is_a_400_naming_it(consultative, query):
    response = members(query)
    assert response.status_code == 400
    assert list(response.json()) == ["as_of"]


def test_members_of_an_unknown_mechanism_is_404():
    assert anonymous().get("/api/v1/mechanisms/nope/members/?as_of=2025-01-01").status_code == 404


@shared_fixture
def timeline():
    japan = f.make_actor(slug="japan")
    china = f.make_actor(slug="china")
    energy = f.make_topic(slug="energy")
    jad = f.make_mechanism(slug="ca-jad")
    tokyo = f.make_summit(
        slug="tokyo",
        name="Tokyo Summit",
        mechanism=jad,
        host=japan,
        date=D(2025, 12, 20),
        date_precision="day",
        city="Tokyo",
        level="heads_of_state",
    )
    f.make_participation(tokyo, japan, role="host")
    tokyo.topics.add(energy)
    xian = f.make_summit(slug="xian", name="Xi'an Summit", date=D(2023, 5, 1), date_precision="month")
    f.make_participation(xian, china)
    decl = f.make_agreement(
        slug="declaration",
        name="Tokyo Declaration",
        summit=tokyo,
        mechanism=jad,
        date=D(2025, 12, 20),
        date_precision="day",
    )
    f.make_party(decl, japan)
    f.make_agreement(slug="charter", name="Charter", kind="treaty", date=D(2002, 1, 1), date_precision="year")
    f.make_agreement(slug="undated", name="Undated")
    f.make_summit(slug="summit-2025", name="April meeting", date=D(2025, 4, 1), date_precision="month")


def timeline_slugs(query=""):
    response = anonymous().get(f"/api/v1/timeline/?{query}")
    assert response.status_code == 200, response.json()
    return slugs(response)


def test_the_timeline_merges_summits_and_agreements_in_date_order_undated_last(timeline):
    assert timeline_slugs() == ["charter", "xian", "summit-2025", "tokyo", "declaration", "undated"]
    assert timeline_slugs("ordering=-date") == ["tokyo", "declaration", "summit-2025", "xian", "charter", "undated"]


def test_timeline_items_say_what_they_are_and_give_dates_at_their_precision(timeline):
    rows = {row["slug"]: row for row in anonymous().get("/api/v1/timeline/").json()["results"]}
    assert rows["tokyo"]["type"] == "summit"
    assert rows["tokyo"]["host"]["slug"] == "japan"
    assert rows["tokyo"]["topics"][0]["slug"] == "energy"
    assert rows["declaration"]["type"] == "agreement"
    assert rows["declaration"]["summit"]["slug"] == "tokyo"
    assert (rows["xian"]["date"], rows["xian"]["date_precision"]) == ("2023-05", "month")
    assert rows["charter"]["date"] == "2002"
    assert rows["charter"]["url"] == "http://testserver/api/v1/agreements/charter/"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("actor=japan", ["tokyo", "declaration"]),
        ("actor=china", ["xian"]),
        ("mechanism=ca-jad", ["tokyo", "declaration"]),
        ("topic=energy", ["tokyo"]),
        ("date_after=2025-04&date_before=2025-12-19", ["summit-2025"]),
        ("date_before=2023", ["charter", "xian"]),
        ("year=2025", ["summit-2025", "tokyo", "declaration"]),
        ("type=agreement", ["charter", "declaration", "undated"]),
        ("type=summit&year=2025", ["summit-2025", "tokyo"]),
    ],
)
def test_timeline_filters(timeline, query, expected):
    assert timeline_slugs(query) == expected


def test_the_timeline_is_paginated(timeline):
    first = anonymous().get("/api/v1/timeline/?page_size=4").json()
    assert first["count"] == 6
    assert [row["slug"] for row in first["results"]] == ["charter", "xian", "summit-2025", "tokyo"]
    second = anonymous().get("/api/v1/timeline/?page_size=4&page=2").json()
    assert [row["slug"] for row in second["results"]] == ["declaration", "undated"]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("actor=atlantis", "actor"),
        ("date_after=2025-13", "date_after"),
        ("type=treaty", "type"),
        ("ordering=name", "ordering"),
        ("page_size=1000", "page_size"),
        ("colour=red", "colour"),
    ],
)
def test_timeline_rejects_bad_parameters_naming_them(timeline, query, parameter):
    response = anonymous().get(f"/api/v1/timeline/?{query}")
    assert response.status_code == 400
    assert parameter in response.json()


def test_the_timeline_is_read_only():
    assert curator_post().status_code == 405


def curator_post():
    from tests.api_helpers import curator_client

    return curator_client().post("/api/v1/timeline/", {})
