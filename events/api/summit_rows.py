"""The relation rows of a page of summits (participants, topics, agreements, citations, other
names, identifiers) read in one SQL query that builds them as JSON (SQLite's json_object and
json_group_array, PostgreSQL's json_build_object and json_agg), in the orders the models give.

Six ORM queries cost a summit detail most of its time, compiling SQL rather than running it
(BENCHMARKS.md, issue 19); this one statement is written once. Summaries (`{slug, name, url}`)
come out whole: the URL is the API's, as `reverse` gives it, cut around the slug and passed as
parameters. Other names come out as their columns, for `lean` to turn into the API's dates."""

import datetime
import functools
import json

from django.conf import settings
from django.db import connection
from django.urls import get_script_prefix, get_urlconf
from django.urls import reverse as django_reverse
from rest_framework.reverse import preserve_builtin_query_params

from .serializers import SLUG_PLACEHOLDER

#: the lists of a summit's JSON this module reads, and the models whose summaries they show
RELATIONS = ("participants", "topics", "agreements", "citations", "other_names", "identifiers")
SUMMARIZED = ("summit", "mechanism", "actor", "topic", "agreement", "source")
#: the summit's own columns, as they are
COLUMNS = (
    "slug", "name", "date", "date_precision", "date_text", "city", "level", "ordinal", "outcome", "curator_note",
    "created_at", "updated_at",
)  # fmt: skip


class Dialect:
    def __init__(self, vendor: str):
        self.postgres = vendor == "postgresql"
        self.object = "json_build_object" if self.postgres else "json_object"

    def nested(self, expression: str) -> str:
        """A JSON value (an object, an array, a JSON column) inside an object."""
        return expression if self.postgres else f"json({expression})"

    def array(self, element: str, rows: str, order: str) -> str:
        """A JSON array of `element` over `rows` (FROM … WHERE …), in `order`; [] when empty."""
        if self.postgres:
            return f"(SELECT COALESCE(json_agg({element} ORDER BY {order}), '[]'::json) {rows})"
        return f"(SELECT json_group_array(json(x)) FROM (SELECT {element} AS x {rows} ORDER BY {order}))"

    def summary(self, alias: str, model: str, name: str = "name") -> str:
        """{slug, name, url} of the joined row `alias` of `model`, or null when there is none."""
        return self.nested(f"CASE WHEN {alias}.id IS NULL THEN NULL ELSE {self.summary_object(alias, model, name)} END")

    def summary_of(self, model: str, key: str, name: str = "name") -> str:
        """{slug, name, url} of the `model` whose id is `key` (a column), or null: a subquery, one
        index lookup, where a join let PostgreSQL hash the whole table for each summit of a page
        (a list page's query 5.3 -> 2.0 ms; BENCHMARKS.md)."""
        return self.nested(
            f"(SELECT {self.summary_object('ref', model, name)} FROM events_{model} ref WHERE ref.id = {key})"
        )

    def summary_object(self, alias: str, model: str, name: str) -> str:
        url = f"%({model}_before)s || {alias}.slug || %({model}_after)s"
        return f"{self.object}('slug', {alias}.slug, 'name', COALESCE({alias}.{name}, ''), 'url', {url})"

    def participants(self, table: str, owner: str, alias: str) -> str:
        """The participants (or parties) of record `alias` from `table`: actor, role, representative,
        ordered by role and the actor's name."""
        return self.array(
            f"{self.object}('actor', {self.summary_of('actor', 'p.actor_id')}, 'role', p.role, "
            f"'representative', {self.summary_of('actor', 'p.representative_id')})",
            f"FROM {table} p WHERE p.{owner}_id = {alias}.id",
            "p.role, (SELECT a.name FROM events_actor a WHERE a.id = p.actor_id), p.id",
        )

    def topics(self, owner: str, alias: str) -> str:
        """The topics of record `alias`, an `owner` (summit or agreement), by name."""
        return self.array(
            self.summary("t", "topic"),
            f"FROM events_{owner}_topics rt JOIN events_topic t ON t.id = rt.topic_id WHERE rt.{owner}_id = {alias}.id",
            "t.name",
        )

    def lists(self) -> dict[str, str]:
        return {
            "participants": self.participants("events_participation", "summit", "s"),
            "topics": self.topics("summit", "s"),
            "agreements": self.array(
                self.summary("g", "agreement"),
                "FROM events_agreement g WHERE g.summit_id = s.id",
                "g.date, g.name, g.id",
            ),
            **self.record_rows("summit", "s"),
        }

    def record_rows(self, owner: str, alias: str) -> dict[str, str]:
        """The citations, other names and identifiers of record `alias`, an `owner` (summit, agreement, …)."""
        o = self.object
        return {
            "citations": self.array(
                f"{o}('source', {self.summary('src', 'source', 'title')}, 'locator', c.locator, "
                f"'quote', c.quote, 'claims', {self.nested('c.claims')})",
                "FROM events_citation c JOIN events_source src ON src.id = c.source_id "
                f"WHERE c.{owner}_id = {alias}.id",
                "src.published DESC, src.title, c.locator, c.id",
            ),
            "other_names": self.array(
                f"{o}('name', n.name, 'kind', n.kind, 'language', n.language, 'start', n.start, "
                "'start_precision', n.start_precision, 'start_text', n.start_text, 'end', n.\"end\", "
                "'end_precision', n.end_precision, 'end_text', n.end_text, 'note', n.note)",
                f"FROM events_othername n WHERE n.{owner}_id = {alias}.id",
                "n.name, n.id",
            ),
            "identifiers": self.array(
                f"{o}('scheme', i.scheme, 'value', i.value)",
                f"FROM events_identifier i WHERE i.{owner}_id = {alias}.id",
                "i.scheme, i.value",
            ),
        }


