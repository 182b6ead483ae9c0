"""The full-text index's own SQL and extensions, shared by 0008 and the squashed 0001-0010 (and 0016, 0019)."""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension

# Each database's own full-text index over the already folded text of events_searchentry:
# an FTS5 table on SQLite, GIN indexes (tsvector, trigrams) on PostgreSQL; nothing elsewhere.
SQLITE_FORWARDS = [
    "CREATE VIRTUAL TABLE events_searchfts USING fts5(names, body, content='events_searchentry', "
    "content_rowid='id', "
    "tokenize = 'unicode61 remove_diacritics 2')",
]
SQLITE_BACKWARDS = ["DROP TABLE IF EXISTS events_searchfts"]
PG_FORWARDS = [
    "CREATE INDEX events_searchentry_vector_gin ON events_searchentry USING GIN (vector)",
    "CREATE INDEX events_searchentry_names_trgm ON events_searchentry USING GIN (names gin_trgm_ops)",
]
PG_BACKWARDS = [
    "DROP INDEX IF EXISTS events_searchentry_vector_gin",
    "DROP INDEX IF EXISTS events_searchentry_names_trgm",
]
# 0016: `topic_ids` (`|3|17|`) as bigint[], for the topic facet (events.search.query)
PG_TOPIC_ARRAY_FORWARDS = [
    "ALTER TABLE events_searchentry ADD COLUMN topic_id_array bigint[] GENERATED ALWAYS AS "
    "(string_to_array(btrim(topic_ids, '|'), '|')::bigint[]) STORED",
]
PG_TOPIC_ARRAY_BACKWARDS = ["ALTER TABLE events_searchentry DROP COLUMN IF EXISTS topic_id_array"]
# 0019: the FTS5 table again with prefix indexes for query words of 1 to 10 characters, filled from
# the entries ('rebuild'): a prefix query ("summit"*) then reads one doclist it can skip through
# instead of merging every term that starts with the word
FTS_PREFIX_LENGTHS = "1 2 3 4 5 6 7 8 9 10"
SQLITE_PREFIX_FORWARDS = [
    "DROP TABLE IF EXISTS events_searchfts",
    SQLITE_FORWARDS[0].replace("remove_diacritics 2'", f"remove_diacritics 2', prefix = '{FTS_PREFIX_LENGTHS}'"),
    "INSERT INTO events_searchfts(events_searchfts) VALUES ('rebuild')",
]
SQLITE_PREFIX_BACKWARDS = [
    "DROP TABLE IF EXISTS events_searchfts",
    *SQLITE_FORWARDS,
    "INSERT INTO events_searchfts(events_searchfts) VALUES ('rebuild')",
]


class BackwardsOnlyOnPostgreSQL:
    """Django's CreateExtension skips other databases going forwards but not backwards."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Trigrams(BackwardsOnlyOnPostgreSQL, TrigramExtension):
    pass


class Unaccent(BackwardsOnlyOnPostgreSQL, UnaccentExtension):
    pass


def run_for_vendor(statements):
    def run(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run
