"""Other names and identifiers of actors, mechanisms, summits and agreements (Popolo's
`other_names` and `identifiers`), which search finds a record by."""

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from ..dates import precision_constraints
from .base import PartialDate, TimeStampedModel
from .records import Actor, Agreement, Mechanism, Summit

NAMED_FIELDS = ("summit", "mechanism", "agreement", "actor")
ISO3_SCHEME = "iso3166-1-alpha-3"


def _one_record_constraint(what: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(
            *[Q(**{f"{named}__isnull": named != field for named in NAMED_FIELDS}) for field in NAMED_FIELDS],
            _connector=Q.OR,
        ),
        name="%(app_label)s_%(class)s_belongs_to_exactly_one_record",
        violation_error_message=f"{what} belongs to exactly one summit, mechanism, agreement or actor.",
    )


def record_foreign_keys(related_name: str) -> tuple[models.ForeignKey, ...]:
    """The four nullable foreign keys of a row that belongs to one record, in NAMED_FIELDS order."""
    return tuple(
        models.ForeignKey(model, on_delete=models.CASCADE, null=True, blank=True, related_name=related_name)
        for model in (Summit, Mechanism, Agreement, Actor)
    )


class RecordRow(TimeStampedModel):
    """Abstract base: a row that belongs to exactly one actor, mechanism, summit or agreement,
    held in one of four nullable foreign keys, as a Citation is."""

    class Meta:
        abstract = True

    @property
    def record_type(self) -> str:
        return next((field for field in NAMED_FIELDS if getattr(self, f"{field}_id")), "")

    @property
    def record(self):
        return getattr(self, self.record_type) if self.record_type else None


class OtherNameManager(models.Manager):
    def get_by_natural_key(self, record_type, record, name):
        if record_type not in NAMED_FIELDS:
            raise self.model.DoesNotExist(f"Unknown named record type {record_type!r}.")
        return self.get(name=name, **{f"{record_type}__slug": record})


class OtherName(RecordRow):
    """Another name a record is known by: an acronym, a short or former name, a translation
    or a transliteration, in a language, perhaps only for a time."""

    class Kind(models.TextChoices):
        ACRONYM = "acronym", "acronym"
        SHORT_NAME = "short_name", "short name"
        FORMER_NAME = "former_name", "former name"
        TRANSLATION = "translation", "translation"
        TRANSLITERATION = "transliteration", "transliteration"
        ALTERNATIVE = "alternative", "alternative name"

    summit, mechanism, agreement, actor = record_foreign_keys("other_names")
    name = models.CharField(max_length=250)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    language = models.CharField(
        max_length=8,
        blank=True,
        help_text="ISO 639-1 code of the name's language, e.g. en, tr.",
        validators=[RegexValidator(r"^[a-z]{2,3}(-[A-Za-z0-9]+)?$", "Use an ISO 639 code such as en or tr.")],
    )
    start = PartialDate("in use from")
    end = PartialDate("in use until")
    note = models.TextField(blank=True, help_text="Where the name is given, or from what it was inferred.")

    objects = OtherNameManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = "other name"
        verbose_name_plural = "other names"
        constraints = [
            _one_record_constraint("An other name"),
            *precision_constraints("start"),
            *precision_constraints("end"),
            models.CheckConstraint(
                # on bounds, as for memberships: in use from 2019-06 until 2019 is valid
                condition=Q(start_earliest__isnull=True) | Q(end_latest__isnull=True)
                | Q(end_latest__gte=models.F("start_earliest")),
                name="%(app_label)s_%(class)s_end_not_before_start",
                violation_error_message="A name cannot go out of use before it comes into use.",
            ),
            *[
                models.UniqueConstraint(
                    fields=[field, "name"],
                    condition=Q(**{f"{field}__isnull": False}),
                    name=f"%(app_label)s_%(class)s_unique_{field}_name",
                    violation_error_message=f"This {field} already has this other name.",
                )
                for field in NAMED_FIELDS
            ],
        ]

    def __str__(self):
        return f"{self.name} ({self.get_kind_display()})"

    def natural_key(self):
        return (self.record_type, self.record.slug, self.name)

    natural_key.dependencies = ["events.summit", "events.mechanism", "events.agreement", "events.actor"]

    def claim_key(self) -> str:
        return f"other_name:{self.name}"


class IdentifierManager(models.Manager):
    def get_by_natural_key(self, scheme, value):
        return self.get(scheme=scheme, value=value)


class Identifier(RecordRow):
    """A record's identifier in a scheme, such as its Wikidata QID; unique within the scheme.
    A state's ISO 3166 alpha-3 code stays on the actor (`iso3`) and is searched as the scheme
    `iso3166-1-alpha-3`."""

    summit, mechanism, agreement, actor = record_foreign_keys("identifiers")
    scheme = models.CharField(
        max_length=40,
        validators=[RegexValidator(r"^[a-z0-9][a-z0-9._-]*$", "Use a lower-case scheme name such as wikidata.")],
        help_text="wikidata, or another lower-case scheme name.",
    )
    value = models.CharField(max_length=200)

    objects = IdentifierManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["scheme", "value"]
        verbose_name = "identifier"
        verbose_name_plural = "identifiers"
        constraints = [
            _one_record_constraint("An identifier"),
            models.UniqueConstraint(
                fields=["scheme", "value"],
                name="%(app_label)s_%(class)s_unique_in_scheme",
                violation_error_message="Another record already has this identifier in this scheme.",
            ),
            models.CheckConstraint(
                condition=~Q(scheme=ISO3_SCHEME),
                name="%(app_label)s_%(class)s_iso3_on_actor",
                violation_error_message="A state's ISO 3166 alpha-3 code is its actor's iso3 field.",
            ),
            models.CheckConstraint(
                condition=~Q(scheme="wikidata") | Q(value__regex=r"^Q[1-9][0-9]*$"),
                name="%(app_label)s_%(class)s_wikidata_qid",
                violation_error_message="A Wikidata identifier is a QID such as Q232.",
            ),
        ]

    def __str__(self):
        return f"{self.scheme}:{self.value}"

    def natural_key(self):
        return (self.scheme, self.value)

    def claim_key(self) -> str:
        return f"identifier:{self.scheme}:{self.value}"
