"""Citations: which source, at which locator, supports which claims of a main record; and the
sources' own text, in numbered paragraphs, that quotes are checked against."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from ..provenance import claims_problem
from ..source_text import paragraph_number, quote_in
from .base import KeyedHistory, TimeStampedModel
from .records import Actor, Agreement, Mechanism, Source, Summit

CITING_FIELDS = ("summit", "mechanism", "agreement", "actor")


class SourceParagraphManager(models.Manager):
    def get_by_natural_key(self, source, number):
        return self.get(source__slug=source, number=number)


class SourceParagraph(models.Model):
    """One numbered paragraph of a source's own text; quotes located in it are checked against it."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="paragraphs")
    number = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    text = models.TextField()

    objects = SourceParagraphManager()

    class Meta:
        ordering = ["source", "number"]
        verbose_name = "source paragraph"
        verbose_name_plural = "source paragraphs"
        constraints = [
            models.UniqueConstraint(
                fields=["source", "number"],
                name="%(app_label)s_%(class)s_unique_number",
                violation_error_message="This source already has a paragraph with this number.",
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="%(app_label)s_%(class)s_number_positive",
                violation_error_message="Paragraphs are numbered from 1.",
            ),
        ]

    def __str__(self):
        return f"{self.source.title}, paragraph {self.number}"

    def natural_key(self):
        return (self.source.slug, self.number)

    natural_key.dependencies = ["events.source"]


class CitationManager(models.Manager):
    def get_by_natural_key(self, source, record_type, record, locator):
        if record_type not in CITING_FIELDS:
            raise self.model.DoesNotExist(f"Unknown cited record type {record_type!r}.")
        return self.get(source__slug=source, locator=locator, **{f"{record_type}__slug": record})


class Citation(TimeStampedModel):
    """A main record citing a source for some of its claims, with a locator (footnote, paragraph)
    and an optional quote, checked against the located paragraph when the source holds its text."""

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="citations")
    summit = models.ForeignKey(Summit, on_delete=models.CASCADE, null=True, blank=True, related_name="citations")
    mechanism = models.ForeignKey(Mechanism, on_delete=models.CASCADE, null=True, blank=True, related_name="citations")
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, null=True, blank=True, related_name="citations")
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, null=True, blank=True, related_name="citations")
    locator = models.CharField(max_length=100, blank=True, help_text='Where in the source, e.g. "footnote 3".')
    quote = models.TextField(blank=True)
    claims = models.JSONField(
        default=list,
        blank=True,
        help_text="The claims of the record this citation supports: field names (date, city, …) or rows "
        "(participant:japan, party:uzbekistan, member:azerbaijan, level:2023). At least one.",
    )

    objects = CitationManager()
    history = KeyedHistory(keys=("actor", "mechanism", "summit", "agreement", "source"))

    class Meta:
        ordering = ["source", "locator", "pk"]
        verbose_name = "citation"
        verbose_name_plural = "citations"
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    *[Q(**{f"{cited}__isnull": cited != field for cited in CITING_FIELDS}) for field in CITING_FIELDS],
                    _connector=Q.OR,
                ),
                name="%(app_label)s_%(class)s_cites_exactly_one_record",
                violation_error_message="A citation belongs to exactly one summit, mechanism, agreement or actor.",
            ),
            *[
                models.UniqueConstraint(
                    fields=[field, "source", "locator"],
                    condition=Q(**{f"{field}__isnull": False}),
                    name=f"%(app_label)s_%(class)s_unique_{field}_locator",
                    violation_error_message=f"This {field} already cites this source at this locator.",
                )
                for field in CITING_FIELDS
            ],
        ]

    def __str__(self):
        where = f", {self.locator}" if self.locator else ""
        return f"{self.record} cites {self.source}{where}"

    def clean(self):
        super().clean()
        errors = {}
        problem = claims_problem(self.record, self.claims)
        if problem:
            errors["claims"] = problem
        problem = self.quote_problem()
        if problem:
            errors["quote" if problem.startswith("The quote") else "locator"] = problem
        if errors:
            raise ValidationError(errors)

    @property
    def record_type(self) -> str:
        return next((field for field in CITING_FIELDS if getattr(self, f"{field}_id")), "")

    @property
    def record(self):
        return getattr(self, self.record_type) if self.record_type else None

    def natural_key(self):
        return (self.source.slug, self.record_type, self.record.slug, self.locator)

    def located_paragraph(self) -> SourceParagraph | None:
        """The source paragraph a `paragraph N` locator points at, if the source holds its text."""
        number = paragraph_number(self.locator)
        if number is None or not self.source_id:
            return None
        return next((paragraph for paragraph in self.source.paragraphs.all() if paragraph.number == number), None)

    def quote_problem(self) -> str | None:
        """Why the locator or quote does not fit the source's text, or None (also when it has none)."""
        if not self.source_id:
            return None
        paragraphs = list(self.source.paragraphs.all())
        if not paragraphs:
            return None
        title = self.source.title
        number = paragraph_number(self.locator)
        if number is None:
            if self.quote:
                return f'"{title}" holds its text: locate the quote with "paragraph N" (1 to {len(paragraphs)}).'
            return None
        paragraph = next((paragraph for paragraph in paragraphs if paragraph.number == number), None)
        if paragraph is None:
            return f'"{title}" has no paragraph {number}: its text has {len(paragraphs)} paragraphs.'
        if self.quote and not quote_in(self.quote, paragraph.text):
            return (
                f'The quote is not in paragraph {number} of "{title}" (it must appear there verbatim; only '
                f'white space may differ): "{self.quote}"'
            )
        return None

    natural_key.dependencies = [
        "events.source",
        "events.summit",
        "events.mechanism",
        "events.agreement",
        "events.actor",
    ]
