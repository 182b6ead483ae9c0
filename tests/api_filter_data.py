"""The records the API filter tests query (a shared data set), and reading an answer."""

import datetime

from tests import factories as f
from tests.api_helpers import anonymous
from tests.shared_data import shared_fixture

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
