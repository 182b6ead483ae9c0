"""Bulk writes on list endpoints: all or nothing, errors by index and slug, 412 for stale items."""

import pytest

from events.api.bulk import MAX_BULK_ITEMS
from events.models import Summit, Topic
from tests import factories as f
from tests.api_helpers import anonymous, client_for, curator_client, make_user

pytestmark = pytest.mark.django_db

TOPICS = "/api/v1/topics/"


@pytest.fixture
def client():
    return curator_client()


@pytest.fixture
def energy():
    return f.make_topic(slug="energy", name="Energy")


def test_a_posted_list_creates_every_record(client):
    response = client.post(TOPICS, [{"slug": "water", "name": "Water"}, {"slug": "trade", "name": "Trade"}])
    assert response.status_code == 201, response.json()
    assert [item["slug"] for item in response.json()] == ["water", "trade"]
    assert set(Topic.objects.values_list("slug", flat=True)) == {"water", "trade"}


def test_one_bad_item_writes_nothing_and_is_named_by_index_and_slug(client, energy):
    response = client.post(
        TOPICS,
        [{"slug": "water", "name": "Water"}, {"slug": "energy", "name": "Again"}, {"slug": "x", "colour": "red"}],
    )
    assert response.status_code == 400
    items = response.json()["items"]
    assert [(item["index"], item["slug"]) for item in items] == [(1, "energy"), (2, "x")]
    assert "colour" in items[1]["errors"]
    assert list(Topic.objects.values_list("slug", flat=True)) == ["energy"]


def test_a_patched_list_updates_every_record(client, energy):
    f.make_topic(slug="water", name="Water")
    response = client.patch(TOPICS, [{"slug": "energy", "name": "Energy security"}, {"slug": "water", "name": "H2O"}])
    assert response.status_code == 200, response.json()
    assert dict(Topic.objects.values_list("slug", "name")) == {"energy": "Energy security", "water": "H2O"}


def test_an_unknown_slug_in_a_patch_writes_nothing(client, energy):
    response = client.patch(TOPICS, [{"slug": "energy", "name": "Changed"}, {"slug": "nowhere", "name": "X"}])
    assert response.status_code == 400
    assert [(item["index"], item["slug"]) for item in response.json()["items"]] == [(1, "nowhere")]
    assert Topic.objects.get().name == "Energy"


def test_a_stale_updated_at_is_a_412_naming_the_stale_items_and_nothing_is_written(client, energy):
    water = f.make_topic(slug="water", name="Water")
    read = anonymous().get(TOPICS).json()["results"]
    versions = {row["slug"]: row["updated_at"] for row in read}
    water.description = "changed by someone else"
    water.save()
    response = client.patch(
        TOPICS,
        [
            {"slug": "energy", "name": "New energy", "updated_at": versions["energy"]},
            {"slug": "water", "name": "New water", "updated_at": versions["water"]},
        ],
    )
    assert response.status_code == 412
    assert [(item["index"], item["slug"]) for item in response.json()["items"]] == [(1, "water")]
    assert set(Topic.objects.values_list("name", flat=True)) == {"Energy", "Water"}
    current = {row["slug"]: row["updated_at"] for row in anonymous().get(TOPICS).json()["results"]}
    fresh = [{"slug": slug, "name": f"New {slug}", "updated_at": current[slug]} for slug in ("energy", "water")]
    assert client.patch(TOPICS, fresh).status_code == 200


def test_a_deleted_list_of_slugs_deletes_them_all_or_none(client, energy):
    f.make_topic(slug="water", name="Water")
    f.make_topic(slug="trade", name="Trade")
    assert client.delete(TOPICS, ["energy", {"slug": "water"}]).status_code == 204
    assert list(Topic.objects.values_list("slug", flat=True)) == ["trade"]
    response = client.delete(TOPICS, ["trade", "ghost"])
    assert response.status_code == 400
    assert response.json()["items"][0]["slug"] == "ghost"
    assert Topic.objects.filter(slug="trade").exists()


def test_deleting_a_record_others_refer_to_is_a_409_and_nothing_is_deleted(client):
    cited = f.make_source(slug="cited")
    f.make_source(slug="loose")
    f.make_citation(cited, summit=f.make_summit(slug="tokyo"))
    response = client.delete("/api/v1/sources/", ["loose", "cited"])
    assert response.status_code == 409
    item = response.json()["items"][0]
    assert (item["index"], item["slug"]) == (1, "cited")
    assert item["errors"]["dependants"]
    assert Summit.objects.count() == 1 and len(anonymous().get("/api/v1/sources/").json()["results"]) == 2


def test_bulk_writes_need_the_same_permissions_as_single_ones(energy):
    reader = client_for(make_user())
    assert reader.post(TOPICS, [{"slug": "water", "name": "Water"}]).status_code == 403
    assert reader.patch(TOPICS, [{"slug": "energy", "name": "X"}]).status_code == 403
    assert reader.delete(TOPICS, ["energy"]).status_code == 403
    assert anonymous().delete(TOPICS, ["energy"]).status_code in (401, 403)
    assert Topic.objects.get().name == "Energy"


@pytest.mark.parametrize(
    ("method", "body", "expected"),
    [
        ("post", [], 400),
        ("patch", {"slug": "energy"}, 400),
        ("patch", [{"name": "no slug"}], 400),
        ("patch", [{"slug": "energy"}, {"slug": "energy"}], 400),
        ("delete", [3], 400),
        ("delete", ["energy\x00"], 400),
        ("patch", [{"slug": "en ergy", "name": "X"}], 400),
        ("patch", [{"slug": "energy", "updated_at": "yesterday"}], 400),
        ("post", [{"slug": f"t-{n}", "name": "T"} for n in range(MAX_BULK_ITEMS + 1)], 413),
    ],
)
def test_malformed_or_oversized_bulk_requests_are_refused(client, energy, method, body, expected):
    response = getattr(client, method)(TOPICS, body)
    assert response.status_code == expected, response.json()
    assert Topic.objects.get().name == "Energy"


def test_nested_rows_are_written_per_item(client):
    f.make_actor(slug="japan")
    f.make_mechanism(slug="ca-jad")
    response = client.post(
        "/api/v1/summits/",
        [
            {"slug": "a", "name": "A", "mechanism": "ca-jad", "participants": [{"actor": "japan"}]},
            {"slug": "b", "name": "B", "participants": [{"actor": "nobody"}]},
        ],
    )
    assert response.status_code == 400
    assert [(item["index"], item["slug"]) for item in response.json()["items"]] == [(1, "b")]
    assert not Summit.objects.exists()


def test_the_schema_documents_bulk_update_and_delete():
    schema = anonymous().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    operations = schema["paths"]["/api/v1/topics/"]
    assert {"get", "post", "patch", "delete"} <= set(operations)
    assert operations["patch"]["requestBody"]["content"]["application/json"]["schema"]["type"] == "array"
    assert "412" in operations["patch"]["responses"]
