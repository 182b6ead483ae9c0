import datetime
import io
import sys

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.importing import get_resource, import_file, read_dataset
from events.models import Actor, Citation, Mechanism, Membership, Participation, Summit
from events.resources import export_dataset
from tests.factories import make_actor, make_mechanism, make_source, make_summit, make_topic
from tests.shared_data import shared_fixture

pytestmark = pytest.mark.django_db

SUMMITS = "slug,name,mechanism,date,city,host,level,ordinal,topics,outcome,curator_note\n"


@shared_fixture
def base():
    make_topic(slug="energy", name="energy")
    make_topic(slug="transport", name="transport")
    make_actor(slug="japan", name="Japan", iso3="JPN")
    make_actor(slug="turkiye", name="Türkiye", iso3="TUR")
    make_mechanism(slug="ca-jad", name="Central Asia plus Japan Dialogue")


def run(name, text, **kwargs):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return import_file(name=name, data=data, **kwargs)


def errors(report):
    return [(e.row, e.column, e.value) for e in report.errors]


def test_a_new_summit_is_created_with_its_date_precision_topics_and_related_records(base):
    row = "tokyo,Tokyo Summit,ca-jad,2025-12,Tokyo,japan,heads_of_state,1,energy;transport,,\n"
    report = run("summits", SUMMITS + row)
    assert (report.new, report.errors) == (1, [])
    tokyo = Summit.objects.get(slug="tokyo")
    assert (tokyo.date, tokyo.date_precision) == (datetime.date(2025, 12, 1), "month")
    assert (tokyo.mechanism.slug, tokyo.host.slug, tokyo.ordinal) == ("ca-jad", "japan", 1)
    assert sorted(tokyo.topics.values_list("slug", flat=True)) == ["energy", "transport"]


def test_a_row_with_an_existing_slug_updates_the_record_instead_of_duplicating_it(base):
    make_summit(slug="tokyo", name="Old name")
    report = run("summits", "slug,name,date\ntokyo,Tokyo Summit,2004\n")
    assert (report.new, report.updated) == (0, 1)
    tokyo = Summit.objects.get()
    assert (tokyo.name, tokyo.partial_date()) == ("Tokyo Summit", "2004")


def test_changing_only_the_precision_of_a_date_is_an_update(base):
    make_summit(slug="tokyo", date=datetime.date(2025, 1, 1), date_precision="month")
    report = run("summits", "slug,name,date\ntokyo,Tokyo,2025\n")
    assert report.updated == 1
    assert Summit.objects.get().partial_date() == "2025"


def test_imports_are_recorded_in_the_history_with_the_file_name(base):
    run("summits", "slug,name\ntokyo,Tokyo\n", file_name="mine.csv")
    record = Summit.objects.get().history.get()
    assert (record.history_type, record.history_change_reason) == ("+", "Imported from mine.csv")


def test_a_dry_run_reports_what_would_happen_and_writes_nothing(base):
    report = run("summits", "slug,name\ntokyo,Tokyo\n", dry_run=True)
    assert (report.new, report.ok) == (1, True)
    assert not Summit.objects.exists()


def test_one_bad_row_means_nothing_is_written_and_every_bad_row_is_named(base):
    text = SUMMITS + (
        "good,Good,,2025,,,,,,,\n"
        "a,A,,20/12/2025,,,,,,,\n"
        "b,B,,2025-13,,,,,,,\n"
        "c,C,,April 2025,,,,,,,\n"
        "d,D,,2025-Q2,,,,,,,\n"
        "e,E,,2025-02-30,,,,,,,\n"
    )
    report = run("summits", text)
    assert not Summit.objects.exists()
    assert errors(report) == [
        (3, "date", "20/12/2025"),
        (4, "date", "2025-13"),
        (5, "date", "April 2025"),
        (6, "date", "2025-Q2"),
        (7, "date", "2025-02-30"),
    ]
    assert "YYYY, YYYY-MM or YYYY-MM-DD" in report.errors[0].reason
    assert "month must be in 1..12" in report.errors[1].reason
    assert "nothing was written" in report.summary()


def test_unknown_slugs_are_reported_by_name_and_never_dropped(base):
    text = SUMMITS + "tokyo,Tokyo,nowhere,,,atlantis,,,energy;mining;space,,\n"
    report = run("summits", text)
    by_column = {e.column: e.reason for e in report.errors}
    assert by_column["mechanism"] == "No mechanism has the slug 'nowhere'."
    assert by_column["host"] == "No actor has the slug 'atlantis'."
    assert by_column["topics"] == "Unknown topics: 'mining', 'space'."
    assert not Summit.objects.exists()


def test_a_slug_twice_in_the_same_file_is_reported_on_the_second_row(base):
    report = run("summits", "slug,name\ntokyo,Tokyo\nastana,Astana\ntokyo,Tokyo again\n")
    assert [(e.row, e.column, e.value) for e in report.errors] == [(4, "slug", "tokyo")]
    assert "also on row 2" in report.errors[0].reason
    assert not Summit.objects.exists()


