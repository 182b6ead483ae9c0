"""On PostgreSQL, a committing transaction's changes numbered by one UPDATE, not one per change
(see _change_feed_sql): the same numbers in the same order, given under the same lock."""

from django.db import migrations

from ._change_feed_sql import POSTGRESQL_ONE_UPDATE, POSTGRESQL_ONE_UPDATE_REVERSE
from ._search_index_sql import run_for_vendor


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0020_date_order_and_bounds_indexes"),
    ]

    operations = [
        migrations.RunPython(
            run_for_vendor({"postgresql": [POSTGRESQL_ONE_UPDATE]}),
            run_for_vendor({"postgresql": [POSTGRESQL_ONE_UPDATE_REVERSE]}),
        ),
    ]
