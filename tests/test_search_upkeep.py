"""The search index stays right on every write path."""

import pytest
from django.core.management import call_command
from django.db import connection

from events.importing import import_file
from events.models import Actor, Mechanism, OtherName, Participation, SearchEntry, Summit
from events.resources import RESOURCES
from events.search import rebuild, search
from tests import factories as f
from tests.api_helpers import anonymous, curator_client, detail
from tests.test_admin import change_form_data

pytestmark = pytest.mark.django_db


def found(query: str, record_type: str | None = None) -> list[str]:
    return [hit.slug for hit in search(query, types=[record_type] if record_type else None, facets=False).hits]


def fts_rows() -> int | None:
    if connection.vendor != "sqlite":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM events_searchfts_docsize")
        return cursor.fetchone()[0]


def test_saving_and_deleting_a_record_through_the_orm_updates_its_entry():
    actor = f.make_actor(slug="kz", name="Kazakhstan")
    assert found("kazak") == ["kz"]
    actor.name = "Qazaqstan"
    actor.save()
    assert found("kazak") == [] and found("qazaq") == ["kz"]
    actor.delete()
    assert found("qazaq") == [] and not SearchEntry.objects.exists()


def test_an_other_name_and_an_identifier_change_their_records_entry():
    actor = f.make_actor(slug="kz", name="Kazakhstan", iso3="KAZ")
    name = OtherName.objects.create(actor=actor, name="Nur-Sultan", kind="former_name")
    actor.identifiers.create(scheme="wikidata", value="Q232")
    assert found("nur sultan") == ["kz"] and found("Q232") == ["kz"] and found("wikidata:Q232") == ["kz"]
    name.delete()
    assert found("nur sultan") == []


def test_participations_topics_and_citations_change_the_summits_entry():
    japan = f.make_actor(slug="japan", name="Japan")
    summit = f.make_summit(slug="tokyo", name="Tokyo Summit")
    topic = f.make_topic(slug="minerals", name="critical minerals")
    source = f.make_source(slug="avim", title="AVIM analysis")
    participation = f.make_participation(summit, japan)
    summit.topics.add(topic)
    f.make_citation(source, summit=summit, quote="Rare earth elements were a key topic.")
    result = search("tokyo", actors=[japan.pk], topics=[topic.pk])
    assert [hit.slug for hit in result.hits] == ["tokyo"]
    assert found("rare earth", "summit") == ["tokyo"]
    participation.delete()
    summit.topics.remove(topic)
    assert search("tokyo", actors=[japan.pk]).count == 0
    assert search("tokyo", topics=[topic.pk]).count == 0
    topic.summits.add(summit)  # from the topic's side
    assert search("tokyo", topics=[topic.pk]).count == 1


def test_renaming_a_mechanism_reindexes_its_summits():
    mechanism = f.make_mechanism(slug="c5-c", name="China–Central Asia", acronym="C5+C")
    f.make_summit(slug="xian", name="Xi'an Summit", mechanism=mechanism)
    mechanism.acronym = "CCA"
    mechanism.save()
    assert found("CCA", "summit") == ["xian"]


def test_an_api_write_updates_the_index():
    f.make_actor(slug="japan", name="Japan")
    client = curator_client()
    response = client.post(
        "/api/v1/summits/",
        {"slug": "tokyo", "name": "Tokyo Summit", "other_names": [{"name": "CA+JAD summit", "kind": "short_name"}]},
    )
    assert response.status_code == 201, response.json()
    assert found("CA+JAD summit") == ["tokyo"]
    etag = anonymous().get(detail("summits", "tokyo"))["ETag"]
    assert client.delete(detail("summits", "tokyo"), HTTP_IF_MATCH=etag).status_code == 204
    assert found("CA+JAD summit") == []


def test_an_admin_save_updates_the_index(admin_client):
    actor = f.make_actor(slug="kz", name="Kazakhstan")
    url = f"/admin/events/actor/{actor.pk}/change/"
    data = change_form_data(admin_client.get(url))
    data.update(
        {"other_names-TOTAL_FORMS": "1", "other_names-0-name": "Qazaqstan", "other_names-0-kind": "translation"}
    )
    assert admin_client.post(url, data).status_code == 302
    assert found("qazaqstan") == ["kz"]


def test_a_bulk_csv_import_updates_the_index():
    rows = "slug,name,kind,description\nkz,Kazakhstan,state,Rich in uranium\nturkiye,Türkiye,state,\n"
    report = import_file(name="actors", data=rows.encode())
    assert report.ok, report.errors
    assert found("uranium") == ["kz"] and found("TÜRKİYE") == ["turkiye"]
    names = "record_type,record,name,kind\nactor,kz,Qazaqstan,translation\n"
    assert import_file(name="other-names", data=names.encode()).ok
    assert found("qazaq") == ["kz"]


def test_a_row_by_row_import_indexes_its_records(monkeypatch):
    from events import importing
    from events.resources import BulkImportAbandoned

    def refuse_bulk(*args, **kwargs):
        if kwargs.get("bulk"):
            raise BulkImportAbandoned("forced for the test")
        return RESOURCES["actors"](**kwargs)

    monkeypatch.setattr(importing, "get_resource", lambda name, **kwargs: refuse_bulk(**kwargs))
    report = import_file(name="actors", data=b"slug,name,kind\nkz,Kazakhstan,state\n")
    assert report.ok and report.new == 1
    assert found("kazakh") == ["kz"]


def test_a_failed_import_leaves_the_index_as_it_was():
    report = import_file(name="actors", data=b"slug,name,kind\nkz,Kazakhstan,state\nbad,Bad,planet\n")
    assert not report.ok
    assert found("kazakh") == [] and not SearchEntry.objects.exists()


def test_generate_data_indexes_what_it_adds():
    call_command("generate_data", scale=0.002, seed=7, verbosity=0)
    assert SearchEntry.objects.filter(record_type="summit").count() == Summit.objects.count() == 100
    summit = Summit.objects.order_by("pk").first()
    assert summit.slug in found(summit.name, "summit")


def test_backup_restore_and_deletes_keep_the_index_right(tmp_path, cainfo_data):
    call_command("backup_csv", str(tmp_path), stdout=None)
    before = sorted(SearchEntry.objects.values_list("record_type", "slug", "names", "body"))
    Actor.objects.update(represents=None)
    Mechanism.objects.update(parent=None)
    for resource in reversed(RESOURCES.values()):
        resource._meta.model._default_manager.all().delete()
    assert not SearchEntry.objects.exists()
    assert fts_rows() in (0, None)
    call_command("restore_csv", str(tmp_path), stdout=None)
    assert sorted(SearchEntry.objects.values_list("record_type", "slug", "names", "body")) == before
    assert found("TÜRKİYE")[0] == "turkiye"


def test_rebuild_search_index_rebuilds_an_index_that_went_wrong(cainfo_data):
    before = sorted(SearchEntry.objects.values_list("record_type", "slug", "names", "body"))
    Participation.objects.all().update(role="host")  # .update() sends no signals: the index is not told
    SearchEntry.objects.filter(record_type="actor").update(names="|wrong|")
    call_command("rebuild_search_index", stdout=None)
    assert sorted(SearchEntry.objects.values_list("record_type", "slug", "names", "body")) == before
    assert fts_rows() in (SearchEntry.objects.count(), None)
    assert rebuild()["entries"]["actor"] == Actor.objects.count()
