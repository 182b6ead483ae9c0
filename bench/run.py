"""`make bench`: every benchmark row on SQLite and on PostgreSQL, each next to its baseline.

For each database: a fresh database, migrate, the fixtures, `generate_data --scale BENCH_SCALE`
(bench/database.py), then the in-process rows (`bench/measure.py`), CSV import and export
(`bench/csv_bench.py`, where present), and serving under load (gunicorn, 2 workers, loopback;
bench/serve.py and bench/httpload.py): the summits list and the serving mix
(bench/serving_mix.py) against one minimal view. Prints a markdown table (bench/report.py) and
writes it as JSON (BENCH_OUT, default bench/results/latest.json).

Environment (defaults are the figures in BENCHMARKS.md):
  BENCH_DBS=sqlite,postgresql   BENCH_SCALE=1   BENCH_REQUESTS=200
  BENCH_SERVE_SECONDS=10 (each load; the secondary ones half)   BENCH_WARM_SECONDS=1
  BENCH_CLIENTS=16   BENCH_PG_URL=postgres:///cainfo_bench   BENCH_PORT (default: a free one)
  BENCH_IMPORT_ROWS=10000   BENCH_EXPORT_ROWS=100000   BENCH_EXPORT_ROUNDS=3   BENCH_PYTHON_LOAD=1 (no wrk)
For the smoke test (tests/test_bench_smoke.py), off by default; their figures are no measurement:
  BENCH_MIGRATED_CACHE=DIR  each fresh database copies a kept migrated one (a SQLite file in DIR,
      a PostgreSQL template), keyed by a digest of the migrations (bench/database.py)
  BENCH_FORK=1  each database's steps fork from one process that has set Django up, gunicorn
      with --preload (bench/steps.py)
"""

import json
import os
import sys
import tempfile
import time
from pathlib import Path

import serving_mix  # bench/ is this script's directory
import steps
from database import ROOT, database_url, django_env, machine, prepare
from report import table
from serve import serve

SCALE = os.environ.get("BENCH_SCALE", "1")
DBS = [name for name in os.environ.get("BENCH_DBS", "sqlite,postgresql").split(",") if name]
PG_URL = os.environ.get("BENCH_PG_URL", "postgres:///cainfo_bench")
SERVE_SECONDS = float(os.environ.get("BENCH_SERVE_SECONDS", 10))
WARM_SECONDS = float(os.environ.get("BENCH_WARM_SECONDS", 1))  # per URL, before each server's loads
CLIENTS = int(os.environ.get("BENCH_CLIENTS", 16))
OUT = Path(os.environ.get("BENCH_OUT", ROOT / "bench" / "results" / "latest.json"))
WORK = Path(os.environ.get("BENCH_WORK", ROOT / "bench" / "work"))
MIGRATED_CACHE = Path(os.environ["BENCH_MIGRATED_CACHE"]) if os.environ.get("BENCH_MIGRATED_CACHE") else None

LIST, FLOOR_LIST, MINIMAL = "/api/v1/summits/", "/bench/summits/", "/bench/minimal/"


def log(message):
    print(message, file=sys.stderr, flush=True)