def url_parts(request) -> dict[str, str]:
    """The API URL of each summarized model, cut around its slug: `%(actor_before)s` and so on,
    as DRF's `reverse` gives it (`?format=` kept)."""
    scheme_host = request.build_absolute_uri("/")[:-1]
    parts = {}
    for model in SUMMARIZED:
        path = api_path(model, get_script_prefix(), get_urlconf(), settings.ROOT_URLCONF)
        before, after = preserve_builtin_query_params(scheme_host + path, request).split(SLUG_PLACEHOLDER)
        parts[f"{model}_before"], parts[f"{model}_after"] = before, after
    return parts


@functools.cache
def api_path(model: str, script_prefix: str, urlconf, root_urlconf: str) -> str:
    """The path of a record's API URL with SLUG_PLACEHOLDER for its slug (what DRF's `reverse`
    makes absolute with the request's scheme and host)."""
    return django_reverse(f"api:{model}-detail", kwargs={"slug": SLUG_PLACEHOLDER}, urlconf=urlconf)


def summit_document(dialect: Dialect, lists: list[str]) -> str:
    """SQL: the JSON object of summit `s`: its columns as `lean` reads them, its mechanism, host
    and URL as summaries, and the relation `lists`."""
    relations = dialect.lists()
    columns = ", ".join(f"'{name}', s.{name}" for name in COLUMNS)
    pairs = "".join(f", '{name}', {dialect.nested(relations[name])}" for name in lists)
    return (
        f"{dialect.object}('pk', s.id, {columns}, 'inferred', {dialect.nested('s.inferred')}, "
        f"'url', %(summit_before)s || s.slug || %(summit_after)s, "
        f"'mechanism', {dialect.summary_of('mechanism', 's.mechanism_id')}, "
        f"'host', {dialect.summary_of('actor', 's.host_id')}{pairs})"
    )


def summit_rows(where: str, params: dict, lists: list[str], request) -> list[dict]:
    """The summits `where` (SQL on `s`, with `params`) as `summit_document` gives them, parsed:
    `date` a date, `created_at` and `updated_at` datetimes in UTC, other names as columns."""
    dialect = Dialect(connection.vendor)
    lists = [name for name in RELATIONS if name in lists]
    document = summit_document(dialect, lists)
    if dialect.postgres:
        document = f"({document})::text"  # parsed here, in one json.loads, rather than by psycopg2
    sql = f"SELECT {document} FROM events_summit s WHERE {where}"
    with connection.cursor() as cursor:
        cursor.execute(sql, {**url_parts(request), **params})
        rows = [json.loads(text) for (text,) in cursor.fetchall()]
    for row in rows:
        row["date"] = None if row["date"] is None else datetime.date.fromisoformat(row["date"])
        row["created_at"], row["updated_at"] = moment(row["created_at"]), moment(row["updated_at"])
    return rows


def moment(text: str) -> datetime.datetime:
    """A timestamp as SQLite (naive, UTC) or PostgreSQL (with its offset) writes it, aware."""
    value = datetime.datetime.fromisoformat(text)
    return value.replace(tzinfo=datetime.UTC) if value.tzinfo is None else value


def summits_by_id(ids: list[int], lists: list[str], request) -> list[dict]:
    """The summits of `ids`, in that order."""
    if not ids:
        return []
    params = {f"id{n}": pk for n, pk in enumerate(ids)}
    placeholders = ", ".join(f"%({name})s" for name in params)
    by_id = {row["pk"]: row for row in summit_rows(f"s.id IN ({placeholders})", params, lists, request)}
    return [by_id[pk] for pk in ids if pk in by_id]


def summit_by_slug(slug: str, lists: list[str], request) -> dict | None:
    rows = summit_rows("s.slug = %(slug)s", {"slug": slug}, lists, request)
    return rows[0] if rows else None
