"""Asking the index: one ranked search over every record type, with filters and facets.

Ranking: an exact name or other-name match first, then a name that starts with the query, then
a name with a word that starts with it, then words anywhere in the text; within each tier the
database's own relevance (FTS5 bm25 on SQLite, ts_rank on PostgreSQL, names weighted above text).
When the full-text index finds nothing, PostgreSQL tries trigram similarity on names
(misspellings); on both databases an empty result carries the nearest names as suggestions."""

import datetime
import difflib
import json
from dataclasses import dataclass, field

from django.db import DEFAULT_DB_ALIAS, connections

from ..models import SearchEntry
from .documents import MODELS, WORD, words
from .folding import fold
from .index import FTS_TABLE
from .snippets import explain

MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 12
MIN_TRIGRAM_SIMILARITY = 0.3
FACET_SIZE = 10


class SearchQueryError(ValueError):
    """A query search refuses (too long, too many words, nothing to look for): a 400."""


@dataclass
class Hit:
    record_type: str
    record_id: int
    slug: str
    title: str
    score: float
    why: str
    snippet: str
    matched: str  # exact, prefix, word prefix, text, similar


@dataclass
class SearchResult:
    query: str
    count: int
    hits: list[Hit]
    facets: dict = field(default_factory=dict)
    suggestions: list[str] = field(default_factory=list)


TIERS = ("exact", "prefix", "word prefix", "text", "similar")


def query_words(query: str) -> list[str]:
    """The folded words of a query, or SearchQueryError when it is out of bounds."""
    if len(query) > MAX_QUERY_LENGTH:
        raise SearchQueryError(f"A search is at most {MAX_QUERY_LENGTH} characters long.")
    found = WORD.findall(fold(query))
    if len(found) > MAX_QUERY_WORDS:
        raise SearchQueryError(f"A search has at most {MAX_QUERY_WORDS} words.")
    if not found:
        raise SearchQueryError("Give at least one letter or digit to search for.")
    return found


@dataclass
class Filters:
    types: list[str] | None = None
    mechanisms: list[int] | None = None
    actors: list[int] | None = None
    topics: list[int] | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None

    def sql(self) -> tuple[str, list]:
        clauses, params = [], []
        if self.types:
            clauses.append(f"e.record_type IN ({', '.join(['%s'] * len(self.types))})")
            params += self.types
        if self.mechanisms:
            clauses.append(f"e.mechanism_id IN ({', '.join(['%s'] * len(self.mechanisms))})")
            params += self.mechanisms
        for column, ids in (("actor_ids", self.actors), ("topic_ids", self.topics)):
            if ids:
                clauses.append("(" + " OR ".join([f"e.{column} LIKE %s"] * len(ids)) + ")")
                params += [f"%|{pk}|%" for pk in ids]
        if self.date_from:
            clauses.append("e.date >= %s")
            params.append(self.date_from)
        if self.date_to:
            clauses.append("e.date <= %s")
            params.append(self.date_to)
        return "".join(f" AND {clause}" for clause in clauses), params


def _tier_sql(connection) -> str:
    position = "instr" if connection.vendor == "sqlite" else "strpos"
    contains = f"{position}(e.names, %s) > 0"
    # most matches of a broad query are words in the text: one test settles them
    return (
        f"CASE WHEN {position}(e.names, %s) = 0 THEN 3 "
        f"WHEN {contains} THEN 0 WHEN {contains} THEN 1 WHEN {contains} THEN 2 ELSE 3 END"
    )


def _tier_params(phrase: str) -> list[str]:
    return [phrase, f"|{phrase}|", f"|{phrase}", f" {phrase}"]


