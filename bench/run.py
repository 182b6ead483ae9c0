"""`make bench`: every benchmark row on SQLite and on PostgreSQL, each next to its baseline.

For each database: a fresh database, migrate, the fixtures, `generate_data --scale BENCH_SCALE`,
then the in-process rows (`bench/measure.py`), CSV import and export (`bench/csv_bench.py`, where
present), and serving under load (gunicorn, 2 workers, loopback). Prints a markdown table and
writes it as JSON (BENCH_OUT, default bench/results/latest.json).

Environment (defaults are the figures in BENCHMARKS.md):
  BENCH_DBS=sqlite,postgresql   BENCH_SCALE=1   BENCH_REQUESTS=200
  BENCH_SERVE_SECONDS=20   BENCH_WARM_SECONDS=1   BENCH_CLIENTS=16   BENCH_PG_URL=postgres:///cainfo_bench
  BENCH_IMPORT_ROWS=10000   BENCH_EXPORT_ROWS=100000
"""

import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import round_two  # bench/ is this script's directory
import serving_mix

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
SCALE = os.environ.get("BENCH_SCALE", "1")
DBS = [name for name in os.environ.get("BENCH_DBS", "sqlite,postgresql").split(",") if name]
PG_URL = os.environ.get("BENCH_PG_URL", "postgres:///cainfo_bench")
SERVE_SECONDS = float(os.environ.get("BENCH_SERVE_SECONDS", 20))
WARM_SECONDS = float(os.environ.get("BENCH_WARM_SECONDS", 1))  # per URL, before each server's loads
CLIENTS = int(os.environ.get("BENCH_CLIENTS", 16))
OUT = Path(os.environ.get("BENCH_OUT", ROOT / "bench" / "results" / "latest.json"))
WORK = Path(os.environ.get("BENCH_WORK", ROOT / "bench" / "work"))


def log(message):
    print(message, file=sys.stderr, flush=True)


def machine():
    cpu = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory_gib = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory_gib = round(int(line.split()[1]) / 2**20, 1)
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": memory_gib,
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def django_env(database_url):
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DJANGO_DEBUG": "0",  # with debug on, Django keeps every query in memory
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY", "benchmark-only-secret"),
        "DJANGO_CONN_MAX_AGE": "60",
        "PYTHONPATH": str(ROOT),
    }


def fresh_database(db):
    """A new, empty database; returns its URL."""
    if db == "sqlite":
        WORK.mkdir(parents=True, exist_ok=True)
        path = WORK / "cainfo_bench.sqlite3"
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    import dj_database_url
    import psycopg2

    settings = dj_database_url.parse(PG_URL)
    params = {
        k: v
        for k, v in {
            "host": settings["HOST"],
            "port": settings["PORT"] or None,
            "user": settings["USER"],
            "password": settings["PASSWORD"],
        }.items()
        if v
    }
    connection = psycopg2.connect(dbname="postgres", **params)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{settings["NAME"]}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{settings["NAME"]}"')
    connection.close()
    return PG_URL


def manage(env, *args):
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def prepare(db):
    url = fresh_database(db)
    env = django_env(url)
    start = time.perf_counter()
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "loaddata", "cainfo", "names", "-v0")
    migrated = time.perf_counter()
    manage(env, "generate_data", "--scale", SCALE)
    generated = time.perf_counter()
    if db == "postgresql":
        subprocess.run(
            [PY, "-c", "import django; django.setup(); from django.db import connection; "
             "connection.cursor().execute('VACUUM ANALYZE')"], cwd=ROOT, env=env, check=True)  # fmt: skip
    return env, {
        "migrate_and_fixtures_s": round(migrated - start, 1),
        "generate_data_s": round(generated - migrated, 1),
    }


# Serving ---------------------------------------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(port, deadline):
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"gunicorn did not listen on 127.0.0.1:{port}")


def load_wrk(url, seconds, clients):
    result = subprocess.run(
        ["wrk", "--latency", f"-t{min(clients, 2)}", f"-c{clients}", f"-d{max(1, round(seconds))}s",
         "--timeout", "10s", url], capture_output=True, text=True, check=True, timeout=seconds + 30,
    )  # fmt: skip
    return parse_wrk(result.stdout)


