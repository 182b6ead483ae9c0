"""Backup and restore of every events table as a folder of CSV files in the import formats
(docs/import-export.md): one file per table, named after it (`summits.csv`, …)."""

import csv
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from django.db import transaction

from events.importing import ImportReport, import_file
from events.resources import RESOURCES, export_rows
from events.search import indexing_paused, rebuild
from events.spreadsheets import write_workbook


class RestoreRefused(Exception):
    pass


def total_rows() -> int:
    """Every row a backup writes, for its progress bar."""
    return sum(resource._meta.model._default_manager.count() for resource in RESOURCES.values())


@contextmanager
def snapshot():
    """One transaction (repeatable read on PostgreSQL), so the tables read agree with each other."""
    connection = transaction.get_connection()
    repeatable = connection.vendor == "postgresql" and not connection.in_atomic_block
    with transaction.atomic():
        if repeatable:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


def backup(folder: Path, progress: Callable[[int], None] = lambda rows: None) -> dict[str, int]:
    """Write every table to `folder` (created if needed); return the rows written per table.
    `progress(1)` is called for every row written."""
    folder.mkdir(parents=True, exist_ok=True)
    counts = {}
    with snapshot():
        for name in RESOURCES:
            with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as stream:
                stream.write("\ufeff")
                writer = csv.writer(stream, lineterminator="\r\n")
                counts[name] = -1
                for row in export_rows(name):
                    writer.writerow(row)
                    counts[name] += 1
                    if counts[name]:
                        progress(1)
    return counts


def backup_workbook(path: Path, progress: Callable[[int], None] = lambda rows: None) -> None:
    """Every table in one XLSX workbook, a sheet per table in import order, and the column notes."""

    def counted(rows):
        for number, row in enumerate(rows):
            yield row
            if number:
                progress(1)

    with snapshot(), path.open("wb") as stream:
        write_workbook(stream, [(name, counted(export_rows(name))) for name in RESOURCES])


def non_empty_tables() -> list[str]:
    return [name for name, resource in RESOURCES.items() if resource._meta.model._default_manager.exists()]


@transaction.atomic
def restore(folder: Path, progress: Callable[[str], None] = lambda name: None) -> list[ImportReport]:
    """Import every table's file from `folder` into an empty database, in dependency order, all
    or nothing: a missing file or any row error rolls everything back (RestoreRefused says why)."""
    if occupied := non_empty_tables():
        raise RestoreRefused(f"The database is not empty ({', '.join(occupied)}): restore only into an empty one.")
    missing = [f"{name}.csv" for name in RESOURCES if not (folder / f"{name}.csv").is_file()]
    if missing:
        raise RestoreRefused(f"Not a complete backup: {', '.join(missing)} missing in {folder}.")
    reports = []
    with indexing_paused():  # one rebuild at the end instead of an entry written per row
        for name in RESOURCES:
            progress(name)
            data = (folder / f"{name}.csv").read_bytes()
            if len(data.strip().splitlines()) <= 1:  # a table that was empty: its header only
                continue
            report = import_file(name=name, data=data, file_name=f"{name}.csv")
            if not report.ok:
                transaction.set_rollback(True)
                problems = "; ".join(f"row {e.row} {e.column}: {e.reason}" for e in report.errors[:10])
                raise RestoreRefused(f"{name}.csv cannot be restored, nothing was written: {problems}")
            reports.append(report)
    rebuild()
    return reports
