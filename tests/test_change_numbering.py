"""How PostgreSQL numbers the changes of a transaction as it commits (migration 0020): every
change gets a number, in id order, also when some were numbered earlier in the transaction."""

import pytest
from django.db import connection, transaction

from events.models import Change, Topic

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="the deferred trigger is PostgreSQL's"),
]


def numbers() -> list[tuple[int, int | None]]:
    return list(Change.objects.order_by("id").values_list("id", "seq"))


def test_the_changes_of_one_transaction_are_numbered_in_id_order():
    with transaction.atomic():
        Topic.objects.bulk_create(Topic(slug=f"t-{n}", name=f"T {n}") for n in range(3))
        for topic in Topic.objects.order_by("pk"):
            topic.save()
    rows = numbers()
    assert len(rows) == 3 and all(seq is not None for _, seq in rows)
    seqs = [seq for _, seq in rows]
    assert seqs == sorted(seqs) == list(range(seqs[0], seqs[0] + 3))


def test_changes_made_after_an_immediate_numbering_are_numbered_at_commit():
    with transaction.atomic():
        Topic.objects.create(slug="first", name="First")
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS events_change_number IMMEDIATE")
            cursor.execute("SET CONSTRAINTS events_change_number DEFERRED")
        assert all(seq is not None for _, seq in numbers())
        Topic.objects.create(slug="second", name="Second")
        with transaction.atomic():
            Topic.objects.create(slug="kept", name="Kept")
        try:
            with transaction.atomic():
                Topic.objects.create(slug="rolled-back", name="Rolled back")
                raise RuntimeError
        except RuntimeError:
            pass
    rows = numbers()
    assert len(rows) == 3 and all(seq is not None for _, seq in rows)
    assert [seq for _, seq in rows] == sorted(seq for _, seq in rows)
    assert Change.objects.filter(seq__isnull=True).count() == 0
