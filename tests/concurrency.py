"""Running requests at the same moment from threads, each with its own database connection."""

import contextlib
import sqlite3
import tempfile
import threading
from pathlib import Path

from django.db import connection, connections


@contextlib.contextmanager
def shared_database():
    """Inside this block, connections opened by other threads see the data committed so far.

    On PostgreSQL they open the test database. SQLite's test database lives in this process's
    memory, where locks are per table and never wait: it is copied to a file, and the threads'
    connections open that file with the project's SQLite settings (write-ahead log, busy timeout,
    immediate transactions), as a deployment's would."""
    if connection.vendor != "sqlite":
        yield
        return
    settings_dict = connection.settings_dict
    memory_name = settings_dict["NAME"]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "db.sqlite3"
        target = sqlite3.connect(path)
        connection.ensure_connection()
        connection.connection.backup(target)
        # in WAL already, as a deployed database is from its first connection on: otherwise the
        # threads' first connections race to switch it, and the loser's PRAGMA is "database is
        # locked" at once (the switch takes no busy timeout)
        target.execute("PRAGMA journal_mode=WAL")
        target.close()
        settings_dict["NAME"] = str(path)
        try:
            yield
        finally:
            settings_dict["NAME"] = memory_name


def at_once(*calls):
    """Run each call in a thread of its own, released together; their results (or the exception
    a call raised), in order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except Exception as error:  # shown by the test's assertion
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@contextlib.contextmanager
def short_lock_waits(seconds: float = 0.2):
    """Connections opened inside this block wait at most `seconds` for another's lock."""
    options = connection.settings_dict["OPTIONS"]
    saved = dict(options)
    if connection.vendor == "sqlite":
        options["timeout"] = seconds
    else:
        options["options"] = f"-c lock_timeout={int(seconds * 1000)}"
    try:
        yield
    finally:
        options.clear()
        options.update(saved)


@contextlib.contextmanager
def write_lock_held(model, pk):
    """Another connection holds the write lock on row `pk` of `model` (SQLite: on the database)."""
    if connection.vendor == "sqlite":
        other = sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            other.rollback()
            other.close()
        return
    import psycopg2

    params = connection.get_connection_params()
    other = psycopg2.connect(**{k: v for k, v in params.items() if k != "options"})
    try:
        with other.cursor() as cursor:
            cursor.execute(f"SELECT 1 FROM {model._meta.db_table} WHERE id = %s FOR UPDATE", [pk])
        yield
    finally:
        other.rollback()
        other.close()
