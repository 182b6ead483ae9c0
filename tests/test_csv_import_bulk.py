"""A valid file is saved in bulk (a few queries per batch of rows, history included); a file with
any problem, even one only the database sees, is rolled back and imported row by row so that
every bad row is named."""

import datetime
import gc
import re
import sys

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.importing import get_resource
from events.models import Actor, Participation, Summit
from tests import csv_importing
from tests.csv_importing import SUMMITS, run
from tests.factories import make_summit

pytestmark = pytest.mark.django_db

base = csv_importing.base  # the records the files name (a shared data set)


def summits_file(count: int) -> str:
    return SUMMITS + "".join(
        f"s-{n},Summit {n},ca-jad,2025-04,Tokyo,japan,,,energy;transport,,\n" for n in range(count)
    )


def test_a_valid_file_takes_a_few_queries_per_batch_not_a_few_per_row(base):
    with CaptureQueriesContext(connection) as summits_queries:
        summits = run("summits", summits_file(300))
    participations = "summit,actor,role,representative\n" + "".join(
        f"s-{n},{actor},participant,\n" for n in range(300) for actor in ("japan", "turkiye")
    )
    with CaptureQueriesContext(connection) as participation_queries:
        report = run("participations", participations)
    assert (summits.new, report.new) == (300, 600)
    # under 40 for the rows themselves, and about ten more per batch for their search entries
    assert len(summits_queries) < 55, [q["sql"][:80] for q in summits_queries]
    assert len(participation_queries) < 55, [q["sql"][:80] for q in participation_queries]
    assert Participation.objects.count() == 600
    assert Summit.topics.through.objects.count() == 600


def test_records_saved_in_bulk_each_get_a_history_entry_with_the_user_and_the_file_name(base):
    curator = User.objects.create_user("curator")
    assert run("summits", summits_file(3), user=curator, file_name="spring.csv").ok
    for summit in Summit.objects.all():
        entry = summit.history.get()
        assert (entry.history_type, entry.history_user, entry.history_change_reason) == (
            "+",
            curator,
            "Imported from spring.csv",
        )


def test_a_changed_record_is_updated_in_bulk_with_its_topics_replaced_and_a_new_version(base):
    old = make_summit(slug="tokyo", name="Old name", date=datetime.date(2025, 1, 1), date_precision="year")
    old.topics.set(Summit.topics.field.related_model.objects.filter(slug="energy"))
    old.history.all().delete()
    unchanged = make_summit(slug="astana", name="Astana", date=None, date_precision="")
    report = run(
        "summits",
        "slug,name,date,topics\ntokyo,Tokyo Summit,2025-12-20,transport\nastana,Astana,,\nnew,New,,energy\n",
    )
    assert (report.new, report.updated, report.unchanged) == (1, 1, 1)
    tokyo = Summit.objects.get(slug="tokyo")
    assert (tokyo.name, tokyo.partial_date()) == ("Tokyo Summit", "2025-12-20")
    assert list(tokyo.topics.values_list("slug", flat=True)) == ["transport"]
    assert tokyo.updated_at > old.updated_at
    assert tokyo.history.get().history_type == "~"
    assert Summit.objects.get(slug="astana").updated_at == unchanged.updated_at
    assert list(Summit.objects.get(slug="new").topics.values_list("slug", flat=True)) == ["energy"]


def test_a_conflict_only_the_database_sees_writes_nothing_and_is_reported_on_its_row(base):
    text = (
        "slug,name,kind,acronym,iso3,represents,office,description,curator_note\n"
        "kazakhstan,Kazakhstan,state,,KAZ,,,,\n"
        "japan-again,Japan again,state,,JPN,,,,\n"
    )
    report = run("actors", text)
    assert [(e.row, e.column) for e in report.errors] == [(3, "iso3")]
    assert "Another actor already has this ISO 3166 code." in report.errors[0].reason
    assert not Actor.objects.filter(slug__in=["kazakhstan", "japan-again"]).exists()


