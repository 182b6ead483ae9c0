"""Abstract bases and field helpers every record shares: timestamps, slugs as natural keys, partial dates,
the inferred claims of cited records."""

import contextlib
import contextvars
import functools
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import get_script_prefix, get_urlconf, reverse
from simple_history.models import HistoricalRecords

from ..dates import DatePrecision, EdtfDate, edtf_from_columns
from ..provenance import inferred_problem

SLUG_FIXED = "A published slug cannot be changed: the record's URL and every file that names it depend on it."
SLUG_HELP = "Stable identifier used in URLs, the API, fixtures and CSV files. Do not change it once published."


def date_field(verbose_name: str, **kwargs) -> models.DateField:
    return models.DateField(
        verbose_name,
        null=True,
        blank=True,
        help_text="Stored as the first day of the period when known only to the month or year.",
        **kwargs,
    )


def precision_field(verbose_name: str) -> models.CharField:
    return models.CharField(verbose_name, max_length=5, choices=DatePrecision.choices, blank=True)


def bound_field(verbose_name: str) -> models.DateField:
    return models.DateField(verbose_name, null=True, blank=True, editable=False, db_index=True)


class PartialDate:
    """A date field in one line: `signed = PartialDate("signed")` adds the columns `signed` (first
    day of the first known date's period, as before), `signed_precision`, `signed_text` (the EDTF
    text) and `signed_earliest` / `signed_latest` (indexed bounds, null where open). Every save,
    fixture load included, fills text and bounds from the other two, so writers that set only
    (value, precision) stay right; `set_partial_date` writes all five from EDTF text. Add
    `*precision_constraints("signed")` to the model's Meta."""

    def __init__(self, verbose_name: str):
        self.fields = {
            "": date_field(verbose_name),
            "_precision": precision_field(f"{verbose_name} precision"),
            "_text": models.CharField(
                f"{verbose_name} (EDTF)", max_length=40, blank=True, editable=False, help_text=EDTF_TEXT_HELP
            ),
            "_earliest": bound_field(f"{verbose_name}, earliest day"),
            "_latest": bound_field(f"{verbose_name}, latest day"),
        }

    def contribute_to_class(self, cls, name):
        for suffix, field in self.fields.items():
            cls.add_to_class(f"{name}{suffix}", field)
        if not cls._meta.abstract:
            PARTIAL_DATES.setdefault(cls, []).append(name)
            uid = f"partial-dates-{cls.__name__}"
            models.signals.pre_save.connect(fill_date_bounds, sender=cls, weak=False, dispatch_uid=uid)


def date_order_indexes(table: str) -> list[models.Index]:
    """The indexes of a record listed in date order and filtered by its `date`'s bounds
    (`year=`, `date_after=`, `date_before=`, filters.overlaps): the list order with the bounds,
    so a filtered page's ids are read from the index alone (the ids of page 1,000 too), and the
    bounds alone, for the filtered count. With only the order, SQLite read the table for every
    record before the first match: 60-150 ms for a page of `?year=2020` at scale 1."""
    order = ["date", "name", "id", "date_earliest", "date_latest", "date_text"]
    return [
        models.Index(fields=order, name=f"{table}_order_idx"),
        # the latest day first: `date_after=` and `year=` then search it (`date_before=` reads date_earliest's own)
        models.Index(fields=["date_latest", "date_earliest", "date_text"], name=f"{table}_bounds_idx"),
    ]


EDTF_TEXT_HELP = "The date as EDTF text (2025-04, 2025-11?, 2019/2025); filled on save."

#: model -> the names of its PartialDate fields
PARTIAL_DATES: dict[type[models.Model], list[str]] = {}


def partial_date_names(model) -> list[str]:
    return PARTIAL_DATES.get(model if isinstance(model, type) else type(model), [])


def set_partial_date(instance, name: str, date: EdtfDate | None) -> None:
    """Write one partial date's five columns from a parsed EDTF date (None clears them)."""
    setattr(instance, name, date.value if date else None)
    setattr(instance, f"{name}_precision", date.precision if date else "")
    setattr(instance, f"{name}_text", date.text if date else "")
    setattr(instance, f"{name}_earliest", date.earliest if date else None)
    setattr(instance, f"{name}_latest", date.latest if date else None)


def fill_date_bounds(sender=None, instance=None, **kwargs) -> None:
    """pre_save (also for fixtures) and the bulk paths: text and bounds from (value, precision)."""
    for name in partial_date_names(instance):
        date = instance.edtf(name)  # (value, precision) stay as written, for the constraints to judge
        setattr(instance, f"{name}_text", date.text if date else "")
        setattr(instance, f"{name}_earliest", date.earliest if date else None)
        setattr(instance, f"{name}_latest", date.latest if date else None)