def test_a_relation_row_twice_in_the_same_file_is_reported(base):
    make_summit(slug="tokyo")
    text = "summit,actor,role,representative\ntokyo,japan,host,\ntokyo,japan,participant,\n"
    report = run("participations", text)
    assert [(e.row, e.column) for e in report.errors] == [(3, "summit")]
    assert "summit 'tokyo', actor 'japan' is also on row 2" in report.errors[0].reason


@pytest.mark.parametrize(
    ("header", "problems"),
    [
        ("slug,date", [("name", "required column is missing")]),
        ("slug,name,colour", [("colour", "unknown column")]),
        ("slug,name,name", [("name", "this column appears more than once")]),
        ("slug,Name,date,Date", [("Name", "unknown column"), ("Date", "unknown column"), ("name", "required column")]),
    ],
)
def test_wrong_columns_are_reported_before_any_row(base, header, problems):
    report = run("summits", header + "\n" + ",".join(["x"] * len(header.split(","))) + "\n")
    assert [(e.row, e.column) for e in report.errors] == [(1, column) for column, _ in problems]
    for error, (_, reason) in zip(report.errors, problems, strict=True):
        assert reason in error.reason
    assert not Summit.objects.exists()


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "The file is empty."),
        (b"\n\n", "The file is empty."),
        (b"slug,name\r\n", "header row but no data rows"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (b"PK\x03\x04\x14\x00\x06\x00", "XLSX"),
        (b"%PDF-1.7\n", "PDF"),
        (b'[{"slug": "x"}]', "looks like JSON"),
        (b"<html><body>hi</body></html>", "HTML"),
        (b'slug,name\n"tokyo,Tokyo\n', "not valid CSV"),
    ],
)
def test_files_that_are_not_a_csv_table_are_refused_with_a_reason(base, data, reason):
    report = run("summits", data)
    assert len(report.errors) == 1 and report.errors[0].row is None
    assert reason in report.errors[0].reason
    assert not Summit.objects.exists()


def test_rows_with_too_many_or_too_few_cells_are_each_reported(base):
    report = run("summits", "slug,name,city\na,A,Tokyo,extra\nb,B\nc,C,Astana\n")
    assert [(e.row, e.reason) for e in report.errors] == [
        (2, "this row has 4 cells but the header has 3 columns"),
        (3, "this row has 2 cells but the header has 3 columns"),
    ]


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
@pytest.mark.parametrize("newline", [b"\n", b"\r\n"])
def test_utf8_with_or_without_bom_and_any_line_end_keeps_non_ascii_text(base, bom, newline):
    lines = ["slug,name,city,outcome", 'osmanli,"Osmanlı, Türkiye",İstanbul,"Two lines:\nOsmanlı and ""Türkiye"""']
    report = run("summits", bom + newline.join(line.encode() for line in lines) + newline)
    assert report.ok, report.errors
    summit = Summit.objects.get()
    assert (summit.name, summit.city) == ("Osmanlı, Türkiye", "İstanbul")
    assert summit.outcome == 'Two lines:\nOsmanlı and "Türkiye"'


def test_row_numbers_count_records_not_lines_when_cells_hold_newlines(base):
    report = run("summits", 'slug,name,outcome,date\na,A,"one\ntwo\nthree",2025\nb,B,,bad\n')
    assert [(e.row, e.value) for e in report.errors] == [(3, "bad")]


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_a_file_in_another_encoding_is_refused_naming_the_problem_and_nothing_is_written(base, encoding):
    report = run("summits", "slug,name,city\nosmanli,Türkiye Summit,Ankara\n".encode(encoding))
    [error] = report.errors
    assert "not UTF-8" in error.reason and "byte 0xfc on line 2" in error.reason
    assert "Windows-1252" in error.reason
    assert not Summit.objects.exists()


def test_utf16_is_refused_with_its_name():
    report = run("summits", "slug,name\nx,Türkiye\n".encode("utf-16"))
    assert "UTF-16" in report.errors[0].reason


@pytest.mark.parametrize("text", ["=1+1", "+90 312", "-5", "@SUM(A1)", "\tindent", "\rstart", "'=quoted", "''@x"])
def test_cells_that_start_like_a_formula_are_escaped_on_export_and_imported_back_as_written(base, text):
    make_summit(slug="s", name="Summit", outcome=text)
    exported = export_dataset("summits")
    cell = exported.dict[0]["outcome"]
    assert cell == "'" + text
    Summit.objects.all().delete()
    report = run("summits", exported.csv)
    assert report.ok, report.errors
    assert Summit.objects.get().outcome == text


def test_text_starting_with_a_quote_but_not_a_formula_is_left_alone(base):
    make_summit(slug="s", name="'Quoted' summit")
    assert export_dataset("summits").dict[0]["name"] == "'Quoted' summit"
    run("summits", "slug,name\ns,'Quoted' summit\n")
    assert Summit.objects.get().name == "'Quoted' summit"


