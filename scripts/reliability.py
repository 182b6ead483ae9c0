"""Load and fault runs against gunicorn on PostgreSQL or SQLite, on the loopback interface only.

    python scripts/reliability.py load  [--database postgres|sqlite] [--clients 16] [--seconds 30]
    python scripts/reliability.py fault [--clients 16] [--seconds 30] [--outage 5]

`load --database sqlite` runs the same load against a fresh SQLite file (the embedded default,
with its settings: write-ahead log, busy timeout, immediate transactions). Every load run ends
with `--races` If-Match races: two PATCHes sent at once with the same ETag must answer exactly
one 200 and one 412.

PostgreSQL runs use a PostgreSQL cluster of their own (`15 faults` on port 5433, created if missing and
started if stopped), never the shared `15 main`: the fault run stops and starts it. They drop and
create the database `cainfo_load` there, migrate it, seed a curator with a token and a few
records, start gunicorn on a free port of 127.0.0.1 and run mixed reads and writes from
`--clients` threads for `--seconds`. Every write the server acknowledged (201/200/204) is checked
in the database afterwards. The fault run stops PostgreSQL a third of the way in, keeps it down
for `--outage` seconds, starts it again and measures how long the app takes to serve again
(without restarting the app). Exit status 0 only when every check passes.
"""

import argparse
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
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


class Load:
    """Client threads: reads of lists, records, the timeline and history; writes of topics (each
    client creates and edits its own, so the last acknowledged value of each is known) and of
    summits with nested participants; and a few deliberate bad requests (intended 4xx)."""

    def __init__(self, base, token, clients, seconds):
        self.base, self.token, self.clients, self.seconds = base, token, clients, seconds
        self.lock = threading.Lock()
        self.statuses = Counter()
        self.failures = Counter()  # status classes or exceptions that count as errors
        self.events = []  # (monotonic time, ok) for the outage figures
        self.created = {}  # slug -> model for every acknowledged create
        self.descriptions = {}  # topic slug -> last acknowledged description
        self.attempts = {}  # topic slug -> every description sent, in order
        self.deleted = set()

    def request(self, method, path, body=None, intended=()):
        data = json.dumps(body).encode() if body is not None else None
        headers = {"Accept": "application/json"}
        if method != "GET":
            headers |= {"Content-Type": "application/json", "Authorization": f"Token {self.token}"}
        req = urllib.request.Request(self.base + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=15) as response:
                status = response.status
                response.read()
        except urllib.error.HTTPError as error:
            status = error.code
            error.read()
        except (OSError, TimeoutError) as error:
            status = type(error).__name__
        with self.lock:
            self.statuses[status] += 1
            ok = isinstance(status, int) and (status < 400 or status in intended)
            self.events.append((time.monotonic(), ok, status))
            if not ok:
                self.failures[status] += 1
        return status

    def client(self, number, deadline):
        rng = random.Random(number)
        mine = []
        n = 0
        while time.monotonic() < deadline:
            n += 1
            roll = rng.random()
            if roll < 0.45:
                path = rng.choice(
                    [
                        "/api/v1/summits/",
                        "/api/v1/topics/?page_size=50",
                        "/api/v1/timeline/",
                        "/api/v1/actors/",
                        "/api/v1/actors/load-actor-1/",
                        "/api/v1/actors/load-actor-2/history/",
                        "/",
                    ]
                )
                self.request("GET", path)
            elif roll < 0.6 or not mine:
                slug = f"load-{number}-{n}"
                if self.request("POST", "/api/v1/topics/", {"slug": slug, "name": f"Load topic {number}-{n}"}) == 201:
                    with self.lock:
                        self.created[slug] = "topic"
                    mine.append(slug)
            elif roll < 0.8:
                slug = rng.choice(mine)
                text = f"edit {n} by client {number}"
                with self.lock:
                    self.attempts.setdefault(slug, []).append(text)
                if self.request("PATCH", f"/api/v1/topics/{slug}/", {"description": text}) == 200:
                    with self.lock:
                        self.descriptions[slug] = text
            elif roll < 0.93:
                slug = f"load-summit-{number}-{n}"
                actors = rng.sample(range(10), 3)
                body = {
                    "slug": slug,
                    "name": f"Load summit {number}-{n}",
                    "date": "2025-12",
                    "participants": [{"actor": f"load-actor-{a}"} for a in actors],
                    "topics": mine[-2:],
                }
                if self.request("POST", "/api/v1/summits/", body) == 201:
                    with self.lock:
                        self.created[slug] = "summit"
            elif roll < 0.97:
                self.request("POST", "/api/v1/summits/", {"slug": "", "name": ""}, intended={400})
            else:
                self.request("GET", "/api/v1/summits/no-such-summit/", intended={404})

    def run(self):
        deadline = time.monotonic() + self.seconds
        threads = [threading.Thread(target=self.client, args=(n, deadline)) for n in range(self.clients)]
        for thread in threads:
            thread.start()
        return threads


