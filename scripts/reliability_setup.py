"""The machinery of the load and fault runs (scripts/reliability.py): the PostgreSQL cluster of
their own (15 faults on port 5433), the database they load, and gunicorn on 127.0.0.1."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
CLUSTER = ("15", "faults")
PORT = int(os.environ.get("CAINFO_FAULT_PG_PORT", "5433"))
DBNAME = "cainfo_load"
ACK = {200, 201, 204}
APP_LOG = Path(os.environ.get("TMPDIR", "/tmp")) / "cainfo-reliability-gunicorn.log"
SQLITE_FILE = Path(os.environ.get("TMPDIR", "/tmp")) / "cainfo-reliability.sqlite3"
DATABASE = "postgres"  # or "sqlite": set by main() from --database


def run(*cmd, **kwargs):
    return subprocess.run(cmd, check=True, text=True, capture_output=True, **kwargs)


def cluster_ready():
    """Create the cluster if missing and start it; make sure the current user has a role."""
    if PORT == 5432:
        sys.exit("Refusing to use port 5432: that is the shared cluster other developers test on.")
    if not shutil.which("pg_lsclusters"):
        sys.exit("PostgreSQL's cluster tools (pg_lsclusters) are missing: apt-get install postgresql-15")
    clusters = run("pg_lsclusters", "--no-header").stdout
    if not any(line.split()[:2] == list(CLUSTER) for line in clusters.splitlines()):
        run("pg_createcluster", *CLUSTER, "-p", str(PORT))
    subprocess.run(["pg_ctlcluster", *CLUSTER, "start"], capture_output=True)
    wait_for_postgres(30)
    user = os.environ.get("USER") or run("id", "-un").stdout.strip()
    has_role = run(
        "runuser",
        "-u",
        "postgres",
        "--",
        "psql",
        "-p",
        str(PORT),
        "-tAc",
        f"SELECT 1 FROM pg_roles WHERE rolname='{user}'",
    ).stdout.strip()
    if not has_role:
        run("runuser", "-u", "postgres", "--", "createuser", "-p", str(PORT), "-s", user)


def wait_for_postgres(seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if subprocess.run(["pg_isready", "-q", "-p", str(PORT)]).returncode == 0:
            return
        time.sleep(0.2)
    sys.exit(f"PostgreSQL on port {PORT} did not come up within {seconds} s")


def db_env():
    url = f"sqlite:///{SQLITE_FILE}" if DATABASE == "sqlite" else f"postgres:///{DBNAME}"
    return {
        **os.environ,
        "PGPORT": str(PORT),
        "DATABASE_URL": url,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "load-and-fault-runs-only-not-a-deployment-secret",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "DJANGO_HSTS_SECONDS": "0",
        "DJANGO_CONN_MAX_AGE": "60",
        # throttling would turn this load into 429s: switched off for these runs
        "DJANGO_API_THROTTLE_ANON": "",
        "DJANGO_API_THROTTLE_USER": "",
    }


SEED = """
from django.contrib.auth.models import Group, Permission, User
from rest_framework.authtoken.models import Token
from events.models import Actor, Topic
group = Group.objects.create(name="load curators")
group.permissions.set(Permission.objects.filter(content_type__app_label="events"))
user = User.objects.create_user("load-curator", password="not-used-here-load-run")
user.groups.add(group)
for n in range(10):
    Actor.objects.create(slug=f"load-actor-{n}", name=f"Load actor {n}", kind="state")
print(Token.objects.create(user=user).key)
"""


def prepare_database():
    env = db_env()
    if DATABASE == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE_FILE}{suffix}").unlink(missing_ok=True)
    else:
        run("dropdb", "-p", str(PORT), "--if-exists", DBNAME)
        run("createdb", "-p", str(PORT), DBNAME)
    run(PYTHON, "manage.py", "migrate", "--noinput", cwd=ROOT, env=env)
    run(PYTHON, "manage.py", "collectstatic", "--noinput", cwd=ROOT, env=env)
    return run(PYTHON, "manage.py", "shell", "-c", SEED, cwd=ROOT, env=env).stdout.strip().splitlines()[-1]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_app(port):
    gunicorn = Path(PYTHON).with_name("gunicorn")
    app = subprocess.Popen(
        [
            str(gunicorn),
            "cainfo.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "4",
            "--threads",
            "4",
            "--worker-class",
            "gthread",
            "--timeout",
            "30",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=db_env(),
        start_new_session=True,
        stdout=APP_LOG.open("w"),
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/", timeout=2)
            return app
        except OSError:
            time.sleep(0.3)
    stop_app(app)
    sys.exit("gunicorn did not answer within 30 s")


def stop_app(app):
    if app.poll() is None:
        os.killpg(app.pid, signal.SIGTERM)
        try:
            app.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(app.pid, signal.SIGKILL)


def outage(load, base, outage_seconds, at):
    """Stop PostgreSQL at `at` seconds, start it after `outage_seconds`; return the timings."""
    time.sleep(at)
    stopped = time.monotonic()
    subprocess.run(["pg_ctlcluster", *CLUSTER, "stop", "-m", "fast"], check=True)
    down = time.monotonic()
    time.sleep(outage_seconds)
    subprocess.run(["pg_ctlcluster", *CLUSTER, "start"], check=True)
    wait_for_postgres(30)
    up = time.monotonic()
    return stopped, down, up
