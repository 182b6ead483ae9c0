import uuid

from django.db import migrations, models
from django.utils import timezone


def first_version(apps, schema_editor):
    """The row events.cache reads; without it the API cache stays off until the first change."""
    DataVersion = apps.get_model("events", "DataVersion")
    DataVersion.objects.using(schema_editor.connection.alias).update_or_create(
        pk=1, defaults={"token": uuid.uuid4().hex, "changed_at": timezone.now()}
    )


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0002_filter_indexes"),
    ]

    operations = [
        migrations.CreateModel(
            name="DataVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("token", models.CharField(max_length=32)),
                ("changed_at", models.DateTimeField()),
            ],
            options={
                "verbose_name": "data version",
            },
        ),
        migrations.RunPython(first_version, migrations.RunPython.noop),
    ]