def read_back():
    """(topic slug -> description, summit slug -> number of participants) read from the database."""
    if DATABASE == "sqlite":
        import sqlite3

        conn = sqlite3.connect(SQLITE_FILE)
    else:
        import psycopg2

        conn = psycopg2.connect(dbname=DBNAME, port=PORT)
    try:
        cur = conn.cursor()
        cur.execute("SELECT slug, description FROM events_topic")
        topics = dict(cur.fetchall())
        cur.execute(
            "SELECT s.slug, count(p.id) FROM events_summit s LEFT JOIN events_participation p ON p.summit_id = s.id "
            "GROUP BY s.slug"
        )
        summits = dict(cur.fetchall())
    finally:
        conn.close()
    return topics, summits


def verify(load):
    """Every acknowledged write in the database: created rows exist, each topic holds its last
    acknowledged description, each created summit has its three participants."""
    topics, summits = read_back()
    missing = [slug for slug, model in load.created.items() if slug not in (topics if model == "topic" else summits)]
    # A topic holds its last acknowledged description, or one sent after it whose answer was lost
    # (the commit went through as the database went away): an older value would be a lost write.
    wrong, later = [], 0
    for slug, text in load.descriptions.items():
        sent = load.attempts[slug]
        since_ack = sent[len(sent) - 1 - sent[::-1].index(text) :]
        if topics.get(slug) not in since_ack:
            wrong.append(slug)
        elif topics.get(slug) != text:
            later += 1
    partial = [slug for slug, count in summits.items() if slug.startswith("load-summit") and count != 3]
    acknowledged = len(load.created) + len(load.descriptions)
    return {
        "acknowledged": acknowledged,
        "found": acknowledged - len(missing) - len(wrong),
        "missing": missing[:10],
        "wrong": wrong[:10],
        "summits without their 3 participants": partial[:10],
        "unacknowledged edits found": later,
        "unacknowledged creates found": sum(1 for s in topics if s.startswith("load-"))
        + sum(1 for s in summits if s.startswith("load-summit"))
        - len(load.created),
    }


