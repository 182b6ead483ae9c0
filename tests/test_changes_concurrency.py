"""The change feed while writes commit as a client pages, with real concurrent transactions.
PostgreSQL only: SQLite lets one writer at a time, so a transaction cannot commit while another
holds uncommitted changes, and the case cannot arise there."""

import random
import threading

import pytest
from django.db import connection, connections, transaction

from events.models import Change, Topic
from tests.api_helpers import anonymous

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="concurrent writers need PostgreSQL"),
]

FEED = "/api/v1/changes/"


def in_thread(target):
    def run():
        try:
            target()
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def page(since=None, limit=100):
    params = {"limit": limit, **({"since": since} if since else {})}
    return anonymous().get(FEED, params).json()


def test_a_change_made_first_but_committed_last_comes_after_the_cursor_that_passed_it():
    opened, release = threading.Event(), threading.Event()

    def slow_writer():
        with transaction.atomic():
            Topic.objects.create(slug="slow", name="Slow")
            opened.set()
            release.wait(30)

    slow = in_thread(slow_writer)
    assert opened.wait(30)
    Topic.objects.create(slug="fast", name="Fast")  # commits at once, while "slow" is open

    first = page()
    assert [entry["slug"] for entry in first["results"]] == ["fast"]
    release.set()
    slow.join(30)
    second = page(first["cursor"])
    assert [entry["slug"] for entry in second["results"]] == ["slow"]
    # the case the feed guards against: the row written first has the lower id
    ids = dict(Change.objects.values_list("slug", "id"))
    assert ids["slow"] < ids["fast"]


def test_a_client_paging_while_writers_commit_sees_every_change_once_in_order():
    writers, per_writer = 4, 8

    def writer(number):
        generator = random.Random(number)
        for n in range(per_writer):
            with transaction.atomic():
                topic = Topic.objects.create(slug=f"w{number}-{n}", name=f"Writer {number} #{n}")
                if generator.random() < 0.5:
                    topic.description = "changed"
                    topic.save()
                if generator.random() < 0.3:
                    topic.delete()

    threads = [in_thread(lambda number=number: writer(number)) for number in range(writers)]
    seen, cursor = [], None

    def drain():
        nonlocal cursor
        while True:
            body = page(cursor, limit=3)
            seen.extend(body["results"])
            cursor = body["cursor"]
            if body["next"] is None:
                return

    while any(thread.is_alive() for thread in threads):
        drain()
    for thread in threads:
        thread.join(60)
    drain()

    stored = list(Change.objects.order_by("seq").values_list("seq", flat=True))
    assert len(stored) >= writers * per_writer
    assert None not in stored
    assert [entry["cursor"] for entry in seen] == [
        entry["cursor"] for entry in anonymous().get(FEED, {"limit": 1000}).json()["results"]
    ]
    assert len({entry["cursor"] for entry in seen}) == len(seen) == len(stored)
    for number in range(writers):
        for n in range(per_writer):
            actions = [entry["action"] for entry in seen if entry["slug"] == f"w{number}-{n}"]
            assert actions[0] == "created" and actions.count("created") == 1
            assert "deleted" not in actions[:-1]


def test_the_numbering_trigger_is_installed():
    with connection.cursor() as cursor:
        cursor.execute("SELECT tgname FROM pg_trigger WHERE tgname = 'events_change_number'")
        assert cursor.fetchone() == ("events_change_number",)
