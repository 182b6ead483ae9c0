"""On PostgreSQL, the entries' topic ids also as an array (a stored generated column), which the
search's topic facet unnests: splitting `topic_ids` text for every match took a quarter of a
broad query's time. Django's model does not know the column; the database keeps it right."""

from django.db import migrations

from ._search_index_sql import PG_TOPIC_ARRAY_BACKWARDS, PG_TOPIC_ARRAY_FORWARDS, run_for_vendor


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0015_summit_date_name_id_index"),
    ]

    operations = [
        migrations.RunPython(
            run_for_vendor({"postgresql": PG_TOPIC_ARRAY_FORWARDS}),
            run_for_vendor({"postgresql": PG_TOPIC_ARRAY_BACKWARDS}),
        ),
    ]
