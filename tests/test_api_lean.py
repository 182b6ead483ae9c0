import datetime

import pytest
from django.test import RequestFactory
from rest_framework.request import Request

from events.api.serializers import SummitSerializer
from events.api.views import SummitViewSet
from events.api.viewsets import etag
from events.models import Summit
from tests import factories as f
from tests.api_helpers import anonymous, assert_same_answer, lean_and_serializer_answers
from tests.shared_data import shared_fixture

pytestmark = pytest.mark.django_db


@shared_fixture
def varied_summits():
    person = f.make_actor(kind="person", office="Minister", represents=f.make_actor())
    states = [f.make_actor(name=name) for name in ["Japan", "Kazakhstan", "Kyrgyzstan", "Uzbekistan"]]
    topics = [f.make_topic(name=name) for name in ["Energy", "Trade", "Critical minerals"]]
    sources = [f.make_source(), f.make_source(published=None, published_precision="")]
    mechanism = f.make_mechanism()
    days = [(datetime.date(2025, 12, 20), "day"), (datetime.date(2025, 4, 1), "month"), (None, "")]
    for n, (day, precision) in enumerate(days * 2):
        summit = f.make_summit(
            mechanism=mechanism if n % 2 else None,
            host=states[n % 4] if n % 3 else None,
            date=day,
            date_precision=precision,
            ordinal=n or None,
            curator_note="Unclear." if n == 1 else "",
        )
        summit.topics.set(topics[: n % 4])
        for k, state in enumerate(states[: 1 + n % 4]):
            f.make_participation(
                summit, state, role="host" if k == 0 else "participant", representative=person if k == 1 else None
            )
        for k in range(n % 3):
            f.make_citation(sources[k % 2], summit=summit, locator=f"footnote {k}", quote="Said." if k else "")
        if n % 2:
            f.make_agreement(summit=summit, date=day, date_precision=precision)
            f.make_agreement(summit=summit)


def serializer_json(slugs):
    request = Request(RequestFactory().get("/api/v1/summits/"))
    queryset = SummitViewSet.queryset.filter(slug__in=slugs)
    by_slug = {row["slug"]: row for row in SummitSerializer(queryset, many=True, context={"request": request}).data}
    return [dict(by_slug[slug]) for slug in slugs]


def test_summit_list_built_from_rows_is_what_the_serializer_gives(varied_summits):
    body = anonymous().get("/api/v1/summits/?page_size=100").json()
    assert body["count"] == Summit.objects.count() == 6
    assert body["results"] == serializer_json([row["slug"] for row in body["results"]])


def test_filtered_and_ordered_summit_list_counts_and_pages_alike(varied_summits):
    body = (
        anonymous()
        .get(
            "/api/v1/summits/?ordering=-date&page_size=2&page=2&mechanism="
            + Summit.objects.exclude(mechanism=None).first().mechanism.slug
        )
        .json()
    )
    assert body["count"] == 3
    assert len(body["results"]) == 1
    assert body["results"] == serializer_json([row["slug"] for row in body["results"]])


def test_summit_detail_built_from_rows_is_what_the_serializer_gives(varied_summits):
    for summit in Summit.objects.all():
        response = anonymous().get(f"/api/v1/summits/{summit.slug}/")
        assert response.json() == serializer_json([summit.slug])[0]
        assert response["ETag"] == etag(summit)


def test_shaped_summit_details_are_what_the_serializer_gives(varied_summits):
    summit = Summit.objects.exclude(mechanism=None).exclude(citations=None).first()
    full = serializer_json([summit.slug])[0]
    shaped = anonymous().get(f"/api/v1/summits/{summit.slug}/?fields=slug,provenance,participants").json()
    assert shaped == {name: full[name] for name in ("slug", "provenance", "participants")}
    brief = anonymous().get(f"/api/v1/summits/{summit.slug}/?brief=1").json()
    assert brief == {"slug": summit.slug, "name": summit.name, "url": full["url"]}


def test_a_missing_summit_is_a_404_naming_what_was_looked_for(varied_summits):
    response = anonymous().get("/api/v1/summits/no-such-summit/")
    assert response.status_code == 404
    assert "No Summit matches" in response.json()["detail"]


def test_summits_with_names_identifiers_claims_and_awkward_text_are_what_the_serializer_gives(varied_summits):
    from events.models import Identifier, OtherName

    summit = Summit.objects.exclude(citations=None).first()
    summit.name = 'Саммит "Central Asia" — 中亚\\ \u2028 tab\there'
    summit.inferred = {"date": "from the ordinal", "nested": [1, 2.5, None, True]}
    summit.save()
    OtherName.objects.create(
        summit=summit,
        name="Астана-2019",
        kind="translation",
        language="ru",
        start=datetime.date(2019, 3, 1),
        start_precision="month",
        end=datetime.date(2022, 1, 1),
        end_precision="year",
        note='Said "so".',
    )
    OtherName.objects.create(summit=summit, name="A-summit", kind="acronym")
    Identifier.objects.create(summit=summit, scheme="wikidata", value="Q1")
    Identifier.objects.create(summit=summit, scheme="example", value="ex-1")
    summit.citations.update(claims=["date", "participant:japan"])
    expected = serializer_json([summit.slug])[0]
    assert anonymous().get(f"/api/v1/summits/{summit.slug}/").json() == expected
    page = anonymous().get("/api/v1/summits/?page_size=100").json()["results"]
    assert next(row for row in page if row["slug"] == summit.slug) == expected
    names = anonymous().get(f"/api/v1/summits/{summit.slug}/?as_of=2020-06-01").json()["other_names"]
    in_use = [(name["name"], name["certainty"]) for name in names]
    assert in_use == [("A-summit", "certain"), ("Астана-2019", "certain")]


def both_paths(monkeypatch, url):
    """The lean answer and the serializer's (RecordViewSet's list and retrieve) to the same request."""
    return lean_and_serializer_answers(monkeypatch, url, SummitViewSet, replaced=("retrieve", "list_page"))


@pytest.mark.parametrize(
    "query", ["", "?brief=1", "?fields=provenance,name", "?fields=slug", "?format=json", "?as_of=2020-06-01"]
)
def test_summits_lean_and_through_the_serializer_are_the_same_bytes(monkeypatch, varied_summits, query):
    from events.models import OtherName

    summit = Summit.objects.exclude(citations=None).first()
    OtherName.objects.create(
        summit=summit, name="Old name", kind="former_name", end=datetime.date(2010, 1, 1), end_precision="year"
    )
    summit.citations.update(claims=["date", "other_name:Old name"])
    assert_same_answer(*both_paths(monkeypatch, f"/api/v1/summits/{query}{'&' if query else '?'}page_size=100"))
    for slug in Summit.objects.values_list("slug", flat=True):
        assert_same_answer(*both_paths(monkeypatch, f"/api/v1/summits/{slug}/{query}"))
