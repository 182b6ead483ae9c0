"""The reconciliation service (/api/reconcile/), its responses validated against the protocol's
published JSON schemas (version 0.2, pinned in tests/data/reconciliation-0.2/)."""

import datetime
import json
from pathlib import Path

import jsonschema
import pytest
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from tests import factories as f
from tests.api_helpers import anonymous

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).parent / "data" / "reconciliation-0.2"
SERVICE = "/api/reconcile/"


def load(name):
    return json.loads((SCHEMAS / f"{name}.json").read_text())


REGISTRY = Registry().with_resources(
    (
        load(name)["$id"],
        Resource.from_contents(load(name), default_specification=DRAFT7),
    )
    for name in ("type",)
)


def valid(name, instance):
    schema = load(name)
    jsonschema.Draft7Validator(schema, registry=REGISTRY).validate(instance)
    return instance


@pytest.fixture
def world():
    turkiye = f.make_actor(slug="turkiye", name="Türkiye", iso3="TUR")
    f.make_actor(slug="turkmenistan", name="Turkmenistan", iso3="TKM")
    f.make_actor(slug="osmanli", name="Osmanlı Group", kind="group")
    cajad = f.make_mechanism(slug="ca-jad", name="Central Asia plus Japan Dialogue", acronym="CA+JAD")
    f.make_summit(
        slug="tokyo-2025",
        name="CA+JAD Tokyo Summit",
        mechanism=cajad,
        date=datetime.date(2025, 12, 20),
        date_precision="day",
        city="Tokyo",
    )
    f.make_summit(
        slug="tokyo-2006",
        name="CA+JAD Tokyo Summit",
        date=datetime.date(2006, 6, 1),
        date_precision="month",
        city="Tokyo",
    )
    return turkiye


def queries(batch, method="get"):
    response = getattr(anonymous(), method)(SERVICE, {"queries": json.dumps(batch)})
    assert response.status_code == 200, response.content
    return valid("reconciliation-result-batch", response.json())


def test_the_manifest_is_valid_and_links_views_previews_and_suggest():
    manifest = valid("manifest", anonymous().get(SERVICE).json())
    assert manifest["versions"] == ["0.2"]
    assert manifest["view"]["url"] == "http://testserver/{{id}}/"
    assert {t["id"] for t in manifest["defaultTypes"]} >= {"state", "person", "mechanism", "summit", "agreement"}
    assert set(manifest["suggest"]) == {"entity", "type", "property"}


def test_a_name_without_its_diacritics_is_a_sure_match(world):
    [result] = queries({"q0": {"query": "turkiye", "type": "state"}})["q0"]["result"][:1]
    assert (result["id"], result["name"], result["match"], result["score"]) == ("actors/turkiye", "Türkiye", True, 100)
    assert anonymous().get(f"/{result['id']}/").status_code == 200  # the view URL is the public page
    dotless = queries({"q": {"query": "osmanli group"}})["q"]["result"][0]
    assert (dotless["id"], dotless["match"]) == ("actors/osmanli", True)


def test_an_other_name_matches_without_its_diacritics_through_the_search_index(world):
    from events.models import Mechanism, OtherName

    cajad = Mechanism.objects.get(slug="ca-jad")
    OtherName.objects.create(mechanism=cajad, name="Orta Asya-Japonya Diyaloğu", kind="translation", language="tr")
    [sure] = queries({"q": {"query": "ORTA ASYA JAPONYA DIYALOGU"}})["q"]["result"][:1]
    assert (sure["id"], sure["match"], sure["score"]) == ("mechanisms/ca-jad", True, 100)
    partial = queries({"q": {"query": "japonya diyalo", "type": "mechanism"}})["q"]["result"]
    assert [r["id"] for r in partial] == ["mechanisms/ca-jad"] and not partial[0]["match"]
    suggested = anonymous().get(SERVICE + "suggest/entity", {"prefix": "orta asya"}).json()["result"]
    assert [r["id"] for r in suggested] == ["mechanisms/ca-jad"]


def test_a_query_out_of_the_search_bounds_is_a_400_naming_it(world):
    response = anonymous().get(SERVICE, {"queries": json.dumps({"q": {"query": "w " * 50}})})
    assert response.status_code == 400 and "query" in response.json()


def test_an_acronym_matches_and_a_near_name_is_a_candidate_but_not_sure(world):
    batch = queries({"a": {"query": "CA+JAD", "type": "mechanism"}, "b": {"query": "Turkmenstan"}}, method="post")
    assert batch["a"]["result"][0]["id"] == "mechanisms/ca-jad" and batch["a"]["result"][0]["match"]
    near = batch["b"]["result"][0]
    assert near["id"] == "actors/turkmenistan" and not near["match"] and near["score"] < 100


def test_properties_tell_namesakes_apart(world):
    plain = queries({"q": {"query": "CA+JAD Tokyo Summit", "type": "summit"}})["q"]["result"]
    assert [r["match"] for r in plain] == [False, False]  # two summits of that name: neither is sure
    batch = queries(
        {"q": {"query": "CA+JAD Tokyo Summit", "type": "summit", "properties": [{"pid": "year", "v": "2025"}]}}
    )
    first, second = batch["q"]["result"]
    assert first["id"] == "summits/tokyo-2025" and first["score"] > second["score"]
    assert {"id": "year", "value": True} in first["features"]


def test_the_type_and_limit_are_honoured(world):
    result = queries({"q": {"query": "tur", "type": "state", "limit": 1}})["q"]["result"]
    assert len(result) == 1 and {"id": "state", "name": "Actor: state"} in result[0]["type"]


@pytest.mark.parametrize(
    "params",
    [
        {"queries": "not json"},
        {"queries": json.dumps({"q": {"query": "x", "type": "planet"}})},
        {"queries": json.dumps({"q": {"query": "x", "limit": 0}})},
        {"queries": json.dumps({"q": {"query": "x", "properties": [{"pid": "colour", "v": "red"}]}})},
        {"queries": json.dumps(["not", "an", "object"])},
    ],
)
def test_bad_queries_are_400s_with_a_reason(params):
    response = anonymous().get(SERVICE, params)
    assert response.status_code == 400
    assert response.json()


def test_suggest_entities_types_and_properties(world):
    entities = valid(
        "suggest-entities-response", anonymous().get(SERVICE + "suggest/entity", {"prefix": "türk"}).json()
    )
    assert {r["id"] for r in entities["result"]} >= {"actors/turkiye", "actors/turkmenistan"}
    summits = anonymous().get(SERVICE + "suggest/entity", {"prefix": "tokyo", "type": "summit"}).json()["result"]
    assert {r["id"] for r in summits} == {"summits/tokyo-2025", "summits/tokyo-2006"}
    types = valid("suggest-types-response", anonymous().get(SERVICE + "suggest/type", {"prefix": "pers"}).json())
    assert [t["id"] for t in types["result"]] == ["person"]
    properties = valid(
        "suggest-properties-response", anonymous().get(SERVICE + "suggest/property", {"prefix": "y"}).json()
    )
    assert "year" in [p["id"] for p in properties["result"]]


def test_the_preview_is_a_small_page_that_may_be_framed(world):
    response = anonymous().get(SERVICE + "preview", {"id": "actors/turkiye"})
    assert response.status_code == 200 and "Türkiye" in response.content.decode()
    assert "X-Frame-Options" not in response
    assert anonymous().get(SERVICE + "preview", {"id": "actors/nobody"}).status_code == 404
    assert anonymous().get(SERVICE + "preview", {"id": "actors/no\x00body"}).status_code == 400  # NUL: refused up front
