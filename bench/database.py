"""The machine and the databases `make bench` measures on (bench/run.py): a fresh database,
migrated, with the fixtures and `generate_data --scale BENCH_SCALE`, and the environment a
Django process needs to use it."""

import os
import platform
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable


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


def fresh_database(db, work: Path, pg_url: str):
    """A new, empty database; returns its URL."""
    if db == "sqlite":
        work.mkdir(parents=True, exist_ok=True)
        path = work / "cainfo_bench.sqlite3"
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    import dj_database_url
    import psycopg2

    settings = dj_database_url.parse(pg_url)
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
    return pg_url


def manage(env, *args) -> str:
    """Run a management command; its output."""
    return subprocess.run(
        [PY, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.PIPE, text=True
    ).stdout


def prepare(db, scale: str, work: Path, pg_url: str):
    """A fresh database with the fixtures and generated data: (its environment, setup times,
    among them the search index's build at the end of generate_data)."""
    env = django_env(fresh_database(db, work, pg_url))
    start = time.perf_counter()
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "loaddata", "cainfo", "names", "-v0")
    migrated = time.perf_counter()
    output = manage(env, "generate_data", "--scale", scale)
    generated = time.perf_counter()
    # generate_data ends by building the search index, the `search_index` row's measure
    indexed = re.search(r"the search index: ([0-9.]+) s", output)
    if db == "postgresql":
        subprocess.run(
            [PY, "-c", "import django; django.setup(); from django.db import connection; "
             "connection.cursor().execute('VACUUM ANALYZE')"], cwd=ROOT, env=env, check=True)  # fmt: skip
    return env, {
        "migrate_and_fixtures_s": round(migrated - start, 1),
        "generate_data_s": round(generated - migrated, 1),
        "search_index_s": float(indexed.group(1)) if indexed else None,
    }
