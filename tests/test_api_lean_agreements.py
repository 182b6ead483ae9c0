import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.api.views import AgreementViewSet
from events.api.viewsets import etag
from events.dates import parse_edtf
from events.models import (
    Agreement,
    AgreementAction,
    AgreementRelation,
    Identifier,
    OtherName,
    set_partial_date,
)
from tests import factories as f
from tests.api_helpers import (
    anonymous,
    assert_same_answer,
    client_for,
    lean_and_serializer_answers,
    make_curator,
)
from tests.shared_data import shared_fixture

pytestmark = pytest.mark.django_db

#: every precision a date may have, EDTF level 1 included, and no date
DATES = ["2025-12-20", "2025-04", "2004", "2025-11?", "2004~", "2019/2025", "2025-11/..", "../2025", None]


def dated(row, text, field="date"):
    set_partial_date(row, field, parse_edtf(text) if text else None)
    return row


@shared_fixture
def varied_agreements():
    person = f.make_actor(kind="person", office="Minister", represents=f.make_actor(name="Japan"))
    states = [f.make_actor(name=f"State {n:02}") for n in range(12)]
    topics = [f.make_topic(name=name) for name in ["Energy", "Trade", "Critical minerals"]]
    sources = [f.make_source(), f.make_source(published=None, published_precision="")]
    mechanism = f.make_mechanism()
    summit = f.make_summit(mechanism=mechanism)
    values = [None, Decimal("0"), Decimal("1500000000.50"), Decimal("12345678901234.56"), Decimal("0.10")]
    agreements = []
    for n, text in enumerate(DATES):
        value = values[n % len(values)]
        agreement = dated(
            Agreement(
                slug=f"agreement-{n}",
                name=f'Agreement {n} "Ташкент" — 中亚\\ \u2028 tab\there' if n == 1 else f"Agreement {n}",
                kind=Agreement.Kind.TREATY if n % 2 else Agreement.Kind.DECLARATION,
                summit=summit if n % 3 == 1 else None,
                mechanism=mechanism if n % 3 == 2 else None,
                value_amount=value,
                value_currency="" if value is None else "USD",
                description="" if n % 2 else "What it says.",
                curator_note="Unclear." if n == 3 else "",
                inferred={"date": "from the summit", "nested": [1, 2.5, None, True]} if n == 2 else {},
            ),
            text,
        )
        agreement.save()
        agreement.topics.set(topics[: n % 4])
        parties = states if n == 0 else states[: n % 4]  # one with many parties, one with none
        for k, state in enumerate(parties):
            f.make_party(
                agreement,
                state,
                role=["signatory", "party", "issuer"][k % 3],
                representative=person if k == 1 else None,
            )
        for k in range(n % 3):
            f.make_citation(
                sources[k % 2],
                agreement=agreement,
                locator=f"footnote {k}",
                quote="Said." if k else "",
                claims=["date", f"party:{states[0].slug}"] if parties else ["name"],
            )
        agreements.append(agreement)
    first, treaty = agreements[0], agreements[1]
    for k, text in enumerate(DATES):
        kind = ["signature", "ratification", "reservation_declaration"][k % 3]
        dated(
            AgreementAction(
                agreement=first,
                actor=states[k],
                kind=kind,
                text="We reserve." if kind == "reservation_declaration" else "",
                note="Late." if k == 4 else "",
            ),
            text,
        ).save()
    dated(AgreementAction(agreement=first, kind="adoption"), "2004").save()
    AgreementAction.objects.create(agreement=first, kind="entry_into_force")  # the agreement's own, undated
    AgreementRelation.objects.create(agreement=first, kind="part_of", target_agreement=treaty, note="Annex.")
    AgreementRelation.objects.create(agreement=first, kind="implements", target_mechanism=mechanism)
    AgreementRelation.objects.create(agreement=agreements[2], kind="amends", target_agreement=treaty)
    AgreementRelation.objects.create(agreement=agreements[3], kind="supersedes", target_agreement=treaty)
    AgreementRelation.objects.create(agreement=agreements[3], kind="follows_from", target_agreement=first)
    translation = OtherName(agreement=treaty, name="Договор", kind="translation", language="ru", note='"So".')
    dated(dated(translation, "2019-03", "start"), "2022", "end").save()
    OtherName.objects.create(agreement=treaty, name="T-1", kind="acronym")
    Identifier.objects.create(agreement=treaty, scheme="wikidata", value="Q1")
    Identifier.objects.create(agreement=treaty, scheme="example", value="ex-1")
    # a writer that set only (value, precision): the EDTF text no longer agrees with them
    Agreement.objects.filter(pk=agreements[4].pk).update(date=datetime.date(2001, 1, 1), date_precision="year")
    return agreements


