"""Admin imports in the background: a large file's preview (dry run) and its confirmed import run
in a thread of the server process, outside the request, so no request waits for them (gunicorn
answers a request that takes over 30 s with a 500); the request returns a page that follows the job.

The job's state lives in its ImportJob row, so any worker can show it: status, rows done of the
total, the counts and every bad row with the spreadsheet's row number. The import itself is the
command line's (events.importing.import_dataset): one transaction, nothing written on any error.
Rows done are written by a second thread once a second, outside the import's transaction; on
SQLite, whose one writer is the import until it ends, the count is written when the lock frees,
and the worker running the job shows it live meanwhile (LIVE).

A job is a thread, not a separate process: if the server process ends (a restart, a deploy), the
job ends with it, its transaction rolls back, and a job that has not written its state for
STALE_AFTER is shown as interrupted. docs/import-export.md tells the whole flow.
"""

import logging
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, OperationalError, connection, transaction
from django.utils import timezone

from .file_reading import ImportFileError, RowError, read_dataset
from .importing import ImportReport, import_dataset
from .models import ImportJob
from .uploads import UploadStorage

logger = logging.getLogger(__name__)

DEFAULT_BACKGROUND_ROWS = 2000  # files with more rows are previewed and imported in the background,
DEFAULT_BACKGROUND_BYTES = 1024 * 1024  # and larger files too, without being read in the request
STALE_AFTER = timedelta(hours=1)  # on SQLite a running import writes no state until it ends
JOB_MAX_AGE = timedelta(days=1)  # finished jobs are deleted after this long (when a new one starts)
PROGRESS_SECONDS = 1.0
LOCKED_RETRY_SECONDS = 5.0
ERRORS_KEPT = 1000
VALUE_KEPT = 200

LIVE: dict[int, int] = {}  # job pk -> rows done, for the jobs running in this process
THREADS: dict[int, threading.Thread] = {}  # job pk -> its thread (tests join them)


def background_rows() -> int:
    return getattr(settings, "IMPORT_BACKGROUND_ROWS", DEFAULT_BACKGROUND_ROWS)


def background_bytes() -> int:
    return getattr(settings, "IMPORT_BACKGROUND_BYTES", DEFAULT_BACKGROUND_BYTES)


def create_preview(*, user, table: str, file_name: str, file_format: str, upload: str, total: int) -> ImportJob:
    """A job for this upload's preview, started once the current transaction commits."""
    ImportJob.objects.filter(queued_at__lt=timezone.now() - JOB_MAX_AGE).delete()
    job = ImportJob.objects.create(
        user=user, table=table, file_name=file_name, file_format=file_format, upload=upload, total=total
    )
    start(job)
    return job


def confirm(job: ImportJob) -> bool:
    """Turn a previewed job into its import and start it; False if it was not waiting (already
    confirmed in another tab, refused, or still running)."""
    waiting = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.PREVIEWED)
    if not waiting.update(step=ImportJob.Step.IMPORT, status=ImportJob.Status.QUEUED, done=0):
        return False
    job.refresh_from_db()
    start(job)
    return True


def start(job: ImportJob) -> None:
    thread = threading.Thread(target=_thread_main, args=(job.pk,), name=f"import-job-{job.pk}", daemon=True)
    THREADS[job.pk] = thread
    transaction.on_commit(thread.start)  # the thread reads the job row: it must be committed


def rows_done(job: ImportJob) -> int:
    return max(job.done, LIVE.get(job.pk, 0))


def interrupted(job: ImportJob) -> bool:
    """The job is not finished, not running here, and has not written its state for STALE_AFTER."""
    alive = job.pk in THREADS and THREADS[job.pk].is_alive()
    return not job.finished and not alive and job.touched_at < timezone.now() - STALE_AFTER


