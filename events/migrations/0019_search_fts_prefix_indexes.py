"""On SQLite, the full-text table again with prefix indexes (1 to 10 characters), rebuilt from the
entries: every query word is a prefix (`"summit"*`), and without them FTS5 merges the doclists of
every term starting with the word before it can intersect them (11 ms of CPU for `synthetic summit
4711` at scale 1, 3.5 ms with them). The matches and their bm25 are the same."""

from django.db import migrations

from ._search_index_sql import SQLITE_PREFIX_BACKWARDS, SQLITE_PREFIX_FORWARDS, run_for_vendor


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0016_search_entry_topic_id_array"),
    ]

    operations = [
        migrations.RunPython(
            run_for_vendor({"sqlite": SQLITE_PREFIX_FORWARDS}),
            run_for_vendor({"sqlite": SQLITE_PREFIX_BACKWARDS}),
        ),
    ]
