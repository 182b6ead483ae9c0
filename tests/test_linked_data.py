"""schema.org JSON-LD on the public pages and in the API, expanded by a real JSON-LD processor
(pyld) with the schema.org context served from the pinned copy in tests/data/."""

import datetime
import json
import re
from pathlib import Path

import pytest
from pyld import jsonld

from tests import factories as f
from tests.api_helpers import anonymous

pytestmark = pytest.mark.django_db

CONTEXT_FILE = Path(__file__).parent / "data" / "schemaorg-context-30.0.jsonld"
SCHEMA = "http://schema.org/"
SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def pinned_loader(url, options=None):
    if url.rstrip("/") not in {"https://schema.org", "http://schema.org"}:
        raise jsonld.JsonLdError(f"no network here: {url}", "loading document failed")
    return {"contextUrl": None, "documentUrl": url, "document": json.loads(CONTEXT_FILE.read_text())}


def expand(document) -> dict:
    """The document expanded; every property it states must survive (pyld drops unknown terms)."""
    [expanded] = jsonld.expand(document, {"documentLoader": pinned_loader})
    stated = {key for key in document if not key.startswith("@") and key != "url"}
    assert {SCHEMA + key for key in stated} <= set(expanded), stated
    return expanded


def value(expanded, term):
    [item] = expanded[SCHEMA + term]
    return item.get("@value", item.get("@id"))


@pytest.fixture
def world():
    japan = f.make_actor(slug="japan", name="Japan", iso3="JPN")
    person = f.make_actor(slug="takaichi", name="Sanae Takaichi", kind="person", represents=japan, office="PM")
    cajad = f.make_mechanism(slug="ca-jad", name="CA+JAD", acronym="CA+JAD")
    f.make_membership(japan, cajad)
    tokyo = f.make_summit(
        slug="tokyo",
        name="Tokyo Summit",
        date=datetime.date(2025, 12, 1),
        date_precision="month",
        city="Tokyo",
        host=japan,
        mechanism=cajad,
    )
    f.make_participation(tokyo, japan)
    treaty = f.make_agreement(slug="treaty", name="A Treaty <&>", kind="treaty", summit=tokyo)
    f.make_party(treaty, japan)
    declaration = f.make_agreement(slug="declaration", name="A Declaration", kind="declaration")
    source = f.make_source(slug="report", title="A report", publisher="Someone")
    return {
        "japan": japan,
        "person": person,
        "cajad": cajad,
        "tokyo": tokyo,
        "treaty": treaty,
        "declaration": declaration,
        "source": source,
    }


def page_document(path):
    response = anonymous().get(path)
    assert response.status_code == 200
    [text] = SCRIPT.findall(response.content.decode())
    return json.loads(text), response


def test_a_summit_page_is_an_event_with_place_date_at_its_precision_attendees_and_organizer(world):
    document, _ = page_document("/summits/tokyo/")
    expanded = expand(document)
    assert expanded["@type"] == [SCHEMA + "Event"]
    assert value(expanded, "startDate") == "2025-12"
    assert value(expanded, "organizer") == "http://testserver/actors/japan/"
    assert value(expanded, "attendee") == "http://testserver/actors/japan/"
    [place] = expanded[SCHEMA + "location"]
    assert place["@type"] == [SCHEMA + "Place"] and place[SCHEMA + "name"][0]["@value"] == "Tokyo"


@pytest.mark.parametrize(
    ("path", "schema_type"),
    [
        ("/actors/japan/", "Country"),
        ("/actors/takaichi/", "Person"),
        ("/mechanisms/ca-jad/", "Organization"),
        ("/agreements/treaty/", "Legislation"),
        ("/agreements/declaration/", "CreativeWork"),
        ("/sources/report/", "CreativeWork"),
    ],
)
def test_every_record_page_carries_valid_json_ld_of_its_type(world, path, schema_type):
    document, _ = page_document(path)
    assert expand(document)["@type"] == [SCHEMA + schema_type]


def test_the_data_block_is_escaped_and_allowed_by_the_content_security_policy(world):
    response = anonymous().get("/agreements/treaty/")
    text = response.content.decode()
    assert "A Treaty \\u003C\\u0026\\u003E" in text and "A Treaty <&>" not in SCRIPT.findall(text)[0]
    # a data block is not script: CSP's script-src does not apply to it, and no inline script is allowed
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert value(expand(page_document("/agreements/treaty/")[0]), "legislationPassedBy").endswith("/actors/japan/")


@pytest.mark.parametrize(("endpoint", "slug"), [("summits", "tokyo"), ("actors", "japan"), ("agreements", "treaty")])
def test_the_api_offers_the_same_json_ld(world, endpoint, slug):
    response = anonymous().get(f"/api/v1/{endpoint}/{slug}/", HTTP_ACCEPT="application/ld+json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    page, _ = page_document(f"/{endpoint}/{slug}/")
    assert json.loads(response.content) == page
    expand(json.loads(response.content))


def test_topics_have_no_public_page_and_so_no_json_ld(world):
    f.make_topic(slug="energy", name="Energy")
    assert anonymous().get("/api/v1/topics/energy/", HTTP_ACCEPT="application/ld+json").status_code == 406
