"""A realistic serving mix: many different API requests in fixed proportions, under load.

`bench/run.py` loads one URL at a time, so after each worker's first request every answer is a
cache hit. This mix asks, at random in the proportions of MIX, for list pages 1–200, lists
filtered by year, mechanism or actor, summit and agreement details, actors' timelines and
searches, against the same gunicorn, and reports requests/s, p99, errors and the API cache's
hit rate (its `X-Cache` header).

In `make bench` it is the `serving_mix` row (`bench/run.py`). By hand, against any server
(see BENCHMARKS.md, "The serving mix by hand"):

    DJANGO_SETTINGS_MODULE=bench.settings DATABASE_URL=... python -m bench.serving_mix paths mix.json
    python bench/serving_mix.py load http://127.0.0.1:8000 mix.json --seconds 20 --clients 16
"""

import argparse
import http.client
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

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


LUA = """
local paths = %(paths)s
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args)
  hits, misses = 0, 0
  math.randomseed(os.time() + #threads * 7919)
end
function request()
  return wrk.format("GET", paths[math.random(#paths)])
end
function response(status, headers, body)
  local cached = headers["X-Cache"]
  if cached == "hit" then hits = hits + 1 elseif cached == "miss" then misses = misses + 1 end
end
function done(summary, latency, requests)
  local h, m = 0, 0
  for _, thread in ipairs(threads) do h = h + thread:get("hits"); m = m + thread:get("misses") end
  local e = summary.errors
  io.write(string.format(
    'MIX {"requests": %%d, "seconds": %%.3f, "p50_ms": %%.2f, "p99_ms": %%.2f, ' ..
    '"errors": %%d, "hits": %%d, "misses": %%d}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.status + e.timeout, h, m))
end
"""


def lua_script(paths: list[str]) -> str:
    table = "{" + ",".join(json.dumps(path) for path in paths) + "}"  # ASCII paths: JSON strings are Lua strings
    return LUA % {"paths": table}


def summarise(requests, seconds, p50_ms, p99_ms, errors, hits, misses, load):
    return {
        "requests_per_s": round(requests / max(seconds, 0.001), 1),
        "p50_ms": round(p50_ms, 1),
        "p99_ms": round(p99_ms, 1),
        "errors": errors,
        "requests": requests,
        "cache_hit_rate": round(hits / (hits + misses), 3) if hits + misses else None,
        "load": load,
    }


def load_wrk(base: str, paths: list[str], seconds: float, clients: int) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua_script(paths))
    try:
        result = subprocess.run(
            ["wrk", f"-t{min(clients, 2)}", f"-c{clients}", f"-d{max(1, round(seconds))}s", "--timeout", "10s",
             "-s", script.name, base + "/"], capture_output=True, text=True, check=True, timeout=seconds + 30,
        )  # fmt: skip
    finally:
        os.unlink(script.name)
    line = next(line for line in result.stdout.splitlines() if line.startswith("MIX "))
    return summarise(load="wrk", **json.loads(line[4:]))


def load_python(base: str, paths: list[str], seconds: float, clients: int) -> dict:
    """Fallback when wrk is missing: threads with blocking HTTP/1.1 requests, bounded in time."""
    parts = urlsplit(base)
    latencies, counts = [], {"errors": 0, "hits": 0, "misses": 0}
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client(rng):
        connection = None
        while time.monotonic() < stop_at:
            path = rng.choice(paths)
            start = time.perf_counter()
            outcome = "errors"
            try:
                if connection is None:
                    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                if response.status == 200:
                    outcome = {"hit": "hits", "miss": "misses"}.get(response.getheader("X-Cache", ""), "")
            except (OSError, http.client.HTTPException):
                connection = None
            with lock:
                if outcome != "errors":
                    latencies.append(time.perf_counter() - start)
                if outcome:
                    counts[outcome] += 1

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(random.Random(n),)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 15)
    ordered = sorted(latencies) or [0]

    def at(fraction):
        return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))] * 1000

    return summarise(
        len(latencies) + counts["errors"], time.monotonic() - started, at(0.5), at(0.99), counts["errors"],
        counts["hits"], counts["misses"], "python threads",
    )  # fmt: skip


def load(base: str, paths: list[str], seconds: float, clients: int) -> dict:
    use_wrk = shutil.which("wrk") and not os.environ.get("BENCH_PYTHON_LOAD")
    return (load_wrk if use_wrk else load_python)(base, paths, seconds, clients)


def row(env: dict, serve, seconds: float) -> dict:
    """The `serving_mix` row of `make bench`: the mix with the API cache as deployed and with it
    off, and the minimal view on the first server. `serve` is bench/run.py's."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "paths.json"
        subprocess.run([sys.executable, "-m", "bench.serving_mix", "paths", str(out)], env=env, check=True,
                       cwd=Path(__file__).resolve().parent.parent)  # fmt: skip
        paths = json.loads(out.read_text())
    results = serve(env, [("measured", paths, seconds), ("baseline", "/bench/minimal/", seconds / 2)])
    results.update(serve({**env, "DJANGO_API_CACHE_SECONDS": "0"}, [("uncached", paths, seconds / 2)]))
    with tempfile.TemporaryDirectory() as shared:  # both workers share one cache (docs/caching.md)
        results.update(serve({**env, "DJANGO_CACHE_URL": f"file://{shared}"}, [("file_cache", paths, seconds / 2)]))
    measured = results["measured"]
    ratio = measured["requests_per_s"] / max(results["baseline"]["requests_per_s"], 0.001)
    return {
        **results,
        "mix": dict(MIX),
        "distinct_paths": len(set(paths)),
        "ratio": round(ratio, 3),
        "goal": ">= 0.25x the minimal view's requests/s, p99 <= 100 ms, 0 errors",
        "met": ratio >= 0.25 and measured["p99_ms"] <= 100 and measured["errors"] == 0,
    }


def write_paths(out: str) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    django.setup()
    Path(out).write_text(json.dumps(mix_paths()))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    paths = commands.add_parser("paths", help="draw the mix's paths from the database into a JSON file")
    paths.add_argument("out")
    loading = commands.add_parser("load", help="load a running server with the paths of a JSON file")
    loading.add_argument("base", help="the server, e.g. http://127.0.0.1:8000")
    loading.add_argument("paths")
    loading.add_argument("--seconds", type=float, default=20)
    loading.add_argument("--clients", type=int, default=16)
    args = parser.parse_args(argv)
    if args.command == "paths":
        write_paths(args.out)
    else:
        result = load(args.base.rstrip("/"), json.loads(Path(args.paths).read_text()), args.seconds, args.clients)
        json.dump(result, sys.stdout, indent=2)
        print()


if __name__ == "__main__":
    main()
