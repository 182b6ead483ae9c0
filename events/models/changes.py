"""The change feed's log: one row per create, update or delete of a record or relation row (events.changes)."""

from django.db import models


class Change(models.Model):
    """One change to one row, kept for the change feed (`/api/v1/changes/`); deleted rows stay here
    as tombstones. `seq` is the feed's order: the database gives it out at commit time, in the
    order transactions commit (see docs/changes.md), so it is empty until the change commits."""

    class Action(models.TextChoices):
        CREATED = "created"
        UPDATED = "updated"
        DELETED = "deleted"

    seq = models.BigIntegerField(null=True, blank=True, unique=True, editable=False)
    record_type = models.CharField(max_length=40, help_text="The row's model: `summit`, `participation`, …")
    row_id = models.BigIntegerField()
    slug = models.CharField(max_length=120, blank=True, help_text="A main record's slug; empty for relation rows.")
    natural_key = models.JSONField(help_text="The row's natural key (a main record's: its slug).")
    action = models.CharField(max_length=7, choices=Action.choices)
    at = models.DateTimeField(help_text="When the change was made.")
    # the main record the change's link points at: the record itself, or the record that owns the row
    link_type = models.CharField(max_length=40, blank=True)
    link_slug = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["seq"]
        verbose_name = "change"
        verbose_name_plural = "changes"

    def __str__(self):
        return f"{self.action} {self.record_type} {'/'.join(map(str, self.natural_key))}"