def _matches(connection, tokens: list[str], filters: Filters, similar: bool) -> tuple[str, list, str, list]:
    """FROM … WHERE … of the matching entries and its parameters, and the relevance expression
    (higher is better) with its parameters."""
    where, params = filters.sql()
    phrase = " ".join(tokens)
    if connection.vendor == "sqlite":
        match = " ".join(f'"{token}"*' for token in tokens)
        # CROSS JOIN: SQLite then always reads the full-text matches first and looks their entries
        # up; with a plain JOIN a type filter can make it probe the FTS table once per entry of that type
        source = (
            f"FROM {FTS_TABLE} f CROSS JOIN events_searchentry e ON e.id = f.rowid WHERE {FTS_TABLE} MATCH %s{where}"
        )
        return source, [match, *params], f"-bm25({FTS_TABLE}, 10.0, 1.0)", []
    if similar:
        source = f"FROM events_searchentry e WHERE %s <%% e.names{where}"
        # the closest word first; of equally close ones, the record whose names are closest as a whole
        relevance = "word_similarity(%s, e.names) + similarity(%s, e.names) / 10"
        return source, [phrase, *params], relevance, [phrase, phrase]
    tsquery = " & ".join(f"{token}:*" for token in tokens)
    source = f"FROM events_searchentry e WHERE e.vector @@ to_tsquery('simple', %s){where}"
    return source, [tsquery, *params], "ts_rank(e.vector, to_tsquery('simple', %s))", [tsquery]


def _order_sql(connection) -> str:
    """Rank order: tier, relevance, then the title compared by code point (as Python compares
    strings; PostgreSQL's default collation would not), then the entry."""
    title = "e.title" if connection.vendor == "sqlite" else 'e.title COLLATE "C"'
    return f"ORDER BY tier, relevance DESC, {title}, e.id"


def _ranked(connection, tokens: list[str], filters: Filters, similar: bool) -> tuple[str, str, list, list]:
    """(FROM … WHERE … of the matches, SELECT … of their ids, tiers and relevance in rank order,
    the parameters of each). The caller adds LIMIT/OFFSET to the second."""
    source, params, relevance, relevance_params = _matches(connection, tokens, filters, similar)
    tier, tier_params = ("4", []) if similar else (_tier_sql(connection), _tier_params(" ".join(tokens)))
    ranked = f"SELECT e.id, e.record_id, {tier} AS tier, {relevance} AS relevance {source} {_order_sql(connection)}"
    return source, ranked, params, [*tier_params, *relevance_params, *params]


def _attempts(connection) -> list[bool]:
    """Full text first; on PostgreSQL, trigram similarity of names when full text finds nothing."""
    return [False, True] if connection.vendor == "postgresql" else [False]


def _use_trigrams(cursor) -> None:
    # the `<%` operator (and its index) use this threshold
    cursor.execute("SELECT set_config('pg_trgm.word_similarity_threshold', %s, false)", [str(MIN_TRIGRAM_SIMILARITY)])


def _topics_column(connection) -> str:
    """What the topic facet reads of each match: on PostgreSQL its entry's topics (`topic_ids`
    as the array migration 0016 stores), on SQLite its record, to read its topic tables by
    (splitting `topic_ids` with json_each took longer there, 0.8 s for every generated record)."""
    return "e.record_id" if connection.vendor == "sqlite" else "e.topic_id_array AS topics"


def _matched_topics(connection) -> str:
    """A SELECT of the topic ids (`facet_id`) of every match `m`: what its entry's `topic_ids`
    holds (a summit's, agreement's or mechanism's topics; a topic itself)."""
    if connection.vendor != "sqlite":
        return "SELECT unnest(m.topics) AS facet_id FROM m"
    branches = []
    for kind in ("summit", "agreement", "mechanism"):
        through = MODELS[kind].topics.through
        owner = through._meta.get_field(kind).column
        branches.append(
            f"SELECT x.topic_id AS facet_id FROM m JOIN {through._meta.db_table} x ON x.{owner} = m.record_id "
            f"WHERE m.record_type = '{kind}'"
        )
    branches.append("SELECT m.record_id FROM m WHERE m.record_type = 'topic'")
    return " UNION ALL ".join(branches)


def _top(facet: str, table: str, ids: str) -> str:
    """The FACET_SIZE most frequent values of a facet (equal counts by name) as a derived table:
    the ids `ids` (a SELECT of `facet_id`) counted, then the most frequent named from `table`."""
    return (
        f"SELECT top_{facet}.*, NULL FROM (SELECT '{facet}' AS facet, x.id, x.slug, x.name, g.n FROM "
        f"(SELECT facet_id, COUNT(*) AS n FROM ({ids}) i GROUP BY facet_id) g JOIN {table} x ON x.id = g.facet_id "
        f"ORDER BY g.n DESC, x.name, x.slug LIMIT {FACET_SIZE}) AS top_{facet}"
    )


