"""HTTP load against a running server, for `make bench` (bench/run.py) and the serving mix
(bench/serving_mix.py): `clients` connections asking for `paths` (one path, or a mix asked for
at random) for `seconds`. `wrk` when installed, else (or with BENCH_PYTHON_LOAD=1) Python threads
with blocking HTTP/1.1 requests. Reports requests/s, p50, p99, errors (non-2xx/3xx, socket
errors) and the API cache's hit rate from its `X-Cache` header (None when no answer said)."""

import http.client
import json
import os
import random
import shutil
import subprocess
import tempfile
import threading
import time
from urllib.parse import urlsplit

# For a mix: picks the paths and counts X-Cache hits and misses. One path runs plain wrk instead,
# which has no per-request Lua and so stays the fastest client for a baseline.
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


def lua_script(paths: list[str]) -> str:
    table = "{" + ",".join(json.dumps(path) for path in paths) + "}"  # ASCII paths: JSON strings are Lua strings
    return LUA % {"paths": table}


def wrk(args: list[str], seconds: float) -> str:
    return subprocess.run(
        ["wrk", *args, "--timeout", "10s"], capture_output=True, text=True, check=True, timeout=seconds + 30
    ).stdout


def wrk_options(seconds: float, clients: int) -> list[str]:
    return [f"-t{min(clients, 2)}", f"-c{clients}", f"-d{max(1, round(seconds))}s"]


def load_wrk(base: str, paths: list[str], seconds: float, clients: int) -> dict:
    if len(set(paths)) == 1:
        return parse_wrk(wrk(["--latency", *wrk_options(seconds, clients), base + paths[0]], seconds))
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua_script(paths))
    try:
        out = wrk([*wrk_options(seconds, clients), "-s", script.name, base + "/"], seconds)
    finally:
        os.unlink(script.name)
    line = next(line for line in out.splitlines() if line.startswith("MIX "))
    return summarise(load="wrk", **json.loads(line[4:]))


def parse_wrk(text: str) -> dict:
    """wrk's own report (`--latency`), for one path."""

    def duration_ms(token):
        for unit, factor in (("us", 0.001), ("ms", 1), ("s", 1000), ("m", 60000)):
            if token.endswith(unit) and token[: -len(unit)].replace(".", "").isdigit():
                return float(token[: -len(unit)]) * factor
        raise ValueError(token)

    found = {"errors": 0}
    for line in text.splitlines():
        words = line.split()
        if line.startswith("Requests/sec:"):
            found["requests_per_s"] = float(words[1])
        elif words[:1] in (["50%"], ["99%"]):
            found[f"p{words[0][:-1]}_ms"] = duration_ms(words[1])
        elif line.strip().startswith("Non-2xx or 3xx responses:"):
            found["errors"] += int(words[-1])
        elif line.strip().startswith("Socket errors:"):
            found["errors"] += sum(int(part.split()[-1]) for part in line.split(":", 1)[1].split(","))
        elif "requests in" in line:
            found["requests"] = int(words[0])
    return {
        "requests_per_s": round(found["requests_per_s"], 1),
        "p50_ms": round(found["p50_ms"], 1),
        "p99_ms": round(found["p99_ms"], 1),
        "errors": found["errors"],
        "requests": found["requests"],
        "cache_hit_rate": None,
        "load": "wrk",
    }


def load_python(base: str, paths: list[str], seconds: float, clients: int) -> dict:
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
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
                    connection = None
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


def load(base: str, paths: str | list[str], seconds: float, clients: int) -> dict:
    """Load `base` (e.g. http://127.0.0.1:8000) with `paths` (one path or a list)."""
    paths = [paths] if isinstance(paths, str) else list(paths)
    use_wrk = shutil.which("wrk") and not os.environ.get("BENCH_PYTHON_LOAD")
    return (load_wrk if use_wrk else load_python)(base, paths, seconds, clients)


def once_each(base: str, paths: list[str], clients: int = 2) -> None:
    """Ask for every distinct path once (`clients` at a time): what "warm" means in the mix."""
    parts = urlsplit(base)
    pending = sorted(set(paths))
    lock = threading.Lock()

    def client():
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        while True:
            with lock:
                if not pending:
                    break
                path = pending.pop()
            try:
                connection.request("GET", path)
                connection.getresponse().read()
            except (OSError, http.client.HTTPException):
                connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        connection.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
