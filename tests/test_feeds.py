"""Atom feeds and the summits calendar, read back with real parsers (feedparser, icalendar)."""

import datetime

import feedparser
import pytest
from icalendar import Calendar

from tests import factories as f
from tests.api_helpers import anonymous

pytestmark = pytest.mark.django_db(transaction=True)  # the change feed numbers changes at commit


@pytest.fixture
def summits():
    japan = f.make_actor(slug="japan", name="Japan")
    cajad = f.make_mechanism(slug="ca-jad", name="CA+JAD")
    day = f.make_summit(
        slug="tokyo", name="Tokyo Summit", date=datetime.date(2025, 12, 20), date_precision="day", city="Tokyo"
    )
    f.make_participation(day, japan)
    month = f.make_summit(slug="astana", name="Astana Summit", date=datetime.date(2025, 4, 1), date_precision="month")
    year = f.make_summit(
        slug="dushanbe", name="Dushanbe Summit", date=datetime.date(2024, 1, 1), date_precision="year", mechanism=cajad
    )
    f.make_summit(slug="undated", name="Undated Summit", date=None, date_precision="")
    f.make_agreement(slug="tokyo-declaration", name="Declaration of Tokyo", summit=day)
    return day, month, year


def parsed(url):
    response = anonymous().get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    return feed


def test_the_changes_feed_is_valid_atom_newest_first(summits):
    f.make_topic(slug="energy", name="Energy").delete()
    feed = parsed("/feeds/changes.atom")
    titles = [entry.title for entry in feed.entries]
    assert titles[:2] == ["Deleted topic energy", "Created topic energy"]
    assert "Created participation tokyo / japan" in titles
    ids = [entry.id for entry in feed.entries]
    assert len(set(ids)) == len(ids)
    participation = next(e for e in feed.entries if e.title == "Created participation tokyo / japan")
    assert participation.link == "http://testserver/summits/tokyo/"


def test_the_timeline_feed_lists_new_summits_and_agreements(summits):
    feed = parsed("/feeds/timeline.atom")
    titles = [entry.title for entry in feed.entries]
    assert titles[0] == "Declaration of Tokyo"
    assert "Tokyo Summit (20 December 2025)" in titles and "Astana Summit (April 2025)" in titles
    assert {entry.link for entry in feed.entries} >= {"http://testserver/summits/tokyo/"}


def events_of(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    return {str(event["uid"]): event for event in calendar.walk("VEVENT")}


def test_day_summits_are_all_day_events_and_vaguer_ones_span_their_month_or_year(summits):
    events = events_of(anonymous().get("/feeds/summits.ics"))
    assert set(events) == {"summit-tokyo@cainfo", "summit-astana@cainfo", "summit-dushanbe@cainfo"}
    tokyo = events["summit-tokyo@cainfo"]
    assert (tokyo.decoded("dtstart"), tokyo.decoded("dtend")) == (
        datetime.date(2025, 12, 20),
        datetime.date(2025, 12, 21),
    )
    assert not isinstance(tokyo.decoded("dtstart"), datetime.datetime)  # VALUE=DATE: all day
    assert str(tokyo["summary"]) == "Tokyo Summit" and str(tokyo["location"]) == "Tokyo"
    astana = events["summit-astana@cainfo"]
    assert (astana.decoded("dtstart"), astana.decoded("dtend")) == (
        datetime.date(2025, 4, 1),
        datetime.date(2025, 5, 1),
    )
    assert "known only to the month" in str(astana["summary"])
    dushanbe = events["summit-dushanbe@cainfo"]
    assert (dushanbe.decoded("dtstart"), dushanbe.decoded("dtend")) == (
        datetime.date(2024, 1, 1),
        datetime.date(2025, 1, 1),
    )
    assert "whole year" in str(dushanbe["description"])
    assert str(tokyo["url"]) == "http://testserver/summits/tokyo/"


def test_the_calendar_is_filtered_like_the_timeline(summits):
    assert set(events_of(anonymous().get("/feeds/summits.ics", {"actor": "japan"}))) == {"summit-tokyo@cainfo"}
    assert set(events_of(anonymous().get("/feeds/summits.ics", {"year": "2024"}))) == {"summit-dushanbe@cainfo"}
    assert set(events_of(anonymous().get("/feeds/summits.ics", {"mechanism": "ca-jad"}))) == {"summit-dushanbe@cainfo"}


@pytest.mark.parametrize("params", [{"colour": "red"}, {"year": "soon"}, {"actor": "nobody"}])
def test_a_bad_calendar_filter_is_a_400_with_the_reason(summits, params):
    response = anonymous().get("/feeds/summits.ics", params)
    assert response.status_code == 400
    assert list(params)[0] in response.content.decode()