def if_match_races(base, token, rounds):
    """`rounds` times: create a topic, then send two PATCHes with its ETag at the same moment.
    Returns a Counter of the sorted status pairs; only (200, 412) is right."""
    headers = {"Accept": "application/json", "Content-Type": "application/json", "Authorization": f"Token {token}"}

    def call(method, path, body=None, extra=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(base + path, data=data, method=method, headers=headers | (extra or {}))
        try:
            with urllib.request.urlopen(req, timeout=30) as response:
                return response.status, response.headers.get("ETag")
        except urllib.error.HTTPError as error:
            return error.code, None

    outcomes = Counter()
    for n in range(rounds):
        slug = f"race-{n}"
        status, tag = call("POST", "/api/v1/topics/", {"slug": slug, "name": f"Race {n}"})
        if status != 201:
            outcomes[(f"create {status}",)] += 1
            continue
        barrier = threading.Barrier(2)
        statuses = []

        def patch(text, barrier=barrier, statuses=statuses, slug=slug, tag=tag):
            barrier.wait()
            statuses.append(call("PATCH", f"/api/v1/topics/{slug}/", {"description": text}, {"If-Match": tag})[0])

        threads = [threading.Thread(target=patch, args=(f"racer {k}",)) for k in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        outcomes[tuple(sorted(statuses))] += 1
    return outcomes


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


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=["load", "fault"])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--outage", type=float, default=5, help="seconds PostgreSQL stays down (fault)")
    parser.add_argument("--max-recovery", type=float, default=10, help="seconds allowed to serve again (fault)")
    parser.add_argument("--database", choices=["postgres", "sqlite"], default="postgres", help="(load)")
    parser.add_argument("--races", type=int, default=20, help="If-Match races after the load (load)")
    args = parser.parse_args()
    global DATABASE
    DATABASE = args.database
    if args.mode == "fault" and DATABASE != "postgres":
        parser.error("the fault run stops PostgreSQL: it runs on --database postgres only")

    if DATABASE == "postgres":
        cluster_ready()
    token = prepare_database()
    port = free_port()
    app = start_app(port)
    base = f"http://127.0.0.1:{port}"
    try:
        load = Load(base, token, args.clients, args.seconds)
        started = time.monotonic()
        threads = load.run()
        timings = outage(load, base, args.outage, args.seconds / 3) if args.mode == "fault" else None
        for thread in threads:
            thread.join(args.seconds + 60)
        elapsed = time.monotonic() - started
        if args.mode == "fault":
            # the app must serve again by itself: probe until a read succeeds
            deadline = time.monotonic() + args.max_recovery + 30
            while time.monotonic() < deadline and load.request("GET", "/api/v1/topics/") != 200:
                time.sleep(0.1)
        races = if_match_races(base, token, args.races) if args.mode == "load" else None
        app_alive = app.poll() is None
    finally:
        stop_app(app)
    result = verify(load)

    total = sum(load.statuses.values())
    engine = "SQLite" if DATABASE == "sqlite" else "PostgreSQL"
    print(f"\n=== {args.mode} run: {args.clients} clients, {args.seconds:g} s against gunicorn on {engine} ===")
    print(f"requests: {total} in {elapsed:.1f} s ({total / elapsed:.0f}/s)")
    print("responses: " + ", ".join(f"{k}: {v}" for k, v in sorted(load.statuses.items(), key=str)))
    print("errors (other than intended 4xx): " + (", ".join(f"{k}: {v}" for k, v in load.failures.items()) or "none"))
    failed = []
    if args.mode == "fault":
        stopped, down, up = timings
        during = [status for t, ok, status in load.events if stopped <= t <= up]
        after_up = [t for t, ok, status in load.events if t > up and ok and status == 200]
        first_ok_after = min(after_up) if after_up else None
        recovery = first_ok_after - up if first_ok_after else None
        unclean = [s for t, ok, s in load.events if not ok and s not in (500, 503)]
        print(f"outage: PostgreSQL down {up - stopped:.1f} s (stop took {down - stopped:.1f} s)")
        print(
            "responses during the outage: "
            + ", ".join(f"{k}: {v}" for k, v in sorted(Counter(during).items(), key=str))
        )
        print(
            f"recovery: first successful read {recovery:.2f} s after PostgreSQL was back"
            if recovery is not None
            else "recovery: the app never served again"
        )
        print(f"app process restarted: {'no' if app_alive else 'it died'}")
        if recovery is None or recovery > args.max_recovery:
            failed.append(f"no recovery within {args.max_recovery} s")
        if unclean:
            failed.append(f"{len(unclean)} failures other than 500/503: {Counter(unclean)}")
        if not app_alive:
            failed.append("the app process died")
    else:
        if load.failures:
            failed.append(f"errors: {dict(load.failures)}")
        print("If-Match races (two PATCHes, one ETag): " + ", ".join(f"{k}: {v}" for k, v in races.items()))
        if set(races) != {(200, 412)}:
            failed.append(f"If-Match races answered other than one 200 and one 412: {dict(races)}")
    print(f"writes acknowledged: {result['acknowledged']}, found in the database: {result['found']}")
    print(
        "writes not acknowledged but stored anyway (a commit whose answer was lost): "
        f"{result['unacknowledged creates found']} creates, {result['unacknowledged edits found']} edits"
    )
    if result["missing"] or result["wrong"]:
        failed.append(f"acknowledged writes lost: missing {result['missing']}, wrong {result['wrong']}")
    if result["summits without their 3 participants"]:
        failed.append(f"partial summits: {result['summits without their 3 participants']}")
    print(f"app log (errors logged during the outage are expected there): {APP_LOG}")
    print("RESULT: " + ("PASS" if not failed else "FAIL: " + "; ".join(failed)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
