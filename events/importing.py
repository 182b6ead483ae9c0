"""Importing a CSV, XLSX or JSON file into one table: read, check, import all-or-nothing, report.

Used by ``manage.py import_csv`` and the admin's import (whose formats read files through
``read_dataset`` too). One bad row means nothing is written, and the report names every bad row
with its row number (the header is row 1, as in a spreadsheet), column, value and reason.
Reading a file, within bounds, is events.file_reading's.
"""

import io
from collections.abc import Callable
from dataclasses import dataclass, field

import tablib
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import transaction
from import_export.formats import base_formats
from import_export.results import Result, RowResult

from .collector import collector_paused
from .file_reading import FORMATS, ImportFileError, RowError, read_dataset
from .resources import BulkImportAbandoned, HeaderError, get_resource
from .search import indexing_deferred

__all__ = ["FORMATS", "ImportFileError", "ImportReport", "RowError", "import_dataset", "import_file", "read_dataset"]
DEFAULT_MAX_IMPORT_BYTES = 10 * 1024 * 1024


def max_import_bytes() -> int:
    return getattr(settings, "CSV_IMPORT_MAX_BYTES", DEFAULT_MAX_IMPORT_BYTES)


@dataclass
class ImportReport:
    name: str
    dry_run: bool = False
    total: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    result: Result | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        counts = f"{self.new} new, {self.updated} updated, {self.unchanged} unchanged, {len(self.errors)} errors"
        if self.errors:
            outcome = "nothing was written"
        elif self.dry_run:
            outcome = "dry run, nothing was written"
        elif self.new or self.updated:
            outcome = "written"
        else:
            outcome = "nothing to change"
        return f"{self.name}: {self.total} rows: {counts} ({outcome})."


# --- importing ---------------------------------------------------------------------------------


def _report(*, name: str, result: Result, resource, dataset: tablib.Dataset, dry_run: bool) -> ImportReport:
    report = ImportReport(
        name=name,
        dry_run=dry_run,
        total=result.total_rows,
        new=result.totals[RowResult.IMPORT_TYPE_NEW],
        updated=result.totals[RowResult.IMPORT_TYPE_UPDATE],
        unchanged=result.totals[RowResult.IMPORT_TYPE_SKIP],
        result=result,
    )
    headers = dataset.headers or []
    for error in result.base_errors:
        if isinstance(error.error, HeaderError):
            report.errors.extend(RowError(1, column, column, reason) for column, reason in error.error.problems)
        else:
            report.errors.append(RowError(None, "", "", str(error.error)))
    for invalid in result.invalid_rows:
        values = dict(zip(headers, dataset[invalid.number - 1], strict=True))
        row_errors = []
        for key, messages in invalid.error_dict.items():
            column = "" if key == NON_FIELD_ERRORS else resource.column_for(key)
            row_errors.extend(RowError(invalid.number + 1, column, values.get(column, ""), m) for m in messages)
        row_errors.sort(key=lambda e: headers.index(e.column) if e.column in headers else len(headers))
        report.errors.extend(row_errors)
    for error_row in result.error_rows:
        for error in error_row.errors:
            reason = f"{type(error.error).__name__}: {error.error}"
            report.errors.append(RowError(error_row.number + 1, "", "", reason))
    report.errors.sort(key=lambda error: error.row or 0)
    return report


@transaction.atomic
def import_dataset(
    *,
    name: str,
    dataset: tablib.Dataset,
    dry_run: bool = False,
    user=None,
    file_name: str = "",
    progress: Callable[[int], None] | None = None,
    retain_instances: bool = False,
    with_diff: bool = False,
) -> ImportReport:
    """Import every row of `dataset` into the table `name` (a key of events.resources.RESOURCES)
    in one transaction; on any error, or for a dry run, nothing is written.

    The rows are first saved in bulk; if anything is wrong, that attempt is rolled back and the
    file imported row by row, which finds and names every bad row (see events.resources).
    The garbage collector is paused meanwhile: the rows, records and results stay alive."""
    options = dict(user=user, file_name=file_name, progress=progress, retain_instance_in_row_result=retain_instances)
    report = None
    with collector_paused():
        if not with_diff:  # the admin's preview shows each row's changes, which bulk mode does not compare
            try:
                with transaction.atomic(), indexing_deferred():  # search entries written once, at the end
                    resource = get_resource(name, with_diff=False, bulk=True)
                    report = _import(resource, name, _copy(dataset), dry_run, options)
            except BulkImportAbandoned:
                report = None
        if report is None:
            with indexing_deferred():  # each record's search entry written once, after its rows
                report = _import(get_resource(name, with_diff=with_diff), name, dataset, dry_run, options)
    if dry_run or not report.ok:
        transaction.set_rollback(True)
    return report


def _import(resource, name: str, dataset: tablib.Dataset, dry_run: bool, options: dict) -> ImportReport:
    result = resource.import_data(
        dataset,
        dry_run=dry_run,
        raise_errors=False,
        use_transactions=True,
        rollback_on_validation_errors=True,
        **options,
    )
    return _report(name=name, result=result, resource=resource, dataset=dataset, dry_run=dry_run)


def _copy(dataset: tablib.Dataset) -> tablib.Dataset:
    """A copy to import from: an import rewrites its dataset's cells (formula escapes)."""
    return tablib.Dataset(*dataset, headers=dataset.headers)


def import_file(
    *,
    name: str,
    data: bytes,
    file_format: str = "csv",
    dry_run: bool = False,
    user=None,
    file_name: str = "",
    progress: Callable[[int], None] | None = None,
    bounded: bool = True,
) -> ImportReport:
    """Read `data` and import it with import_dataset; a file that cannot be read gives a report
    with the reason and writes nothing. `bounded=False` (our own backups only) reads it without
    the row, column, cell and text limits of an upload."""
    get_resource(name)
    with collector_paused():  # as import_dataset's: the file's rows stay alive
        try:
            dataset = read_dataset(data=data, file_format=file_format, bounded=bounded)
        except ImportFileError as error:
            return ImportReport(name=name, dry_run=dry_run, errors=error.errors)
        return import_dataset(
            name=name, dataset=dataset, dry_run=dry_run, user=user, file_name=file_name, progress=progress
        )


# --- formats for the admin (the same reading as the command line) -------------------------------


class CSVFormat(base_formats.CSV):
    """CSV read by read_dataset; written as UTF-8 with a byte order mark so Excel shows Türkiye."""

    name = "csv"

    def create_dataset(self, in_stream, **kwargs):
        return read_dataset(data=in_stream, file_format="csv")

    def export_data(self, dataset, **kwargs):
        return "\ufeff" + super().export_data(dataset, **kwargs)


class XLSXFormat(base_formats.XLSX):
    """XLSX read by read_dataset; written by events.spreadsheets (bold frozen header, fitted widths,
    numbers as numbers)."""

    name = "xlsx"

    def export_data(self, dataset, **kwargs):
        from .spreadsheets import write_workbook

        stream = io.BytesIO()
        write_workbook(stream, [(dataset.title or "rows", [dataset.headers, *dataset])])
        return stream.getvalue()

    def create_dataset(self, in_stream, **kwargs):
        return read_dataset(data=in_stream, file_format="xlsx")


class JSONFormat(base_formats.JSON):
    name = "json"

    def create_dataset(self, in_stream, **kwargs):
        return read_dataset(data=in_stream, file_format="json")


ADMIN_FORMATS = [CSVFormat, XLSXFormat, JSONFormat]
