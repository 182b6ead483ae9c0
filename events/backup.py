"""Backup and restore of every events table as a folder of CSV files in the import formats
(docs/import-export.md): one file per table, named after it (`summits.csv`, …), and
`timestamps.csv`, every record's `created_at` and `updated_at` by its natural key, which a restore
puts back (so that ETags and "last changed" survive a restore).

The files are our own: a restore reads them without the limits an upload is read within
(events.file_reading), and whatever the database held, it restores (docs/reliability.md).
"""

import codecs
import csv
import datetime
import json
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction

from events.importing import ImportReport, import_file
from events.resources import RESOURCES, export_rows
from events.search import indexing_paused, rebuild
from events.spreadsheets import write_workbook

TIMESTAMPS = "timestamps.csv"
TIMESTAMP_BATCH = 1000


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
        with (folder / TIMESTAMPS).open("w", encoding="utf-8", newline="") as stream:
            writer = csv.writer(stream, lineterminator="\r\n")
            writer.writerow(["table", "key", "created_at", "updated_at"])
            for name in (name for name in RESOURCES if counts[name] > 0):
                for key, record in _by_natural_key(name):
                    writer.writerow([name, key, record.created_at.isoformat(), record.updated_at.isoformat()])
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


def _by_natural_key(name: str):
    model = RESOURCES[name]._meta.model
    related = [field.name for field in model._meta.concrete_fields if field.is_relation]
    for record in model._default_manager.select_related(*related).order_by("pk").iterator(chunk_size=2000):
        yield json.dumps(record.natural_key(), cls=DjangoJSONEncoder), record


def _restore_timestamps(path: Path) -> None:
    """Put back every record's created_at / updated_at (bulk_update: auto_now does not apply)."""
    stamps: dict[str, dict[str, tuple[str, str]]] = {}
    with path.open(encoding="utf-8", newline="") as stream:
        for row in csv.DictReader(stream):
            stamps.setdefault(row["table"], {})[row["key"]] = (row["created_at"], row["updated_at"])
    for name, table in ((name, stamps[name]) for name in RESOURCES if name in stamps):
        changed = []
        for key, record in _by_natural_key(name):
            if key in table:
                created, updated = table[key]
                record.created_at = datetime.datetime.fromisoformat(created)
                record.updated_at = datetime.datetime.fromisoformat(updated)
                changed.append(record)
        RESOURCES[name]._meta.model._default_manager.bulk_update(
            changed, ["created_at", "updated_at"], batch_size=TIMESTAMP_BATCH
        )


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
            if len(data.removeprefix(codecs.BOM_UTF8).rstrip(b"\r\n").splitlines()) <= 1:
                reports.append(ImportReport(name=name))  # the table was empty: its file is the header alone
                continue
            report = import_file(name=name, data=data, file_name=f"{name}.csv", bounded=False)
            if not report.ok:
                transaction.set_rollback(True)
                problems = "; ".join(f"row {e.row} {e.column}: {e.reason}" for e in report.errors[:10])
                raise RestoreRefused(f"{name}.csv cannot be restored, nothing was written: {problems}")
            reports.append(report)
        if (folder / TIMESTAMPS).is_file():  # backups written before it existed restore without it
            _restore_timestamps(folder / TIMESTAMPS)
    rebuild()
    return reports
