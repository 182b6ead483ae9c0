import datetime

import pytest

from tests import factories as f
from tests.api_helpers import anonymous, detail
from tests.shared_data import shared_fixture

pytestmark = pytest.mark.django_db


@shared_fixture
def tokyo():
    japan = f.make_actor(slug="japan", name="Japan", iso3="JPN")
    takaichi = f.make_actor(slug="takaichi", name="Takaichi Sanae", kind="person", represents=japan, office="PM")
    kazakhstan = f.make_actor(slug="kazakhstan", name="Kazakhstan", iso3="KAZ")
    energy = f.make_topic(slug="energy", name="Energy")
    avim = f.make_source(
        slug="avim-2026-11", title="AVIM Analysis", published=datetime.date(2026, 3, 25), published_precision="day"
    )
    jad = f.make_mechanism(
        slug="ca-jad",
        name="Central Asia + Japan Dialogue",
        acronym="CA+JAD",
        founded=datetime.date(2004, 1, 1),
        founded_precision="year",
        initiator=japan,
    )
    jad.topics.add(energy)
    f.make_level(jad, level="ministerial", since=datetime.date(2004, 1, 1), since_precision="year")
    f.make_level(jad, level="heads_of_state", since=datetime.date(2025, 12, 1), since_precision="month")
    f.make_membership(japan, jad, start=datetime.date(2004, 1, 1), start_precision="year")
    f.make_membership(kazakhstan, jad, end=datetime.date(2010, 1, 1), end_precision="year")
    summit = f.make_summit(
        slug="tokyo-2025",
        name="Tokyo Summit",
        mechanism=jad,
        host=japan,
        city="Tokyo",
        date=datetime.date(2025, 12, 20),
        date_precision="day",
        level="heads_of_state",
        ordinal=1,
    )
    summit.topics.add(energy)
    f.make_participation(summit, japan, role="host", representative=takaichi)
    f.make_participation(summit, kazakhstan)
    f.make_citation(avim, summit=summit, locator="footnote 3", quote="the first summit", claims=["ordinal", "city"])
    agreement = f.make_agreement(
        slug="tokyo-declaration",
        name="Tokyo Declaration",
        date=datetime.date(2025, 12, 1),
        date_precision="month",
        summit=summit,
        mechanism=jad,
        value_amount=19_000_000,
        value_currency="USD",
    )
    f.make_party(agreement, japan, role="signatory", representative=takaichi)
    return summit


def summary(endpoint, slug, name):
    return {"slug": slug, "name": name, "url": f"http://testserver{detail(endpoint, slug)}"}


def test_summit_detail_embeds_everything_around_it(tokyo):
    body = anonymous().get(detail("summits", "tokyo-2025")).json()
    assert body["url"] == "http://testserver/api/v1/summits/tokyo-2025/"
    assert body["mechanism"] == summary("mechanisms", "ca-jad", "Central Asia + Japan Dialogue")
    assert body["host"] == summary("actors", "japan", "Japan")
    assert body["date"] == "2025-12-20"
    assert body["date_precision"] == "day"
    assert body["participants"] == [
        {
            "actor": summary("actors", "japan", "Japan"),
            "role": "host",
            "representative": summary("actors", "takaichi", "Takaichi Sanae"),
        },
        {"actor": summary("actors", "kazakhstan", "Kazakhstan"), "role": "participant", "representative": None},
    ]
    assert body["topics"] == [summary("topics", "energy", "Energy")]
    assert body["agreements"] == [summary("agreements", "tokyo-declaration", "Tokyo Declaration")]
    assert body["citations"] == [
        {
            "source": summary("sources", "avim-2026-11", "AVIM Analysis"),
            "locator": "footnote 3",
            "quote": "the first summit",
            "claims": ["ordinal", "city"],
        }
    ]
    cited = {"citations": [{"source": "avim-2026-11", "locator": "footnote 3"}], "inferred": None}
    uncited = {"citations": [], "inferred": None}
    assert body["provenance"]["city"] == body["provenance"]["ordinal"] == cited
    assert body["provenance"]["participant:kazakhstan"] == body["provenance"]["date"] == uncited
    assert "curator_note" not in body["provenance"] and "outcome" not in body["provenance"]


