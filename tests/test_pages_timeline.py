import datetime
import re

import pytest
from django.urls import reverse

from tests import factories as f

pytestmark = pytest.mark.django_db

TIMELINE = reverse("events:timeline")


def titles(response) -> list[str]:
    return re.findall(r'class="entry-title"><a href="[^"]+">([^<]+)</a>', response.content.decode())


def test_timeline_lists_summits_and_agreements_newest_first_grouped_by_year(client, world):
    response = client.get(TIMELINE)
    assert response.status_code == 200
    assert titles(response) == [
        "CA+JAD Tokyo Summit",
        "Declaration of Tokyo",
        "EU–Central Asia Summit in Samarkand",
        "EU Strategy for Central Asia",
        "CA+JAD Foreign Ministers&#x27; Meeting",
    ]
    html = response.content.decode()
    years = re.findall(r'<h3 id="year-[^"]+" class="year-heading">([^<]+)</h3>', html)
    assert years == ["2025", "2007", "2004"]


def test_timeline_shows_each_date_at_its_precision(client, world):
    html = client.get(TIMELINE).content.decode()
    assert '<time datetime="2025-12-20">20 December 2025</time>' in html
    assert '<time datetime="2025-04">April 2025</time>' in html
    assert '<time datetime="2007">2007</time>' in html
    assert "1 April 2025" not in html
    assert "1 January 2007" not in html


def test_timeline_entry_shows_mechanism_place_and_participants(client, world):
    html = client.get(TIMELINE).content.decode()
    assert 'href="/mechanisms/ca-jad/">Central Asia plus Japan Dialogue (CA+JAD)</a>' in html
    assert 'Tokyo, hosted by <a href="/actors/japan/">Japan</a>' in html
    assert '<a href="/actors/kazakhstan/">Kazakhstan</a>' in html
    assert '(<a href="/actors/takaichi/">Sanae Takaichi</a>)' in html
    assert "USD 19,000,000" in html


def test_undated_records_come_last_under_their_own_heading(client, world):
    f.make_agreement(slug="undated", name="An undated proposal", kind="proposal")
    response = client.get(TIMELINE)
    assert titles(response)[-1] == "An undated proposal"
    assert "Date not known" in response.content.decode()


def test_filter_by_mechanism_keeps_its_summits_and_agreements(client, world):
    response = client.get(TIMELINE, {"mechanism": "ca-jad"})
    assert response.status_code == 200
    assert titles(response) == [
        "CA+JAD Tokyo Summit",
        "Declaration of Tokyo",
        "CA+JAD Foreign Ministers&#x27; Meeting",
    ]
    assert 'name="mechanism" value="ca-jad"' in response.content.decode()  # the filter stays filled in


def test_filter_by_actor_finds_participations_hosting_parties_and_representatives(client, world):
    assert titles(client.get(TIMELINE, {"actor": "uzbekistan"})) == [
        "CA+JAD Tokyo Summit",
        "EU–Central Asia Summit in Samarkand",
    ]
    assert titles(client.get(TIMELINE, {"actor": "takaichi"})) == ["CA+JAD Tokyo Summit", "Declaration of Tokyo"]
    assert titles(client.get(TIMELINE, {"actor": "eu"})) == [
        "EU–Central Asia Summit in Samarkand",
        "EU Strategy for Central Asia",
    ]


def test_filter_by_topic(client, world):
    assert titles(client.get(TIMELINE, {"topic": "critical-minerals"})) == ["CA+JAD Tokyo Summit"]
    assert titles(client.get(TIMELINE, {"topic": "connectivity"})) == ["CA+JAD Tokyo Summit", "Declaration of Tokyo"]


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (
            "summits",
            ["CA+JAD Tokyo Summit", "EU–Central Asia Summit in Samarkand", "CA+JAD Foreign Ministers&#x27; Meeting"],
        ),
        ("agreements", ["Declaration of Tokyo", "EU Strategy for Central Asia"]),
        ("strategy", ["EU Strategy for Central Asia"]),
        ("treaty", []),
    ],
)
def test_filter_by_kind(client, world, kind, expected):
    assert titles(client.get(TIMELINE, {"kind": kind})) == expected


def test_filter_by_year_range_uses_whole_years(client, world):
    assert titles(client.get(TIMELINE, {"year_from": "2005", "year_to": "2007"})) == ["EU Strategy for Central Asia"]
    assert titles(client.get(TIMELINE, {"year_from": "2025"})) == [
        "CA+JAD Tokyo Summit",
        "Declaration of Tokyo",
        "EU–Central Asia Summit in Samarkand",
    ]
    assert titles(client.get(TIMELINE, {"year_to": "2004"})) == ["CA+JAD Foreign Ministers&#x27; Meeting"]


