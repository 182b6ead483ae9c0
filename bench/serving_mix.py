"""A realistic serving mix: many different API requests in fixed proportions, under load.

`bench/run.py` loads one URL at a time, so after each worker's first request every answer is a
cache hit. This mix asks, at random in the proportions of MIX, for list pages 1–200, lists
filtered by year, mechanism or actor, summit and agreement details, actors' timelines and
searches, against the same gunicorn, and reports requests/s, p99, errors and the API cache's
hit rate (its `X-Cache` header).

In `make bench` it is the `serving_mix` row (`bench/run.py`). By hand, against any server
(see BENCHMARKS.md, "The serving mix by hand"):

    DJANGO_SETTINGS_MODULE=bench.settings DATABASE_URL=... python -m bench.serving_mix paths mix.json
    DJANGO_SETTINGS_MODULE=bench.settings DATABASE_URL=... python -m bench.serving_mix time mix.json
    python bench/serving_mix.py load http://127.0.0.1:8000 mix.json --seconds 20 --clients 16 [--warm]

`time` times each kind of path on a cache miss in-process; `load --warm` first asks for every
distinct path once (with a cache shared by the workers, a site's steady state: every answer a hit).
The load client is bench/httpload.py, the same as the rest of `make bench`'s.
"""

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

if __package__:
    from . import httpload, steps
else:  # run as bench/serving_mix.py, or imported by bench/run.py
    import httpload
    import steps

# (kind, weight in percent): what a public reader and the API's clients ask for
MIX = [
    ("list page", 30),  # /api/v1/summits/?page=1..200
    ("filtered list", 20),  # by year, mechanism or actor
    ("summit detail", 20),
    ("agreement detail", 10),
    ("actor timeline", 12),
    ("search", 8),
]
SEARCH_WORDS = ["Tokyo", "Astana", "kaz", "lithium", "energy", "Samarkand", "CA+JAD", "Türkiye"]
PATHS = 4000  # drawn once per run, then loaded in random order