def _retrying(write):
    """A write of the job's own row, retried while another connection holds a lock on it: SQLite in
    shared-cache memory (the test server) answers "table is locked" at once, without waiting out
    its busy timeout as a database file does."""
    deadline = time.monotonic() + LOCKED_RETRY_SECONDS
    while True:
        try:
            return write()
        except OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def run(pk: int) -> None:
    """The job's thread: read the upload, import it (a dry run for the preview), keep the outcome."""
    try:
        _run(ImportJob.objects.get(pk=pk))
    except Exception:
        logger.exception("import job %s stopped on an unexpected error", pk)
        reason = "The import stopped on an unexpected error (it is in the server's log); nothing was written."
        _retrying(
            lambda: ImportJob.objects.filter(pk=pk).update(
                status=ImportJob.Status.FAILED, errors=[[None, "", "", reason]], error_count=1
            )
        )
        upload = ImportJob.objects.filter(pk=pk).values_list("upload", flat=True).first()
        if upload:
            UploadStorage(name=upload).remove()
    finally:
        LIVE.pop(pk, None)


def _thread_main(pk: int) -> None:
    try:
        run(pk)
    finally:
        connection.close()  # the thread's own connection


def _run(job: ImportJob) -> None:
    job.status = ImportJob.Status.RUNNING
    _retrying(lambda: job.save(update_fields=["status", "touched_at"]))
    storage = UploadStorage(name=job.upload)
    dry_run = job.step == ImportJob.Step.PREVIEW
    try:
        dataset = read_dataset(data=storage.read(), file_format=job.file_format)
    except FileNotFoundError:
        expired = RowError(None, "", "", "The upload has expired: upload the file again.")
        report = ImportReport(name=job.table, errors=[expired])
    except ImportFileError as error:
        report = ImportReport(name=job.table, errors=error.errors)
    else:
        job.total = len(dataset)
        _retrying(lambda: job.save(update_fields=["total", "touched_at"]))
        with _progress_writer(job.pk) as progress:
            report = import_dataset(
                name=job.table,
                dataset=dataset,
                dry_run=dry_run,
                user=job.user,
                file_name=job.file_name,
                progress=progress,
            )
    _finish(job, report, dry_run)
    if not (dry_run and report.ok):
        storage.remove()


def _finish(job: ImportJob, report: ImportReport, dry_run: bool) -> None:
    job.done = report.total
    job.total = report.total or job.total
    job.new, job.updated, job.unchanged = report.new, report.updated, report.unchanged
    job.errors = [
        [e.row, e.column, _storable(e.value)[:VALUE_KEPT], _storable(e.reason)] for e in report.errors[:ERRORS_KEPT]
    ]
    job.error_count = len(report.errors)
    if not report.ok:
        job.status = ImportJob.Status.FAILED
    else:
        job.status = ImportJob.Status.PREVIEWED if dry_run else ImportJob.Status.DONE
    _retrying(job.save)


def _storable(text) -> str:
    """A value as jsonb can keep it (no NUL: a file's NUL is among the errors it may report)."""
    return str(text).replace("\x00", "\\x00")


class _progress_writer:
    """The import's progress callback; a second thread writes the count to the job's row."""

    def __init__(self, pk: int):
        self.pk, self.done, self.written = pk, 0, 0
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._write_loop, name=f"import-job-{pk}-progress", daemon=True)

    def __call__(self, done: int) -> None:
        self.done = LIVE[self.pk] = done

    def __enter__(self):
        LIVE[self.pk] = 0
        self.thread.start()
        return self

    def __exit__(self, *exc_info):
        self.stopped.set()
        self.thread.join()

    def _write_loop(self) -> None:
        try:
            while not self.stopped.wait(PROGRESS_SECONDS):
                if self.done != self.written:
                    done = self.done
                    try:
                        ImportJob.objects.filter(pk=self.pk).update(done=done, touched_at=timezone.now())
                    except DatabaseError:  # SQLite: the import holds the one write lock; try again later
                        continue
                    self.written = done
        finally:
            connection.close()
