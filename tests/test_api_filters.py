import datetime

import pytest

from tests import factories as f
from tests.api_helpers import anonymous, slugs
from tests.shared_data import shared_fixture

pytestmark = pytest.mark.django_db

D = datetime.date


@shared_fixture
def data():
    japan = f.make_actor(slug="japan", name="Japan", iso3="JPN")
    china = f.make_actor(slug="china", name="China", iso3="CHN")
    kazakhstan = f.make_actor(slug="kazakhstan", name="Kazakhstan", iso3="KAZ")
    f.make_actor(slug="sco", name="Shanghai Cooperation Organisation", kind="organisation", acronym="SCO")
    f.make_actor(slug="takaichi", name="Takaichi Sanae", kind="person", represents=japan, office="Prime Minister")
    energy = f.make_topic(slug="energy", name="Energy")
    transport = f.make_topic(slug="transport", name="Transport", description="roads and rails")
    jad = f.make_mechanism(
        slug="ca-jad",
        name="Central Asia + Japan Dialogue",
        acronym="CA+JAD",
        founded=D(2004, 1, 1),
        founded_precision="year",
        initiator=japan,
    )
    c5c = f.make_mechanism(
        slug="c5-c", name="China–Central Asia", kind="organisation", founded=D(2023, 5, 1), founded_precision="month"
    )
    f.make_mechanism(slug="jad-minerals", name="Minerals dialogue", parent=jad, kind="initiative")
    jad.topics.add(energy)
    c5c.topics.add(transport)
    f.make_level(jad, level="ministerial", since=D(2004, 1, 1), since_precision="year")
    f.make_level(jad, level="heads_of_state", since=D(2025, 1, 1), since_precision="year")
    f.make_level(c5c, level="heads_of_state", since=D(2023, 1, 1), since_precision="year")
    f.make_membership(japan, jad, role="founding_member")
    f.make_membership(kazakhstan, jad)
    f.make_membership(kazakhstan, c5c, role="observer")
    f.make_membership(china, c5c)

    tokyo = f.make_summit(
        slug="tokyo",
        name="Tokyo Summit",
        city="Tokyo",
        mechanism=jad,
        host=japan,
        date=D(2025, 12, 20),
        date_precision="day",
        level="heads_of_state",
        outcome="critical minerals",
    )
    xian = f.make_summit(
        slug="xian",
        name="Xi'an Summit",
        city="Xi'an",
        mechanism=c5c,
        host=china,
        date=D(2023, 5, 1),
        date_precision="month",
        level="heads_of_state",
    )
    astana = f.make_summit(
        slug="astana",
        name="Astana Ministerial",
        city="Astana",
        mechanism=jad,
        host=kazakhstan,
        date=D(2024, 1, 1),
        date_precision="year",
        level="ministerial",
    )
    f.make_summit(slug="undated", name="Undated meeting", date=None, date_precision="")
    tokyo.topics.add(energy)
    xian.topics.add(transport)
    f.make_participation(tokyo, japan, role="host")
    f.make_participation(tokyo, kazakhstan)
    f.make_participation(xian, china, role="host")
    f.make_participation(xian, kazakhstan)
    f.make_participation(astana, kazakhstan, role="host")
    f.make_participation(astana, japan, role="guest")

    decl = f.make_agreement(
        slug="tokyo-declaration",
        name="Tokyo Declaration",
        kind="declaration",
        summit=tokyo,
        mechanism=jad,
        date=D(2025, 12, 20),
        date_precision="day",
        value_amount=19_000_000,
        value_currency="USD",
    )
    roadmap = f.make_agreement(
        slug="xian-roadmap",
        name="Xi'an Roadmap",
        kind="roadmap",
        summit=xian,
        mechanism=c5c,
        date=D(2023, 5, 1),
        date_precision="month",
        description="rail corridor plans",
    )
    f.make_agreement(slug="sco-charter", name="SCO Charter", kind="treaty", date=D(2002, 6, 7), date_precision="day")
    decl.topics.add(energy)
    roadmap.topics.add(transport)
    f.make_party(decl, japan, role="signatory")
    f.make_party(decl, kazakhstan)
    f.make_party(roadmap, china, role="issuer")

    f.make_source(
        slug="avim",
        title="AVIM Analysis",
        publisher="AVIM",
        published=D(2026, 3, 25),
        published_precision="day",
        language="en",
    )
    f.make_source(
        slug="mofa",
        title="Joint Declaration",
        publisher="MOFA Japan",
        published=D(2025, 12, 1),
        published_precision="month",
        language="ja",
    )
    f.make_source(
        slug="old",
        title="Old report",
        author="Someone",
        published=D(2004, 1, 1),
        published_precision="year",
        language="en",
    )


def get(url):
    response = anonymous().get(url)
    assert response.status_code == 200, response.json()
    return response


def error(url):
    response = anonymous().get(url)
    assert response.status_code == 400, response.content
    return response.json()


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