def mix_paths(count: int = PATHS, seed: int = 2026) -> list[str]:
    """`count` request paths in the proportions of MIX, from the records in the database
    (needs Django set up)."""
    from events.models import Actor, Agreement, Mechanism, Summit

    rng = random.Random(seed)
    summits = list(Summit.objects.values_list("slug", flat=True))
    agreements = list(Agreement.objects.values_list("slug", flat=True))
    mechanisms = list(Mechanism.objects.values_list("slug", flat=True))
    actors = list(Actor.objects.values_list("slug", flat=True))
    years = sorted({day.year for day in Summit.objects.exclude(date=None).values_list("date", flat=True)[:5000]})
    pages = max(1, min(200, len(summits) // 25))

    def filtered():
        which = rng.choice(["year", "mechanism", "actor"])
        if which == "year" and years:
            return f"/api/v1/summits/?year={rng.choice(years)}"
        if which == "mechanism" and mechanisms:
            return f"/api/v1/summits/?mechanism={rng.choice(mechanisms)}"
        return f"/api/v1/summits/?actor={rng.choice(actors)}"

    makers = {
        "list page": lambda: f"/api/v1/summits/?page={rng.randint(1, pages)}",
        "filtered list": filtered,
        "summit detail": lambda: f"/api/v1/summits/{rng.choice(summits)}/",
        "agreement detail": lambda: f"/api/v1/agreements/{rng.choice(agreements)}/",
        "actor timeline": lambda: f"/api/v1/timeline/?actor={rng.choice(actors)}",
        "search": lambda: f"/api/v1/search/?q={quote(rng.choice(SEARCH_WORDS))}",
    }
    kinds = rng.choices([kind for kind, _ in MIX], weights=[weight for _, weight in MIX], k=count)
    return [makers[kind]() for kind in kinds]


def draw_paths(env: dict) -> list[str]:
    """The mix's paths from the database of `env` (a Django step of its own, bench/steps.py)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "paths.json"
        steps.run(env, ["-m", "bench.serving_mix", "paths", str(out)])
        return json.loads(out.read_text())


def kinds(paths: list[str]) -> dict:
    """How many requests and distinct paths of each kind (by the path's shape)."""
    counted = {}
    for path in paths:
        kind = kind_of(path)
        entry = counted.setdefault(kind, {"requests": 0, "distinct": set()})
        entry["requests"] += 1
        entry["distinct"].add(path)
    return {kind: {"requests": e["requests"], "distinct": len(e["distinct"])} for kind, e in counted.items()}


def kind_of(path: str) -> str:
    if path.startswith("/api/v1/search/"):
        return "search"
    if path.startswith("/api/v1/timeline/"):
        return "actor timeline"
    if path.startswith("/api/v1/agreements/"):
        return "agreement detail"
    if path.startswith("/api/v1/summits/?page="):
        return "list page"
    if path.startswith("/api/v1/summits/?"):
        return "filtered list"
    return "summit detail"


def setup_django() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    django.setup()


def time_kinds(paths: list[str], per_kind: int = 30) -> dict:
    """Each kind's time on a miss, in-process (Django's test client): one GET of up to `per_kind`
    of its distinct paths, and its share of the time the whole mix would take if every request
    were a miss. With the API cache on (DJANGO_API_CACHE_SECONDS) each answer is still a miss,
    but the pages of a list share its count, as when deployed."""
    from django.test import Client

    client = Client()
    counted = kinds(paths)
    rng = random.Random(2026)
    by_kind = {}
    for path in sorted(set(paths)):
        by_kind.setdefault(kind_of(path), []).append(path)
    client.get("/api/v1/summits/")  # imports and first connection outside the figures
    result = {}
    for kind, distinct in by_kind.items():
        times = []
        for path in rng.sample(distinct, min(per_kind, len(distinct))):
            start = time.perf_counter()
            response = client.get(path)
            times.append(time.perf_counter() - start)
            if response.status_code != 200:
                raise RuntimeError(f"GET {path}: {response.status_code}")
        ordered = sorted(times)
        result[kind] = {
            "requests": counted[kind]["requests"],
            "distinct": counted[kind]["distinct"],
            "median_ms": round(statistics.median(times) * 1000, 1),
            "max_ms": round(ordered[-1] * 1000, 1),
            "mean_ms": round(statistics.fmean(times) * 1000, 1),
        }
    total = sum(k["mean_ms"] * k["requests"] for k in result.values())
    for entry in result.values():
        entry["share_of_miss_time"] = round(entry["mean_ms"] * entry["requests"] / total, 3)
    return result


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    paths = commands.add_parser("paths", help="draw the mix's paths from the database into a JSON file")
    paths.add_argument("out")
    timing = commands.add_parser("time", help="each kind of path on a cache miss, in-process")
    timing.add_argument("paths")
    timing.add_argument("--per-kind", type=int, default=30)
    loading = commands.add_parser("load", help="load a running server with the paths of a JSON file")
    loading.add_argument("base", help="the server, e.g. http://127.0.0.1:8000")
    loading.add_argument("paths")
    loading.add_argument("--seconds", type=float, default=20)
    loading.add_argument("--clients", type=int, default=16)
    loading.add_argument("--warm", action="store_true", help="first ask for every distinct path once")
    args = parser.parse_args(argv)
    if args.command == "paths":
        setup_django()
        Path(args.out).write_text(json.dumps(mix_paths()))
        return
    mix = json.loads(Path(args.paths).read_text())
    if args.command == "time":
        setup_django()
        result = time_kinds(mix, args.per_kind)
    else:
        base = args.base.rstrip("/")
        if args.warm:
            httpload.once_each(base, mix)
        result = httpload.load(base, mix, args.seconds, args.clients)
    json.dump(result, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