def test_a_person_may_come_before_the_state_they_represent_in_the_same_file(db):
    text = (
        "slug,name,kind,acronym,iso3,represents,office,description,curator_note\n"
        "takaichi,Takaichi Sanae,person,,,japan,Prime Minister,,\n"
        "japan,Japan,state,,JPN,,,,\n"
    )
    report = run("actors", text)
    assert report.ok, report.errors
    assert Actor.objects.get(slug="takaichi").represents.slug == "japan"


def test_a_child_mechanism_may_come_before_its_parent_in_the_same_file(db):
    text = "slug,name,kind,parent\nc5-1-minerals,C5+1 Critical Minerals Dialogue,dialogue,c5-1\nc5-1,C5+1,dialogue,\n"
    assert run("mechanisms", text).ok
    assert Mechanism.objects.get(slug="c5-1-minerals").parent.slug == "c5-1"


def test_database_constraints_are_reported_as_row_errors(base):
    text = (
        "slug,name,kind,date,value_amount,value_currency\n"
        "a,A,declaration,,19000000,\n"
        "b,B,declaration,,-5,USD\n"
        "c,C,pact,,,\n"
        "d,D,declaration,,19 million,USD\n"
    )
    report = run("agreements", text)
    reasons = {(e.row, e.column): e.reason for e in report.errors}
    assert reasons[(2, "")] == "A value needs a currency, and a currency needs a value."
    assert (3, "value_amount") in reasons
    assert "not a valid choice" in reasons[(4, "kind")]
    assert "is not a number" in reasons[(5, "value_amount")]


def test_memberships_match_by_actor_mechanism_and_start(base):
    japan, mechanism = Actor.objects.get(slug="japan"), Mechanism.objects.get(slug="ca-jad")
    Membership.objects.create(actor=japan, mechanism=mechanism, start=datetime.date(2004, 1, 1), start_precision="year")
    text = (
        "actor,mechanism,role,start,end,curator_note\njapan,ca-jad,partner,2004,2025-11,\nturkiye,ca-jad,observer,,,\n"
    )
    report = run("memberships", text)
    assert (report.new, report.updated, report.errors) == (1, 1, [])
    membership = Membership.objects.get(actor=japan)
    assert (membership.role, membership.partial_date("end")) == ("partner", "2025-11")


def test_participations_match_by_summit_and_actor(base):
    tokyo = make_summit(slug="tokyo")
    Participation.objects.create(summit=tokyo, actor=Actor.objects.get(slug="japan"), role="participant")
    report = run("participations", "summit,actor,role,representative\ntokyo,japan,host,\ntokyo,turkiye,guest,\n")
    assert (report.new, report.updated) == (1, 1)
    assert dict(Participation.objects.values_list("actor__slug", "role")) == {"japan": "host", "turkiye": "guest"}


def test_citations_name_the_record_type_and_slug(base):
    make_source(slug="avim")
    make_summit(slug="tokyo")
    text = (
        "source,record_type,record,locator,quote\n"
        "avim,summit,tokyo,footnote 1,\n"
        "avim,treaty,tokyo,footnote 2,\n"
        "avim,actor,nobody,footnote 3,\n"
    )
    report = run("citations", text)
    assert errors(report) == [(3, "record_type", "treaty"), (4, "record", "nobody")]
    assert run("citations", text.rsplit("\n", 3)[0] + "\n").ok
    assert Citation.objects.get().summit.slug == "tokyo"


def test_an_xlsx_file_with_numbers_and_dates_typed_into_cells_is_read_as_text(base):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["slug", "name", "date", "ordinal", "mechanism", None])
    sheet.append(["tokyo", "Tokyo", datetime.datetime(2025, 12, 20), 1, "ca-jad", None])
    sheet.append(["old", "Old", 2004, None, None, None])
    stream = io.BytesIO()
    book.save(stream)
    report = run("summits", stream.getvalue(), file_format="xlsx")
    assert report.ok, report.errors
    assert Summit.objects.get(slug="tokyo").partial_date() == "2025-12-20"
    assert Summit.objects.get(slug="old").partial_date() == "2004"


def test_a_json_file_must_be_a_list_of_objects():
    with pytest.raises(Exception, match="list of objects"):
        read_dataset(data=b'{"slug": "x"}', file_format="json")


# A valid file is saved in bulk (a few queries per batch of rows, history included); a file with
# any problem, even one only the database sees, is rolled back and imported row by row so that
# every bad row is named.


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
    assert len(summits_queries) < 40, [q["sql"][:80] for q in summits_queries]
    assert len(participation_queries) < 40, [q["sql"][:80] for q in participation_queries]
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
    bulk_inserts = [q["sql"] for q in queries if q["sql"].startswith('INSERT INTO "events_summit"')]
    assert any(sql.count("'s-") >= small_bulk_batch for sql in bulk_inserts)  # the batch's slugs in one INSERT
    assert not Summit.objects.exists()
