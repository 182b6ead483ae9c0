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
import sys
import time
from collections import Counter

import reliability_setup as setup
from reliability_load import Load, if_match_races, verify
from reliability_setup import APP_LOG, cluster_ready, free_port, outage, prepare_database, start_app, stop_app


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
    setup.DATABASE = args.database
    if args.mode == "fault" and setup.DATABASE != "postgres":
        parser.error("the fault run stops PostgreSQL: it runs on --database postgres only")

    if setup.DATABASE == "postgres":
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
    engine = "SQLite" if setup.DATABASE == "sqlite" else "PostgreSQL"
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