# bad values


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/api/v1/summits/?date_after=2025-13", "date_after"),
        ("/api/v1/summits/?date_before=yesterday", "date_before"),
        ("/api/v1/summits/?date_after=2025-02-30", "date_after"),
        ("/api/v1/summits/?year=twenty", "year"),
        ("/api/v1/summits/?year=0", "year"),
        ("/api/v1/summits/?year=2025.5", "year"),
        ("/api/v1/summits/?mechanism=atlantis", "mechanism"),
        ("/api/v1/summits/?actor=atlantis", "actor"),
        ("/api/v1/summits/?role=king", "role"),
        ("/api/v1/summits/?host=atlantis", "host"),
        ("/api/v1/summits/?level=galactic", "level"),
        ("/api/v1/summits/?topic=atlantis", "topic"),
        ("/api/v1/summits/?ordering=colour", "ordering"),
        ("/api/v1/agreements/?kind=poem", "kind"),
        ("/api/v1/agreements/?summit=atlantis", "summit"),
        ("/api/v1/agreements/?role=host", "role"),
        ("/api/v1/mechanisms/?level=galactic", "level"),
        ("/api/v1/mechanisms/?kind=club", "kind"),
        ("/api/v1/mechanisms/?parent=atlantis", "parent"),
        ("/api/v1/mechanisms/?initiator=atlantis", "initiator"),
        ("/api/v1/agreements/?date_before=2025-00", "date_before"),
        ("/api/v1/agreements/?year=-1", "year"),
        ("/api/v1/agreements/?mechanism=atlantis", "mechanism"),
        ("/api/v1/agreements/?actor=atlantis", "actor"),
        ("/api/v1/agreements/?topic=atlantis", "topic"),
        ("/api/v1/agreements/?ordering=colour", "ordering"),
        ("/api/v1/mechanisms/?actor=atlantis", "actor"),
        ("/api/v1/mechanisms/?role=king", "role"),
        ("/api/v1/mechanisms/?topic=atlantis", "topic"),
        ("/api/v1/mechanisms/?date_after=2025-1", "date_after"),
        ("/api/v1/mechanisms/?year=10000", "year"),
        ("/api/v1/mechanisms/?ordering=colour", "ordering"),
        ("/api/v1/actors/?kind=alien", "kind"),
        ("/api/v1/actors/?mechanism=atlantis", "mechanism"),
        ("/api/v1/actors/?ordering=colour", "ordering"),
        ("/api/v1/sources/?year=soon", "year"),
        ("/api/v1/sources/?date_before=0000", "date_before"),
        ("/api/v1/sources/?ordering=colour", "ordering"),
        ("/api/v1/actors/?represents=atlantis", "represents"),
        ("/api/v1/sources/?date_after=20/12/2025", "date_after"),
        ("/api/v1/topics/?ordering=size", "ordering"),
        ("/api/v1/summits/?page=first", "page"),
        ("/api/v1/summits/?page=0", "page"),
        ("/api/v1/summits/?page_size=0", "page_size"),
        ("/api/v1/summits/?page_size=101", "page_size"),
        ("/api/v1/summits/?page_size=ten", "page_size"),
    ],
)
def test_a_malformed_value_is_a_400_naming_the_parameter(data, url, parameter):
    assert parameter in error(url)


def test_an_unknown_slug_says_which_slug(data):
    assert error("/api/v1/summits/?actor=atlantis") == {"actor": ["No actor with slug 'atlantis'."]}
    nul = "The query parameter 'actor' holds a NUL character (%00), which no value may contain."
    assert error("/api/v1/summits/?actor=ja%00pan") == {"actor": [nul]}


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/summits/?yaer=2025",
        "/api/v1/agreements/?party=japan",
        "/api/v1/mechanisms/?asof=2025-01-01",
        "/api/v1/actors/?country=japan",
        "/api/v1/topics/?q=energy",
        "/api/v1/sources/?published=2025",
        "/api/v1/timeline/?kind=summit",
        "/api/v1/summits/tokyo/?year=2025",
        "/api/v1/mechanisms/ca-jad/members/?as_of=2025-01-01&year=2025",
    ],
)
def test_an_unknown_query_parameter_is_a_400_naming_it(data, url):
    unknown = url.split("?")[1].split("&")[-1].split("=")[0]
    assert unknown in error(url)


# paging


def test_page_size_and_page_walk_through_every_record_once(data):
    first = get("/api/v1/summits/?page_size=3").json()
    assert first["count"] == 4 and len(first["results"]) == 3
    second = get(first["next"].replace("http://testserver", "")).json()
    assert [row["slug"] for row in first["results"] + second["results"]] == ["xian", "astana", "tokyo", "undated"]
    assert second["next"] is None


def test_a_page_past_the_end_is_404(data):
    assert anonymous().get("/api/v1/summits/?page=99").status_code == 404


def test_the_largest_page_size_is_accepted(data):
    assert len(get("/api/v1/summits/?page_size=100").json()["results"]) == 4


def test_an_empty_filter_value_means_no_filter(data):
    assert len(slugs(get("/api/v1/summits/?actor=&year="))) == 4


@pytest.mark.parametrize("url", ["/api/v1/summits/?format=json", "/api/v1/summits/tokyo/?format=json"])
def test_the_format_parameter_is_accepted(data, url):
    assert anonymous().get(url).status_code == 200


def test_an_ordering_of_empty_items_is_a_400_not_a_server_error():
    response = anonymous().get("/api/v1/agreements/", {"ordering": ",,,,,,", "role": ""})
    assert response.status_code == 400
    assert "none of them empty" in response.json()["ordering"][0]
