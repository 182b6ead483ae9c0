"""The command line's and the API's export builds its cells from `.values()` rows; they must be
the cells the admin's export (django-import-export, one model instance per row) gives."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import Actor, Identifier, Mechanism, MechanismRelation, Summit
from events.resources import RESOURCES, export_rows, get_resource
from tests.factories import make_summit, make_topic


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


def test_an_export_takes_two_queries_per_chunk_of_rows_however_many_rows(db):
    topic = make_topic()
    for _ in range(30):
        make_summit().topics.add(topic)
    with CaptureQueriesContext(connection) as queries:
        rows = list(export_rows("summits"))
    assert len(rows) == 31
    assert len(queries) == 2  # the summits, and their topics
