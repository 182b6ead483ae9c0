"""Measure CSV import and export speed.

    .venv/bin/python bench/csv_bench.py --json OUT.json      # the rows of `make bench` (bench/run.py)

    .venv/bin/python bench/csv_bench.py                       # SQLite, a temporary file
    DATABASE_URL=postgres:///cainfo_mine_bench .venv/bin/python bench/csv_bench.py   # PostgreSQL (dropped and created)

Imports a summits file (SUMMITS rows, with mechanism, host and two topics each) and its
participations file (PARTICIPANTS per summit), re-imports both unchanged, then exports
EXPORT_ROWS summits as CSV. Prints rows/s, the rate of the first and last thousand rows
(an import must not slow down as the table grows) and the export's peak Python memory.
"""

import json
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SUMMITS = int(os.environ.get("SUMMITS") or os.environ.get("BENCH_IMPORT_ROWS") or 10_000)
PARTICIPANTS = int(os.environ.get("PARTICIPANTS", 3))
EXPORT_ROWS = int(os.environ.get("EXPORT_ROWS") or os.environ.get("BENCH_EXPORT_ROWS") or 100_000)
# The export and its baseline take under a second each at scale 1: `make bench` times them this
# many times, alternating, and reports the median run of each.
EXPORT_ROUNDS = int(os.environ.get("BENCH_EXPORT_ROUNDS", 3))

if not os.environ.get("DATABASE_URL"):
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cainfo.settings")
os.environ.setdefault("DJANGO_DEBUG", "0")  # with debug on, Django keeps every query in memory
os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-secret")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

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


# Rows for `make bench` (bench/run.py) -----------------------------------------------------------------
# On the database run.py prepared (fixtures and generated data), each step in its own process so
# that its peak RSS is its own: `csv_bench.py --row NAME --json OUT`, or `--json OUT` for all.


def add_vocabulary():
    """The topics, actors and mechanisms the generated files name (on top of whatever is there)."""
    Topic.objects.bulk_create((Topic(slug=f"topic-{n}", name=f"Topic {n}") for n in range(20)), ignore_conflicts=True)
    Actor.objects.bulk_create(
        (Actor(slug=f"actor-{n}", name=f"Actor {n}", kind="state") for n in range(60)), ignore_conflicts=True
    )
    Mechanism.objects.bulk_create(
        (Mechanism(slug=f"mech-{n}", name=f"Mechanism {n}", kind="dialogue") for n in range(20)),
        ignore_conflicts=True,
    )


def row_import():
    """The project's import (django-import-export resources): summits file, then participations."""
    summits, participations = summits_csv(), participations_csv()
    start = time.perf_counter()
    for name, data in (("summits", summits), ("participations", participations)):
        report = import_file(name=name, data=data)
        assert report.ok, report.errors[:5]
    elapsed = time.perf_counter() - start
    return {"rows": SUMMITS * (1 + PARTICIPANTS), "summits": SUMMITS, "seconds": elapsed}


def row_bulk_create():
    """Baseline: the same files parsed with csv, slugs looked up in dicts, saved with bulk_create
    (summits, their topics, their participations); new slugs, so the rows are new here too."""
    import csv
    import io

    from events.dates import parse_partial_date
    from events.models import Participation

    summits, participations = summits_csv(), participations_csv()
    start = time.perf_counter()
    topics = dict(Topic.objects.values_list("slug", "pk"))
    actors = dict(Actor.objects.values_list("slug", "pk"))
    mechanisms = dict(Mechanism.objects.values_list("slug", "pk"))
    records, topic_slugs = [], []
    for row in csv.DictReader(io.StringIO(summits.decode())):
        date, precision = parse_partial_date(row["date"]) if row["date"] else (None, "")
        records.append(
            Summit(
                slug=f"bulk-{row['slug']}",
                name=row["name"],
                mechanism_id=mechanisms[row["mechanism"]] if row["mechanism"] else None,
                date=date,
                date_precision=precision,
                city=row["city"],
                host_id=actors[row["host"]] if row["host"] else None,
                level=row["level"],
                ordinal=int(row["ordinal"]) if row["ordinal"] else None,
                outcome=row["outcome"],
                curator_note=row["curator_note"],
            )
        )
        topic_slugs.append([slug for slug in row["topics"].split(";") if slug])
    with transaction.atomic():
        Summit.objects.bulk_create(records, batch_size=2000)
        ids = dict(Summit.objects.filter(slug__startswith="bulk-").values_list("slug", "pk"))
        Through = Summit.topics.through
        Through.objects.bulk_create(
            (Through(summit_id=record.pk or ids[record.slug], topic_id=topics[slug])
             for record, slugs in zip(records, topic_slugs, strict=True) for slug in slugs),
            batch_size=5000,
        )  # fmt: skip
        Participation.objects.bulk_create(
            (
                Participation(
                    summit_id=ids[f"bulk-{row['summit']}"],
                    actor_id=actors[row["actor"]],
                    role=row["role"],
                    representative_id=actors[row["representative"]] if row["representative"] else None,
                )
                for row in csv.DictReader(io.StringIO(participations.decode()))
            ),
            batch_size=5000,
        )
    elapsed = time.perf_counter() - start
    return {"rows": SUMMITS * (1 + PARTICIPANTS), "summits": SUMMITS, "seconds": elapsed}


