"""The timeline's items (summits and agreements of one page) read in one SQL query that builds
each as JSON with its mechanism, topics, host or summit, as `summit_rows` reads summits; the
items are what `serializers.timeline_item` makes of the records (tests/test_api_lean_timeline.py).

The records, their related rows and their topics cost four ORM queries and a model instance
per row: most of an actor's timeline's 22 ms on SQLite at scale 1 (BENCHMARKS.md, issue 19)."""

import json

from django.db import connection

from .lean import date_text, iso_day
from .summit_rows import Dialect, url_parts

TYPES = ("summit", "agreement")


def item_document(dialect: Dialect, kind: str) -> str:
    """SQL: the JSON object of record `r` of `kind`."""
    topics = dialect.topics(kind, "r")
    if kind == "summit":
        host = dialect.summary_of("actor", "r.host_id")
        own = f"'city', r.city, 'host', {host}, 'level', r.level, 'kind', NULL, 'summit', NULL"
    else:
        summit = dialect.summary_of("summit", "r.summit_id")
        own = f"'city', NULL, 'host', NULL, 'level', NULL, 'kind', r.kind, 'summit', {summit}"
    document = (
        f"{dialect.object}('type', '{kind}', 'pk', r.id, 'slug', r.slug, 'name', COALESCE(r.name, ''), "
        f"'url', %({kind}_before)s || r.slug || %({kind}_after)s, 'date', r.date, "
        f"'date_precision', r.date_precision, 'date_text', r.date_text, "
        f"'mechanism', {dialect.summary_of('mechanism', 'r.mechanism_id')}, 'topics', {dialect.nested(topics)}, {own})"
    )
    return f"({document})::text" if dialect.postgres else document


def records_sql(dialect: Dialect, kind: str, placeholders: str) -> str:
    return f"SELECT {item_document(dialect, kind)} FROM events_{kind} r WHERE r.id IN ({placeholders})"


def timeline_items(page, request) -> list[dict]:
    """The items of a page of the timeline's merged rows (`type` and `pk` each), in its order."""
    dialect = Dialect(connection.vendor)
    params = url_parts(request)
    selects = []
    for kind in TYPES:
        ids = [row["pk"] for row in page if row["type"] == kind]
        for n, pk in enumerate(ids):
            params[f"{kind}{n}"] = pk
        if ids:
            selects.append(records_sql(dialect, kind, ", ".join(f"%({kind}{n})s" for n in range(len(ids)))))
    if not selects:
        return []
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(selects), params)
        rows = [json.loads(text) for (text,) in cursor.fetchall()]
    by_key = {(row["type"], row["pk"]): row for row in rows}
    return [item_from_row(by_key[row["type"], row["pk"]]) for row in page]


def item_from_row(row: dict) -> dict:
    """As `serializers.timeline_item` gives it."""
    return {
        "type": row["type"],
        "slug": row["slug"],
        "name": row["name"],
        "url": row["url"],
        "date": date_text(iso_day(row["date"]), row["date_precision"], row["date_text"]),
        "date_precision": row["date_precision"] or None,
        "mechanism": row["mechanism"],
        "topics": row["topics"],
        "city": row["city"],
        "host": row["host"],
        "level": row["level"] or None,
        "kind": row["kind"],
        "summit": row["summit"],
    }