def test_a_month_precision_date_is_never_shown_as_its_first_day(tokyo):
    body = anonymous().get(detail("agreements", "tokyo-declaration")).json()
    assert body["date"] == "2025-12"
    assert body["date_precision"] == "month"


def test_agreement_detail_shows_parties_value_summit_and_mechanism(tokyo):
    body = anonymous().get(detail("agreements", "tokyo-declaration")).json()
    assert body["summit"]["slug"] == "tokyo-2025"
    assert body["mechanism"]["slug"] == "ca-jad"
    assert body["parties"] == [
        {
            "actor": summary("actors", "japan", "Japan"),
            "role": "signatory",
            "representative": summary("actors", "takaichi", "Takaichi Sanae"),
        }
    ]
    assert (body["value_amount"], body["value_currency"]) == ("19000000.00", "USD")


def test_mechanism_detail_shows_parent_initiator_levels_and_current_members(tokyo):
    child = f.make_mechanism(slug="jad-minerals", name="JAD minerals", parent=tokyo.mechanism)
    body = anonymous().get(detail("mechanisms", "ca-jad")).json()
    assert body["initiator"] == summary("actors", "japan", "Japan")
    assert body["parent"] is None
    assert body["founded"] == "2004" and body["founded_precision"] == "year"
    assert body["current_level"] == "heads_of_state"
    assert [(level["level"], level["since"]) for level in body["levels"]] == [
        ("ministerial", "2004"),
        ("heads_of_state", "2025-12"),
    ]
    assert body["current_members"] == [summary("actors", "japan", "Japan")]
    assert {m["actor"]["slug"]: m["end"] for m in body["memberships"]} == {"japan": None, "kazakhstan": "2010"}
    assert body["topics"] == [summary("topics", "energy", "Energy")]
    assert anonymous().get(detail("mechanisms", child.slug)).json()["parent"]["slug"] == "ca-jad"


def test_actor_detail_shows_memberships_and_whom_a_person_represents(tokyo):
    japan = anonymous().get(detail("actors", "japan")).json()
    assert japan["memberships"] == [
        {
            "mechanism": summary("mechanisms", "ca-jad", "Central Asia + Japan Dialogue"),
            "role": "member",
            "start": "2004",
            "start_precision": "year",
            "end": None,
            "end_precision": None,
        }
    ]
    person = anonymous().get(detail("actors", "takaichi")).json()
    assert person["represents"] == summary("actors", "japan", "Japan")
    assert person["office"] == "PM"


def test_source_shows_its_document_url_apart_from_its_api_url(tokyo):
    f.make_source(slug="mofa", title="MOFA", url="https://www.mofa.go.jp/")
    body = anonymous().get(detail("sources", "mofa")).json()
    assert body["document_url"] == "https://www.mofa.go.jp/"
    assert body["url"] == "http://testserver/api/v1/sources/mofa/"
    assert anonymous().get(detail("sources", "avim-2026-11")).json()["published"] == "2026-03-25"


def test_topic_detail(tokyo):
    body = anonymous().get(detail("topics", "energy")).json()
    assert body["name"] == "Energy"


@pytest.mark.parametrize("endpoint", ["actors", "mechanisms", "summits", "agreements", "topics", "sources"])
def test_every_list_is_paginated_with_a_count(tokyo, endpoint):
    body = anonymous().get(f"/api/v1/{endpoint}/").json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == len(body["results"]) >= 1


@pytest.mark.parametrize("endpoint", ["actors", "mechanisms", "summits", "agreements", "topics", "sources"])
def test_an_unknown_slug_is_404(endpoint):
    assert anonymous().get(detail(endpoint, "no-such-record")).status_code == 404


def test_undated_records_read_as_null_date_and_precision():
    f.make_agreement(slug="undated")
    body = anonymous().get(detail("agreements", "undated")).json()
    assert (body["date"], body["date_precision"]) == (None, None)


def test_the_api_root_lists_the_endpoints():
    body = anonymous().get("/api/v1/").json()
    assert set(body) == {
        *("actors", "mechanisms", "summits", "agreements", "topics", "sources"),
        *("timeline", "changes", "snapshot", "search", "agreement-actions"),
    }
    assert body["timeline"] == "http://testserver/api/v1/timeline/"


def test_the_browsable_api_renders_for_people_in_a_browser(tokyo):
    response = anonymous().get(detail("summits", "tokyo-2025"), HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert b"Tokyo Summit" in response.content