def _facet_sql(connection) -> str:
    """UNION ALL branches of (facet, key, slug, name, count, NULL) rows: every match `m` counted by
    type, year, mechanism and topic."""
    mechanisms = "SELECT m.mechanism_id AS facet_id FROM m WHERE m.mechanism_id IS NOT NULL"
    return (
        "SELECT 'type', NULL, m.record_type, NULL, COUNT(*), NULL FROM m GROUP BY m.record_type "
        "UNION ALL SELECT 'year', m.year, NULL, NULL, COUNT(*), NULL FROM m WHERE m.year IS NOT NULL GROUP BY m.year "
        f"UNION ALL {_top('mechanism', 'events_mechanism', mechanisms)} "
        f"UNION ALL {_top('topic', 'events_topic', _matched_topics(connection))}"
    )


def _search_sql(connection, tokens: list[str], filters: Filters, similar: bool, facets: bool) -> tuple[str, list]:
    """One statement over the matches, which the database finds and ranks once (`m`): first the
    page's ('hit', entry id, NULL, NULL, tier, relevance) rows in rank order, then the facets'
    rows (`_facet_sql`) or one ('count', NULL, NULL, NULL, count, NULL) row. Its last two
    parameters are LIMIT and OFFSET, for the caller to add."""
    source, params, relevance, relevance_params = _matches(connection, tokens, filters, similar)
    tier, tier_params = ("4", []) if similar else (_tier_sql(connection), _tier_params(" ".join(tokens)))
    title = "e.title" if connection.vendor == "sqlite" else 'e.title COLLATE "C"'
    counts = _facet_sql(connection) if facets else "SELECT 'count', NULL, NULL, NULL, COUNT(*), NULL FROM m"
    sql = (
        "WITH m AS MATERIALIZED (SELECT e.id, e.record_type, e.year, e.mechanism_id, "
        f"{_topics_column(connection)}, {title} AS title, {tier} AS tier, {relevance} AS relevance {source}) "
        "SELECT * FROM (SELECT 'hit', m.id, NULL, NULL, m.tier, m.relevance FROM m "
        "ORDER BY m.tier, m.relevance DESC, m.title, m.id LIMIT %s OFFSET %s) AS page "
        f"UNION ALL {counts}"
    )
    return sql, [*tier_params, *relevance_params, *params]


def _facets(rows) -> dict:
    """The facets from the statement's count rows (`_facet_sql`): types in search's order, years newest first, the
    mechanisms and topics as the database ordered them."""
    types = {slug: count for facet, _, slug, _, count in rows if facet == "type"}
    named = {
        facet: [{"value": slug, "name": name, "count": count} for kind, _, slug, name, count in rows if kind == facet]
        for facet in ("mechanism", "topic")
    }
    years = [{"value": int(key), "count": count} for facet, key, _, _, count in rows if facet == "year"]
    return {
        "type": [{"value": t, "count": types[t]} for t in MODELS if types.get(t)],
        "year": sorted(years, key=lambda item: -item["value"]),
        **named,
    }


