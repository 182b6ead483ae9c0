"""Import and export buttons for the admin: django-import-export's views with cainfo's rules.

The preview (dry run) and the confirmed import run the same resource, and the confirmed import
goes through events.importing.import_dataset (one transaction, nothing written on any error).
The upload is checked before anything else: size limit, encoding, shape of the table.

Between the preview and the confirmation the upload is kept under a random name in its own folder
(settings.IMPORT_UPLOAD_ROOT); the confirm form carries a token signed for this user and this
session, never a file name, so the confirm step reads only this user's own upload. The upload is
removed when the import is confirmed, when the preview shows errors, and, unconfirmed, after
UPLOAD_MAX_AGE seconds.

A file of more than settings.IMPORT_BACKGROUND_BYTES (not read in the request at all) or of more
than settings.IMPORT_BACKGROUND_ROWS rows is previewed and imported by a job in the background
instead (events.import_jobs, events.import_job_admin), whose page shows its progress.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_permission_codename
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST
from import_export.admin import ImportExportMixin
from import_export.forms import ConfirmImportForm, ExportForm, ImportForm

from .import_job_admin import ImportJobAdminMixin
from .import_jobs import background_bytes, background_rows
from .importing import ADMIN_FORMATS, ImportFileError, import_dataset, max_import_bytes, read_dataset
from .resources import MODEL_RESOURCES, RESOURCES
from .uploads import UPLOAD_MAX_AGE, UPLOAD_NAME, UploadStorage

MAX_ERRORS_SHOWN = 20
PREVIEW_DIFF_ROWS = 1000  # a larger file's preview lists its rows without each one's changes (bulk dry run)
UPLOAD_SALT = "cainfo.import-upload"


def upload_owner(request) -> dict:
    return {"user": request.user.pk, "session": request.session.session_key or ""}


class SignedConfirmImportForm(ConfirmImportForm):
    """The confirm step: `import_file_name` is a token naming this user's upload in this session."""

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean_import_file_name(self):
        try:
            token = signing.loads(self.cleaned_data["import_file_name"], salt=UPLOAD_SALT, max_age=UPLOAD_MAX_AGE)
        except signing.SignatureExpired:
            raise forms.ValidationError("This upload has expired: upload the file again.") from None
        except signing.BadSignature:
            raise forms.ValidationError("This is not a file you uploaded: upload the file again.") from None
        if token.get("owner") != upload_owner(self.request) or not UPLOAD_NAME.match(str(token.get("name"))):
            raise forms.ValidationError("This upload belongs to another user or session: upload the file again.")
        return token["name"]


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


class CsvImportForm(ImportForm):
    """The upload form, refusing oversized, undecodable and malformed files with the reason."""

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.formats = formats
        self.row_count = 0  # known once the file is read (a small file, in clean())
        self.in_background = False

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
        if upload.size > background_bytes():
            self.in_background = True  # read by the job, which reports what this would have
            return cleaned
        data = b"".join(upload.chunks())
        upload.seek(0)
        try:
            self.row_count = len(read_dataset(data=data, file_format=self.formats[int(index)].name))
            self.in_background = self.row_count > background_rows()
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


class CsvImportExportMixin(ImportJobAdminMixin, ImportExportMixin):
    """Import and export buttons on a changelist, with the model's resource from RESOURCES; a file
    of more than IMPORT_BACKGROUND_ROWS rows is previewed and imported in the background."""

    formats = ADMIN_FORMATS
    import_form_class = CsvImportForm
    confirm_form_class = SignedConfirmImportForm
    export_form_class = CsvExportForm
    tmp_storage_class = UploadStorage

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

    def choose_import_resource_class(self, form, request):
        """The preview's dry run goes through import_dataset too: in bulk (fast) first, and row by
        row with each row's changes only for a small file, or to name the rows a bulk run refused."""
        name = MODEL_RESOURCES[self.model]

        class PreviewResource(super().choose_import_resource_class(form, request)):
            def import_data(self, dataset, dry_run=False, raise_errors=False, **kwargs):
                report = import_dataset(
                    name=name,
                    dataset=dataset,
                    dry_run=True,
                    user=kwargs.get("user"),
                    file_name=kwargs.get("file_name") or "",
                    with_diff=len(dataset) <= PREVIEW_DIFF_ROWS,
                )
                return report.result

        return PreviewResource

    def get_confirm_form_kwargs(self, request, import_form=None):
        return {**super().get_confirm_form_kwargs(request, import_form), "request": request}

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            token = {"name": initial["import_file_name"], "owner": upload_owner(request)}
            initial["import_file_name"] = signing.dumps(token, salt=UPLOAD_SALT)
        return initial

    def write_to_tmp_storage(self, import_file, input_format):
        UploadStorage.remove_stale()
        return super().write_to_tmp_storage(import_file, input_format)

    def create_import_form(self, request):
        """Once per request: the form reads the whole file to check it."""
        if not hasattr(request, "_cainfo_import_form"):
            request._cainfo_import_form = super().create_import_form(request)
        return request._cainfo_import_form

    def import_action(self, request, **kwargs):
        """The preview, here or (a large file) in the background; an upload the preview refused
        (so that nothing can confirm it) is removed."""
        if request.method == "POST" and self.has_import_permission(request):
            import_form = self.create_import_form(request)
            if import_form.is_valid() and import_form.in_background:
                return self.start_background_preview(request, import_form)
        response = super().import_action(request, **kwargs)
        context = getattr(response, "context_data", None) or {}
        form = context.get("form")
        upload = getattr(form, "cleaned_data", {}).get("import_file") if form is not None else None
        name = getattr(upload, "tmp_storage_name", None)
        if name and "confirm_form" not in context:
            UploadStorage(name=name).remove()
        return response

    @method_decorator(require_POST)
    def process_import(self, request, **kwargs):
        """The confirm step: the signed upload is read, removed, then imported."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        confirm_form = self.create_confirm_form(request)
        if not confirm_form.is_valid():
            context = self.admin_site.each_context(request)
            context.update(title="Import", confirm_form=confirm_form, opts=self.model._meta, errors=confirm_form.errors)
            return TemplateResponse(request, [self.import_template_name], context, status=400)
        input_format = self.get_import_formats()[int(confirm_form.cleaned_data["format"])]()
        storage = UploadStorage(name=confirm_form.cleaned_data["import_file_name"])
        try:
            data = storage.read()
        except FileNotFoundError:
            messages.error(request, "This upload was already imported or has expired: upload the file again.")
            return HttpResponseRedirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_import"))
        finally:
            storage.remove()
        dataset = input_format.create_dataset(data)
        return self.process_result(self.process_dataset(dataset, confirm_form, request, **kwargs), request)

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