def test_search_matches_names_places_and_participants(client, world):
    assert titles(client.get(TIMELINE, {"q": "samarkand"})) == ["EU–Central Asia Summit in Samarkand"]
    assert titles(client.get(TIMELINE, {"q": "Takaichi"})) == ["CA+JAD Tokyo Summit", "Declaration of Tokyo"]
    assert titles(client.get(TIMELINE, {"q": "CA+JAD"})) == [
        "CA+JAD Tokyo Summit",
        "Declaration of Tokyo",
        "CA+JAD Foreign Ministers&#x27; Meeting",
    ]


def test_filters_combine(client, world):
    response = client.get(TIMELINE, {"mechanism": "ca-jad", "kind": "summits", "year_from": "2020", "q": "tokyo"})
    assert titles(response) == ["CA+JAD Tokyo Summit"]
    assert "1 record matches these filters." in response.content.decode()


def test_no_match_says_so_and_offers_the_whole_timeline(client, world):
    response = client.get(TIMELINE, {"q": "no such thing"})
    assert response.status_code == 200
    assert titles(response) == []
    assert "No summit or agreement matches these filters." in response.content.decode()


def test_a_bad_year_is_a_form_error_not_a_server_error(client, world):
    response = client.get(TIMELINE, {"year_from": "last year"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Some filters could not be used." in html
    assert "Enter a whole number." in html
    assert titles(response) == []


def test_a_year_range_that_ends_before_it_starts_is_a_form_error(client, world):
    response = client.get(TIMELINE, {"year_from": "2025", "year_to": "2004"})
    assert response.status_code == 400
    assert "The range ends before it starts: 2004 is before 2025." in response.content.decode()


def test_an_unknown_mechanism_is_a_form_error(client, world):
    response = client.get(TIMELINE, {"mechanism": "no-such-mechanism"})
    assert response.status_code == 400
    assert "No mechanism has the identifier or name “no-such-mechanism”" in response.content.decode()


def test_the_mechanism_and_actor_filters_are_text_boxes_with_suggestions_and_take_a_name(client, world):
    html = client.get(TIMELINE).content.decode()
    assert "<select" not in html.split('<select name="topic"')[0]  # mechanism and actor come before topic
    assert 'list="id_mechanism-options"' in html and '<datalist id="id_mechanism-options">' in html
    assert f'<option value="{world.japan.slug}">{world.japan.name}</option>' in html
    by_name = client.get(TIMELINE, {"actor": world.japan.name.upper()})
    by_slug = client.get(TIMELINE, {"actor": world.japan.slug})
    assert by_name.status_code == by_slug.status_code == 200
    assert titles(by_name) == titles(by_slug) != titles(client.get(TIMELINE))


@pytest.mark.parametrize(
    "query",
    [
        "page=abc",
        "page=-1",
        "page=99999",
        "page=1e9",
        "year_from=99999999999999999999",
        "year_to=-5",
        "year_from=2025.5",
        "year_from=%00",
        "q=%00",
        "q=" + "x" * 500,
        "q=%27%3B+DROP+TABLE+events_summit%3B--",
        "q=%25%25_%5C",
        "mechanism=%00",
        "actor=%E2%80%8B",
        "topic[]=x&topic=y",
        "kind=nonsense",
        "kind=summits&kind=agreements",
        "unknown=1",
        "%ff%fe=%ff",
        "mechanism=" + "a" * 1000,
    ],
)
def test_no_query_string_makes_a_server_error(client, world, query):
    response = client.get(f"{TIMELINE}?{query}")
    assert response.status_code in (200, 400)
    assert b"<h1>Timeline of Central Asian diplomacy</h1>" in response.content


def test_an_empty_database_says_nothing_is_recorded_yet(client, db):
    response = client.get(TIMELINE)
    assert response.status_code == 200
    assert "No summits or agreements are recorded yet." in response.content.decode()


def test_pages_keep_the_filters_in_their_links(client, db):
    mechanism = f.make_mechanism(slug="c5-plus-1")
    for day in range(30):
        f.make_summit(mechanism=mechanism, date=datetime.date(2020, 1, 1) + datetime.timedelta(days=day))
    f.make_summit(name="Elsewhere")
    response = client.get(TIMELINE, {"mechanism": "c5-plus-1"})
    html = response.content.decode()
    assert len(titles(response)) == 25
    assert "30 records match these filters, showing 1–25." in html
    assert 'href="?mechanism=c5-plus-1&amp;page=2" rel="next"' in html
    second = client.get(TIMELINE, {"mechanism": "c5-plus-1", "page": "2"})
    assert len(titles(second)) == 5
    assert "Page 2 of 2" in second.content.decode()


@pytest.mark.parametrize("query", ["", "year_from=x&year_to=y&mechanism=zz&q=%00", "year_from=2030&year_to=2020"])
def test_the_timeline_form_ties_each_error_to_its_control_and_ids_are_unique(client, world, query):
    html = client.get(f"{TIMELINE}?{query}").content.decode()
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    for described in re.findall(r'aria-describedby="([^"]+)"', html):
        assert f'id="{described}"' in html
