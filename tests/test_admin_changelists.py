"""The participations changelist (376,000 rows at scale): a pinned number of queries whatever
the number of rows or the page, one count, newest first by the primary key."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.models import Participation
from tests import factories as f

pytestmark = pytest.mark.django_db

# session, user, the count, the page's rows with summit, actor and representative joined
PINNED_QUERIES = 4


def add_participations(n: int) -> None:
    person = f.make_actor(kind="person", office="Envoy", represents=f.make_actor())
    for _ in range(n):
        f.make_participation(f.make_summit(), f.make_actor(), representative=person)


def changelist_queries(client, **query) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("admin:events_participation_changelist"), query)
    assert response.status_code == 200
    return len(queries), [q["sql"] for q in queries if "COUNT(" in q["sql"]]


@pytest.mark.parametrize("rows", [2, 120])
def test_the_participations_changelist_takes_pinned_queries_and_counts_once(admin_client, rows):
    add_participations(rows)
    for query in ({}, {"p": 1 if rows > 100 else 0}, {"role": "participant"}):
        count, counts = changelist_queries(admin_client, **query)
        assert count == PINNED_QUERIES, query
        assert len(counts) == 1, query


def test_the_participations_changelist_lists_the_newest_first(admin_client):
    add_participations(3)
    response = admin_client.get(reverse("admin:events_participation_changelist"))
    shown = [row.pk for row in response.context["cl"].result_list]
    assert shown == list(Participation.objects.order_by("-pk").values_list("pk", flat=True))
