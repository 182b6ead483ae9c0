"""An admin import running in the background (events.import_jobs): whose it is, how far it got, what it found."""

from django.conf import settings
from django.db import models


class ImportJob(models.Model):
    """One uploaded file's preview or import, run outside the request; every worker reads its state here."""

    class Step(models.TextChoices):
        PREVIEW = "preview", "preview"
        IMPORT = "import", "import"

    class Status(models.TextChoices):
        QUEUED = "queued", "queued"
        RUNNING = "running", "running"
        PREVIEWED = "previewed", "previewed, waiting for confirmation"
        DONE = "done", "imported"
        FAILED = "failed", "refused, nothing was written"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_jobs")
    table = models.CharField(max_length=40, help_text="The table imported into (a key of events.resources.RESOURCES).")
    file_name = models.CharField(max_length=255, blank=True, help_text="The uploaded file's own name.")
    file_format = models.CharField(max_length=10)
    upload = models.CharField(max_length=32, blank=True, help_text="The upload's name in the upload folder.")
    step = models.CharField(max_length=10, choices=Step.choices, default=Step.PREVIEW)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    new = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True, help_text="[row, column, value, reason] of every bad row.")
    error_count = models.PositiveIntegerField(default=0)
    queued_at = models.DateTimeField(auto_now_add=True)
    touched_at = models.DateTimeField(auto_now=True, help_text="When the job last wrote its state.")

    class Meta:
        ordering = ["-queued_at", "-pk"]
        verbose_name = "import job"
        verbose_name_plural = "import jobs"

    def __str__(self):
        return f"{self.step} of {self.file_name or self.table} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.PREVIEWED, self.Status.DONE, self.Status.FAILED)
