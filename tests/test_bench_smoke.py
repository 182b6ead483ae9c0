"""`make bench` at a tiny scale: every row is produced, in the JSON shape BENCHMARKS.md reads.
No timings are asserted (the suite has no timed tests). Its Django steps fork from one process
(BENCH_FORK) and its database starts from a kept migrated one (BENCH_MIGRATED_CACHE, in pytest's
cache, a PostgreSQL template), as bench/run.py describes."""

import json
import os
import subprocess
import sys
from pathlib import Path

import dj_database_url

ROOT = Path(__file__).resolve().parent.parent
ROWS = {
    "summit_list",
    "summit_detail",
    "timeline_actor",
    "list_queries",
    "admin_changelist",
    "admin_participations",
    "summit_list_sql",
    "summit_detail_sql",
    "history_busiest",
    "public_pages",
    "serving_mix",
    "search_index",
    "search_api",
    "search_page",
    "serving",
}
CSV_ROWS = {"csv_import", "csv_export"}


def test_bench_runs_every_row_at_a_tiny_scale(tmp_path, request):
    suite_db = dj_database_url.parse(os.environ.get("DATABASE_URL") or "sqlite:///x")
    cache = getattr(request.config, "cache", None)
    env = {
        **os.environ,
        "BENCH_SCALE": "0.002",
        "BENCH_REQUESTS": "5",
        "BENCH_SERVE_SECONDS": "0.1",  # each client sends at least one request
        "BENCH_WARM_SECONDS": "0.05",
        "BENCH_CLIENTS": "2",
        "BENCH_IMPORT_ROWS": "50",
        "BENCH_EXPORT_ROWS": "300",
        "BENCH_EXPORT_ROUNDS": "2",
        "BENCH_PYTHON_LOAD": "1",  # no wrk needed
        "BENCH_OUT": str(tmp_path / "latest.json"),
        "BENCH_WORK": str(tmp_path),
        "BENCH_FORK": "1",
        "BENCH_MIGRATED_CACHE": str(cache.mkdir("bench_migrated") if cache else tmp_path / "migrated"),
    }
    if "postgresql" in suite_db["ENGINE"]:
        env["BENCH_DBS"] = "postgresql"
        env["BENCH_PG_URL"] = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + f"/{suite_db['NAME']}_bench_smoke"
    else:
        env["BENCH_DBS"] = "sqlite"
    result = subprocess.run(
        [sys.executable, "bench/run.py"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads((tmp_path / "latest.json").read_text())

    assert {"cpu", "cores", "memory_gib"} <= set(report["machine"])
    (db,) = report["databases"]
    rows = report["databases"][db]["rows"]
    expected = ROWS | (CSV_ROWS if (ROOT / "bench" / "csv_bench.py").exists() else set())
    assert set(rows) == expected
    for name, row in rows.items():
        assert {"measured", "goal", "met"} <= set(row), name
        assert isinstance(row["met"], bool) or (name == "timeline_actor" and row["met"] is None), name
    for name in ("summit_list", "summit_detail", "summit_detail_sql"):
        assert rows[name]["same_json"] is True
        assert {"median_ms", "p95_ms"} <= set(rows[name]["measured"]) and rows[name]["ratio"] > 0
    assert rows["summit_list_sql"]["page_1"]["same_json"] and rows["summit_list_sql"]["page_deep"]["same_json"]
    assert rows["history_busiest"]["queries"]["1"] == rows["history_busiest"]["queries"]["100"]
    assert rows["history_busiest"]["page_of_100"]["requests"] > 0
    mix = rows["serving_mix"]
    assert mix["measured"]["errors"] == mix["uncached"]["errors"] == 0 and mix["measured"]["requests"] > 0
    assert rows["list_queries"]["measured"]["page_size_1"] == rows["list_queries"]["measured"]["page_size_100"]
    assert rows["serving"]["measured"]["errors"] == 0 and rows["serving"]["baseline"]["requests"] > 0
    if "csv_export" in rows:  # the export and its baseline, each timed once a round, alternating
        export = rows["csv_export"]
        assert len(export["measured"]["runs_rows_per_s"]) == len(export["baseline"]["runs_rows_per_s"]) == 2
        assert export["measured"]["rows"] == export["baseline"]["rows"] == 300
    assert f"| {db} | summits list, page of 50 |" in result.stdout
    assert report["table"] in result.stdout