class TimeStampedModel(models.Model):
    """Abstract base: when a row was created and last changed."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def clean_fields(self, exclude=None):
        """Then fills the date bounds, so that the constraints on bounds judge the dates as written."""
        super().clean_fields(exclude=exclude)
        fill_date_bounds(instance=self)

    def edtf(self, field: str = "date") -> EdtfDate | None:
        """A date field as its parsed EDTF date, or None."""
        return edtf_from_columns(
            getattr(self, field), getattr(self, f"{field}_precision"), getattr(self, f"{field}_text", "")
        )

    def partial_date(self, field: str = "date") -> str:
        """The EDTF text of a date field: level 0 is ISO 8601 at its precision ("2025-04")."""
        date = self.edtf(field)
        return date.text if date else ""

    def partial_date_display(self, field: str = "date") -> str:
        """A date field in words ("April 2025", "about 2004", "2019 to 2025")."""
        date = self.edtf(field)
        return date.words() if date else ""


#: (model, database, slug) -> the record, while natural_keys_remembered() runs (None otherwise)
_remembered: contextvars.ContextVar[dict | None] = contextvars.ContextVar("remembered_natural_keys", default=None)


@contextlib.contextmanager
def natural_keys_remembered():
    """Inside the block, a record found by its slug is found again without a query (deserializing
    a fixture file looks up the same summits and actors for every row that names them). For
    code that only reads what it finds: the same instance is returned each time."""
    token = _remembered.set({})
    try:
        yield
    finally:
        _remembered.reset(token)


class KeyedHistory(HistoricalRecords):
    """django-simple-history's versions, indexed as a record's history page reads them
    (events.api.history): each row's versions in date order, and, per foreign key in `keys`,
    the versions of the rows that name a record in date order (read from the index alone)."""

    def __init__(self, *, keys: tuple[str, ...] = (), **options):
        super().__init__(**options)
        self.keys = keys

    def get_meta_options(self, model):
        meta = super().get_meta_options(model)
        order = ["history_date", "history_id"]
        meta["indexes"] = (
            *meta.get("indexes", ()),
            *(models.Index(fields=[key, *order]) for key in (model._meta.pk.attname, *self.keys)),
        )
        return meta


class SlugManager(models.Manager):
    def get_by_natural_key(self, slug):
        remembered = _remembered.get()
        if remembered is None:
            return self.get(slug=slug)
        key = (self.model, self.db, slug)
        if key not in remembered:
            remembered[key] = self.get(slug=slug)  # a slug not found is looked up again next time
        return remembered[key]


SLUG_PLACEHOLDER = "__slug__"
PLAIN_SLUG = re.compile(r"[-a-zA-Z0-9_]+")


def page_url(view_name: str, slug: str) -> str:
    """`reverse(view_name, args=[slug])` for a record's page: the URL with a placeholder is
    reversed once (per URLconf and script prefix), as a timeline page links a few hundred records."""
    if not PLAIN_SLUG.fullmatch(slug):
        return reverse(view_name, args=[slug])
    template = _url_with_placeholder(view_name, get_script_prefix(), get_urlconf(), settings.ROOT_URLCONF)
    return template.replace(SLUG_PLACEHOLDER, slug)


@functools.cache
def _url_with_placeholder(view_name: str, script_prefix: str, urlconf, root_urlconf: str) -> str:
    return reverse(view_name, args=[SLUG_PLACEHOLDER], urlconf=urlconf)


class SluggedModel(TimeStampedModel):
    """Abstract base for main records: a unique, stable slug as natural key."""

    slug = models.SlugField(max_length=120, unique=True, help_text=SLUG_HELP)

    objects = SlugManager()

    class Meta:
        abstract = True

    def natural_key(self):
        return (self.slug,)

    def slug_is_fixed(self) -> bool:
        """The one rule for the admin and the API: once saved, the slug is published and read-only."""
        return not self._state.adding


INFERRED_HELP = (
    "Claims no citation supports, each with a note saying from what it was inferred: "
    '{"host": "From the city: Tokyo is in Japan."}. Claims are field names (date, city, …) or rows '
    "(participant:japan, party:uzbekistan, member:azerbaijan, level:2023)."
)


class CitedRecord(SluggedModel):
    """Abstract base for the records whose facts are cited claim by claim (events.provenance):
    summits, agreements, mechanisms and actors."""

    inferred = models.JSONField(default=dict, blank=True, help_text=INFERRED_HELP)

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        problem = inferred_problem(self, self.inferred)
        if problem:
            raise ValidationError({"inferred": problem})
