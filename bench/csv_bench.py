"""Measure CSV import and export speed.

    .venv/bin/python bench/csv_bench.py                       # SQLite, a temporary file
    DATABASE_URL=postgres:///cainfo_bench .venv/bin/python bench/csv_bench.py   # PostgreSQL (database is created)

Imports a summits file (SUMMITS rows, with mechanism, host and two topics each) and its
participations file (PARTICIPANTS per summit), re-imports both unchanged, then exports
EXPORT_ROWS summits as CSV. Prints rows/s, the rate of the first and last thousand rows
(an import must not slow down as the table grows) and the export's peak Python memory.
"""

import os
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SUMMITS = int(os.environ.get("SUMMITS", 10_000))
PARTICIPANTS = int(os.environ.get("PARTICIPANTS", 3))
EXPORT_ROWS = int(os.environ.get("EXPORT_ROWS", 100_000))

if not os.environ.get("DATABASE_URL"):
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cainfo.settings")
os.environ.setdefault("DJANGO_DEBUG", "0")  # with debug on, Django keeps every query in memory
os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-secret")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from events.importing import import_file  # noqa: E402
from events.models import Actor, Mechanism, Summit, Topic  # noqa: E402
from events.resources import export_rows  # noqa: E402


def prepare_database():
    if connection.vendor == "postgresql":
        from django.db import connections

        name = connection.settings_dict["NAME"]
        with connections["default"]._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cursor.execute(f'CREATE DATABASE "{name}"')
    call_command("migrate", verbosity=0)
    Topic.objects.bulk_create(Topic(slug=f"topic-{n}", name=f"Topic {n}") for n in range(20))
    Actor.objects.bulk_create(Actor(slug=f"actor-{n}", name=f"Actor {n}", kind="state") for n in range(60))
    Mechanism.objects.bulk_create(
        Mechanism(slug=f"mech-{n}", name=f"Mechanism {n}", kind="dialogue") for n in range(20)
    )


def summits_csv() -> bytes:
    lines = ["slug,name,mechanism,date,city,host,level,ordinal,topics,outcome,curator_note"]
    for n in range(SUMMITS):
        date = ("2025", "2025-04", f"2025-{n % 12 + 1:02d}-{n % 28 + 1:02d}")[n % 3]
        topics = f"topic-{n % 20};topic-{(n + 7) % 20}"
        lines.append(
            f'summit-{n},"Summit {n}, Türkiye",mech-{n % 20},{date},Osmanlı,actor-{n % 60},heads_of_state,,'
            f"{topics},Outcome of summit {n}.,"
        )
    return ("\r\n".join(lines) + "\r\n").encode()


def participations_csv() -> bytes:
    lines = ["summit,actor,role,representative"]
    for n in range(SUMMITS):
        for k in range(PARTICIPANTS):
            lines.append(f"summit-{n},actor-{(n + k) % 60},{'host' if k == 0 else 'participant'},")
    return ("\r\n".join(lines) + "\r\n").encode()


def timed_import(name: str, data: bytes, label: str):
    marks = []

    def progress(row):
        if row % 1000 == 0:
            marks.append(time.perf_counter())

    start = time.perf_counter()
    report = import_file(name=name, data=data, progress=progress)
    elapsed = time.perf_counter() - start
    assert report.ok, report.errors[:5]
    first = 1000 / (marks[0] - start) if marks else 0
    last = 1000 / (marks[-1] - marks[-2]) if len(marks) > 1 else 0
    print(
        f"{label:<36} {report.total:>7} rows {elapsed:7.1f} s {report.total / elapsed:7.0f} rows/s"
        f"   (first 1000: {first:.0f}/s, last 1000: {last:.0f}/s)   "
        f"new {report.new} updated {report.updated} unchanged {report.unchanged}   "
        f"process peak RSS {peak_rss_mib():.0f} MiB"
    )


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed_export():
    existing = Summit.objects.count()
    missing = EXPORT_ROWS - existing
    batch = []
    for n in range(missing):
        batch.append(Summit(slug=f"extra-{n}", name=f"Extra {n}", date_precision=""))
        if len(batch) == 5000:
            Summit.objects.bulk_create(batch)
            batch = []
    Summit.objects.bulk_create(batch)
    import csv

    out = Path(tempfile.mkdtemp()) / "summits.csv"
    tracemalloc.start()
    start = time.perf_counter()
    count = -1  # the header is not a record
    with out.open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream)
        for row in export_rows("summits"):
            writer.writerow(row)
            count += 1
    elapsed = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"{'export summits (CSV, streamed)':<36} {count:>7} rows {elapsed:7.1f} s {count / elapsed:7.0f} rows/s"
        f"   peak Python memory {peak / 2**20:.1f} MiB, file {out.stat().st_size / 2**20:.1f} MiB"
    )


def main():
    print(f"database: {connection.vendor}; {SUMMITS} summits, {PARTICIPANTS} participants each")
    prepare_database()
    summits, participations = summits_csv(), participations_csv()
    timed_import("summits", summits, "import summits (new)")
    timed_import("participations", participations, "import participations (new)")
    timed_import("summits", summits, "re-import summits (unchanged)")
    timed_import("participations", participations, "re-import participations (unchanged)")
    timed_export()


if __name__ == "__main__":
    main()
