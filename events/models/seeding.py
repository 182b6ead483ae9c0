"""What the seed command wrote (events.seeding)."""

from django.db import models


class SeedRecord(models.Model):
    """What `manage.py seed` wrote for one record, so that `seed --update` can tell a fixture
    correction from a curator's change."""

    model = models.CharField(max_length=100)
    key = models.CharField("natural key", max_length=500)
    fixture = models.CharField(max_length=100)
    fields = models.JSONField(default=dict)
    seeded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = "seed record"
        verbose_name_plural = "seed records"
        constraints = [
            models.UniqueConstraint(
                fields=["model", "key"],
                name="%(app_label)s_%(class)s_unique_record",
                violation_error_message="This record already has a seed record.",
            )
        ]

    def __str__(self):
        return f"{self.model} {self.key} ({self.fixture})"