def top_up_summits():
    missing = EXPORT_ROWS - Summit.objects.count()
    for first in range(0, max(0, missing), 5000):
        Summit.objects.bulk_create(
            Summit(slug=f"extra-{n}", name=f"Extra {n}", date_precision="")
            for n in range(first, min(missing, first + 5000))
        )
    if connection.vendor == "postgresql":
        # What autovacuum does to a table in use: without it the export, read first, would set the
        # new rows' hint bits (writing their pages) and plan with stale statistics, and the
        # baseline after it would not.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE) events_summit")


def row_export():
    """The project's export (`export_rows`, streamed) of the first EXPORT_ROWS summits to a file."""
    import csv

    out = Path(tempfile.mkdtemp()) / "summits.csv"
    start = time.perf_counter()
    count = -1  # the header is not a record
    with out.open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream)
        for row in export_rows("summits", Summit.objects.filter(pk__in=export_ids())):
            writer.writerow(row)
            count += 1
    elapsed = time.perf_counter() - start
    size = out.stat().st_size
    out.unlink()
    return {"rows": count, "seconds": elapsed, "file_mib": round(size / 2**20, 1)}


def export_ids():
    return Summit.objects.order_by("pk").values("pk")[:EXPORT_ROWS]


def row_export_values_list():
    """Baseline: csv.writer over `values_list` of the same summits' columns (topics aside)."""
    import csv

    out = Path(tempfile.mkdtemp()) / "summits.csv"
    columns = ("slug", "name", "mechanism__slug", "date", "date_precision", "city", "host__slug", "level",
               "ordinal", "outcome", "curator_note")  # fmt: skip
    start = time.perf_counter()
    count = 0
    with out.open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(columns)
        rows = Summit.objects.filter(pk__in=export_ids()).order_by("pk").values_list(*columns)
        for row in rows.iterator(chunk_size=2000):
            writer.writerow(row)
            count += 1
    elapsed = time.perf_counter() - start
    out.unlink()
    return {"rows": count, "seconds": elapsed}


BENCH_ROWS = {
    "import": row_import,
    "bulk_create": row_bulk_create,
    "export": row_export,
    "export_values_list": row_export_values_list,
}


def run_row(name, out_path):
    base = peak_rss_mib()
    if name == "import":
        add_vocabulary()
    if name == "top_up":
        top_up_summits()  # in a process of its own, so that the export's peak memory is its own
        Path(out_path).write_text("{}")
        return
    result = BENCH_ROWS[name]()
    result["rows_per_s"] = round(result["rows"] / result["seconds"], 1)
    result["seconds"] = round(result["seconds"], 2)
    result["peak_mib"] = round(peak_rss_mib(), 1)
    result["base_mib"] = round(base, 1)
    Path(out_path).write_text(json.dumps(result))


def median_run(runs: list[dict]) -> dict:
    """The run with the median rate, with every run's rate and the highest peak memory of them."""
    chosen = dict(sorted(runs, key=lambda run: run["rows_per_s"])[len(runs) // 2])
    chosen["runs_rows_per_s"] = [run["rows_per_s"] for run in runs]
    chosen["peak_mib"] = max(run["peak_mib"] for run in runs)
    return chosen


def bench_rows(out_path):
    """Every step in a process of its own (bench/steps.py); writes the csv_import and csv_export
    rows as JSON."""
    from bench import steps

    def step(name):
        steps.run(dict(os.environ), [__file__, "--row", name, "--json", out_path])
        return json.loads(Path(out_path).read_text())

    results = {name: step(name) for name in ("import", "bulk_create", "top_up")}
    exports = {"export": [], "export_values_list": []}
    for _ in range(EXPORT_ROUNDS):
        for name, runs in exports.items():
            runs.append(step(name))
    results.update({name: median_run(runs) for name, runs in exports.items()})
    imported, bulk = results["import"], results["bulk_create"]
    exported, floor = results["export"], results["export_values_list"]
    import_ratio = bulk["rows_per_s"] / imported["rows_per_s"]
    export_ratio = floor["rows_per_s"] / exported["rows_per_s"]
    rows = {
        "csv_import": {
            "measured": imported,
            "baseline": bulk,
            "ratio": round(import_ratio, 2),
            "goal": ">= 5,000 rows/s; ratio <= 3",  # issue 19
            "met": imported["rows_per_s"] >= 5000 and import_ratio <= 3,
        },
        "csv_export": {
            "measured": exported,
            "baseline": floor,
            "ratio": round(export_ratio, 2),
            "goal": "ratio <= 2; streamed, peak < 200 MB",  # issue 19
            "met": export_ratio <= 2 and exported["peak_mib"] < 200,
        },
    }
    Path(out_path).write_text(json.dumps(rows))


def main():
    if "--json" in sys.argv:  # for bench/run.py, on the database it prepared
        out = sys.argv[sys.argv.index("--json") + 1]
        if "--row" in sys.argv:
            run_row(sys.argv[sys.argv.index("--row") + 1], out)
        else:
            bench_rows(out)
        return
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
