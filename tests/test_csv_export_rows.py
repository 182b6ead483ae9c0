"""The command line's and the API's export builds its cells from `.values()` rows; they must be
the cells the admin's export (django-import-export, one model instance per row) gives."""

import datetime
import gc

import pytest
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext

from events.dates import edtf_from_columns
from events.models import Actor, Identifier, Mechanism, MechanismRelation, Summit
from events.resources import RESOURCES, SummitResource, export_rows, get_resource
from events.resources.cells import escape_column
from events.resources.fields import _date_cell
from tests.factories import make_actor, make_mechanism, make_summit, make_topic


@pytest.mark.parametrize("name", list(RESOURCES))
def test_every_table_exports_the_same_cells_as_the_admin(cainfo_data, name):
    Identifier.objects.create(actor=Actor.objects.get(slug="kazakhstan"), scheme="example", value="kz-1")
    # the fixtures hold no relation between mechanisms (the analysis states none)
    MechanismRelation.objects.create(
        mechanism=Mechanism.objects.get(slug="c5-c"), kind="may_become", target=Mechanism.objects.get(slug="c5-1")
    )
    resource = get_resource(name)
    queryset = resource._meta.model._default_manager.all()
    by_instance = [resource.export_resource(instance) for instance in resource.filter_export(queryset)]
    rows = export_rows(name)
    assert next(rows) == resource.get_export_headers()
    assert list(rows) == by_instance
    assert by_instance


def test_formulas_empty_cells_and_topics_are_exported_alike(db):
    make_summit(slug="formula", name="=HYPERLINK(1)", date=None, date_precision="", ordinal=3)
    make_summit(slug="plain", name="Plain").topics.set([make_topic(slug="b"), make_topic(slug="a")])
    resource = get_resource("summits")
    rows = {row[0]: row for row in list(export_rows("summits"))[1:]}
    assert rows["formula"] == resource.export_resource(Summit.objects.get(slug="formula"))
    assert rows["formula"][1] == "'=HYPERLINK(1)"
    assert rows["plain"][resource.get_export_headers().index("topics")] == "a;b"


def test_an_export_reads_its_rows_in_one_query_and_each_linked_records_slug_at_most_once(db, monkeypatch):
    monkeypatch.setattr(SummitResource, "get_chunk_size", lambda self: 10)
    energy, asia = make_topic(slug="energy"), make_topic(slug="asia")
    for n in range(30):
        make_summit().topics.set([energy] if n < 20 else [energy, asia])
    with CaptureQueriesContext(connection) as queries:
        rows = list(export_rows("summits"))
    assert len(rows) == 31
    topics = rows[0].index("topics")
    assert [row[topics] for row in rows[1:]] == ["energy"] * 20 + ["asia;energy"] * 10
    if connection.vendor == "sqlite":  # the topics' slugs in a subquery of the rows' query
        assert len(queries) == 1
    else:  # the rows with their topics' ids (planned without JIT, then the setting back), then the
        # slugs of ids not met before: "energy" in the first chunk, "asia" in the third
        assert [query_kind(query["sql"]) for query in queries] == ["jit off", "rows", "slugs", "jit back", "slugs"]


def query_kind(sql: str) -> str:
    if "set_config('jit', 'off'" in sql:
        return "jit off"
    if "set_config('jit'" in sql:
        return "jit back"
    return "slugs" if sql.startswith('SELECT "events_topic"') else "rows"


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="JIT compilation is PostgreSQL's")
@pytest.mark.parametrize("setting", ["on", "off"])
def test_postgresql_plans_an_export_without_jit_and_then_has_its_own_setting_back(db, monkeypatch, setting):
    """An export's query can be costed high enough for PostgreSQL to compile it, which costs more
    than it saves (BENCHMARKS.md); the connection's setting is its own again after the export,
    and after an export that fails."""
    monkeypatch.setattr(SummitResource, "get_chunk_size", lambda self: 2)
    for n in range(5):
        make_summit(slug=f"s-{n}")
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('jit', %s, false)", [setting])
    seen = []
    chunk_cells = SummitResource._chunk_cells

    def observed(rows, size, readers):
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('jit')")
            seen.append(cursor.fetchone()[0])
        return chunk_cells(rows, size, readers)

    monkeypatch.setattr(SummitResource, "_chunk_cells", staticmethod(observed))
    assert len(list(export_rows("summits"))) == 6
    assert seen == ["off", setting, setting, setting]  # the first chunk's read plans the query
    with pytest.raises(DatabaseError), transaction.atomic():
        list(export_rows("summits", Summit.objects.extra(where=["1 / (id - id) = 1"])))
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('jit')")
        assert cursor.fetchone()[0] == setting


