"""Migrations 0001-0010 in one, for new databases: each table is created with its final columns,
constraints and indexes, so a fresh `migrate` (every test run, CI, a first `make run`) does not
rebuild SQLite tables once per constraint. A database migrated through 0001-0010 already is not
touched. The data steps of 0005 and 0006 fill rows that a new database does not have yet, so they are
left out; 0003's first data version, 0005's numbering trigger and 0008's full-text index are kept,
at the end."""

import uuid

import django.contrib.postgres.search
import django.core.validators
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone

from ._change_feed_sql import number_changes, unnumber_changes
from ._search_index_sql import (
    PG_BACKWARDS,
    PG_FORWARDS,
    SQLITE_BACKWARDS,
    SQLITE_FORWARDS,
    Trigrams,
    Unaccent,
    run_for_vendor,
)


def first_version(apps, schema_editor):
    """The row events.cache reads; without it the API cache stays off until the first change."""
    DataVersion = apps.get_model("events", "DataVersion")
    DataVersion.objects.using(schema_editor.connection.alias).update_or_create(
        pk=1, defaults={"token": uuid.uuid4().hex, "changed_at": timezone.now()}
    )


class Migration(migrations.Migration):
    initial = True

    replaces = [
        ("events", "0001_initial"),
        ("events", "0002_filter_indexes"),
        ("events", "0003_data_version"),
        ("events", "0004_claim_provenance"),
        ("events", "0005_change_feed"),
        ("events", "0006_partial_date_bounds"),
        ("events", "0007_other_names_identifiers"),
        ("events", "0008_search_index"),
        ("events", "0009_other_name_date_bounds"),
        ("events", "0010_summit_ordinal_smallint_range"),
    ]

    dependencies = [
        ("auth", "__first__"),
    ]

    operations = [
        Trigrams(),
        Unaccent(),
        migrations.CreateModel(
            name="Agreement",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "slug",
                    models.SlugField(
                        help_text="Stable identifier used in URLs, the API, fixtures and CSV files. Do not change it once published.",
                        max_length=120,
                        unique=True,
                    ),
                ),
                (
                    "inferred",
                    models.JSONField(
                        blank=True,
                        default=dict,
                        help_text='Claims no citation supports, each with a note saying from what it was inferred: {"host": "From the city: Tokyo is in Japan."}. Claims are field names (date, city, …) or rows (participant:japan, party:uzbekistan, member:azerbaijan, level:2023).',
                    ),
                ),
                ("name", models.CharField(max_length=250)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("declaration", "declaration"),
                            ("treaty", "treaty"),
                            ("agreement", "agreement"),
                            ("roadmap", "roadmap"),
                            ("strategy", "strategy"),
                            ("vision", "vision document"),
                            ("initiative", "initiative"),
                            ("investment_plan", "investment plan"),
                            ("project", "project"),
                            ("proposal", "proposal"),
                        ],
                        max_length=20,
                    ),
                ),
                (
                    "date",
                    models.DateField(
                        blank=True,
                        help_text="Stored as the first day of the period when known only to the month or year.",
                        null=True,
                        verbose_name="date",
                    ),
                ),
                (
                    "date_precision",
                    models.CharField(
                        blank=True,
                        choices=[("day", "day"), ("month", "month"), ("year", "year")],
                        max_length=5,
                        verbose_name="date precision",
                    ),
                ),
                (
                    "date_text",
                    models.CharField(
                        blank=True,
                        editable=False,
                        help_text="The date as EDTF text (2025-04, 2025-11?, 2019/2025); filled on save.",
                        max_length=40,
                        verbose_name="date (EDTF)",
                    ),
                ),
                (
                    "date_earliest",
                    models.DateField(
                        blank=True, db_index=True, editable=False, null=True, verbose_name="date, earliest day"
                    ),
                ),
                (
                    "date_latest",
                    models.DateField(
                        blank=True, db_index=True, editable=False, null=True, verbose_name="date, latest day"
                    ),
                ),
                (
                    "value_amount",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=20,
                        null=True,
                        validators=[django.core.validators.MinValueValidator(0)],
                        verbose_name="value",
                    ),
                ),
                (
                    "value_currency",
                    models.CharField(
                        blank=True,
                        max_length=3,
                        validators=[
                            django.core.validators.RegexValidator("^[A-Z]{3}$", "Use an ISO 4217 code such as USD.")
                        ],
                        verbose_name="currency",
                    ),
                ),
                ("description", models.TextField(blank=True)),
                (
                    "curator_note",
                    models.TextField(blank=True, help_text="Doubts about the source, marked as a curator's note."),
                ),
            ],
            options={
                "verbose_name": "agreement",
                "verbose_name_plural": "agreements",
                "ordering": ["date", "name"],
                "indexes": [
                    models.Index(fields=["date", "name"], name="events_agreement_date_name_idx"),
                    models.Index(fields=["kind", "date"], name="events_agreement_kind_date_idx"),
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("date__isnull", True), ("date_precision", "")),
                            models.Q(("date__isnull", False), ("date_precision__in", ["day", "month", "year"])),
                            _connector="OR",
                        ),
                        name="events_agreement_date_has_precision",
                        violation_error_message="date and date_precision are set together (day, month or year) or left empty.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("date_precision", "month"), _negated=True),
                            ("date__endswith", "-01"),
                            _connector="OR",
                        ),
                        name="events_agreement_date_month_starts_on_day_1",
                        violation_error_message="A date known to the month is stored as the first day of that month.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("date_precision", "year"), _negated=True),
                            ("date__endswith", "-01-01"),
                            _connector="OR",
                        ),
                        name="events_agreement_date_year_starts_on_1_january",
                        violation_error_message="A date known to the year is stored as 1 January of that year.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("value_amount__isnull", True), ("value_currency", "")),
                            models.Q(("value_amount__isnull", False), models.Q(("value_currency", ""), _negated=True)),
                            _connector="OR",
                        ),
                        name="events_agreement_value_has_currency",
                        violation_error_message="A value needs a currency, and a currency needs a value.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("value_amount__isnull", True), ("value_amount__gte", 0), _connector="OR"),
                        name="events_agreement_value_not_negative",
                        violation_error_message="A value cannot be negative.",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="Change",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("seq", models.BigIntegerField(blank=True, editable=False, null=True, unique=True)),
                (
                    "record_type",
                    models.CharField(help_text="The row's model: `summit`, `participation`, …", max_length=40),
                ),
                ("row_id", models.BigIntegerField()),
                (
                    "slug",
                    models.CharField(
                        blank=True, help_text="A main record's slug; empty for relation rows.", max_length=120
                    ),
                ),
                ("natural_key", models.JSONField(help_text="The row's natural key (a main record's: its slug).")),
                (
                    "action",
                    models.CharField(
                        choices=[("created", "Created"), ("updated", "Updated"), ("deleted", "Deleted")], max_length=7
                    ),
                ),
                ("at", models.DateTimeField(help_text="When the change was made.")),
                ("link_type", models.CharField(blank=True, max_length=40)),
                ("link_slug", models.CharField(blank=True, max_length=120)),
            ],
            options={
                "verbose_name": "change",
                "verbose_name_plural": "changes",
                "ordering": ["seq"],
            },
        ),
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
        migrations.CreateModel(
            name="Topic",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "slug",
                    models.SlugField(
                        help_text="Stable identifier used in URLs, the API, fixtures and CSV files. Do not change it once published.",
                        max_length=120,
                        unique=True,
                    ),
                ),
                ("name", models.CharField(max_length=120, unique=True)),
                ("description", models.TextField(blank=True)),
            ],
            options={
                "verbose_name": "topic",
                "verbose_name_plural": "topics",
                "ordering": ["name"],
            },
        ),
        migrations.CreateModel(
            name="Actor",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "slug",
                    models.SlugField(
                        help_text="Stable identifier used in URLs, the API, fixtures and CSV files. Do not change it once published.",
                        max_length=120,
                        unique=True,
                    ),
                ),
                (
                    "inferred",
                    models.JSONField(
                        blank=True,
                        default=dict,
                        help_text='Claims no citation supports, each with a note saying from what it was inferred: {"host": "From the city: Tokyo is in Japan."}. Claims are field names (date, city, …) or rows (participant:japan, party:uzbekistan, member:azerbaijan, level:2023).',
                    ),
                ),
                ("name", models.CharField(max_length=200)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("state", "state"),
                            ("organisation", "intergovernmental organisation"),
                            ("union", "union of states"),
                            ("person", "person"),
                            ("group", "group of states"),
                        ],
                        max_length=20,
                    ),
                ),
                ("acronym", models.CharField(blank=True, max_length=40)),
                (
                    "iso3",
                    models.CharField(
                        blank=True,
                        help_text="States only.",
                        max_length=3,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^[A-Z]{3}$", "Use the three capital letters of ISO 3166-1 alpha-3, e.g. JPN."
                            )
                        ],
                        verbose_name="ISO 3166 alpha-3",
                    ),
                ),
                (
                    "office",
                    models.CharField(
                        blank=True, help_text="For a person: their office, e.g. Prime Minister.", max_length=200
                    ),
                ),
                ("description", models.TextField(blank=True)),
                (
                    "curator_note",
                    models.TextField(blank=True, help_text="Doubts about the source, marked as a curator's note."),
                ),
                (
                    "represents",
                    models.ForeignKey(
                        blank=True,
                        help_text="For a person: the state or organisation they represent.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="representatives",
                        to="events.actor",
                    ),
                ),
            ],
            options={
                "verbose_name": "actor",
                "verbose_name_plural": "actors",
                "ordering": ["name"],
                "indexes": [models.Index(fields=["kind", "name"], name="events_actor_kind_name_idx")],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("iso3", ""), _negated=True),
                        fields=("iso3",),
                        name="events_actor_unique_iso3",
                        violation_error_message="Another actor already has this ISO 3166 code.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("iso3", ""), ("kind", "state"), _connector="OR"),
                        name="events_actor_iso3_only_for_states",
                        violation_error_message="Only a state has an ISO 3166 code.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("represents__isnull", True), ("office", "")), ("kind", "person"), _connector="OR"
                        ),
                        name="events_actor_office_only_for_people",
                        violation_error_message="Only a person represents another actor or holds an office.",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="AgreementParty",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "role",
                    models.CharField(
                        choices=[
                            ("signatory", "signatory"),
                            ("party", "party"),
                            ("issuer", "issuer"),
                            ("initiator", "initiator"),
                        ],
                        default="party",
                        max_length=20,
                    ),
                ),
                (
                    "actor",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="agreement_parties", to="events.actor"
                    ),
                ),
                (
                    "agreement",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="agreement_parties",
                        to="events.agreement",
                    ),
                ),
                (
                    "representative",
                    models.ForeignKey(
                        blank=True,
                        help_text="The person who acted for the party, where known.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="agreement_representations",
                        to="events.actor",
                    ),
                ),
            ],
            options={
                "verbose_name": "agreement party",
                "verbose_name_plural": "agreement parties",
                "ordering": ["agreement", "role", "actor"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("agreement", "actor"),
                        name="events_agreementparty_unique_actor",
                        violation_error_message="This actor is already a party to this agreement.",
                    )
                ],
            },
        ),
        migrations.AddField(
            model_name="agreement",
            name="parties",
            field=models.ManyToManyField(
                related_name="agreements",
                through="events.AgreementParty",
                through_fields=("agreement", "actor"),
                to="events.actor",
            ),
        ),
        migrations.CreateModel(
            name="HistoricalActor",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("created_at", models.DateTimeField(blank=True, editable=False)),
                ("updated_at", models.DateTimeField(blank=True, editable=False)),
                (
                    "slug",
                    models.SlugField(
                        help_text="Stable identifier used in URLs, the API, fixtures and CSV files. Do not change it once published.",
                        max_length=120,
                    ),
                ),
                (
                    "inferred",
                    models.JSONField(
                        blank=True,
                        default=dict,
                        help_text='Claims no citation supports, each with a note saying from what it was inferred: {"host": "From the city: Tokyo is in Japan."}. Claims are field names (date, city, …) or rows (participant:japan, party:uzbekistan, member:azerbaijan, level:2023).',
                    ),
                ),
                ("name", models.CharField(max_length=200)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("state", "state"),
                            ("organisation", "intergovernmental organisation"),
                            ("union", "union of states"),
                            ("person", "person"),
                            ("group", "group of states"),
                        ],
                        max_length=20,
                    ),
                ),
                ("acronym", models.CharField(blank=True, max_length=40)),
                (
                    "iso3",
                    models.CharField(
                        blank=True,
                        help_text="States only.",
                        max_length=3,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^[A-Z]{3}$", "Use the three capital letters of ISO 3166-1 alpha-3, e.g. JPN."
                            )
                        ],
                        verbose_name="ISO 3166 alpha-3",
                    ),
                ),
                (
                    "office",
                    models.CharField(
                        blank=True, help_text="For a person: their office, e.g. Prime Minister.", max_length=200
                    ),
                ),
                ("description", models.TextField(blank=True)),
                (
                    "curator_note",
                    models.TextField(blank=True, help_text="Doubts about the source, marked as a curator's note."),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "represents",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="For a person: the state or organisation they represent.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="events.actor",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical actor",
                "verbose_name_plural": "historical actors",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalAgreementParty",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("created_at", models.DateTimeField(blank=True, editable=False)),
                ("updated_at", models.DateTimeField(blank=True, editable=False)),
                (
                    "role",
                    models.CharField(
                        choices=[
                            ("signatory", "signatory"),
                            ("party", "party"),
                            ("issuer", "issuer"),
                            ("initiator", "initiator"),
                        ],
                        default="party",
                        max_length=20,
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "actor",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="events.actor",
                    ),
                ),
                (
                    "agreement",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="events.agreement",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "representative",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The person who acted for the party, where known.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="events.actor",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical agreement party",
                "verbose_name_plural": "historical agreement parties",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalSource",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("created_at", models.DateTimeField(blank=True, editable=False)),
                ("updated_at", models.DateTimeField(blank=True, editable=False)),
                (
                    "slug",
                    models.SlugField(
                        help_text="Stable identifier used in URLs, the API, fixtures and CSV files. Do not change it once published.",
                        max_length=120,
                    ),
                ),
                ("title", models.CharField(max_length=500)),
                ("author", models.CharField(blank=True, max_length=300)),
                ("publisher", models.CharField(blank=True, max_length=300)),
                (
                    "published",
                    models.DateField(
                        blank=True,
                        help_text="Stored as the first day of the period when known only to the month or year.",
                        null=True,
                        verbose_name="published",
                    ),
                ),
                (
                    "published_precision",
                    models.CharField(
                        blank=True,
                        choices=[("day", "day"), ("month", "month"), ("year", "year")],
                        max_length=5,
                        verbose_name="published precision",
                    ),
                ),
                (
                    "published_text",
                    models.CharField(
                        blank=True,
                        editable=False,
                        help_text="The date as EDTF text (2025-04, 2025-11?, 2019/2025); filled on save.",
                        max_length=40,
                        verbose_name="published (EDTF)",
                    ),
                ),
                (
                    "published_earliest",
                    models.DateField(
                        blank=True, db_index=True, editable=False, null=True, verbose_name="published, earliest day"
                    ),
                ),
                (
                    "published_latest",
                    models.DateField(
                        blank=True, db_index=True, editable=False, null=True, verbose_name="published, latest day"
                    ),
                ),
                ("url", models.URLField(blank=True, max_length=500, verbose_name="URL")),
                (
                    "language",
                    models.CharField(
                        blank=True,
                        help_text="ISO 639-1 code of the document's language, e.g. en, tr.",
                        max_length=8,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^[a-z]{2,3}(-[A-Za-z0-9]+)?$", "Use an ISO 639 code such as en or tr."
                            )
                        ],
                    ),
                ),
                (
                    "curator_note",
                    models.TextField(blank=True, help_text="Doubts about the source, marked as a curator's note."),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical source",
                "verbose_name_plural": "historical sources",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalTopic",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("created_at", models.DateTimeField(blank=True, editable=False)),
                ("updated_at", models.DateTimeField(blank=True, editable=False)),
                (
                    "slug",
                    models.SlugField(
                        help_text="Stable identifier used in URLs, the API, fixtures and CSV files. Do not change it once published.",
                        max_length=120,
                    ),
                ),
                ("name", models.CharField(db_index=True, max_length=120)),
                ("description", models.TextField(blank=True)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical topic",
                "verbose_name_plural": "historical topics",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="Mechanism",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "slug",
                    models.SlugField(
                        help_text="Stable identifier used in URLs, the API, fixtures and CSV files. Do not change it once published.",
                        max_length=120,
                        unique=True,
                    ),
                ),
                (
                    "inferred",
                    models.JSONField(
                        blank=True,
                        default=dict,
                        help_text='Claims no citation supports, each with a note saying from what it was inferred: {"host": "From the city: Tokyo is in Japan."}. Claims are field names (date, city, …) or rows (participant:japan, party:uzbekistan, member:azerbaijan, level:2023).',
                    ),
                ),
                ("name", models.CharField(max_length=200)),
                ("acronym", models.CharField(blank=True, max_length=40)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("dialogue", "dialogue format"),
                            ("organisation", "organisation"),
                            ("consultative", "consultative format"),
                            ("initiative", "initiative"),
                            ("corridor", "transport corridor"),
                            ("partnership", "partnership"),
                            ("project", "project"),
                        ],
                        max_length=20,
                    ),
                ),
                (
                    "founded",
                    models.DateField(
                        blank=True,
                        help_text="Stored as the first day of the period when known only to the month or year.",
                        null=True,
                        verbose_name="founded",
                    ),
                ),
                (
                    "founded_precision",
                    models.CharField(
                        blank=True,
                        choices=[("day", "day"), ("month", "month"), ("year", "year")],
                        max_length=5,
                        verbose_name="founded precision",
                    ),
                ),
                (
                    "founded_text",
                    models.CharField(
                        blank=True,
                        editable=False,
                        help_text="The date as EDTF text (2025-04, 2025-11?, 2019/2025); filled on save.",
                        max_length=40,
                        verbose_name="founded (EDTF)",
                    ),
                ),
                (
                    "founded_earliest",
                    models.DateField(
                        blank=True, db_index=True, editable=False, null=True, verbose_name="founded, earliest day"
                    ),
                ),
                (
                    "founded_latest",
                    models.DateField(
                        blank=True, db_index=True, editable=False, null=True, verbose_name="founded, latest day"
                    ),
                ),
                ("founded_place", models.CharField(blank=True, max_length=120)),
                ("description", models.TextField(blank=True)),
                (
                    "curator_note",
                    models.TextField(blank=True, help_text="Doubts about the source, marked as a curator's note."),
                ),
                (
                    "initiator",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="initiated_mechanisms",
                        to="events.actor",
                    ),
                ),
                (
                    "parent",
                    models.ForeignKey(
                        blank=True,
                        help_text="The mechanism this one sits under, e.g. C5+1 for the C5+1 Critical Minerals Dialogue.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="children",
                        to="events.mechanism",
                    ),
                ),
                ("topics", models.ManyToManyField(blank=True, related_name="mechanisms", to="events.topic")),
            ],
            options={
                "verbose_name": "mechanism",
                "verbose_name_plural": "mechanisms",
                "ordering": ["name"],
                "indexes": [models.Index(fields=["kind", "name"], name="events_mechanism_kind_name_idx")],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("founded__isnull", True), ("founded_precision", "")),
                            models.Q(("founded__isnull", False), ("founded_precision__in", ["day", "month", "year"])),
                            _connector="OR",
                        ),
                        name="events_mechanism_founded_has_precision",
                        violation_error_message="founded and founded_precision are set together (day, month or year) or left empty.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("founded_precision", "month"), _negated=True),
                            ("founded__endswith", "-01"),
                            _connector="OR",
                        ),
                        name="events_mechanism_founded_month_starts_on_day_1",
                        violation_error_message="A founded known to the month is stored as the first day of that month.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("founded_precision", "year"), _negated=True),
                            ("founded__endswith", "-01-01"),
                            _connector="OR",
                        ),
                        name="events_mechanism_founded_year_starts_on_1_january",
                        violation_error_message="A founded known to the year is stored as 1 January of that year.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("parent", models.F("pk")), _negated=True),
                        name="events_mechanism_not_own_parent",
                        violation_error_message="A mechanism cannot be its own parent.",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="HistoricalSummit",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("created_at", models.DateTimeField(blank=True, editable=False)),
                ("updated_at", models.DateTimeField(blank=True, editable=False)),
                (
                    "slug",
                    models.SlugField(
                        help_text="Stable identifier used in URLs, the API, fixtures and CSV files. Do not change it once published.",
                        max_length=120,
                    ),
                ),
                (
                    "inferred",
                    models.JSONField(
                        blank=True,
                        default=dict,
                        help_text='Claims no citation supports, each with a note saying from what it was inferred: {"host": "From the city: Tokyo is in Japan."}. Claims are field names (date, city, …) or rows (participant:japan, party:uzbekistan, member:azerbaijan, level:2023).',
                    ),
                ),
                ("name", models.CharField(max_length=200)),
                (
                    "date",
                    models.DateField(
                        blank=True,
                        help_text="Stored as the first day of the period when known only to the month or year.",
                        null=True,
                        verbose_name="date",
                    ),
                ),
                (
                    "date_precision",
                    models.CharField(
                        blank=True,
                        choices=[("day", "day"), ("month", "month"), ("year", "year")],
                        max_length=5,
                        verbose_name="date precision",
                    ),
                ),
                (
                    "date_text",
                    models.CharField(
                        blank=True,
                        editable=False,
                        help_text="The date as EDTF text (2025-04, 2025-11?, 2019/2025); filled on save.",
                        max_length=40,
                        verbose_name="date (EDTF)",
                    ),
                ),
                (
                    "date_earliest",
                    models.DateField(
                        blank=True, db_index=True, editable=False, null=True, verbose_name="date, earliest day"
                    ),
                ),
                (
                    "date_latest",
                    models.DateField(
                        blank=True, db_index=True, editable=False, null=True, verbose_name="date, latest day"
                    ),
                ),
                ("city", models.CharField(blank=True, max_length=120)),
                (
                    "level",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("heads_of_state", "heads of state or government"),
                            ("ministerial", "ministerial"),
                            ("senior_officials", "senior officials"),
                            ("expert", "expert"),
                        ],
                        max_length=20,
                    ),
                ),
                (
                    "ordinal",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        help_text="Which summit of its mechanism at this level this was: 1 for the first.",
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(32767),
                        ],
                    ),
                ),
                ("outcome", models.TextField(blank=True, verbose_name="outcome summary")),
                (
                    "curator_note",
                    models.TextField(blank=True, help_text="Doubts about the source, marked as a curator's note."),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "host",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="events.actor",
                    ),
                ),
                (
                    "mechanism",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="events.mechanism",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical summit",
                "verbose_name_plural": "historical summits",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalMembership",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("created_at", models.DateTimeField(blank=True, editable=False)),
                ("updated_at", models.DateTimeField(blank=True, editable=False)),
                (
                    "role",
                    models.CharField(
                        choices=[
                            ("member", "member"),
                            ("full_member", "full member"),
                            ("founding_member", "founding member"),
                            ("partner", "partner"),
                            ("observer", "observer"),
                        ],
                        default="member",
                        max_length=20,
                    ),
                ),
                (
                    "start",
                    models.DateField(
                        blank=True,
                        help_text="Stored as the first day of the period when known only to the month or year.",
                        null=True,
                        verbose_name="start",
                    ),
                ),
                (
                    "start_precision",
                    models.CharField(
                        blank=True,
                        choices=[("day", "day"), ("month", "month"), ("year", "year")],
                        max_length=5,
                        verbose_name="start precision",
                    ),
                ),
                (
                    "start_text",
                    models.CharField(
                        blank=True,
                        editable=False,
                        help_text="The date as EDTF text (2025-04, 2025-11?, 2019/2025); filled on save.",
                        max_length=40,
                        verbose_name="start (EDTF)",
                    ),
                ),
                (
                    "start_earliest",
                    models.DateField(
                        blank=True, db_index=True, editable=False, null=True, verbose_name="start, earliest day"
                    ),
                ),
                (
                    "start_latest",
                    models.DateField(
                        blank=True, db_index=True, editable=False, null=True, verbose_name="start, latest day"
                    ),
                ),
                (
                    "end",
                    models.DateField(
                        blank=True,
                        help_text="Stored as the first day of the period when known only to the month or year.",
                        null=True,
                        verbose_name="end",
                    ),
                ),
                (
                    "end_precision",
                    models.CharField(
                        blank=True,
                        choices=[("day", "day"), ("month", "month"), ("year", "year")],
                        max_length=5,
                        verbose_name="end precision",
                    ),
                ),
                (
                    "end_text",
                    models.CharField(
                        blank=True,
                        editable=False,
                        help_text="The date as EDTF text (2025-04, 2025-11?, 2019/2025); filled on save.",
                        max_length=40,
                        verbose_name="end (EDTF)",
                    ),
                ),
                (
                    "end_earliest",
                    models.DateField(
                        blank=True, db_index=True, editable=False, null=True, verbose_name="end, earliest day"
                    ),
                ),
                (
                    "end_latest",
                    models.DateField(
                        blank=True, db_index=True, editable=False, null=True, verbose_name="end, latest day"
                    ),
                ),
                (
                    "curator_note",
                    models.TextField(blank=True, help_text="Doubts about the source, marked as a curator's note."),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "actor",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="events.actor",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "mechanism",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="events.mechanism",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical membership",
                "verbose_name_plural": "historical memberships",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalMechanismLevel",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("created_at", models.DateTimeField(blank=True, editable=False)),
                ("updated_at", models.DateTimeField(blank=True, editable=False)),
                (
                    "level",
                    models.CharField(
                        choices=[
                            ("heads_of_state", "heads of state or government"),
                            ("ministerial", "ministerial"),
                            ("senior_officials", "senior officials"),
                            ("expert", "expert"),
                        ],
                        max_length=20,
                    ),
                ),
                (
                    "since",
                    models.DateField(
                        blank=True,
                        help_text="Stored as the first day of the period when known only to the month or year.",
                        null=True,
                        verbose_name="since",
                    ),
                ),
                (
                    "since_precision",
                    models.CharField(
                        blank=True,
                        choices=[("day", "day"), ("month", "month"), ("year", "year")],
                        max_length=5,
                        verbose_name="since precision",
                    ),
                ),
                (
                    "since_text",
                    models.CharField(
                        blank=True,
                        editable=False,
                        help_text="The date as EDTF text (2025-04, 2025-11?, 2019/2025); filled on save.",
                        max_length=40,
                        verbose_name="since (EDTF)",
                    ),
                ),
                (
                    "since_earliest",
                    models.DateField(
                        blank=True, db_index=True, editable=False, null=True, verbose_name="since, earliest day"
                    ),
                ),
                (
                    "since_latest",
                    models.DateField(
                        blank=True, db_index=True, editable=False, null=True, verbose_name="since, latest day"
                    ),
                ),
                ("note", models.TextField(blank=True)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "mechanism",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="events.mechanism",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical mechanism level",
                "verbose_name_plural": "historical mechanism levels",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalMechanism",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("created_at", models.DateTimeField(blank=True, editable=False)),
                ("updated_at", models.DateTimeField(blank=True, editable=False)),
                (
                    "slug",
                    models.SlugField(
                        help_text="Stable identifier used in URLs, the API, fixtures and CSV files. Do not change it once published.",
                        max_length=120,
                    ),
                ),
                (
                    "inferred",
                    models.JSONField(
                        blank=True,
                        default=dict,
                        help_text='Claims no citation supports, each with a note saying from what it was inferred: {"host": "From the city: Tokyo is in Japan."}. Claims are field names (date, city, …) or rows (participant:japan, party:uzbekistan, member:azerbaijan, level:2023).',
                    ),
                ),
                ("name", models.CharField(max_length=200)),
                ("acronym", models.CharField(blank=True, max_length=40)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("dialogue", "dialogue format"),
                            ("organisation", "organisation"),
                            ("consultative", "consultative format"),
                            ("initiative", "initiative"),
                            ("corridor", "transport corridor"),
                            ("partnership", "partnership"),
                            ("project", "project"),
                        ],
                        max_length=20,
                    ),
                ),
                (
                    "founded",
                    models.DateField(
                        blank=True,
                        help_text="Stored as the first day of the period when known only to the month or year.",
                        null=True,
                        verbose_name="founded",
                    ),
                ),
                (
                    "founded_precision",
                    models.CharField(
                        blank=True,
                        choices=[("day", "day"), ("month", "month"), ("year", "year")],
                        max_length=5,
                        verbose_name="founded precision",
                    ),
                ),
                (
                    "founded_text",
                    models.CharField(
                        blank=True,
                        editable=False,
                        help_text="The date as EDTF text (2025-04, 2025-11?, 2019/2025); filled on save.",
                        max_length=40,
                        verbose_name="founded (EDTF)",
                    ),
                ),
                (
                    "founded_earliest",
                    models.DateField(
                        blank=True, db_index=True, editable=False, null=True, verbose_name="founded, earliest day"
                    ),
                ),
                (
                    "founded_latest",
                    models.DateField(
                        blank=True, db_index=True, editable=False, null=True, verbose_name="founded, latest day"
                    ),
                ),
                ("founded_place", models.CharField(blank=True, max_length=120)),
                ("description", models.TextField(blank=True)),
                (
                    "curator_note",
                    models.TextField(blank=True, help_text="Doubts about the source, marked as a curator's note."),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "initiator",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="events.actor",
                    ),
                ),
                (
                    "parent",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The mechanism this one sits under, e.g. C5+1 for the C5+1 Critical Minerals Dialogue.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="events.mechanism",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical mechanism",
                "verbose_name_plural": "historical mechanisms",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AddField(
            model_name="agreement",
            name="mechanism",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="agreements",
                to="events.mechanism",
            ),
        ),
        migrations.CreateModel(
            name="MechanismLevel",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "level",
                    models.CharField(
                        choices=[
                            ("heads_of_state", "heads of state or government"),
                            ("ministerial", "ministerial"),
                            ("senior_officials", "senior officials"),
                            ("expert", "expert"),
                        ],
                        max_length=20,
                    ),
                ),
                (
                    "since",
                    models.DateField(
                        blank=True,
                        help_text="Stored as the first day of the period when known only to the month or year.",
                        null=True,
                        verbose_name="since",
                    ),
                ),
                (
                    "since_precision",
                    models.CharField(
                        blank=True,
                        choices=[("day", "day"), ("month", "month"), ("year", "year")],
                        max_length=5,
                        verbose_name="since precision",
                    ),
                ),
                (
                    "since_text",
                    models.CharField(
                        blank=True,
                        editable=False,
                        help_text="The date as EDTF text (2025-04, 2025-11?, 2019/2025); filled on save.",
                        max_length=40,
                        verbose_name="since (EDTF)",
                    ),
                ),
                (
                    "since_earliest",
                    models.DateField(
                        blank=True, db_index=True, editable=False, null=True, verbose_name="since, earliest day"
                    ),
                ),
                (
                    "since_latest",
                    models.DateField(
                        blank=True, db_index=True, editable=False, null=True, verbose_name="since, latest day"
                    ),
                ),
                ("note", models.TextField(blank=True)),
                (
                    "mechanism",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="levels", to="events.mechanism"
                    ),
                ),
            ],
            options={
                "verbose_name": "mechanism level",
                "verbose_name_plural": "mechanism levels",
                "ordering": ["mechanism", "since"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("since__isnull", True), ("since_precision", "")),
                            models.Q(("since__isnull", False), ("since_precision__in", ["day", "month", "year"])),
                            _connector="OR",
                        ),
                        name="events_mechanismlevel_since_has_precision",
                        violation_error_message="since and since_precision are set together (day, month or year) or left empty.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("since_precision", "month"), _negated=True),
                            ("since__endswith", "-01"),
                            _connector="OR",
                        ),
                        name="events_mechanismlevel_since_month_starts_on_day_1",
                        violation_error_message="A since known to the month is stored as the first day of that month.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("since_precision", "year"), _negated=True),
                            ("since__endswith", "-01-01"),
                            _connector="OR",
                        ),
                        name="events_mechanismlevel_since_year_starts_on_1_january",
                        violation_error_message="A since known to the year is stored as 1 January of that year.",
                    ),
                    models.UniqueConstraint(
                        fields=("mechanism", "level", "since"),
                        name="events_mechanismlevel_unique_step",
                        violation_error_message="This mechanism already has this level from this date.",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="Membership",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "role",
                    models.CharField(
                        choices=[
                            ("member", "member"),
                            ("full_member", "full member"),
                            ("founding_member", "founding member"),
                            ("partner", "partner"),
                            ("observer", "observer"),
                        ],
                        default="member",
                        max_length=20,
                    ),
                ),
                (
                    "start",
                    models.DateField(
                        blank=True,
                        help_text="Stored as the first day of the period when known only to the month or year.",
                        null=True,
                        verbose_name="start",
                    ),
                ),
                (
                    "start_precision",
                    models.CharField(
                        blank=True,
                        choices=[("day", "day"), ("month", "month"), ("year", "year")],
                        max_length=5,
                        verbose_name="start precision",
                    ),
                ),
                (
                    "start_text",
                    models.CharField(
                        blank=True,
                        editable=False,
                        help_text="The date as EDTF text (2025-04, 2025-11?, 2019/2025); filled on save.",
                        max_length=40,
                        verbose_name="start (EDTF)",
                    ),
                ),
                (
                    "start_earliest",
                    models.DateField(
                        blank=True, db_index=True, editable=False, null=True, verbose_name="start, earliest day"
                    ),
                ),
                (
                    "start_latest",
                    models.DateField(
                        blank=True, db_index=True, editable=False, null=True, verbose_name="start, latest day"
                    ),
                ),
                (
                    "end",
                    models.DateField(
                        blank=True,
                        help_text="Stored as the first day of the period when known only to the month or year.",
                        null=True,
                        verbose_name="end",
                    ),
                ),
                (
                    "end_precision",
                    models.CharField(
                        blank=True,
                        choices=[("day", "day"), ("month", "month"), ("year", "year")],
                        max_length=5,
                        verbose_name="end precision",
                    ),
                ),
                (
                    "end_text",
                    models.CharField(
                        blank=True,
                        editable=False,
                        help_text="The date as EDTF text (2025-04, 2025-11?, 2019/2025); filled on save.",
                        max_length=40,
                        verbose_name="end (EDTF)",
                    ),
                ),
                (
                    "end_earliest",
                    models.DateField(
                        blank=True, db_index=True, editable=False, null=True, verbose_name="end, earliest day"
                    ),
                ),
                (
                    "end_latest",
                    models.DateField(
                        blank=True, db_index=True, editable=False, null=True, verbose_name="end, latest day"
                    ),
                ),
                (
                    "curator_note",
                    models.TextField(blank=True, help_text="Doubts about the source, marked as a curator's note."),
                ),
                (
                    "actor",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="memberships", to="events.actor"
                    ),
                ),
                (
                    "mechanism",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="memberships", to="events.mechanism"
                    ),
                ),
            ],
            options={
                "verbose_name": "membership",
                "verbose_name_plural": "memberships",
                "ordering": ["mechanism", "start", "actor"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("start__isnull", True), ("start_precision", "")),
                            models.Q(("start__isnull", False), ("start_precision__in", ["day", "month", "year"])),
                            _connector="OR",
                        ),
                        name="events_membership_start_has_precision",
                        violation_error_message="start and start_precision are set together (day, month or year) or left empty.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("start_precision", "month"), _negated=True),
                            ("start__endswith", "-01"),
                            _connector="OR",
                        ),
                        name="events_membership_start_month_starts_on_day_1",
                        violation_error_message="A start known to the month is stored as the first day of that month.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("start_precision", "year"), _negated=True),
                            ("start__endswith", "-01-01"),
                            _connector="OR",
                        ),
                        name="events_membership_start_year_starts_on_1_january",
                        violation_error_message="A start known to the year is stored as 1 January of that year.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("end__isnull", True), ("end_precision", "")),
                            models.Q(("end__isnull", False), ("end_precision__in", ["day", "month", "year"])),
                            _connector="OR",
                        ),
                        name="events_membership_end_has_precision",
                        violation_error_message="end and end_precision are set together (day, month or year) or left empty.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("end_precision", "month"), _negated=True),
                            ("end__endswith", "-01"),
                            _connector="OR",
                        ),
                        name="events_membership_end_month_starts_on_day_1",
                        violation_error_message="A end known to the month is stored as the first day of that month.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("end_precision", "year"), _negated=True),
                            ("end__endswith", "-01-01"),
                            _connector="OR",
                        ),
                        name="events_membership_end_year_starts_on_1_january",
                        violation_error_message="A end known to the year is stored as 1 January of that year.",
                    ),
                    models.UniqueConstraint(
                        fields=("actor", "mechanism", "start"),
                        name="events_membership_unique_start",
                        violation_error_message="This actor already has a membership of this mechanism starting then.",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("start__isnull", True)),
                        fields=("actor", "mechanism"),
                        name="events_membership_unique_undated",
                        violation_error_message="This actor already has a membership of this mechanism with no start date.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("start_earliest__isnull", True),
                            ("end_latest__isnull", True),
                            ("end_latest__gte", models.F("start_earliest")),
                            _connector="OR",
                        ),
                        name="events_membership_end_not_before_start",
                        violation_error_message="A membership cannot end before it starts.",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="Participation",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "role",
                    models.CharField(
                        choices=[
                            ("host", "host"),
                            ("participant", "participant"),
                            ("guest", "guest"),
                            ("observer", "observer"),
                        ],
                        default="participant",
                        max_length=20,
                    ),
                ),
                (
                    "actor",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="participations", to="events.actor"
                    ),
                ),
                (
                    "representative",
                    models.ForeignKey(
                        blank=True,
                        help_text="The person who represented the actor, where known.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="representations",
                        to="events.actor",
                    ),
                ),
            ],
            options={
                "verbose_name": "participation",
                "verbose_name_plural": "participations",
                "ordering": ["summit", "role", "actor"],
            },
        ),
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("record_type", models.CharField(max_length=20)),
                ("record_id", models.BigIntegerField()),
                ("date", models.DateField(null=True)),
                ("year", models.SmallIntegerField(null=True)),
                ("mechanism_id", models.BigIntegerField(null=True)),
                ("topic_ids", models.TextField(default="|")),
                ("actor_ids", models.TextField(default="|")),
                ("slug", models.CharField(max_length=120)),
                ("title", models.CharField(max_length=500)),
                ("names", models.TextField(help_text="Folded names, other names and identifiers, each between bars.")),
                ("body", models.TextField(help_text="Folded places, descriptions, outcomes, quotes and the like.")),
                (
                    "labels",
                    models.JSONField(
                        default=list, help_text="[field, original text] pairs, for snippets and why-matched."
                    ),
                ),
                ("vector", django.contrib.postgres.search.SearchVectorField(null=True)),
            ],
            options={
                "verbose_name": "search entry",
                "verbose_name_plural": "search entries",
                "ordering": ["record_type", "record_id"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("record_type", "record_id"), name="events_searchentry_one_per_record"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="SeedRecord",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("model", models.CharField(max_length=100)),
                ("key", models.CharField(max_length=500, verbose_name="natural key")),
                ("fixture", models.CharField(max_length=100)),
                ("fields", models.JSONField(default=dict)),
                ("seeded_at", models.DateTimeField(auto_now=True)),
            ],
            options={
                "verbose_name": "seed record",
                "verbose_name_plural": "seed records",
                "ordering": ["pk"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("model", "key"),
                        name="events_seedrecord_unique_record",
                        violation_error_message="This record already has a seed record.",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="Source",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "slug",
                    models.SlugField(
                        help_text="Stable identifier used in URLs, the API, fixtures and CSV files. Do not change it once published.",
                        max_length=120,
                        unique=True,
                    ),
                ),
                ("title", models.CharField(max_length=500)),
                ("author", models.CharField(blank=True, max_length=300)),
                ("publisher", models.CharField(blank=True, max_length=300)),
                (
                    "published",
                    models.DateField(
                        blank=True,
                        help_text="Stored as the first day of the period when known only to the month or year.",
                        null=True,
                        verbose_name="published",
                    ),
                ),
                (
                    "published_precision",
                    models.CharField(
                        blank=True,
                        choices=[("day", "day"), ("month", "month"), ("year", "year")],
                        max_length=5,
                        verbose_name="published precision",
                    ),
                ),
                (
                    "published_text",
                    models.CharField(
                        blank=True,
                        editable=False,
                        help_text="The date as EDTF text (2025-04, 2025-11?, 2019/2025); filled on save.",
                        max_length=40,
                        verbose_name="published (EDTF)",
                    ),
                ),
                (
                    "published_earliest",
                    models.DateField(
                        blank=True, db_index=True, editable=False, null=True, verbose_name="published, earliest day"
                    ),
                ),
                (
                    "published_latest",
                    models.DateField(
                        blank=True, db_index=True, editable=False, null=True, verbose_name="published, latest day"
                    ),
                ),
                ("url", models.URLField(blank=True, max_length=500, verbose_name="URL")),
                (
                    "language",
                    models.CharField(
                        blank=True,
                        help_text="ISO 639-1 code of the document's language, e.g. en, tr.",
                        max_length=8,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^[a-z]{2,3}(-[A-Za-z0-9]+)?$", "Use an ISO 639 code such as en or tr."
                            )
                        ],
                    ),
                ),
                (
                    "curator_note",
                    models.TextField(blank=True, help_text="Doubts about the source, marked as a curator's note."),
                ),
            ],
            options={
                "verbose_name": "source",
                "verbose_name_plural": "sources",
                "ordering": ["-published", "title"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("published__isnull", True), ("published_precision", "")),
                            models.Q(
                                ("published__isnull", False), ("published_precision__in", ["day", "month", "year"])
                            ),
                            _connector="OR",
                        ),
                        name="events_source_published_has_precision",
                        violation_error_message="published and published_precision are set together (day, month or year) or left empty.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("published_precision", "month"), _negated=True),
                            ("published__endswith", "-01"),
                            _connector="OR",
                        ),
                        name="events_source_published_month_starts_on_day_1",
                        violation_error_message="A published known to the month is stored as the first day of that month.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("published_precision", "year"), _negated=True),
                            ("published__endswith", "-01-01"),
                            _connector="OR",
                        ),
                        name="events_source_published_year_starts_on_1_january",
                        violation_error_message="A published known to the year is stored as 1 January of that year.",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="SourceParagraph",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("number", models.PositiveIntegerField(validators=[django.core.validators.MinValueValidator(1)])),
                ("text", models.TextField()),
                (
                    "source",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="paragraphs", to="events.source"
                    ),
                ),
            ],
            options={
                "verbose_name": "source paragraph",
                "verbose_name_plural": "source paragraphs",
                "ordering": ["source", "number"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("source", "number"),
                        name="events_sourceparagraph_unique_number",
                        violation_error_message="This source already has a paragraph with this number.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("number__gte", 1)),
                        name="events_sourceparagraph_number_positive",
                        violation_error_message="Paragraphs are numbered from 1.",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="Summit",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "slug",
                    models.SlugField(
                        help_text="Stable identifier used in URLs, the API, fixtures and CSV files. Do not change it once published.",
                        max_length=120,
                        unique=True,
                    ),
                ),
                (
                    "inferred",
                    models.JSONField(
                        blank=True,
                        default=dict,
                        help_text='Claims no citation supports, each with a note saying from what it was inferred: {"host": "From the city: Tokyo is in Japan."}. Claims are field names (date, city, …) or rows (participant:japan, party:uzbekistan, member:azerbaijan, level:2023).',
                    ),
                ),
                ("name", models.CharField(max_length=200)),
                (
                    "date",
                    models.DateField(
                        blank=True,
                        help_text="Stored as the first day of the period when known only to the month or year.",
                        null=True,
                        verbose_name="date",
                    ),
                ),
                (
                    "date_precision",
                    models.CharField(
                        blank=True,
                        choices=[("day", "day"), ("month", "month"), ("year", "year")],
                        max_length=5,
                        verbose_name="date precision",
                    ),
                ),
                (
                    "date_text",
                    models.CharField(
                        blank=True,
                        editable=False,
                        help_text="The date as EDTF text (2025-04, 2025-11?, 2019/2025); filled on save.",
                        max_length=40,
                        verbose_name="date (EDTF)",
                    ),
                ),
                (
                    "date_earliest",
                    models.DateField(
                        blank=True, db_index=True, editable=False, null=True, verbose_name="date, earliest day"
                    ),
                ),
                (
                    "date_latest",
                    models.DateField(
                        blank=True, db_index=True, editable=False, null=True, verbose_name="date, latest day"
                    ),
                ),
                ("city", models.CharField(blank=True, max_length=120)),
                (
                    "level",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("heads_of_state", "heads of state or government"),
                            ("ministerial", "ministerial"),
                            ("senior_officials", "senior officials"),
                            ("expert", "expert"),
                        ],
                        max_length=20,
                    ),
                ),
                (
                    "ordinal",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        help_text="Which summit of its mechanism at this level this was: 1 for the first.",
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(32767),
                        ],
                    ),
                ),
                ("outcome", models.TextField(blank=True, verbose_name="outcome summary")),
                (
                    "curator_note",
                    models.TextField(blank=True, help_text="Doubts about the source, marked as a curator's note."),
                ),
                (
                    "host",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="hosted_summits",
                        to="events.actor",
                    ),
                ),
                (
                    "mechanism",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="summits",
                        to="events.mechanism",
                    ),
                ),
                (
                    "participants",
                    models.ManyToManyField(
                        related_name="summits",
                        through="events.Participation",
                        through_fields=("summit", "actor"),
                        to="events.actor",
                    ),
                ),
                ("topics", models.ManyToManyField(blank=True, related_name="summits", to="events.topic")),
            ],
            options={
                "verbose_name": "summit",
                "verbose_name_plural": "summits",
                "ordering": ["date", "name"],
                "indexes": [
                    models.Index(fields=["date", "name"], name="events_summit_date_name_idx"),
                    models.Index(fields=["level", "date"], name="events_summit_level_date_idx"),
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("date__isnull", True), ("date_precision", "")),
                            models.Q(("date__isnull", False), ("date_precision__in", ["day", "month", "year"])),
                            _connector="OR",
                        ),
                        name="events_summit_date_has_precision",
                        violation_error_message="date and date_precision are set together (day, month or year) or left empty.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("date_precision", "month"), _negated=True),
                            ("date__endswith", "-01"),
                            _connector="OR",
                        ),
                        name="events_summit_date_month_starts_on_day_1",
                        violation_error_message="A date known to the month is stored as the first day of that month.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("date_precision", "year"), _negated=True),
                            ("date__endswith", "-01-01"),
                            _connector="OR",
                        ),
                        name="events_summit_date_year_starts_on_1_january",
                        violation_error_message="A date known to the year is stored as 1 January of that year.",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("mechanism__isnull", False), ("ordinal__isnull", False)),
                        fields=("mechanism", "level", "ordinal"),
                        name="events_summit_unique_ordinal",
                        violation_error_message="This mechanism already has a summit with this ordinal at this level.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("ordinal__isnull", True), ("ordinal__gte", 1), _connector="OR"),
                        name="events_summit_ordinal_positive",
                        violation_error_message="The ordinal starts at 1.",
                    ),
                ],
            },
        ),
        migrations.AddField(
            model_name="participation",
            name="summit",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="participations", to="events.summit"
            ),
        ),
        migrations.CreateModel(
            name="OtherName",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("name", models.CharField(max_length=250)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("acronym", "acronym"),
                            ("short_name", "short name"),
                            ("former_name", "former name"),
                            ("translation", "translation"),
                            ("transliteration", "transliteration"),
                            ("alternative", "alternative name"),
                        ],
                        max_length=20,
                    ),
                ),
                (
                    "language",
                    models.CharField(
                        blank=True,
                        help_text="ISO 639-1 code of the name's language, e.g. en, tr.",
                        max_length=8,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^[a-z]{2,3}(-[A-Za-z0-9]+)?$", "Use an ISO 639 code such as en or tr."
                            )
                        ],
                    ),
                ),
                (
                    "start",
                    models.DateField(
                        blank=True,
                        help_text="Stored as the first day of the period when known only to the month or year.",
                        null=True,
                        verbose_name="in use from",
                    ),
                ),
                (
                    "start_precision",
                    models.CharField(
                        blank=True,
                        choices=[("day", "day"), ("month", "month"), ("year", "year")],
                        max_length=5,
                        verbose_name="in use from precision",
                    ),
                ),
                (
                    "start_text",
                    models.CharField(
                        blank=True,
                        editable=False,
                        help_text="The date as EDTF text (2025-04, 2025-11?, 2019/2025); filled on save.",
                        max_length=40,
                        verbose_name="in use from (EDTF)",
                    ),
                ),
                (
                    "start_earliest",
                    models.DateField(
                        blank=True, db_index=True, editable=False, null=True, verbose_name="in use from, earliest day"
                    ),
                ),
                (
                    "start_latest",
                    models.DateField(
                        blank=True, db_index=True, editable=False, null=True, verbose_name="in use from, latest day"
                    ),
                ),
                (
                    "end",
                    models.DateField(
                        blank=True,
                        help_text="Stored as the first day of the period when known only to the month or year.",
                        null=True,
                        verbose_name="in use until",
                    ),
                ),
                (
                    "end_precision",
                    models.CharField(
                        blank=True,
                        choices=[("day", "day"), ("month", "month"), ("year", "year")],
                        max_length=5,
                        verbose_name="in use until precision",
                    ),
                ),
                (
                    "end_text",
                    models.CharField(
                        blank=True,
                        editable=False,
                        help_text="The date as EDTF text (2025-04, 2025-11?, 2019/2025); filled on save.",
                        max_length=40,
                        verbose_name="in use until (EDTF)",
                    ),
                ),
                (
                    "end_earliest",
                    models.DateField(
                        blank=True, db_index=True, editable=False, null=True, verbose_name="in use until, earliest day"
                    ),
                ),
                (
                    "end_latest",
                    models.DateField(
                        blank=True, db_index=True, editable=False, null=True, verbose_name="in use until, latest day"
                    ),
                ),
                (
                    "note",
                    models.TextField(blank=True, help_text="Where the name is given, or from what it was inferred."),
                ),
                (
                    "actor",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="other_names",
                        to="events.actor",
                    ),
                ),
                (
                    "agreement",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="other_names",
                        to="events.agreement",
                    ),
                ),
                (
                    "mechanism",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="other_names",
                        to="events.mechanism",
                    ),
                ),
                (
                    "summit",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="other_names",
                        to="events.summit",
                    ),
                ),
            ],
            options={
                "verbose_name": "other name",
                "verbose_name_plural": "other names",
                "ordering": ["name", "pk"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("actor__isnull", True),
                                ("agreement__isnull", True),
                                ("mechanism__isnull", True),
                                ("summit__isnull", False),
                            ),
                            models.Q(
                                ("actor__isnull", True),
                                ("agreement__isnull", True),
                                ("mechanism__isnull", False),
                                ("summit__isnull", True),
                            ),
                            models.Q(
                                ("actor__isnull", True),
                                ("agreement__isnull", False),
                                ("mechanism__isnull", True),
                                ("summit__isnull", True),
                            ),
                            models.Q(
                                ("actor__isnull", False),
                                ("agreement__isnull", True),
                                ("mechanism__isnull", True),
                                ("summit__isnull", True),
                            ),
                            _connector="OR",
                        ),
                        name="events_othername_belongs_to_exactly_one_record",
                        violation_error_message="An other name belongs to exactly one summit, mechanism, agreement or actor.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("start__isnull", True), ("start_precision", "")),
                            models.Q(("start__isnull", False), ("start_precision__in", ["day", "month", "year"])),
                            _connector="OR",
                        ),
                        name="events_othername_start_has_precision",
                        violation_error_message="start and start_precision are set together (day, month or year) or left empty.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("start_precision", "month"), _negated=True),
                            ("start__endswith", "-01"),
                            _connector="OR",
                        ),
                        name="events_othername_start_month_starts_on_day_1",
                        violation_error_message="A start known to the month is stored as the first day of that month.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("start_precision", "year"), _negated=True),
                            ("start__endswith", "-01-01"),
                            _connector="OR",
                        ),
                        name="events_othername_start_year_starts_on_1_january",
                        violation_error_message="A start known to the year is stored as 1 January of that year.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("end__isnull", True), ("end_precision", "")),
                            models.Q(("end__isnull", False), ("end_precision__in", ["day", "month", "year"])),
                            _connector="OR",
                        ),
                        name="events_othername_end_has_precision",
                        violation_error_message="end and end_precision are set together (day, month or year) or left empty.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("end_precision", "month"), _negated=True),
                            ("end__endswith", "-01"),
                            _connector="OR",
                        ),
                        name="events_othername_end_month_starts_on_day_1",
                        violation_error_message="A end known to the month is stored as the first day of that month.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("end_precision", "year"), _negated=True),
                            ("end__endswith", "-01-01"),
                            _connector="OR",
                        ),
                        name="events_othername_end_year_starts_on_1_january",
                        violation_error_message="A end known to the year is stored as 1 January of that year.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("start_earliest__isnull", True),
                            ("end_latest__isnull", True),
                            ("end_latest__gte", models.F("start_earliest")),
                            _connector="OR",
                        ),
                        name="events_othername_end_not_before_start",
                        violation_error_message="A name cannot go out of use before it comes into use.",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("summit__isnull", False)),
                        fields=("summit", "name"),
                        name="events_othername_unique_summit_name",
                        violation_error_message="This summit already has this other name.",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("mechanism__isnull", False)),
                        fields=("mechanism", "name"),
                        name="events_othername_unique_mechanism_name",
                        violation_error_message="This mechanism already has this other name.",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("agreement__isnull", False)),
                        fields=("agreement", "name"),
                        name="events_othername_unique_agreement_name",
                        violation_error_message="This agreement already has this other name.",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("actor__isnull", False)),
                        fields=("actor", "name"),
                        name="events_othername_unique_actor_name",
                        violation_error_message="This actor already has this other name.",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="Identifier",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "scheme",
                    models.CharField(
                        help_text="wikidata, or another lower-case scheme name.",
                        max_length=40,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^[a-z0-9][a-z0-9._-]*$", "Use a lower-case scheme name such as wikidata."
                            )
                        ],
                    ),
                ),
                ("value", models.CharField(max_length=200)),
                (
                    "actor",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="identifiers",
                        to="events.actor",
                    ),
                ),
                (
                    "agreement",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="identifiers",
                        to="events.agreement",
                    ),
                ),
                (
                    "mechanism",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="identifiers",
                        to="events.mechanism",
                    ),
                ),
                (
                    "summit",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="identifiers",
                        to="events.summit",
                    ),
                ),
            ],
            options={
                "verbose_name": "identifier",
                "verbose_name_plural": "identifiers",
                "ordering": ["scheme", "value"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("actor__isnull", True),
                                ("agreement__isnull", True),
                                ("mechanism__isnull", True),
                                ("summit__isnull", False),
                            ),
                            models.Q(
                                ("actor__isnull", True),
                                ("agreement__isnull", True),
                                ("mechanism__isnull", False),
                                ("summit__isnull", True),
                            ),
                            models.Q(
                                ("actor__isnull", True),
                                ("agreement__isnull", False),
                                ("mechanism__isnull", True),
                                ("summit__isnull", True),
                            ),
                            models.Q(
                                ("actor__isnull", False),
                                ("agreement__isnull", True),
                                ("mechanism__isnull", True),
                                ("summit__isnull", True),
                            ),
                            _connector="OR",
                        ),
                        name="events_identifier_belongs_to_exactly_one_record",
                        violation_error_message="An identifier belongs to exactly one summit, mechanism, agreement or actor.",
                    ),
                    models.UniqueConstraint(
                        fields=("scheme", "value"),
                        name="events_identifier_unique_in_scheme",
                        violation_error_message="Another record already has this identifier in this scheme.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("scheme", "iso3166-1-alpha-3"), _negated=True),
                        name="events_identifier_iso3_on_actor",
                        violation_error_message="A state's ISO 3166 alpha-3 code is its actor's iso3 field.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("scheme", "wikidata"), _negated=True),
                            ("value__regex", "^Q[1-9][0-9]*$"),
                            _connector="OR",
                        ),
                        name="events_identifier_wikidata_qid",
                        violation_error_message="A Wikidata identifier is a QID such as Q232.",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="HistoricalParticipation",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("created_at", models.DateTimeField(blank=True, editable=False)),
                ("updated_at", models.DateTimeField(blank=True, editable=False)),
                (
                    "role",
                    models.CharField(
                        choices=[
                            ("host", "host"),
                            ("participant", "participant"),
                            ("guest", "guest"),
                            ("observer", "observer"),
                        ],
                        default="participant",
                        max_length=20,
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "actor",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="events.actor",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "representative",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The person who represented the actor, where known.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="events.actor",
                    ),
                ),
                (
                    "summit",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="events.summit",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical participation",
                "verbose_name_plural": "historical participations",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalOtherName",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("created_at", models.DateTimeField(blank=True, editable=False)),
                ("updated_at", models.DateTimeField(blank=True, editable=False)),
                ("name", models.CharField(max_length=250)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("acronym", "acronym"),
                            ("short_name", "short name"),
                            ("former_name", "former name"),
                            ("translation", "translation"),
                            ("transliteration", "transliteration"),
                            ("alternative", "alternative name"),
                        ],
                        max_length=20,
                    ),
                ),
                (
                    "language",
                    models.CharField(
                        blank=True,
                        help_text="ISO 639-1 code of the name's language, e.g. en, tr.",
                        max_length=8,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^[a-z]{2,3}(-[A-Za-z0-9]+)?$", "Use an ISO 639 code such as en or tr."
                            )
                        ],
                    ),
                ),
                (
                    "start",
                    models.DateField(
                        blank=True,
                        help_text="Stored as the first day of the period when known only to the month or year.",
                        null=True,
                        verbose_name="in use from",
                    ),
                ),
                (
                    "start_precision",
                    models.CharField(
                        blank=True,
                        choices=[("day", "day"), ("month", "month"), ("year", "year")],
                        max_length=5,
                        verbose_name="in use from precision",
                    ),
                ),
                (
                    "start_text",
                    models.CharField(
                        blank=True,
                        editable=False,
                        help_text="The date as EDTF text (2025-04, 2025-11?, 2019/2025); filled on save.",
                        max_length=40,
                        verbose_name="in use from (EDTF)",
                    ),
                ),
                (
                    "start_earliest",
                    models.DateField(
                        blank=True, db_index=True, editable=False, null=True, verbose_name="in use from, earliest day"
                    ),
                ),
                (
                    "start_latest",
                    models.DateField(
                        blank=True, db_index=True, editable=False, null=True, verbose_name="in use from, latest day"
                    ),
                ),
                (
                    "end",
                    models.DateField(
                        blank=True,
                        help_text="Stored as the first day of the period when known only to the month or year.",
                        null=True,
                        verbose_name="in use until",
                    ),
                ),
                (
                    "end_precision",
                    models.CharField(
                        blank=True,
                        choices=[("day", "day"), ("month", "month"), ("year", "year")],
                        max_length=5,
                        verbose_name="in use until precision",
                    ),
                ),
                (
                    "end_text",
                    models.CharField(
                        blank=True,
                        editable=False,
                        help_text="The date as EDTF text (2025-04, 2025-11?, 2019/2025); filled on save.",
                        max_length=40,
                        verbose_name="in use until (EDTF)",
                    ),
                ),
                (
                    "end_earliest",
                    models.DateField(
                        blank=True, db_index=True, editable=False, null=True, verbose_name="in use until, earliest day"
                    ),
                ),
                (
                    "end_latest",
                    models.DateField(
                        blank=True, db_index=True, editable=False, null=True, verbose_name="in use until, latest day"
                    ),
                ),
                (
                    "note",
                    models.TextField(blank=True, help_text="Where the name is given, or from what it was inferred."),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "actor",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="events.actor",
                    ),
                ),
                (
                    "agreement",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="events.agreement",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "mechanism",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="events.mechanism",
                    ),
                ),
                (
                    "summit",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="events.summit",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical other name",
                "verbose_name_plural": "historical other names",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalIdentifier",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("created_at", models.DateTimeField(blank=True, editable=False)),
                ("updated_at", models.DateTimeField(blank=True, editable=False)),
                (
                    "scheme",
                    models.CharField(
                        help_text="wikidata, or another lower-case scheme name.",
                        max_length=40,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^[a-z0-9][a-z0-9._-]*$", "Use a lower-case scheme name such as wikidata."
                            )
                        ],
                    ),
                ),
                ("value", models.CharField(max_length=200)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "actor",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="events.actor",
                    ),
                ),
                (
                    "agreement",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="events.agreement",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "mechanism",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="events.mechanism",
                    ),
                ),
                (
                    "summit",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="events.summit",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical identifier",
                "verbose_name_plural": "historical identifiers",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalCitation",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("created_at", models.DateTimeField(blank=True, editable=False)),
                ("updated_at", models.DateTimeField(blank=True, editable=False)),
                (
                    "locator",
                    models.CharField(blank=True, help_text='Where in the source, e.g. "footnote 3".', max_length=100),
                ),
                ("quote", models.TextField(blank=True)),
                (
                    "claims",
                    models.JSONField(
                        blank=True,
                        default=list,
                        help_text="The claims of the record this citation supports: field names (date, city, …) or rows (participant:japan, party:uzbekistan, member:azerbaijan, level:2023). At least one.",
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "actor",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="events.actor",
                    ),
                ),
                (
                    "agreement",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="events.agreement",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "mechanism",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="events.mechanism",
                    ),
                ),
                (
                    "source",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="events.source",
                    ),
                ),
                (
                    "summit",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="events.summit",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical citation",
                "verbose_name_plural": "historical citations",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalAgreement",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("created_at", models.DateTimeField(blank=True, editable=False)),
                ("updated_at", models.DateTimeField(blank=True, editable=False)),
                (
                    "slug",
                    models.SlugField(
                        help_text="Stable identifier used in URLs, the API, fixtures and CSV files. Do not change it once published.",
                        max_length=120,
                    ),
                ),
                (
                    "inferred",
                    models.JSONField(
                        blank=True,
                        default=dict,
                        help_text='Claims no citation supports, each with a note saying from what it was inferred: {"host": "From the city: Tokyo is in Japan."}. Claims are field names (date, city, …) or rows (participant:japan, party:uzbekistan, member:azerbaijan, level:2023).',
                    ),
                ),
                ("name", models.CharField(max_length=250)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("declaration", "declaration"),
                            ("treaty", "treaty"),
                            ("agreement", "agreement"),
                            ("roadmap", "roadmap"),
                            ("strategy", "strategy"),
                            ("vision", "vision document"),
                            ("initiative", "initiative"),
                            ("investment_plan", "investment plan"),
                            ("project", "project"),
                            ("proposal", "proposal"),
                        ],
                        max_length=20,
                    ),
                ),
                (
                    "date",
                    models.DateField(
                        blank=True,
                        help_text="Stored as the first day of the period when known only to the month or year.",
                        null=True,
                        verbose_name="date",
                    ),
                ),
                (
                    "date_precision",
                    models.CharField(
                        blank=True,
                        choices=[("day", "day"), ("month", "month"), ("year", "year")],
                        max_length=5,
                        verbose_name="date precision",
                    ),
                ),
                (
                    "date_text",
                    models.CharField(
                        blank=True,
                        editable=False,
                        help_text="The date as EDTF text (2025-04, 2025-11?, 2019/2025); filled on save.",
                        max_length=40,
                        verbose_name="date (EDTF)",
                    ),
                ),
                (
                    "date_earliest",
                    models.DateField(
                        blank=True, db_index=True, editable=False, null=True, verbose_name="date, earliest day"
                    ),
                ),
                (
                    "date_latest",
                    models.DateField(
                        blank=True, db_index=True, editable=False, null=True, verbose_name="date, latest day"
                    ),
                ),
                (
                    "value_amount",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=20,
                        null=True,
                        validators=[django.core.validators.MinValueValidator(0)],
                        verbose_name="value",
                    ),
                ),
                (
                    "value_currency",
                    models.CharField(
                        blank=True,
                        max_length=3,
                        validators=[
                            django.core.validators.RegexValidator("^[A-Z]{3}$", "Use an ISO 4217 code such as USD.")
                        ],
                        verbose_name="currency",
                    ),
                ),
                ("description", models.TextField(blank=True)),
                (
                    "curator_note",
                    models.TextField(blank=True, help_text="Doubts about the source, marked as a curator's note."),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "mechanism",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="events.mechanism",
                    ),
                ),
                (
                    "summit",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="events.summit",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical agreement",
                "verbose_name_plural": "historical agreements",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="Citation",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "locator",
                    models.CharField(blank=True, help_text='Where in the source, e.g. "footnote 3".', max_length=100),
                ),
                ("quote", models.TextField(blank=True)),
                (
                    "claims",
                    models.JSONField(
                        blank=True,
                        default=list,
                        help_text="The claims of the record this citation supports: field names (date, city, …) or rows (participant:japan, party:uzbekistan, member:azerbaijan, level:2023). At least one.",
                    ),
                ),
                (
                    "actor",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="citations",
                        to="events.actor",
                    ),
                ),
                (
                    "agreement",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="citations",
                        to="events.agreement",
                    ),
                ),
                (
                    "mechanism",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="citations",
                        to="events.mechanism",
                    ),
                ),
                (
                    "source",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="citations", to="events.source"
                    ),
                ),
                (
                    "summit",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="citations",
                        to="events.summit",
                    ),
                ),
            ],
            options={
                "verbose_name": "citation",
                "verbose_name_plural": "citations",
                "ordering": ["source", "locator", "pk"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("actor__isnull", True),
                                ("agreement__isnull", True),
                                ("mechanism__isnull", True),
                                ("summit__isnull", False),
                            ),
                            models.Q(
                                ("actor__isnull", True),
                                ("agreement__isnull", True),
                                ("mechanism__isnull", False),
                                ("summit__isnull", True),
                            ),
                            models.Q(
                                ("actor__isnull", True),
                                ("agreement__isnull", False),
                                ("mechanism__isnull", True),
                                ("summit__isnull", True),
                            ),
                            models.Q(
                                ("actor__isnull", False),
                                ("agreement__isnull", True),
                                ("mechanism__isnull", True),
                                ("summit__isnull", True),
                            ),
                            _connector="OR",
                        ),
                        name="events_citation_cites_exactly_one_record",
                        violation_error_message="A citation belongs to exactly one summit, mechanism, agreement or actor.",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("summit__isnull", False)),
                        fields=("summit", "source", "locator"),
                        name="events_citation_unique_summit_locator",
                        violation_error_message="This summit already cites this source at this locator.",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("mechanism__isnull", False)),
                        fields=("mechanism", "source", "locator"),
                        name="events_citation_unique_mechanism_locator",
                        violation_error_message="This mechanism already cites this source at this locator.",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("agreement__isnull", False)),
                        fields=("agreement", "source", "locator"),
                        name="events_citation_unique_agreement_locator",
                        violation_error_message="This agreement already cites this source at this locator.",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("actor__isnull", False)),
                        fields=("actor", "source", "locator"),
                        name="events_citation_unique_actor_locator",
                        violation_error_message="This actor already cites this source at this locator.",
                    ),
                ],
            },
        ),
        migrations.AddField(
            model_name="agreement",
            name="summit",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="agreements",
                to="events.summit",
            ),
        ),
        migrations.AddField(
            model_name="agreement",
            name="topics",
            field=models.ManyToManyField(blank=True, related_name="agreements", to="events.topic"),
        ),
        migrations.AddConstraint(
            model_name="participation",
            constraint=models.UniqueConstraint(
                fields=("summit", "actor"),
                name="events_participation_unique_actor",
                violation_error_message="This actor is already listed at this summit.",
            ),
        ),
        migrations.RunPython(first_version, migrations.RunPython.noop),
        migrations.RunPython(number_changes, unnumber_changes),
        migrations.RunPython(
            run_for_vendor({"sqlite": SQLITE_FORWARDS, "postgresql": PG_FORWARDS}),
            run_for_vendor({"sqlite": SQLITE_BACKWARDS, "postgresql": PG_BACKWARDS}),
        ),
    ]
