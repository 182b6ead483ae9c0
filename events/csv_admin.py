"""Import and export buttons for the admin: django-import-export's views with cainfo's rules.

The preview (dry run) and the confirmed import run the same resource, and the confirmed import
goes through events.importing.import_dataset (one transaction, nothing written on any error).
The upload is checked before anything else: size limit, encoding, shape of the table.
"""

from django.contrib import messages
from django.contrib.auth import get_permission_codename
from django.http import HttpResponseRedirect
from django.urls import reverse
from import_export.admin import ImportExportMixin
from import_export.forms import ExportForm, ImportForm

from .importing import ADMIN_FORMATS, ImportFileError, import_dataset, max_import_bytes, read_dataset
from .resources import MODEL_RESOURCES, RESOURCES

MAX_ERRORS_SHOWN = 20


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


class CsvImportForm(ImportForm):
    """The upload form, refusing oversized, undecodable and malformed files with the reason."""

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.formats = formats

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("import_file")
        index = cleaned.get("format")
        if upload is None or index in (None, ""):
            return cleaned
        limit = max_import_bytes()
        if upload.size > limit:
            self.add_error(
                "import_file",
                f"The file is {_megabytes(upload.size)}; the admin imports files up to {_megabytes(limit)}. "
                "Split it, or import it with `python manage.py import_csv`.",
            )
            return cleaned
        data = b"".join(upload.chunks())
        upload.seek(0)
        try:
            read_dataset(data=data, file_format=self.formats[int(index)].name)
        except ImportFileError as error:
            for problem in error.errors[:MAX_ERRORS_SHOWN]:
                self.add_error("import_file", str(problem))
        return cleaned


class CsvExportForm(ExportForm):
    """Every column, always (an export is a valid import file), in CSV unless the curator picks another format."""

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        csv = next((index for index, file_format in enumerate(formats) if file_format().get_title() == "csv"), None)
        if csv is not None:
            self.fields["format"].initial = str(csv)


class CsvImportExportMixin(ImportExportMixin):
    """Import and export buttons on a changelist, with the model's resource from RESOURCES."""

    formats = ADMIN_FORMATS
    import_form_class = CsvImportForm
    export_form_class = CsvExportForm

    def get_resource_classes(self, request):
        return [RESOURCES[MODEL_RESOURCES[self.model]]]

    def get_data_for_export(self, request, queryset, **kwargs):
        dataset = super().get_data_for_export(request, queryset, **kwargs)
        dataset.title = MODEL_RESOURCES[self.model]  # the XLSX sheet's name
        return dataset

    def has_import_permission(self, request):
        """An import adds and changes records: it needs both permissions (the setting names one)."""
        add = get_permission_codename("add", self.opts)
        return super().has_import_permission(request) and request.user.has_perm(f"{self.opts.app_label}.{add}")

    def process_dataset(self, dataset, form, request, **kwargs):
        file_name = kwargs.get("file_name") or form.cleaned_data.get("original_file_name") or ""
        report = import_dataset(
            name=MODEL_RESOURCES[self.model],
            dataset=dataset,
            user=request.user,
            file_name=file_name,
            retain_instances=True,  # the admin's LogEntry rows need them
        )
        report.result.csv_report = report
        return report.result

    def process_result(self, result, request):
        """After the confirmed import; if the data changed since the preview and a row now fails,
        nothing was written and the errors are shown instead of a success message."""
        report = getattr(result, "csv_report", None)
        if report is not None and not report.ok:
            shown = "; ".join(str(error) for error in report.errors[:MAX_ERRORS_SHOWN])
            messages.error(request, f"Nothing was imported: {len(report.errors)} errors. {shown}")
            return HttpResponseRedirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"))
        return super().process_result(result, request)
