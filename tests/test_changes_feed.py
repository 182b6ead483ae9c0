"""The change feed (/api/v1/changes/): every committed change, in commit order, with tombstones.
Writes commit for real here (transaction=True): the feed numbers changes at commit time."""

import pytest

from events.importing import import_file
from events.models import Change, Summit
from tests import factories as f
from tests.api_helpers import anonymous, curator_client, detail

pytestmark = pytest.mark.django_db(transaction=True)

FEED = "/api/v1/changes/"


def read_all(client=None, **params):
    """Follow the feed from `since` to its end; the entries and the last page's cursor."""
    client = client or anonymous()
    entries, url, cursor = [], FEED, params.pop("since", None)
    query = {**params, **({"since": cursor} if cursor else {})}
    while url:
        page = client.get(url, query if url == FEED else None).json()
        entries += page["results"]
        url, cursor = page["next"], page["cursor"]
    return entries, cursor


def summary(entries):
    return [(entry["type"], entry["action"], entry["slug"] or tuple(entry["natural_key"])) for entry in entries]


@pytest.fixture
def world():
    return {
        "japan": f.make_actor(slug="japan", name="Japan"),
        "cajad": f.make_mechanism(slug="ca-jad", name="CA+JAD"),
    }


def test_a_summit_created_updated_and_deleted_leaves_three_entries_and_a_tombstone(world):
    _, start = read_all()
    client = curator_client()
    created = client.post(
        "/api/v1/summits/",
        {"slug": "tokyo", "name": "Tokyo", "mechanism": "ca-jad", "participants": [{"actor": "japan"}]},
    )
    assert created.status_code == 201, created.json()
    assert client.patch(detail("summits", "tokyo"), {"city": "Tokyo"}).status_code == 200
    assert client.delete(detail("summits", "tokyo")).status_code == 204

    entries, _ = read_all(since=start)
    assert summary(entries) == [
        ("summit", "created", "tokyo"),
        ("participation", "created", ("tokyo", "japan")),
        ("summit", "updated", "tokyo"),
        ("participation", "deleted", ("tokyo", "japan")),
        ("summit", "deleted", "tokyo"),
    ]
    tombstone = entries[-1]
    assert tombstone["url"].endswith("/api/v1/summits/tokyo/")
    assert anonymous().get(tombstone["url"]).status_code == 404
    assert entries[1]["url"] == tombstone["url"]  # a relation row links to the record that owns it
    assert all(entry["at"] for entry in entries)


def test_pages_follow_one_another_and_the_last_page_still_gives_a_cursor(world):
    for n in range(5):
        f.make_topic(slug=f"topic-{n}", name=f"Topic {n}")
    pages, url, params = [], FEED, {"type": "topic", "limit": 2}
    while url:
        page = anonymous().get(url, params if url == FEED else None).json()
        pages.append(page)
        url = page["next"]
    assert [len(page["results"]) for page in pages] == [2, 2, 1]
    assert pages[-1]["next"] is None and pages[-1]["cursor"]
    slugs = [entry["slug"] for page in pages for entry in page["results"]]
    assert slugs == [f"topic-{n}" for n in range(5)]

    resumed = anonymous().get(FEED, {"since": pages[-1]["cursor"], "type": "topic"}).json()
    assert resumed == {"cursor": pages[-1]["cursor"], "next": None, "results": []}
    f.make_topic(slug="topic-5", name="Topic 5")
    later = anonymous().get(FEED, {"since": pages[-1]["cursor"], "type": "topic"}).json()
    assert [entry["slug"] for entry in later["results"]] == ["topic-5"]
    assert later["cursor"] != pages[-1]["cursor"]


def test_the_type_filter_takes_a_comma_separated_list(world):
    entries, _ = read_all(type="actor,mechanism")
    assert {entry["type"] for entry in entries} == {"actor", "mechanism"}


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"since": "not-a-cursor"}, "since"),
        ({"type": "summit,meeting"}, "type"),
        ({"limit": "0"}, "limit"),
        ({"limit": "1001"}, "limit"),
        ({"page": "2"}, "page"),
    ],
)
def test_bad_parameters_are_a_400_naming_them(params, named):
    response = anonymous().get(FEED, params)
    assert response.status_code == 400
    assert named in response.json()
    if named == "type":
        assert "meeting" in str(response.json())


def test_a_topic_linked_to_a_summit_logs_the_summit_as_updated(world):
    summit = f.make_summit(slug="tokyo", name="Tokyo", mechanism=world["cajad"])
    topic = f.make_topic(slug="energy", name="Energy")
    _, start = read_all()
    summit.topics.add(topic)
    topic.summits.remove(summit)
    entries, _ = read_all(since=start)
    assert summary(entries) == [("summit", "updated", "tokyo"), ("summit", "updated", "tokyo")]


def test_rows_imported_in_bulk_are_in_the_feed(world):
    _, start = read_all()
    text = "slug,name,mechanism,date,city,host,level,ordinal,topics,outcome,curator_note\n" + "".join(
        f"s-{n},Summit {n},ca-jad,2025-04,Tokyo,japan,,,,,\n" for n in range(3)
    )
    assert import_file(name="summits", data=text.encode()).ok
    text = "slug,name,mechanism,date,city,host,level,ordinal,topics,outcome,curator_note\ns-0,Renamed,ca-jad,,,,,,,,\n"
    assert import_file(name="summits", data=text.encode()).ok
    entries, _ = read_all(since=start)
    assert summary(entries) == [
        ("summit", "created", "s-0"),
        ("summit", "created", "s-1"),
        ("summit", "created", "s-2"),
        ("summit", "updated", "s-0"),
    ]
    assert Summit.objects.count() == 3


def test_a_rolled_back_write_leaves_no_entry(world):
    _, start = read_all()
    response = curator_client().post("/api/v1/summits/", {"slug": "x", "name": "X", "mechanism": "missing"})
    assert response.status_code == 400
    assert read_all(since=start)[0] == []
    assert not Change.objects.filter(slug="x").exists()


def test_since_latest_gives_the_head_to_follow_from_now_on(world):
    head = anonymous().get(FEED, {"since": "latest"}).json()
    assert head["results"] == [] and head["next"] is None
    f.make_topic(slug="energy", name="Energy")
    entries, _ = read_all(since=head["cursor"])
    assert summary(entries) == [("topic", "created", "energy")]
