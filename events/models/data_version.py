"""The token every committed change replaces, so that cached API reads are not served stale (events.cache)."""

from django.db import models


class DataVersion(models.Model):
    """One row whose token changes after every committed change to the records (events.cache),
    so that cached API responses are not served once the data they show has changed."""

    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField()

    class Meta:
        verbose_name = "data version"

    def __str__(self):
        return f"{self.token} ({self.changed_at:%Y-%m-%d %H:%M:%S})"
