"""One search over every record: folding (`fold`), the index (`reindex`, `rebuild`) kept right
by `sync`, and the ranked query (`search`) the API, the list endpoints and the pages share.
docs/search.md tells how it works on SQLite and PostgreSQL."""

from .folding import fold
from .index import index_size, indexing_deferred, indexing_paused, rebuild, reindex
from .query import MAX_QUERY_LENGTH, MAX_QUERY_WORDS, Hit, SearchQueryError, SearchResult, query_words, search, suggest
from .sync import connect_signals, reindex_instances

__all__ = [
    "fold",
    "index_size",
    "indexing_deferred",
    "indexing_paused",
    "rebuild",
    "reindex",
    "MAX_QUERY_LENGTH",
    "MAX_QUERY_WORDS",
    "Hit",
    "SearchQueryError",
    "SearchResult",
    "query_words",
    "search",
    "suggest",
    "connect_signals",
    "reindex_instances",
]