def test_cells_are_the_admins_across_chunks_of_rows(db, monkeypatch):
    """Every kind of cell, in chunks of two rows: topic lists (in code point order, which is not a
    locale's), formulas in any column, a missing mechanism or host, inferred claims, partial dates."""
    monkeypatch.setattr(SummitResource, "get_chunk_size", lambda self: 2)
    topics = [make_topic(slug=slug) for slug in ("ab", "a-b", "a_b", "b", "A")]
    make_summit(slug="many", city="-minus", outcome="@at", curator_note="\tTab").topics.set(topics)
    make_summit(slug="one", name="'=quoted", level="", inferred={"host": "From the city: Astana."}).topics.set(
        topics[:1]
    )
    make_summit(slug="none", mechanism=make_mechanism(), host=make_actor(), ordinal=2, date_text="2025-11?")
    make_summit(slug="lines", name="Line\n=two", city="+plus", date=None, date_precision="")
    make_summit(slug="year", date=datetime.date(2004, 1, 1), date_precision="year", date_text="2004")
    resource = get_resource("summits")
    expected = [resource.export_resource(summit) for summit in resource.filter_export(Summit.objects.all())]
    rows = list(export_rows("summits"))[1:]
    assert rows == expected
    cells = {row[0]: dict(zip(resource.get_export_headers(), row, strict=True)) for row in rows}
    assert cells["many"]["topics"] == "A;a-b;a_b;ab;b"
    many = cells["many"]
    assert (many["city"], many["outcome"], many["curator_note"]) == ("'-minus", "'@at", "'\tTab")
    assert cells["one"]["name"] == "''=quoted"
    assert cells["one"]["inferred"] == '{"host": "From the city: Astana."}'
    assert (cells["lines"]["name"], cells["lines"]["city"], cells["lines"]["date"]) == ("Line\n=two", "'+plus", "")
    assert (cells["none"]["topics"], cells["year"]["mechanism"], cells["year"]["host"]) == ("", "", "")
    assert cells["year"]["date"] == "2004"


def test_a_column_is_escaped_cell_by_cell_only_where_a_cell_starts_like_a_formula():
    plain = ["a", "b=c", ""]
    assert escape_column(plain) is plain
    assert escape_column(["a", "b\n=not at the start", "'quote"]) == ["a", "b\n=not at the start", "'quote"]
    assert escape_column(["a", "=1", "'=2", "", "-"]) == ["a", "'=1", "''=2", "", "'-"]


def test_a_plain_date_cell_is_what_its_columns_hold():
    for value, precision, text in [
        (datetime.date(2025, 4, 1), "month", "2025-04"),
        (datetime.date(2025, 4, 15), "month", "2025-04"),  # not the first day: the text still holds
        (datetime.date(2025, 4, 1), "day", "2025-04"),  # disagrees: the columns' level-0 date wins
        (datetime.date(2025, 11, 1), "month", "2025-11?"),
        (None, "", "2025"),
    ]:
        date = edtf_from_columns(value, precision, text)
        assert _date_cell(value, precision, text) == (date.text if date else "")


@pytest.mark.parametrize("collecting", [True, False])
def test_an_export_leaves_garbage_collection_as_it_found_it_between_chunks_and_after(db, monkeypatch, collecting):
    monkeypatch.setattr(SummitResource, "get_chunk_size", lambda self: 2)
    for n in range(5):
        make_summit(slug=f"s-{n}", name=f"Summit {n}")
    seen = []
    was = gc.isenabled()
    (gc.enable if collecting else gc.disable)()
    try:
        for _ in export_rows("summits"):
            seen.append(gc.isenabled())  # the caller's code, between the chunks' cells
        after = gc.isenabled()
    finally:
        (gc.enable if was else gc.disable)()
    assert len(seen) == 6
    assert set(seen) == {collecting}
    assert after is collecting