@pytest.fixture
def small_bulk_batch(monkeypatch):
    """Bulk imports save 50 rows at a time (not 1,000), so a file needs only a little over 50 rows
    to fill a batch; patched in the module whose resource base reads BULK_BATCH."""
    resource_base = next(
        cls
        for cls in type(get_resource("summits")).__mro__
        if "__init__" in vars(cls) and "bulk" in cls.__init__.__code__.co_varnames
    )
    module = sys.modules[resource_base.__module__]
    assert module.BULK_BATCH == 1000
    monkeypatch.setattr(module, "BULK_BATCH", 50)
    return 50


def test_a_bad_row_after_a_full_batch_still_writes_nothing(base, small_bulk_batch):
    rows = small_bulk_batch + 10
    text = summits_file(rows) + "broken,Broken,nowhere,,,,,,,,\n"
    with CaptureQueriesContext(connection) as queries:
        report = run("summits", text)
    assert [(e.row, e.column, e.value) for e in report.errors] == [(rows + 2, "mechanism", "nowhere")]
    # the first batch was written (in bulk) before the bad row was met, and then rolled back
    inserts = ('INSERT INTO "events_summit"', 'COPY "events_summit"')  # COPY on PostgreSQL
    bulk_inserts = [q["sql"] for q in queries if q["sql"].startswith(inserts)]
    assert any(len(re.findall(r"['\t]s-\d", sql)) >= small_bulk_batch for sql in bulk_inserts)  # in one INSERT
    assert not Summit.objects.exists()


def test_a_value_checked_on_one_row_is_still_checked_on_the_next_when_it_differs(base):
    long_city = "x" * 121  # the column holds 120 characters
    text = summits_file(3) + f"late,Late,ca-jad,2025-04,{long_city},japan,,,energy,,\n"
    report = run("summits", text)
    assert [(e.row, e.column) for e in report.errors] == [(5, "city")]
    assert not Summit.objects.exists()
    text = summits_file(3) + "late,Late,ca-jad,2025-04,Tokyo,japan,not-a-level,,energy,,\n"
    assert [(e.row, e.column) for e in run("summits", text).errors] == [(5, "level")]
    assert run("summits", summits_file(3) + "late,Late,ca-jad,2025,Tokyo,japan,,,energy,,\n").new == 4


def test_a_new_record_of_a_bulk_import_starts_as_the_models_own_constructor_makes_it():
    resource = get_resource("summits", with_diff=False, bulk=True)
    first, second = resource.init_instance(), resource.init_instance()
    made = Summit()
    assert {k: v for k, v in first.__dict__.items() if k != "_state"} == {
        k: v for k, v in made.__dict__.items() if k != "_state"
    }
    assert (first._state.adding, first._state.db) == (True, None)
    assert first.inferred == {} and first.inferred is not second.inferred


@pytest.mark.parametrize("collecting", [True, False])
def test_an_import_pauses_garbage_collection_and_leaves_it_as_it_found_it(base, collecting):
    seen = []
    was = gc.isenabled()
    (gc.enable if collecting else gc.disable)()
    try:
        valid = run("summits", summits_file(3), progress=lambda row: seen.append(gc.isenabled()))
        after_valid = gc.isenabled()
        bad = summits_file(2) + "late,Late,ca-jad,2025-04,Tokyo,japan,not-a-level,,energy,,\n"
        failed = run("summits", bad, progress=lambda row: seen.append(gc.isenabled()))  # bulk, then row by row
        after_failed = gc.isenabled()
    finally:
        (gc.enable if was else gc.disable)()
    assert (valid.new, [e.column for e in failed.errors]) == (3, ["level"])
    assert len(seen) >= 3 + 3 and not any(seen)  # every row of both, and of the bulk attempt
    assert (after_valid, after_failed) == (collecting, collecting)
