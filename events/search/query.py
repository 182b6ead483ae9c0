"""Asking the index: one ranked search over every record type, with filters and facets.

Ranking: an exact name or other-name match first, then a name that starts with the query, then
a name with a word that starts with it, then words anywhere in the text; within each tier the
database's own relevance (FTS5 bm25 on SQLite, ts_rank on PostgreSQL, names weighted above text).
When the full-text index finds nothing, PostgreSQL tries trigram similarity on names
(misspellings); on both databases an empty result carries the nearest names as suggestions."""

import datetime
import difflib
import json
from collections import Counter
from dataclasses import dataclass, field

from django.db import DEFAULT_DB_ALIAS, connections

from ..models import Mechanism, SearchEntry, Topic
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
    contains = "instr(e.names, %s) > 0" if connection.vendor == "sqlite" else "strpos(e.names, %s) > 0"
    return f"CASE WHEN {contains} THEN 0 WHEN {contains} THEN 1 WHEN {contains} THEN 2 ELSE 3 END"


def _tier_params(phrase: str) -> list[str]:
    return [f"|{phrase}|", f"|{phrase}", f" {phrase}"]


def _matches(connection, tokens: list[str], filters: Filters, similar: bool) -> tuple[str, list, str, list]:
    """FROM … WHERE … of the matching entries and its parameters, and the relevance expression
    (higher is better) with its parameters."""
    where, params = filters.sql()
    phrase = " ".join(tokens)
    if connection.vendor == "sqlite":
        match = " ".join(f'"{token}"*' for token in tokens)
        source = f"FROM {FTS_TABLE} f JOIN events_searchentry e ON e.id = f.rowid WHERE {FTS_TABLE} MATCH %s{where}"
        return source, [match, *params], f"-bm25({FTS_TABLE}, 10.0, 1.0)", []
    if similar:
        source = f"FROM events_searchentry e WHERE %s <%% e.names{where}"
        # the closest word first; of equally close ones, the record whose names are closest as a whole
        relevance = "word_similarity(%s, e.names) + similarity(%s, e.names) / 10"
        return source, [phrase, *params], relevance, [phrase, phrase]
    tsquery = " & ".join(f"{token}:*" for token in tokens)
    source = f"FROM events_searchentry e WHERE e.vector @@ to_tsquery('simple', %s){where}"
    return source, [tsquery, *params], "ts_rank(e.vector, to_tsquery('simple', %s))", [tsquery]