def both_paths(monkeypatch, url):
    """The lean answer and the serializer's (RecordViewSet.retrieve) to the same request."""
    return lean_and_serializer_answers(monkeypatch, url, AgreementViewSet)


def test_agreement_details_built_from_rows_are_byte_for_byte_what_the_serializer_gives(monkeypatch, varied_agreements):
    for agreement in Agreement.objects.all():
        lean, full = both_paths(monkeypatch, f"/api/v1/agreements/{agreement.slug}/")
        assert lean.status_code == 200
        assert_same_answer(lean, full)
        assert lean["ETag"] == etag(agreement)


def test_the_rows_cover_what_the_edge_cases_hold(varied_agreements):
    many = anonymous().get("/api/v1/agreements/agreement-0/").json()
    assert len(many["parties"]) == 12 and len(many["actions"]) == len(DATES) + 2
    assert {action["date_precision"] for action in many["actions"]} == {"day", "month", "year", None}
    assert [relation["kind"] for relation in many["relations"]] == ["implements", "part_of"]
    treaty = anonymous().get("/api/v1/agreements/agreement-1/").json()
    assert [(row["label"], row["source"]["slug"]) for row in treaty["related_from"]] == [
        ("amended by", "agreement-2"),  # in the date order of the agreements that hold them
        ("superseded by", "agreement-3"),
        ("includes", "agreement-0"),
    ]
    assert treaty["value_amount"] == "0.00" and treaty["parties"][0]["representative"] is None
    assert [name["name"] for name in treaty["other_names"]] == ["T-1", "Договор"]
    values = [anonymous().get(f"/api/v1/agreements/agreement-{n}/").json()["value_amount"] for n in range(5)]
    assert values[0] is None and values[2] == "1500000000.50"


@pytest.mark.parametrize(
    "query",
    [
        "?fields=slug",
        "?fields=provenance",
        "?fields=slug,provenance,parties",
        "?fields=actions,related_from,value_amount,date",
        "?fields=updated_at,created_at,inferred",
        "?fields=other_names,identifiers,citations,topics,relations",
        "?brief=1",
        "?brief=0",
        "?brief=true&format=json",
        "?format=json",
        "?as_of=2020-06-01",
        "?as_of=2020-06-01&fields=slug,other_names",
        "?fields=nope",
        "?fields=",
        "?brief=maybe",
        "?brief=1&fields=slug",
        "?as_of=2020",
        "?page=2",
    ],
)
def test_shaped_and_refused_agreement_details_are_what_the_serializer_path_gives(monkeypatch, varied_agreements, query):
    for slug in ["agreement-0", "agreement-1", "agreement-5"]:
        assert_same_answer(*both_paths(monkeypatch, f"/api/v1/agreements/{slug}/{query}"))


def test_as_of_goes_through_the_record_and_adds_the_state(varied_agreements):
    body = anonymous().get("/api/v1/agreements/agreement-0/?as_of=2020-06-01").json()
    assert list(body)[-2:] == ["updated_at", "state"]
    assert body["state"]["as_of"] == "2020-06-01"


def test_a_missing_agreement_is_a_404_naming_what_was_looked_for(monkeypatch, varied_agreements):
    lean, full = both_paths(monkeypatch, "/api/v1/agreements/no-such-agreement/")
    assert lean.status_code == 404
    assert_same_answer(lean, full)


def test_an_agreement_detail_is_one_query(varied_agreements):
    with CaptureQueriesContext(connection) as queries:
        assert anonymous().get("/api/v1/agreements/agreement-0/").status_code == 200
    assert len(queries) == 1


def test_the_fixtures_agreements_are_what_the_serializer_gives(monkeypatch, cainfo_data):
    for slug in Agreement.objects.values_list("slug", flat=True):
        for query in ["", "?fields=provenance,parties", "?brief=1"]:
            assert_same_answer(*both_paths(monkeypatch, f"/api/v1/agreements/{slug}/{query}"))


def test_the_json_ld_of_an_agreement_goes_through_the_record(monkeypatch, varied_agreements):
    lean, full = both_paths(monkeypatch, "/api/v1/agreements/agreement-0/?format=jsonld")
    assert lean.status_code == 200
    assert_same_answer(lean, full)


def test_the_browsable_api_and_head_of_an_agreement_answer_on_the_lean_path(varied_agreements):
    page = client_for(make_curator()).get("/api/v1/agreements/agreement-0/?format=api")
    assert page.status_code == 200
    assert b"agreement-0" in page.content
    head = anonymous().head("/api/v1/agreements/agreement-0/")
    assert head.status_code == 200 and head["ETag"] == etag(Agreement.objects.get(slug="agreement-0"))
