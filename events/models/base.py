"""Abstract bases and field helpers every record shares: timestamps, slugs as natural keys, partial dates."""

from django.db import models

from ..dates import DatePrecision, format_partial_date, humanize_partial_date

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


class TimeStampedModel(models.Model):
    """Abstract base: when a row was created and last changed."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def partial_date(self, field: str = "date") -> str:
        """The ISO 8601 text of a date field at its precision ("2025-04")."""
        return format_partial_date(getattr(self, field), getattr(self, f"{field}_precision"))

    def partial_date_display(self, field: str = "date") -> str:
        """A date field in words at its precision ("April 2025")."""
        return humanize_partial_date(getattr(self, field), getattr(self, f"{field}_precision"))


class SlugManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


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
