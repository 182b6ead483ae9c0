import pytest

from events.models import Actor, Mechanism, Summit, Topic
from tests import factories as f
from tests.api_helpers import anonymous, curator_client, detail
from tests.shared_data import shared_fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return curator_client()


@shared_fixture
def topic():
    return f.make_topic(slug="energy", name="Energy")


def current_etag(endpoint="topics", slug="energy"):
    return anonymous().get(detail(endpoint, slug))["ETag"]


def test_the_etag_changes_when_the_record_changes(client, topic):
    before = current_etag()
    response = client.patch(detail("topics", "energy"), {"description": "Oil, gas, power"})
    assert response["ETag"] != before
    assert response["ETag"] == current_etag()


def test_a_write_with_the_current_etag_succeeds(client, topic):
    response = client.patch(detail("topics", "energy"), {"name": "Energy security"}, HTTP_IF_MATCH=current_etag())
    assert response.status_code == 200
    assert Topic.objects.get().name == "Energy security"


def test_a_write_without_if_match_succeeds(client, topic):
    assert client.patch(detail("topics", "energy"), {"name": "Energy security"}).status_code == 200


def test_if_match_star_or_a_list_containing_the_current_etag_succeeds(client, topic):
    assert client.patch(detail("topics", "energy"), {"name": "A"}, HTTP_IF_MATCH="*").status_code == 200
    header = f'"stale", {current_etag()}'
    assert client.patch(detail("topics", "energy"), {"name": "B"}, HTTP_IF_MATCH=header).status_code == 200


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_a_stale_if_match_is_412_and_nothing_is_written(client, topic, method):
    stale = current_etag()
    client.patch(detail("topics", "energy"), {"description": "someone else's edit"})
    response = getattr(client, method)(
        detail("topics", "energy"), {"slug": "energy", "name": "Mine"}, HTTP_IF_MATCH=stale
    )
    assert response.status_code == 412
    assert Topic.objects.get().name == "Energy"
    assert Topic.objects.get().description == "someone else's edit"


def test_a_weak_etag_never_matches(client, topic):
    response = client.patch(detail("topics", "energy"), {"name": "Mine"}, HTTP_IF_MATCH=f"W/{current_etag()}")
    assert response.status_code == 412


def test_a_stale_if_match_on_a_nested_write_leaves_the_rows_alone(client):
    summit = f.make_summit(slug="s")
    f.make_participation(summit, f.make_actor(slug="japan"))
    f.make_actor(slug="china")
    stale = current_etag("summits", "s")
    client.patch(detail("summits", "s"), {"city": "Tokyo"})
    response = client.patch(detail("summits", "s"), {"participants": [{"actor": "china"}]}, HTTP_IF_MATCH=stale)
    assert response.status_code == 412
    assert list(summit.participations.values_list("actor__slug", flat=True)) == ["japan"]


def test_deleting_an_actor_that_summits_refer_to_is_409_naming_them(client):
    japan = f.make_actor(slug="japan", name="Japan")
    f.make_summit(slug="tokyo", name="Tokyo Summit", host=japan)
    response = client.delete(detail("actors", "japan"))
    assert response.status_code == 409
    body = response.json()
    assert body["dependants"] == [{"type": "summit", "name": "Tokyo Summit", "slug": "tokyo"}]
    assert "1 record" in body["detail"]
    assert Actor.objects.filter(slug="japan").exists()


def test_deleting_a_mechanism_with_summits_is_409_and_nothing_cascades(client):
    mechanism = f.make_mechanism(slug="ca-jad")
    f.make_membership(f.make_actor(), mechanism)
    f.make_summit(slug="tokyo", mechanism=mechanism)
    response = client.delete(detail("mechanisms", "ca-jad"))
    assert response.status_code == 409
    assert [d["slug"] for d in response.json()["dependants"]] == ["tokyo"]
    assert Mechanism.objects.get().memberships.count() == 1


def test_deleting_a_source_that_is_cited_is_409(client):
    source = f.make_source(slug="avim")
    f.make_citation(source, summit=f.make_summit(name="Tokyo Summit"), locator="fn 1")
    response = client.delete(detail("sources", "avim"))
    assert response.status_code == 409
    assert response.json()["dependants"][0]["type"] == "citation"


def test_deleting_with_the_current_etag_succeeds(client):
    f.make_summit(slug="s")
    assert client.delete(detail("summits", "s"), HTTP_IF_MATCH=current_etag("summits", "s")).status_code == 204
    assert not Summit.objects.exists()
