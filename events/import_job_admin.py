"""The admin's pages for background imports (events.import_jobs): a job's progress page, which
refreshes itself until the job ends (a <meta> refresh: the CSP allows no inline script), and its
confirm button. Only the user who uploaded the file sees or confirms the job; anyone else gets a 404."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST

from .import_jobs import confirm, create_preview, interrupted, rows_done
from .models import ImportJob
from .resources import MODEL_RESOURCES

ERRORS_SHOWN = 200
ERROR_KEYS = ("row", "column", "value", "reason")


class ImportJobAdminMixin:
    """For a ModelAdmin with django-import-export's ImportMixin: large files go to a job."""

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path("import/job/<int:pk>/", self.admin_site.admin_view(self.import_job_view), name=f"{prefix}_import_job"),
            path(
                "import/job/<int:pk>/confirm/",
                self.admin_site.admin_view(self.import_job_confirm),
                name=f"{prefix}_import_job_confirm",
            ),
            *super().get_urls(),
        ]

    def import_job_url(self, job: ImportJob) -> str:
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_import_job", args=[job.pk])

    def start_background_preview(self, request, import_form):
        """Keep the upload and start its preview as a job; the answer is the job's page."""
        upload = import_form.cleaned_data["import_file"]
        input_format = self.get_import_formats()[int(import_form.cleaned_data["format"])]()
        storage = self.write_to_tmp_storage(upload, input_format)
        job = create_preview(
            user=request.user,
            table=MODEL_RESOURCES[self.model],
            file_name=upload.name,
            file_format=input_format.name,
            upload=storage.name,
            total=import_form.row_count,
        )
        return HttpResponseRedirect(self.import_job_url(job))

    def _own_job(self, request, pk: int) -> ImportJob:
        if not self.has_import_permission(request):
            raise PermissionDenied
        return get_object_or_404(ImportJob, pk=pk, user=request.user, table=MODEL_RESOURCES[self.model])

    def import_job_view(self, request, pk: int):
        job = self._own_job(request, pk)
        stopped = interrupted(job)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Import {self.opts.verbose_name_plural}",
            "opts": self.opts,
            "job": job,
            "done": rows_done(job),
            "interrupted": stopped,
            "refresh": settings.IMPORT_JOB_REFRESH_SECONDS if not (job.finished or stopped) else None,
            "errors": [dict(zip(ERROR_KEYS, error, strict=True)) for error in job.errors[:ERRORS_SHOWN]],
            "errors_not_shown": max(job.error_count - ERRORS_SHOWN, 0),
            "confirm_url": reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_import_job_confirm", args=[job.pk]
            ),
            "import_url": reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_import"),
            "changelist_url": reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"),
        }
        return TemplateResponse(request, "admin/events/import_job.html", context)

    @method_decorator(require_POST)
    def import_job_confirm(self, request, pk: int):
        job = self._own_job(request, pk)
        if not confirm(job):
            messages.error(request, "This file is not waiting for confirmation (already confirmed, or refused).")
        return HttpResponseRedirect(self.import_job_url(job))