def serving(env, paths):
    """The rows `serving` (the summits list, one URL) and `serving_mix`, on three servers: the
    cache as deployed (with the minimal view, the baseline of both rows), the cache off, and
    the cache shared by both workers in files. Each mix runs twice on its server: cold (the
    cache empty of its paths), then warm (holding what the first run stored)."""
    seconds, short = SERVE_SECONDS, SERVE_SECONDS / 2
    results = serve(
        env,
        [("baseline", MINIMAL, seconds), ("measured", LIST, seconds), ("floor_list", FLOOR_LIST, short),
         ("mix", paths, seconds), ("mix_warm", paths, seconds)],
        CLIENTS, WARM_SECONDS, [MINIMAL, LIST, FLOOR_LIST],  # single URLs: both workers past their first request
    )  # fmt: skip
    off = {**env, "DJANGO_API_CACHE_SECONDS": "0"}
    uncached = [("uncached", LIST, short), ("mix_uncached", paths, short)]
    results.update(serve(off, uncached, CLIENTS, WARM_SECONDS, [LIST]))
    with tempfile.TemporaryDirectory() as shared:  # both workers share one cache (docs/caching.md)
        results.update(
            serve({**env, "DJANGO_CACHE_URL": f"file://{shared}"},
                  [("file_cache", paths, short), ("file_cache_warm", paths, short)], CLIENTS, WARM_SECONDS, [MINIMAL])
        )  # fmt: skip
    baseline = results["baseline"]

    def ratio(part):
        return round(part["requests_per_s"] / max(baseline["requests_per_s"], 0.001), 3)

    listed = results["measured"]
    single = {
        "measured": listed,
        "baseline": baseline,
        "floor_list": results["floor_list"],
        "uncached": results["uncached"],
        "endpoint": f"{LIST} (page of 25, API cache on)",
        "clients": CLIENTS,
        "seconds": seconds,
        "ratio": ratio(listed),
        "goal": ">= 50% of the baseline's requests/s, 0 errors",
        "met": ratio(listed) >= 0.5 and listed["errors"] == 0,
    }
    cold = results["mix"]
    mix = {
        "measured": cold,
        "warm": results["mix_warm"],
        "baseline": baseline,
        "uncached": results["mix_uncached"],
        "file_cache": results["file_cache"],
        "file_cache_warm": results["file_cache_warm"],
        "mix": dict(serving_mix.MIX),
        "distinct_paths": len(set(paths)),
        "kinds": serving_mix.kinds(paths),
        "clients": CLIENTS,
        "seconds": seconds,
        "ratio": ratio(cold),
        "warm_ratio": ratio(results["mix_warm"]),
        "goal": ">= 0.25x the minimal view's requests/s, p99 <= 100 ms, 0 errors (cache cold)",
        "met": ratio(cold) >= 0.25 and cold["p99_ms"] <= 100 and cold["errors"] == 0,
    }
    return single, mix


def database_rows(db, env):
    log(f"== {db}: fresh database, migrate, fixtures, generate_data --scale {SCALE}")
    started = time.perf_counter()
    setup = prepare(db, SCALE, env, MIGRATED_CACHE)
    log(f"   {setup}")
    timings = {"setup": round(time.perf_counter() - started, 1)}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "rows.json"
        log(f"== {db}: in-process rows")
        mark = time.perf_counter()
        # with the API cache off: these rows measure building a response, not reading it back
        measure_env = {**env, "DJANGO_API_CACHE_SECONDS": "0"}
        if setup["search_index_s"] is not None:  # built once, by generate_data: not again for the row
            measure_env["BENCH_SEARCH_INDEX_SECONDS"] = str(setup["search_index_s"])
        steps.run(measure_env, ["-m", "bench.measure", str(out)])
        rows = json.loads(out.read_text())
        timings["in_process"] = round(time.perf_counter() - mark, 1)
        if (ROOT / "bench" / "csv_bench.py").exists():
            log(f"== {db}: CSV import and export")
            mark = time.perf_counter()
            steps.run(env, ["bench/csv_bench.py", "--json", str(out)])
            rows.update(json.loads(out.read_text()))
            timings["csv"] = round(time.perf_counter() - mark, 1)
    log(f"== {db}: serving under load ({CLIENTS} clients, {SERVE_SECONDS:g} s per load, three servers)")
    mark = time.perf_counter()
    rows["serving"], rows["serving_mix"] = serving(env, serving_mix.draw_paths(env))
    timings["serving"] = round(time.perf_counter() - mark, 1)
    return {"setup": setup, "rows": rows, "timings_s": timings, "seconds": round(time.perf_counter() - started, 1)}


def run_database(db):
    """Every step of one database, in a process with Django set up on it with BENCH_FORK=1."""
    env = django_env(database_url(db, WORK, PG_URL))
    return steps.in_django(env, database_rows, db, env)


def main():
    started = time.perf_counter()
    report = {
        "machine": machine(),
        "scale": float(SCALE),
        "requests": int(os.environ.get("BENCH_REQUESTS", 200)),
        "clients": CLIENTS,
        "command": "make bench",
        "started_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "databases": {db: run_database(db) for db in DBS},
    }
    report["seconds"] = round(time.perf_counter() - started, 1)
    report["table"] = table(report)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(report, indent=2) + "\n")
    print(report["table"])
    print(f"\n{report['seconds']:.0f} s in all; JSON in {OUT}")


if __name__ == "__main__":
    main()
