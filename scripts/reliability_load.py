"""The client side of the load and fault runs (scripts/reliability.py): the mixed load, the
If-Match races and the check that every acknowledged write is in the database."""

import json
import random
import threading
import time
import urllib.error
import urllib.request
from collections import Counter

import reliability_setup as setup


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
    if setup.DATABASE == "sqlite":
        import sqlite3

        conn = sqlite3.connect(setup.SQLITE_FILE)
    else:
        import psycopg2

        conn = psycopg2.connect(dbname=setup.DBNAME, port=setup.PORT)
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
