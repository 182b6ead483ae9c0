"""SQL floors: the summits list page and a summit's detail built as JSON by the database in one
query (SQLite's json_object / json_group_array, PostgreSQL's json_build_object / json_agg) and
returned as it comes by a plain Django view, through the same middleware as the API.

They give the API's JSON without `provenance` (a claim-by-claim index of the citations, derived
in Python), so `bench/measure.py` compares them with the API asked for every other field
(`?fields=`): the floor does less than the API, never more."""

import datetime
import hashlib

from django.db import connection
from django.http import Http404, HttpResponse
from django.utils.dateparse import parse_datetime


class Dialect:
    def __init__(self, vendor: str):
        self.postgres = vendor == "postgresql"
        self.object = "json_build_object" if self.postgres else "json_object"

    def json(self, expression: str) -> str:
        """A JSON value (a nested object, a JSON column) inside an object."""
        return expression if self.postgres else f"json({expression})"

    def text(self, expression: str) -> str:
        """The document as text (psycopg2 would parse a json value into Python objects)."""
        return f"({expression})::text" if self.postgres else expression

    def array(self, element: str, rows: str, order: str) -> str:
        """A JSON array of `element` over `rows` (FROM … WHERE …), in `order`; [] when empty."""
        if self.postgres:
            return f"(SELECT COALESCE(json_agg({element} ORDER BY {order}), '[]'::json) {rows})"
        return f"json((SELECT json_group_array(json(x)) FROM (SELECT {element} AS x {rows} ORDER BY {order})))"

    def timestamp(self, column: str) -> str:
        """As DRF writes a UTC datetime: ISO 8601, microseconds only when there are some, `Z`."""
        if self.postgres:
            text = f"""to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')"""
            return f"regexp_replace({text}, '\\.000000Z$', 'Z')"
        return f"replace({column}, ' ', 'T') || 'Z'"

    def summary(self, alias: str, kind: str, name: str = "name") -> str:
        """{slug, name, url} of the record `alias`, or null."""
        url = f"%(base)s || '{kind}/' || {alias}.slug || '/'"
        built = f"{self.object}('slug', {alias}.slug, 'name', {alias}.{name}, 'url', {url})"
        return self.json(f"CASE WHEN {alias}.id IS NULL THEN NULL ELSE {built} END")

    def summit(self) -> str:
        """The JSON object of summit `s` (mechanism `m`, host `h` joined), as the API gives it but for provenance."""
        o = self.object
        participants = self.array(
            f"{o}('actor', {self.summary('a', 'actors')}, 'role', p.role, "
            f"'representative', {self.summary('r', 'actors')})",
            "FROM events_participation p JOIN events_actor a ON a.id = p.actor_id "
            "LEFT JOIN events_actor r ON r.id = p.representative_id WHERE p.summit_id = s.id",
            "p.role, a.name, p.id",
        )
        topics = self.array(
            self.summary("t", "topics"),
            "FROM events_summit_topics st JOIN events_topic t ON t.id = st.topic_id WHERE st.summit_id = s.id",
            "t.name, t.id",
        )
        agreements = self.array(
            self.summary("g", "agreements"), "FROM events_agreement g WHERE g.summit_id = s.id", "g.date, g.name, g.id"
        )
        other_names = self.array(
            f"{o}('name', n.name, 'kind', n.kind, 'language', n.language, 'start', NULLIF(n.start_text, ''), "
            "'start_precision', NULLIF(n.start_precision, ''), 'end', NULLIF(n.end_text, ''), "
            "'end_precision', NULLIF(n.end_precision, ''), 'note', n.note)",
            "FROM events_othername n WHERE n.summit_id = s.id",
            "n.name, n.id",
        )
        identifiers = self.array(
            f"{o}('scheme', i.scheme, 'value', i.value)",
            "FROM events_identifier i WHERE i.summit_id = s.id",
            "i.scheme, i.value",
        )
        citations = self.array(
            f"{o}('source', {self.summary('src', 'sources', 'title')}, 'locator', c.locator, 'quote', c.quote, "
            f"'claims', {self.json('c.claims')})",
            "FROM events_citation c JOIN events_source src ON src.id = c.source_id WHERE c.summit_id = s.id",
            "src.published DESC, src.title, c.locator, c.id",
        )
        return (
            f"{o}('slug', s.slug, 'url', %(base)s || 'summits/' || s.slug || '/', 'name', s.name, "
            f"'mechanism', {self.summary('m', 'mechanisms')}, 'date', NULLIF(s.date_text, ''), "
            f"'date_precision', NULLIF(s.date_precision, ''), 'city', s.city, 'host', {self.summary('h', 'actors')}, "
            f"'level', s.level, 'ordinal', s.ordinal, 'participants', {participants}, 'topics', {topics}, "
            f"'outcome', s.outcome, 'curator_note', s.curator_note, 'agreements', {agreements}, "
            f"'inferred', {self.json('s.inferred')}, 'other_names', {other_names}, 'identifiers', {identifiers}, "
            f"'citations', {citations}, 'created_at', {self.timestamp('s.created_at')}, "
            f"'updated_at', {self.timestamp('s.updated_at')})"
        )


JOINS = "LEFT JOIN events_mechanism m ON m.id = s.mechanism_id LEFT JOIN events_actor h ON h.id = s.host_id"
ORDER = "s.date ASC NULLS LAST, s.name, s.id"


def list_sql(dialect: Dialect) -> str:
    page = f"SELECT s.id FROM events_summit s ORDER BY {ORDER} LIMIT %(size)s OFFSET %(offset)s"
    rows = f"FROM ({page}) page JOIN events_summit s ON s.id = page.id {JOINS}"
    o = dialect.object
    results = dialect.array(dialect.summit(), rows, ORDER)
    count = "(SELECT COUNT(*) FROM events_summit)"
    document = f"{o}('count', {count}, 'next', NULL, 'previous', NULL, 'results', {results})"
    return f"SELECT {dialect.text(document)}"


def detail_sql(dialect: Dialect) -> str:
    document = dialect.text(dialect.summit())
    return f"SELECT {document}, s.id, s.slug, s.updated_at FROM events_summit s {JOINS} WHERE s.slug = %(slug)s"


def run(sql: str, params: dict):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def summit_list(request):
    size = int(request.GET.get("page_size", 25))
    page = int(request.GET.get("page", 1))
    params = {"base": request.build_absolute_uri("/api/v1/"), "size": size, "offset": (page - 1) * size}
    (body,) = run(list_sql(Dialect(connection.vendor)), params)
    return HttpResponse(body, content_type="application/json")


def summit_detail(request, slug):
    found = run(detail_sql(Dialect(connection.vendor)), {"base": request.build_absolute_uri("/api/v1/"), "slug": slug})
    if found is None:
        raise Http404
    body, pk, slug, updated_at = found
    if isinstance(updated_at, str):
        updated_at = parse_datetime(updated_at)
    if updated_at.tzinfo is None:  # SQLite's, in UTC
        updated_at = updated_at.replace(tzinfo=datetime.UTC)
    version = f"events.Summit:{pk}:{slug}:{updated_at.isoformat()}"
    response = HttpResponse(body, content_type="application/json")
    response["ETag"] = f'"{hashlib.sha256(version.encode()).hexdigest()[:32]}"'
    return response
