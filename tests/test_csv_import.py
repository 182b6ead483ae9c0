import datetime
import io

import openpyxl
import pytest

from events.importing import read_dataset
from events.models import Actor, Citation, Mechanism, Membership, Participation, Summit
from events.resources import export_dataset
from tests import csv_importing
from tests.csv_importing import SUMMITS, errors, run
from tests.factories import make_participation, make_source, make_summit

pytestmark = pytest.mark.django_db

base = csv_importing.base  # the records the files name (a shared data set)


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
        "source,record_type,record,locator,quote,claims\n"
        "avim,summit,tokyo,footnote 1,,name\n"
        "avim,treaty,tokyo,footnote 2,,name\n"
        "avim,actor,nobody,footnote 3,,name\n"
    )
    report = run("citations", text)
    assert errors(report) == [(3, "record_type", "treaty"), (4, "record", "nobody")]
    assert run("citations", text.rsplit("\n", 3)[0] + "\n").ok
    assert Citation.objects.get().summit.slug == "tokyo"


def test_a_citation_names_its_claims_and_its_quote_must_be_in_the_located_paragraph(base):
    source = make_source(slug="avim")
    source.paragraphs.create(number=1, text="On 20 December 2025, the leaders met in Tokyo.^[1]")
    tokyo = make_summit(slug="tokyo", city="Tokyo")
    make_participation(tokyo, Actor.objects.get(slug="japan"))
    header = "source,record_type,record,locator,quote,claims\n"
    good = 'avim,summit,tokyo,paragraph 1,"On 20 December 2025,  the leaders met",date;city;participant:japan\n'
    bad = [
        "avim,summit,tokyo,paragraph 2,,date\n",
        "avim,summit,tokyo,footnote 1,,\n",
        "avim,summit,tokyo,footnote 2,,participant:china\n",
    ]
    report = run("citations", header + good + "".join(bad))
    assert errors(report) == [(3, "locator", "paragraph 2"), (4, "claims", ""), (5, "claims", "participant:china")]
    assert not Citation.objects.exists()
    report = run("citations", header + "avim,summit,tokyo,paragraph 1,the leaders met in Kyoto,date\n")
    assert errors(report) == [(2, "quote", "the leaders met in Kyoto")]
    assert "The quote is not in paragraph 1" in report.errors[0].reason
    assert run("citations", header + good).ok
    assert Citation.objects.get().claims == ["date", "city", "participant:japan"]


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
