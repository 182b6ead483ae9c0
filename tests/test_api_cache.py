"""GETs of the API rendered as JSON are cached under the data version, which changes after every
committed change, so a read never shows data older than the last write (events.cache)."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from events.cache import current_version, data_changed
from events.importing import import_file
from events.models import Summit
from tests import factories as f
from tests.api_helpers import anonymous, client_for, make_curator

# Changes must commit for the version to change: no test-wide transaction here.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def api_cache_on(settings):
    settings.API_CACHE_SECONDS = 300


def get(url, **headers):
    return anonymous().get(url, **headers)


def names(response):
    return [row["name"] for row in response.json()["results"]]


def test_a_second_read_comes_from_the_cache_until_a_save_changes_the_data():
    summit = f.make_summit(name="Tokyo")
    first = get("/api/v1/summits/")
    second = get("/api/v1/summits/")
    assert (first["X-Cache"], second["X-Cache"]) == ("miss", "hit")
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"] == "application/json"

    summit.name = "Tōkyō"
    summit.save()
    third = get("/api/v1/summits/")
    assert (third["X-Cache"], names(third)) == ("miss", ["Tōkyō"])


def test_a_hit_costs_one_query_the_data_version():
    f.make_summit()
    get("/api/v1/summits/")
    with CaptureQueriesContext(connection) as queries:
        assert get("/api/v1/summits/")["X-Cache"] == "hit"
    assert len(queries) == 1
    assert "events_dataversion" in queries[0]["sql"]


@pytest.mark.parametrize(
    "change",
    [
        lambda summit: f.make_participation(summit, f.make_actor()),
        lambda summit: summit.topics.add(f.make_topic()),
        lambda summit: f.make_citation(f.make_source(), summit=summit),
        lambda summit: summit.delete(),
    ],
    ids=["participation", "topic", "citation", "delete"],
)
def test_changes_to_relation_rows_and_deletes_are_seen_at_once(change):
    summit = f.make_summit(slug="tokyo")
    before = get("/api/v1/summits/tokyo/")
    assert get("/api/v1/summits/tokyo/")["X-Cache"] == "hit"
    change(summit)
    after = get("/api/v1/summits/tokyo/")
    assert after.status_code in (200, 404)
    assert after.content != before.content


def test_a_bulk_csv_import_and_an_api_write_are_seen_by_the_next_read():
    f.make_mechanism(slug="ca-jad")
    assert names(get("/api/v1/summits/")) == []
    assert import_file(name="summits", data=b"slug,name,mechanism\ntokyo,Tokyo,ca-jad\n").ok
    assert names(get("/api/v1/summits/")) == ["Tokyo"]

    etag = get("/api/v1/summits/tokyo/")["ETag"]
    response = client_for(make_curator()).patch("/api/v1/summits/tokyo/", {"name": "Tokyo 2025"}, HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.content
    assert names(get("/api/v1/summits/")) == ["Tokyo 2025"]
    assert get("/api/v1/summits/tokyo/").json()["name"] == "Tokyo 2025"


def test_each_url_is_cached_apart_and_a_hit_keeps_the_etag():
    f.make_summit(slug="a", name="A")
    f.make_summit(slug="b", name="B")
    assert names(get("/api/v1/summits/?page_size=1")) != names(get("/api/v1/summits/?page_size=1&page=2"))
    first = get("/api/v1/summits/a/")
    hit = get("/api/v1/summits/a/")
    assert (hit["X-Cache"], hit["ETag"]) == ("hit", first["ETag"])
    assert get("/api/v1/timeline/")["X-Cache"] == "miss"
    assert get("/api/v1/timeline/")["X-Cache"] == "hit"


def test_search_comes_from_the_cache_until_a_save_changes_what_it_finds():
    summit = f.make_summit(slug="tokyo", name="Tokyo")
    first = get("/api/v1/search/?q=Tokyo")
    hit = get("/api/v1/search/?q=Tokyo")
    assert (first["X-Cache"], hit["X-Cache"], hit.content) == ("miss", "hit", first.content)
    assert [r["slug"] for r in hit.json()["results"]] == ["tokyo"]
    assert get("/api/v1/search/?q=Tokyo&type=agreement")["X-Cache"] == "miss"

    summit.name = "Osaka"
    summit.save()
    after = get("/api/v1/search/?q=Tokyo")
    assert (after["X-Cache"], after.json()["count"]) == ("miss", 0)
    assert "X-Cache" not in get("/api/v1/search/?q=")  # a 400 is never cached


def test_errors_the_browsable_api_and_csv_are_never_cached():
    f.make_summit()
    for _ in range(2):
        assert "X-Cache" not in get("/api/v1/summits/nowhere/")
        assert "X-Cache" not in get("/api/v1/summits/?page=99")
        assert "X-Cache" not in get("/api/v1/summits/", HTTP_ACCEPT="text/html")
        assert "X-Cache" not in get("/api/v1/summits/?format=csv")


def test_no_cache_when_it_is_turned_off(settings):
    settings.API_CACHE_SECONDS = 0
    f.make_summit()
    assert "X-Cache" not in get("/api/v1/summits/")
    assert "X-Cache" not in get("/api/v1/summits/")


def test_one_transaction_changes_the_version_once_and_a_rollback_not_at_all():
    f.make_topic()
    version = current_version()
    with transaction.atomic():
        for _ in range(5):
            f.make_topic()
        data_changed()
        assert sum(hasattr(callback, "data_version_for") for _, callback, _ in connection.run_on_commit) == 1
    assert current_version() not in (None, version)

    version = current_version()
    with pytest.raises(RuntimeError), transaction.atomic():
        f.make_summit()
        raise RuntimeError("rolled back")
    assert current_version() == version
    assert not Summit.objects.exists()


def count_queries(url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert get(url).status_code == 200
    return sum("COUNT(" in query["sql"] for query in queries)


def test_the_pages_of_one_list_share_its_count_until_the_data_changes():
    for n in range(3):
        f.make_summit(name=f"Summit {n}")
    assert count_queries("/api/v1/summits/?page_size=1&page=1") == 1
    assert count_queries("/api/v1/summits/?page_size=1&page=2") == 0  # another page: a miss, the count kept
    assert count_queries("/api/v1/summits/?page_size=1&year=1900") == 1  # another filter: its own count

    f.make_summit(name="Summit 3")
    assert count_queries("/api/v1/summits/?page_size=1&page=3") == 1
    assert get("/api/v1/summits/?page_size=1&page=4").json()["count"] == 4


@pytest.mark.parametrize(
    "change",
    [
        lambda agreement: f.make_party(agreement, f.make_actor()),
        lambda agreement: agreement.actions.create(kind="adoption"),
        lambda agreement: f.make_agreement().relations.create(kind="amends", target_agreement=agreement),
        lambda agreement: agreement.delete(),
    ],
    ids=["party", "action", "relation-from", "delete"],
)
def test_an_agreement_detail_is_cached_with_its_etag_until_its_rows_change(change):
    agreement = f.make_agreement(slug="treaty")
    before = get("/api/v1/agreements/treaty/")
    hit = get("/api/v1/agreements/treaty/")
    assert (before["X-Cache"], hit["X-Cache"]) == ("miss", "hit")
    assert (hit["ETag"], hit.content) == (before["ETag"], before.content)
    change(agreement)
    after = get("/api/v1/agreements/treaty/")
    assert after.get("X-Cache") != "hit"  # a miss, or a 404 (never cached)
    assert after.content != before.content
