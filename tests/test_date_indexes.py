"""Date filters read indexes, not the table (events.models.base.date_order_indexes): a page of
`?year=` takes its ids from the list order's index with the bounds in it, and its count from the
bounds' index. The plans are SQLite's, which has no statistics to change them; PostgreSQL's
depend on its statistics, so there the indexes' columns are checked."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import Agreement, Summit
from tests import factories as f

pytestmark = pytest.mark.django_db

ORDER_AND_BOUNDS = ["date", "name", "id", "date_earliest", "date_latest", "date_text"]
BOUNDS = ["date_latest", "date_earliest", "date_text"]


@pytest.mark.parametrize("model", [Summit, Agreement])
def test_a_dated_record_has_its_list_order_with_its_bounds_and_its_bounds_alone_as_indexes(model):
    columns = {tuple(index.fields) for index in model._meta.indexes}
    assert tuple(ORDER_AND_BOUNDS) in columns
    assert tuple(BOUNDS) in columns
    table = model._meta.db_table
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, table)
    indexed = {tuple(info["columns"]) for info in found.values() if info["index"]}
    assert {tuple(ORDER_AND_BOUNDS), tuple(BOUNDS)} <= indexed


def plans(client, url):
    """The API's queries for `url`, each with SQLite's plan."""
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, response.content
    found = []
    with connection.cursor() as cursor:
        for query in context.captured_queries:
            if query["sql"].startswith("SELECT") and "events_summit" in query["sql"]:
                cursor.execute(f"EXPLAIN QUERY PLAN {query['sql']}")
                found.append((query["sql"], " / ".join(row[3] for row in cursor.fetchall())))
    return response.json(), found


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's plans; PostgreSQL's follow its statistics")
@pytest.mark.parametrize("query", ["year=2025", "date_after=2025-03-01", "date_before=2024-12-31"])
def test_a_date_filtered_summits_page_reads_its_count_and_ids_from_indexes_alone(client, query):
    for day in range(6):
        f.make_summit(date=datetime.date(2024, 11, 1) + datetime.timedelta(days=60 * day), date_precision="day")
    f.make_summit(date=None, date_precision="")
    body, found = plans(client, f"/api/v1/summits/?{query}")
    assert body["results"]
    count = next(plan for sql, plan in found if "COUNT(" in sql)
    ids = next(plan for sql, plan in found if "LIMIT" in sql and "COUNT(" not in sql and "json_object" not in sql)
    assert "COVERING INDEX events_summit_order_idx" in ids, ids
    if "date_before" not in query:  # an upper bound alone searches date_earliest's own index
        assert "COVERING INDEX events_summit_bounds_idx" in count, count
