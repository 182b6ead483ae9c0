"""The machine and the databases `make bench` measures on (bench/run.py): a fresh database,
migrated, with the fixtures and `generate_data --scale BENCH_SCALE`, and the environment a
Django process needs to use it."""

import hashlib
import os
import platform
import re
import shutil
import sqlite3
import time
from pathlib import Path

import steps  # bench/ is bench/run.py's directory

ROOT = steps.ROOT


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


def database_url(db, work: Path, pg_url: str) -> str:
    return f"sqlite:///{work / 'cainfo_bench.sqlite3'}" if db == "sqlite" else pg_url


def migrations_digest() -> str:
    """What a migrated database depends on: every migration, Django's version and the pinned
    requirements (the third-party apps' migrations)."""
    import django

    digest = hashlib.sha256(django.__version__.encode())
    for path in sorted(ROOT.glob("*/migrations/*.py")) + [ROOT / "requirements.txt"]:
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def pg_admin(pg_url: str):
    """An autocommit connection to the server's `postgres` database, and the bench database's name."""
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
    return connection, settings["NAME"]


def kept_name(db, url: str, cache: Path) -> str:
    """The kept migrated database for `url`: a file in `cache` (SQLite), a template (PostgreSQL)."""
    if db == "sqlite":
        return str(cache / f"migrated-{migrations_digest()}.sqlite3")
    import dj_database_url

    return f"{dj_database_url.parse(url)['NAME'][:40]}_migrated_{migrations_digest()}"


def fresh_database(db, url: str, cache: Path | None) -> bool:
    """A new database at `url`: empty, or a copy of the kept migrated one when `cache` holds it
    (BENCH_MIGRATED_CACHE); whether it is migrated."""
    if db == "sqlite":
        path = Path(url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        kept = Path(kept_name(db, url, cache)) if cache else None
        if kept and kept.exists():
            shutil.copyfile(kept, path)
            return True
        return False
    connection, name = pg_admin(url)
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        template = kept_name(db, url, cache) if cache else None
        if template:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template])
            template = template if cursor.fetchone() else None
        cursor.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    connection.close()
    return template is not None


def keep_migrated(db, url: str, cache: Path):
    """Keep the database at `url`, just migrated, for the next fresh_database; older ones go."""
    kept = kept_name(db, url, cache)
    if db == "sqlite":
        cache.mkdir(parents=True, exist_ok=True)
        for old in cache.glob("migrated-*.sqlite3"):
            old.unlink(missing_ok=True)
        partial = cache / f"partial-{os.getpid()}.sqlite3"
        source, copy = sqlite3.connect(url.removeprefix("sqlite:///")), sqlite3.connect(partial)
        source.backup(copy)
        source.close()
        copy.close()
        os.replace(partial, kept)
        return
    connection, name = pg_admin(url)
    with connection.cursor() as cursor:
        cursor.execute("SELECT datname FROM pg_database WHERE starts_with(datname, %s)", [kept.rsplit("_", 1)[0]])
        for (old,) in cursor.fetchall():
            cursor.execute(f'DROP DATABASE IF EXISTS "{old}"')
        cursor.execute(f'CREATE DATABASE "{kept}_partial" TEMPLATE "{name}"')
        cursor.execute(f'ALTER DATABASE "{kept}_partial" RENAME TO "{kept}"')
    connection.close()


def manage(env, *args) -> str:
    """Run a management command; its output."""
    return steps.run(env, ["manage.py", *args], capture=True)


def prepare(db, scale: str, env: dict, cache: Path | None):
    """A fresh database at env's DATABASE_URL with the fixtures and generated data: its setup
    times, among them the search index's build at the end of generate_data."""
    url = env["DATABASE_URL"]
    start = time.perf_counter()
    if not fresh_database(db, url, cache):
        manage(env, "migrate", "--noinput", "-v0")
        if cache:
            keep_migrated(db, url, cache)
    manage(env, "loaddata", "cainfo", "names", "-v0")
    migrated = time.perf_counter()
    output = manage(env, "generate_data", "--scale", scale)
    generated = time.perf_counter()
    # generate_data ends by building the search index, the `search_index` row's measure
    indexed = re.search(r"the search index: ([0-9.]+) s", output)
    if db == "postgresql":
        steps.run(env, ["-c", "import django; django.setup(); from django.db import connection; "
                    "connection.cursor().execute('VACUUM ANALYZE')"])  # fmt: skip
    return {
        "migrate_and_fixtures_s": round(migrated - start, 1),
        "generate_data_s": round(generated - migrated, 1),
        "search_index_s": float(indexed.group(1)) if indexed else None,
    }