def parse_wrk(text):
    def duration_ms(token):
        for unit, factor in (("us", 0.001), ("ms", 1), ("s", 1000), ("m", 60000)):
            if token.endswith(unit) and token[: -len(unit)].replace(".", "").isdigit():
                return float(token[: -len(unit)]) * factor
        raise ValueError(token)

    requests_per_s = p99 = None
    errors = 0
    for line in text.splitlines():
        words = line.split()
        if line.startswith("Requests/sec:"):
            requests_per_s = float(words[1])
        elif words[:1] == ["99%"]:
            p99 = duration_ms(words[1])
        elif line.strip().startswith("Non-2xx or 3xx responses:"):
            errors += int(words[-1])
        elif line.strip().startswith("Socket errors:"):
            errors += sum(int(part.split()[-1]) for part in line.split(":", 1)[1].split(","))
        elif "requests in" in line:
            total = int(words[0])
    return {"requests_per_s": round(requests_per_s, 1), "p99_ms": round(p99, 1), "errors": errors,
            "requests": total, "load": "wrk"}  # fmt: skip


def load_python(url, seconds, clients):
    """Fallback when wrk is missing: threads with blocking HTTP/1.1 requests, bounded in time."""
    import http.client
    import threading
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    latencies, errors = [], [0]
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client():
        connection = None
        while time.monotonic() < stop_at:
            start = time.perf_counter()
            try:
                if connection is None:
                    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
                    connection = None
            except (OSError, http.client.HTTPException):
                ok = False
                connection = None
            with lock:
                if ok:
                    latencies.append(time.perf_counter() - start)
                else:
                    errors[0] += 1

    started = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 15)
    elapsed = time.monotonic() - started
    ordered = sorted(latencies) or [0]
    return {
        "requests_per_s": round(len(latencies) / elapsed, 1),
        "p99_ms": round(ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))] * 1000, 1),
        "errors": errors[0],
        "requests": len(latencies) + errors[0],
        "load": "python threads",
    }


def serve(env, runs):
    """Start gunicorn (2 sync workers) with `env`, warm both workers, load each (name, path,
    seconds) of `runs` in turn, stop; the load results by name. A list of paths instead of one
    is a mix (bench/serving_mix.py), asked for at random."""
    port = free_port()
    server = subprocess.Popen(
        [str(Path(PY).parent / "gunicorn"), "cainfo.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{port}",
         "--log-level", "warning", "--timeout", "60"], cwd=ROOT, env=env,
    )  # fmt: skip
    load = load_wrk if shutil.which("wrk") and not os.environ.get("BENCH_PYTHON_LOAD") else load_python
    try:
        wait_for(port, time.monotonic() + 30)
        base = f"http://127.0.0.1:{port}"

        def load_one(path, seconds, clients):
            if isinstance(path, list):
                return serving_mix.load(base, path, seconds, clients)
            return load(base + path, seconds, clients)

        for _, path, _ in runs:  # warm both workers
            load_one(path, WARM_SECONDS, 2)
        return {name: load_one(path, seconds, CLIENTS) for name, path, seconds in runs}
    finally:
        server.terminate()
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def serving(env):
    """The API's summits list as deployed (API cache on, the default) against a minimal view;
    for context, the same list with the cache off and the hand-written list."""
    results = serve(
        env,
        [
            ("measured", "/api/v1/summits/", SERVE_SECONDS),
            ("baseline", "/bench/minimal/", SERVE_SECONDS),
            ("floor_list", "/bench/summits/", SERVE_SECONDS / 2),
        ],
    )
    uncached = [("uncached", "/api/v1/summits/", SERVE_SECONDS / 2)]
    results.update(serve({**env, "DJANGO_API_CACHE_SECONDS": "0"}, uncached))
    ratio = results["measured"]["requests_per_s"] / max(results["baseline"]["requests_per_s"], 0.001)
    return {
        **results,
        "endpoint": "/api/v1/summits/ (page of 25, API cache on)",
        "clients": CLIENTS,
        "seconds": SERVE_SECONDS,
        "ratio": round(ratio, 3),
        "goal": ">= 50% of the baseline's requests/s, 0 errors",
        "met": ratio >= 0.5 and results["measured"]["errors"] == 0,
    }


# Per database ----------------------------------------------------------------------------------------


def run_database(db):
    log(f"== {db}: fresh database, migrate, fixtures, generate_data --scale {SCALE}")
    started = time.perf_counter()
    env, setup = prepare(db)
    log(f"   {setup}")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "rows.json"
        log(f"== {db}: in-process rows")
        # with the API cache off: these rows measure building a response, not reading it back
        measure_env = {**env, "DJANGO_API_CACHE_SECONDS": "0"}
        subprocess.run([PY, "-m", "bench.measure", str(out)], cwd=ROOT, env=measure_env, check=True)
        rows = json.loads(out.read_text())
        if (ROOT / "bench" / "csv_bench.py").exists():
            log(f"== {db}: CSV import and export")
            subprocess.run([PY, "bench/csv_bench.py", "--json", str(out)], cwd=ROOT, env=env, check=True)
            rows.update(json.loads(out.read_text()))
    log(f"== {db}: serving under load ({CLIENTS} clients, {SERVE_SECONDS:g} s each)")
    rows["serving"] = serving(env)
    log(f"== {db}: the serving mix ({CLIENTS} clients, {SERVE_SECONDS:g} s)")
    rows["serving_mix"] = serving_mix.row(env, serve, SERVE_SECONDS)
    return {"setup": setup, "rows": rows, "seconds": round(time.perf_counter() - started, 1)}


