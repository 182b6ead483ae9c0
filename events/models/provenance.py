"""Citations: which source, at which locator, supports a main record."""

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from .base import TimeStampedModel
from .records import Actor, Agreement, Mechanism, Source, Summit

CITING_FIELDS = ("summit", "mechanism", "agreement", "actor")


class CitationManager(models.Manager):
    def get_by_natural_key(self, source, record_type, record, locator):
        if record_type not in CITING_FIELDS:
            raise self.model.DoesNotExist(f"Unknown cited record type {record_type!r}.")
        return self.get(source__slug=source, locator=locator, **{f"{record_type}__slug": record})


class Citation(TimeStampedModel):
    """A main record citing a source, with a locator (footnote) and an optional quote."""

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="citations")
    summit = models.ForeignKey(Summit, on_delete=models.CASCADE, null=True, blank=True, related_name="citations")
    mechanism = models.ForeignKey(Mechanism, on_delete=models.CASCADE, null=True, blank=True, related_name="citations")
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, null=True, blank=True, related_name="citations")
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, null=True, blank=True, related_name="citations")
    locator = models.CharField(max_length=100, blank=True, help_text='Where in the source, e.g. "footnote 3".')
    quote = models.TextField(blank=True)

    objects = CitationManager()
    history = HistoricalRecords()

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

    @property
    def record_type(self) -> str:
        return next((field for field in CITING_FIELDS if getattr(self, f"{field}_id")), "")

    @property
    def record(self):
        return getattr(self, self.record_type) if self.record_type else None

    def natural_key(self):
        return (self.source.slug, self.record_type, self.record.slug, self.locator)

    natural_key.dependencies = [
        "events.source",
        "events.summit",
        "events.mechanism",
        "events.agreement",
        "events.actor",
    ]
