"""`fields=`, `brief=1` and `modified_since=` on every record endpoint."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.models import Summit
from tests import factories as f
from tests.api_helpers import anonymous, detail

pytestmark = pytest.mark.django_db

ENDPOINTS = ["actors", "mechanisms", "summits", "agreements", "topics", "sources"]
MAKERS = {
    "actors": f.make_actor,
    "mechanisms": f.make_mechanism,
    "summits": f.make_summit,
    "agreements": f.make_agreement,
    "topics": f.make_topic,
    "sources": f.make_source,
}


@pytest.fixture
def tokyo():
    japan = f.make_actor(slug="japan", name="Japan")
    summit = f.make_summit(
        slug="tokyo", name="Tokyo Summit", date=datetime.date(2025, 12, 20), date_precision="day", host=japan
    )
    f.make_participation(summit, japan)
    summit.topics.add(f.make_topic(slug="energy", name="Energy"))
    return summit


def queries(url, params):
    with CaptureQueriesContext(connection) as captured:
        response = anonymous().get(url, params)
    assert response.status_code == 200, response.json()
    return response.json(), len(captured)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_fields_keeps_only_the_fields_asked_for_on_lists_and_details(endpoint):
    record = MAKERS[endpoint]()
    listed = anonymous().get(f"/api/v1/{endpoint}/", {"fields": "url,slug"}).json()
    assert listed["results"] == [{"slug": record.slug, "url": f"http://testserver{detail(endpoint, record.slug)}"}]
    one = anonymous().get(detail(endpoint, record.slug), {"fields": "slug"})
    assert one.json() == {"slug": record.slug}
    assert one["ETag"]


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_brief_gives_the_nested_summary(endpoint):
    record = MAKERS[endpoint]()
    name = getattr(record, "name", None) or record.title
    url = f"http://testserver{detail(endpoint, record.slug)}"
    assert anonymous().get(f"/api/v1/{endpoint}/", {"brief": "1"}).json()["results"] == [
        {"slug": record.slug, "name": name, "url": url}
    ]
    assert anonymous().get(detail(endpoint, record.slug), {"brief": "true"}).json() == {
        "slug": record.slug,
        "name": name,
        "url": url,
    }


RELATION_TABLES = [
    "events_participation",
    "events_summit_topics",
    "events_agreement",
    "events_citation",
    "events_othername",
    "events_identifier",
]


def tables_read(url, params):
    """(the JSON, the relation tables of a summit its queries read)."""
    with CaptureQueriesContext(connection) as captured:
        response = anonymous().get(url, params)
    assert response.status_code == 200, response.json()
    sql = " ".join(query["sql"] for query in captured)
    return response.json(), [table for table in RELATION_TABLES if f"{table} " in sql or f'"{table}"' in sql]


def test_leaving_relations_out_reads_fewer_tables(tokyo):
    # the lean summit reads build every relation in the row's one query (events.api.summit_rows)
    full, full_tables = tables_read("/api/v1/summits/", {})
    assert full_tables == RELATION_TABLES
    shaped, shaped_tables = tables_read("/api/v1/summits/", {"fields": "slug,name,date"})
    assert shaped["results"] == [{"slug": "tokyo", "name": "Tokyo Summit", "date": "2025-12-20"}]
    assert shaped_tables == []  # no participants, topics, agreements, citations, other names or identifiers
    _, with_topics = tables_read("/api/v1/summits/", {"fields": "slug,topics"})
    assert with_topics == ["events_summit_topics"]
    _, detail_full = tables_read(detail("summits", "tokyo"), {})
    detail_shaped, detail_tables = tables_read(detail("summits", "tokyo"), {"fields": "slug,participants"})
    assert detail_shaped["participants"][0]["actor"]["slug"] == "japan"
    assert detail_full == RELATION_TABLES
    assert detail_tables == ["events_participation"]


def test_fields_on_the_serializer_path_prefetch_only_their_relations():
    mechanism = f.make_mechanism(slug="ca-jad")
    f.make_level(mechanism, level="ministerial")
    _, full = queries("/api/v1/mechanisms/", {})
    shaped, count = queries("/api/v1/mechanisms/", {"fields": "slug,levels"})
    assert shaped["results"][0]["levels"][0]["level"] == "ministerial"
    assert count < full
    current, _ = queries("/api/v1/mechanisms/", {"fields": "slug,current_members"})
    assert current["results"] == [{"slug": "ca-jad", "current_members": []}]


def test_the_lean_summits_list_and_the_serializer_agree_on_shaped_fields(tokyo):
    listed = anonymous().get("/api/v1/summits/", {"fields": "participants,host,slug"}).json()["results"][0]
    one = anonymous().get(detail("summits", "tokyo"), {"fields": "participants,host,slug"}).json()
    assert listed == one
    assert list(listed) == ["slug", "host", "participants"]


@pytest.mark.parametrize(
    ("url", "params", "named"),
    [
        ("/api/v1/summits/", {"fields": "slug,nmae,colour"}, "nmae, colour"),
        (detail("summits", "tokyo"), {"fields": "dat"}, "dat"),
        ("/api/v1/summits/", {"fields": ","}, "none given"),
        ("/api/v1/summits/", {"brief": "maybe"}, "maybe"),
        ("/api/v1/summits/", {"brief": "1", "fields": "slug"}, "not both"),
        ("/api/v1/summits/", {"fields": "slug", "format": "csv"}, "CSV"),
        ("/api/v1/summits/", {"modified_since": "yesterday"}, "yesterday"),
        ("/api/v1/summits/", {"modified_since": "2025-13-01T00:00:00"}, "2025-13-01"),
    ],
)
def test_bad_shaping_is_a_400_naming_the_problem(tokyo, url, params, named):
    response = anonymous().get(url, params)
    assert response.status_code == 400
    assert named in response.content.decode()


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_modified_since_lists_only_records_changed_since(endpoint):
    old, new = MAKERS[endpoint](), MAKERS[endpoint]()
    type(old).objects.filter(pk=old.pk).update(updated_at=timezone.now() - datetime.timedelta(days=3))
    since = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    response = anonymous().get(f"/api/v1/{endpoint}/", {"modified_since": since})
    assert [row["slug"] for row in response.json()["results"]] == [new.slug]
    day = (timezone.now() - datetime.timedelta(days=5)).date().isoformat()
    assert anonymous().get(f"/api/v1/{endpoint}/", {"modified_since": day}).json()["count"] == 2


def test_modified_since_takes_any_offset_and_refuses_times_out_of_range():
    assert anonymous().get("/api/v1/sources/", {"modified_since": "1360-09-02T09:33:32-23:54"}).status_code == 200
    assert anonymous().get("/api/v1/sources/", {"modified_since": "0001-01-01T00:00:00+05:00"}).status_code == 400


def test_modified_since_combines_with_filters_and_csv(tokyo):
    Summit.objects.update(updated_at=timezone.now() - datetime.timedelta(days=3))
    response = anonymous().get("/api/v1/summits/", {"modified_since": "2999-01-01", "format": "csv"})
    assert response.status_code == 200
    assert b"".join(response.streaming_content).decode().count("\n") == 1  # the header only


def test_the_schema_documents_fields_brief_and_modified_since():
    schema = anonymous().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    names = {p["name"] for p in schema["paths"]["/api/v1/summits/"]["get"]["parameters"]}
    assert {"fields", "brief", "modified_since"} <= names
    names = {p["name"] for p in schema["paths"]["/api/v1/actors/{slug}/"]["get"]["parameters"]}
    assert {"fields", "brief"} <= names