# Report ------------------------------------------------------------------------------------------------


def ms(row, key="measured"):
    part = row[key]
    return f"{part['median_ms']:.1f} ms (p95 {part['p95_ms']:.1f})"


def describe(name, row):
    """(what, measured, baseline, ratio) as text for the table."""
    if name in ("summit_list", "summit_detail"):
        what = "summits list, page of 50" if name == "summit_list" else "summit detail"
        return what, ms(row), ms(row, "baseline"), f"{row['ratio']:.2f}"
    if name == "timeline_actor":
        return f"timeline, actor={row['actor']} ({row['actor_summits']} summits)", ms(row), "—", "—"
    if name == "list_queries":
        m = row["measured"]
        return (
            "SQL queries per summits list request",
            f"{m['page_size_1']} (size 1) / {m['page_size_100']} (size 100)",
            "—",
            "—",
        )
    if name == "admin_changelist":
        m = row["measured"]
        return (
            "admin summit changelist",
            f"{m['median_ms']:.1f} ms, {m['queries_first_page']}/{m['queries_later_page']} queries (page 1/later)",
            "—",
            "—",
        )
    if name == "search_api":
        b = row["broad"]
        return (
            "search API, first page with facets",
            f"{ms(row)}; `synthetic` (every generated record) {b['median_ms']:.0f} ms",
            "—",
            "—",
        )
    if name == "search_page":
        return "public search page", ms(row), "—", "—"
    if name == "search_index":
        m = row["measured"]
        size = f"{m['bytes'] / 2**20:.0f} MiB" if m["bytes"] else "size unknown"
        return f"search index build, {m['entries']:,} entries", f"{m['seconds']:.1f} s, {size}", "—", "—"
    if name == "csv_import":
        m, b = row["measured"], row["baseline"]
        return (
            f"import {m['summits']:,} summits + {m['rows'] - m['summits']:,} participations (CSV)",
            f"{m['rows_per_s']:,.0f} rows/s, peak {m['peak_mib']:.0f} MiB",
            f"{b['rows_per_s']:,.0f} rows/s (bulk_create)",
            f"{row['ratio']:.2f}",
        )
    if name == "csv_export":
        m, b = row["measured"], row["baseline"]
        return (
            f"export {m['rows']:,} summits to CSV",
            f"{m['rows_per_s']:,.0f} rows/s, peak {m['peak_mib']:.0f} MiB",
            f"{b['rows_per_s']:,.0f} rows/s (csv.writer)",
            f"{row['ratio']:.2f}",
        )
    if name == "serving":
        m, b, u = row["measured"], row["baseline"], row["uncached"]
        return (
            f"serving {row['endpoint']}, {row['clients']} clients, gunicorn 2 workers",
            f"{m['requests_per_s']:,.0f} req/s, p99 {m['p99_ms']:.0f} ms, {m['errors']} errors "
            f"(cache off: {u['requests_per_s']:,.0f} req/s, {u['errors']} errors)",
            f"{b['requests_per_s']:,.0f} req/s, p99 {b['p99_ms']:.0f} ms (minimal view)",
            f"{row['ratio']:.2f}",
        )
    if name in round_two.ROWS:
        return round_two.describe(name, row, CLIENTS)
    return name, json.dumps(row.get("measured")), "", ""


def table(report):
    m = report["machine"]
    lines = [
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB; Python {m['python']}; "
        f"scale {report['scale']}; {report['requests']} requests per timed row.",
        "",
        "| database | what | measured | baseline (same run) | ratio | goal | met |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for db, result in report["databases"].items():
        for name, row in result["rows"].items():
            what, measured, baseline, ratio = describe(name, row)
            met = {True: "yes", False: "NO", None: "—"}[row["met"]]
            lines.append(f"| {db} | {what} | {measured} | {baseline} | {ratio} | {row['goal']} | {met} |")
    return "\n".join(lines)


def main():
    started = time.perf_counter()
    report = {
        "machine": machine(),
        "scale": float(SCALE),
        "requests": int(os.environ.get("BENCH_REQUESTS", 200)),
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