def search(
    query: str,
    *,
    types: list[str] | None = None,
    mechanisms: list[int] | None = None,
    actors: list[int] | None = None,
    topics: list[int] | None = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    limit: int = 20,
    offset: int = 0,
    facets: bool = True,
    using: str = DEFAULT_DB_ALIAS,
) -> SearchResult:
    """Ranked hits of every type (or of `types`) for `query`, with facet counts over all matches.
    Raises SearchQueryError for a query out of bounds.

    The database does the work: one statement finds the matches once, ranks them, returns the
    page's entry ids and counts the matches (and their facets); only the page's entries are then
    read whole, for their snippets."""
    tokens = query_words(query)
    filters = Filters(types, mechanisms, actors, topics, date_from, date_to)
    connection = connections[using]
    for similar in _attempts(connection):
        sql, params = _search_sql(connection, tokens, filters, similar, facets)
        with connection.cursor() as cursor:
            if similar:
                _use_trigrams(cursor)
            cursor.execute(sql, [*params, limit, offset])
            found = cursor.fetchall()
            page = [(pk, tier, relevance) for kind, pk, _, _, tier, relevance in found if kind == "hit"]
            counts = [row[:5] for row in found if row[0] != "hit"]
            count = sum(row[4] for row in counts if row[0] in ("type", "count"))
            if not count:
                continue
            rows = []
            if page:
                cursor.execute(
                    "SELECT id, record_type, record_id, slug, title, labels FROM events_searchentry "
                    f"WHERE id IN ({', '.join(['%s'] * len(page))})",
                    [pk for pk, _, _ in page],
                )
                entries = {row[0]: row[1:] for row in cursor.fetchall()}
                rows = [(*entries[pk], tier, relevance) for pk, tier, relevance in page]
        hits = []
        for record_type, record_id, slug, title, labels, tier_value, relevance_value in rows:
            labels = labels if isinstance(labels, list) else json.loads(labels)
            matched = TIERS[int(tier_value)]
            why, snippet = explain(labels, tokens, matched, query)
            score = round(10 * (4 - int(tier_value)) + relevance_value / (1 + abs(relevance_value)), 4)
            hits.append(Hit(record_type, record_id, slug, title, score, why, snippet, matched))
        return SearchResult(query, count, hits, _facets(counts) if facets else {})
    return SearchResult(query, 0, [], _facets([]) if facets else {}, suggest(tokens, using=using))


def ranked_record_ids(query: str, record_type: str, *, limit: int = 100, using: str = DEFAULT_DB_ALIAS):
    """For a list endpoint's `search`: the SQL selecting the id of every record of `record_type`
    that matches (with its parameters), and the ids of the first `limit` in the rank order of
    `search()` (the same statement)."""
    tokens = query_words(query)
    connection = connections[using]
    attempts = _attempts(connection)
    for similar in attempts:
        source, ranked, params, ranked_params = _ranked(connection, tokens, Filters([record_type]), similar)
        with connection.cursor() as cursor:
            if similar:
                _use_trigrams(cursor)
            cursor.execute(f"{ranked} LIMIT %s", [*ranked_params, limit])
            ranked_ids = [row[1] for row in cursor.fetchall()]
        if ranked_ids or similar == attempts[-1]:
            return f"SELECT e.record_id {source}", params, ranked_ids
    raise AssertionError("unreachable")


def matching_sql(query: str, record_type: str, *, using: str = DEFAULT_DB_ALIAS) -> tuple[str, list]:
    """The SQL (and its parameters) selecting the ids of the records of `record_type` the full-text
    index finds, for a subquery: nothing is run here, and there is no trigram second try."""
    source, params, _relevance, _ = _matches(connections[using], query_words(query), Filters([record_type]), False)
    return f"SELECT e.record_id {source}", params


NAME_LABELS = ("name", "acronym", "other name")
#: the record types whose names an empty result suggests (few records, and the ones asked by name)
SUGGESTED_TYPES = ("actor", "mechanism", "topic")


def name_pool(types=SUGGESTED_TYPES, using: str = DEFAULT_DB_ALIAS) -> dict[str, tuple[str, str, int]]:
    """Folded name -> (the name as written, record type, record id), for every name, acronym and
    other name of the records of `types` (the first record of a name keeps it)."""
    entries = SearchEntry.objects.using(using).filter(record_type__in=list(types))
    pool = {}
    for record_type, record_id, labels in entries.values_list("record_type", "record_id", "labels"):
        for label, text in labels:
            if label in NAME_LABELS:
                pool.setdefault(words(text), (text, record_type, record_id))
    return pool


def suggest(tokens: list[str], *, limit: int = 5, using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """The names of actors, mechanisms and topics nearest to the query (for an empty result)."""
    pool = name_pool(using=using)
    close = difflib.get_close_matches(" ".join(tokens), list(pool), n=limit, cutoff=0.6)
    return [pool[name][0] for name in close]
