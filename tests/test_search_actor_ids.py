"""Relation rows (participations, parties, memberships) add only actor ids to their record's entry:
those are rewritten in place (events.search.index.refresh_actor_ids), and must end as a full
reindex would write them."""

import pytest

from events.importing import import_file
from events.models import Actor, AgreementParty, SearchEntry
from events.search import indexing_deferred, rebuild, search
from events.search.index import refresh_actor_ids
from tests import factories as f

pytestmark = pytest.mark.django_db


def entries() -> dict:
    return {
        (entry.record_type, entry.record_id): (entry.actor_ids, entry.names, entry.body, entry.labels)
        for entry in SearchEntry.objects.all()
    }


def test_relation_rows_leave_each_entry_as_a_rebuild_writes_it():
    japan, china = f.make_actor(slug="japan", name="Japan"), f.make_actor(slug="china", name="China")
    summit = f.make_summit(slug="tokyo", name="Tokyo Summit", host=japan)
    mechanism = f.make_mechanism(slug="c5", name="C5")
    agreement = f.make_agreement(slug="pact", name="Pact")
    f.make_participation(summit, china)
    f.make_membership(japan, mechanism, role="member")
    party = AgreementParty.objects.create(agreement=agreement, actor=china, role="signatory")
    kept = entries()
    assert kept[("summit", summit.pk)][0] == f"|{min(japan.pk, china.pk)}|{max(japan.pk, china.pk)}|"
    rebuild()
    assert entries() == kept
    party.delete()
    assert entries()[("agreement", agreement.pk)][0] == "|"
    assert search("pact", actors=[china.pk]).count == 0


def test_a_bulk_import_of_participations_sets_the_actor_ids_of_their_summits():
    f.make_actor(slug="japan", name="Japan")
    f.make_actor(slug="china", name="China")
    summits = "slug,name,host\ntokyo,Tokyo Summit,japan\nastana,Astana Summit,\n"
    assert import_file(name="summits", data=summits.encode()).ok
    rows = "summit,actor,role\ntokyo,china,participant\nastana,japan,host\nastana,china,participant\n"
    report = import_file(name="participations", data=rows.encode())
    assert report.ok and report.new == 3
    imported = entries()
    rebuild()
    assert entries() == imported
    china = Actor.objects.get(slug="china")
    assert sorted(hit.slug for hit in search("summit", actors=[china.pk]).hits) == ["astana", "tokyo"]


def test_refresh_actor_ids_adds_a_missing_entry_and_drops_one_without_its_record():
    summit = f.make_summit(slug="tokyo", name="Tokyo Summit")
    SearchEntry.objects.filter(record_id=summit.pk).delete()
    refresh_actor_ids("summit", [summit.pk])
    assert SearchEntry.objects.filter(record_type="summit", record_id=summit.pk).exists()
    gone = summit.pk
    summit.delete()
    SearchEntry.objects.create(record_type="summit", record_id=gone, slug="tokyo", title="Tokyo Summit")
    refresh_actor_ids("summit", [gone])
    assert not SearchEntry.objects.filter(record_type="summit", record_id=gone).exists()


def test_a_deferred_block_refreshes_actor_ids_once_after_full_reindexes():
    japan = f.make_actor(slug="japan", name="Japan")
    with indexing_deferred():
        summit = f.make_summit(slug="tokyo", name="Tokyo Summit")
        f.make_participation(summit, japan)
        assert not SearchEntry.objects.filter(record_type="summit").exists()
    assert SearchEntry.objects.get(record_type="summit", record_id=summit.pk).actor_ids == f"|{japan.pk}|"