def _facets(rows, using: str) -> dict:
    types, years, mechanisms, topics = Counter(), Counter(), Counter(), Counter()
    for record_type, year, mechanism_id, topic_ids in rows:
        types[record_type] += 1
        if year:
            years[year] += 1
        if mechanism_id:
            mechanisms[mechanism_id] += 1
        for pk in topic_ids.strip("|").split("|"):
            if pk:
                topics[int(pk)] += 1
    top_mechanisms = mechanisms.most_common(FACET_SIZE)
    top_topics = topics.most_common(FACET_SIZE)
    mechanism_rows = Mechanism.objects.using(using).in_bulk([pk for pk, _ in top_mechanisms])
    topic_rows = Topic.objects.using(using).in_bulk([pk for pk, _ in top_topics])
    return {
        "type": [{"value": t, "count": types[t]} for t in MODELS if types[t]],
        "year": [{"value": year, "count": count} for year, count in sorted(years.items(), reverse=True)],
        "mechanism": [
            {"value": mechanism_rows[pk].slug, "name": mechanism_rows[pk].name, "count": count}
            for pk, count in top_mechanisms
            if pk in mechanism_rows
        ],
        "topic": [
            {"value": topic_rows[pk].slug, "name": topic_rows[pk].name, "count": count}
            for pk, count in top_topics
            if pk in topic_rows
        ],
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
    Raises SearchQueryError for a query out of bounds."""
    tokens = query_words(query)
    filters = Filters(types, mechanisms, actors, topics, date_from, date_to)
    connection = connections[using]
    attempts = [False, True] if connection.vendor == "postgresql" else [False]
    for similar in attempts:
        source, params, relevance, relevance_params = _matches(connection, tokens, filters, similar)
        with connection.cursor() as cursor:
            if similar:  # the `<%` operator (and its index) use this threshold
                cursor.execute(
                    "SELECT set_config('pg_trgm.word_similarity_threshold', %s, false)", [str(MIN_TRIGRAM_SIMILARITY)]
                )
            # one pass over the matches gives the count, the facets and the ranking; only the
            # page's entries are read whole afterwards
            tier, tier_params = ("4", []) if similar else (_tier_sql(connection), _tier_params(" ".join(tokens)))
            cursor.execute(
                f"SELECT e.id, {tier}, {relevance}, e.title, e.record_type, e.year, e.mechanism_id, e.topic_ids "
                f"{source}",
                [*tier_params, *relevance_params, *params],
            )
            matches = cursor.fetchall()
            if not matches:
                continue
            matches.sort(key=lambda row: (row[1], -row[2], row[3], row[0]))
            page = matches[offset : offset + limit]
            ranks = {row[0]: (row[1], row[2]) for row in page}
            rows = []
            if page:
                cursor.execute(
                    "SELECT id, record_type, record_id, slug, title, labels FROM events_searchentry "
                    f"WHERE id IN ({', '.join(['%s'] * len(page))})",
                    list(ranks),
                )
                entries = {row[0]: row[1:] for row in cursor.fetchall()}
                rows = [(*entries[pk], *ranks[pk]) for pk in ranks]
        count = len(matches)
        facet_rows = [row[4:] for row in matches] if facets else []
        hits = []
        for record_type, record_id, slug, title, labels, tier_value, relevance_value in rows:
            labels = labels if isinstance(labels, list) else json.loads(labels)
            matched = TIERS[int(tier_value)]
            why, snippet = explain(labels, tokens, matched, query)
            score = round(10 * (4 - int(tier_value)) + relevance_value / (1 + abs(relevance_value)), 4)
            hits.append(Hit(record_type, record_id, slug, title, score, why, snippet, matched))
        return SearchResult(query, count, hits, _facets(facet_rows, using) if facets else {})
    return SearchResult(query, 0, [], _facets([], using) if facets else {}, suggest(tokens, using=using))


def ranked_record_ids(query: str, record_type: str, *, limit: int = 100, using: str = DEFAULT_DB_ALIAS):
    """For a list endpoint's `search`: the SQL selecting the id of every record of `record_type`
    that matches (with its parameters), and the ids of the first `limit` in rank order."""
    tokens = query_words(query)
    connection = connections[using]
    attempts = [False, True] if connection.vendor == "postgresql" else [False]
    for similar in attempts:
        source, params, relevance, relevance_params = _matches(connection, tokens, Filters([record_type]), similar)
        tier, tier_params = ("4", []) if similar else (_tier_sql(connection), _tier_params(" ".join(tokens)))
        with connection.cursor() as cursor:
            if similar:
                cursor.execute(
                    "SELECT set_config('pg_trgm.word_similarity_threshold', %s, false)", [str(MIN_TRIGRAM_SIMILARITY)]
                )
            cursor.execute(
                f"SELECT e.record_id, {tier} AS tier, {relevance} AS relevance {source} "
                "ORDER BY tier, relevance DESC, e.title, e.id LIMIT %s",
                [*tier_params, *relevance_params, *params, limit],
            )
            ranked = [row[0] for row in cursor.fetchall()]
        if ranked or similar == attempts[-1]:
            return f"SELECT e.record_id {source}", params, ranked
    raise AssertionError("unreachable")


def matching_sql(query: str, record_type: str, *, using: str = DEFAULT_DB_ALIAS) -> tuple[str, list]:
    """The SQL (and its parameters) selecting the ids of the records of `record_type` the full-text
    index finds, for a subquery: nothing is run here, and there is no trigram second try."""
    source, params, _relevance, _ = _matches(connections[using], query_words(query), Filters([record_type]), False)
    return f"SELECT e.record_id {source}", params


def suggest(tokens: list[str], *, limit: int = 5, using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """The names of actors, mechanisms and topics nearest to the query (for an empty result)."""
    phrase = " ".join(tokens)
    entries = SearchEntry.objects.using(using).filter(record_type__in=["actor", "mechanism", "topic"])
    candidates = {}
    for labels in entries.values_list("labels", flat=True):
        for label, text in labels:
            if label in ("name", "acronym", "other name"):
                candidates.setdefault(words(text), text)
    close = difflib.get_close_matches(phrase, list(candidates), n=limit, cutoff=0.6)
    return [candidates[name] for name in close]
