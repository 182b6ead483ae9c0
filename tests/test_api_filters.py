"""Each list's filters, and their order."""

import pytest

from tests import api_filter_data
from tests.api_filter_data import get
from tests.api_helpers import slugs

pytestmark = pytest.mark.django_db

data = api_filter_data.data  # the records the filters find (a shared data set)


# summits


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("date_after=2024", ["astana", "tokyo"]),
        ("date_after=2025-12-20", ["tokyo"]),
        ("date_after=2025-12-21", []),
        ("date_before=2023", ["xian"]),
        ("date_before=2023-05", ["xian"]),
        ("date_before=2023-04-30", []),
        ("date_after=2023-05&date_before=2024", ["xian", "astana"]),
        ("year=2025", ["tokyo"]),
        ("mechanism=ca-jad", ["astana", "tokyo"]),
        ("mechanism=ca-jad&mechanism=c5-c", ["xian", "astana", "tokyo"]),
        ("actor=japan", ["astana", "tokyo"]),
        ("actor=japan&role=host", ["tokyo"]),
        ("actor=japan&role=guest", ["astana"]),
        ("actor=japan&actor=china&role=host", ["xian", "tokyo"]),
        ("role=host", ["xian", "astana", "tokyo"]),
        ("role=observer", []),
        ("host=kazakhstan", ["astana"]),
        ("level=ministerial", ["astana"]),
        ("level=ministerial&level=heads_of_state", ["xian", "astana", "tokyo"]),
        ("topic=energy", ["tokyo"]),
        ("search=tokyo", ["tokyo"]),
        ("search=MINERALS", ["tokyo"]),
        ("search=CA+JAD", ["astana", "tokyo"]),
        ("search=summit xi'an", ["xian"]),
        ("ordering=-date", ["tokyo", "astana", "xian", "undated"]),
        ("ordering=name", ["astana", "tokyo", "undated", "xian"]),
        ("ordering=city", ["undated", "astana", "tokyo", "xian"]),
    ],
)
def test_summit_filters(data, query, expected):
    assert slugs(get(f"/api/v1/summits/?{query}")) == expected


def test_summits_are_in_date_order_with_undated_last_by_default(data):
    assert slugs(get("/api/v1/summits/?ordering=date")) == ["xian", "astana", "tokyo", "undated"]


# agreements


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("date_after=2023", ["xian-roadmap", "tokyo-declaration"]),
        ("date_before=2023-05-01", ["sco-charter", "xian-roadmap"]),
        ("year=2002", ["sco-charter"]),
        ("kind=roadmap&kind=treaty", ["sco-charter", "xian-roadmap"]),
        ("mechanism=c5-c", ["xian-roadmap"]),
        ("summit=tokyo", ["tokyo-declaration"]),
        ("actor=kazakhstan", ["tokyo-declaration"]),
        ("actor=japan&role=signatory", ["tokyo-declaration"]),
        ("actor=kazakhstan&role=signatory", []),
        ("role=issuer", ["xian-roadmap"]),
        ("topic=transport", ["xian-roadmap"]),
        ("search=rail", ["xian-roadmap"]),
        ("search=charter", ["sco-charter"]),
        ("ordering=-value_amount", ["tokyo-declaration", "sco-charter", "xian-roadmap"]),
        ("ordering=-date", ["tokyo-declaration", "xian-roadmap", "sco-charter"]),
    ],
)
def test_agreement_filters(data, query, expected):
    assert slugs(get(f"/api/v1/agreements/?{query}")) == expected


# mechanisms


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=organisation", ["c5-c"]),
        ("level=heads_of_state", ["ca-jad", "c5-c"]),
        ("level=ministerial", []),
        ("actor=kazakhstan", ["ca-jad", "c5-c"]),
        ("actor=kazakhstan&role=observer", ["c5-c"]),
        ("role=founding_member", ["ca-jad"]),
        ("topic=transport", ["c5-c"]),
        ("parent=ca-jad", ["jad-minerals"]),
        ("initiator=japan", ["ca-jad"]),
        ("date_after=2023-05", ["c5-c"]),
        ("date_before=2004", ["ca-jad"]),
        ("year=2023", ["c5-c"]),
        ("search=ca+jad", ["ca-jad"]),
        ("ordering=-founded", ["c5-c", "ca-jad", "jad-minerals"]),
    ],
)
def test_mechanism_filters(data, query, expected):
    assert slugs(get(f"/api/v1/mechanisms/?{query}")) == expected


# actors, topics, sources


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=person", ["takaichi"]),
        ("kind=organisation&kind=person", ["sco", "takaichi"]),
        ("mechanism=c5-c", ["china", "kazakhstan"]),
        ("represents=japan", ["takaichi"]),
        ("search=prime minister", ["takaichi"]),
        ("search=JPN", ["japan"]),
        ("ordering=-name", ["takaichi", "sco", "kazakhstan", "japan", "china"]),
        ("ordering=kind,name", ["sco", "takaichi", "china", "japan", "kazakhstan"]),
    ],
)
def test_actor_filters(data, query, expected):
    assert slugs(get(f"/api/v1/actors/?{query}")) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [("search=rails", ["transport"]), ("ordering=-name", ["transport", "energy"])],
)
def test_topic_filters(data, query, expected):
    assert slugs(get(f"/api/v1/topics/?{query}")) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("date_after=2025-12", ["avim", "mofa"]),
        ("date_before=2025", ["mofa", "old"]),
        ("year=2004", ["old"]),
        ("language=ja", ["mofa"]),
        ("search=someone", ["old"]),
        ("search=mofa", ["mofa"]),
        ("ordering=title", ["avim", "mofa", "old"]),
    ],
)
def test_source_filters(data, query, expected):
    assert slugs(get(f"/api/v1/sources/?{query}")) == expected
