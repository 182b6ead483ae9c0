"""gunicorn as `make bench` serves the app (2 sync workers, loopback), loaded in turn by
bench/httpload.py."""

import os
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import httpload
import steps

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = str(Path(sys.executable).parent / "gunicorn")


def free_port():
    """A free port the system picks (ephemeral), unless BENCH_PORT names one."""
    if os.environ.get("BENCH_PORT"):
        return int(os.environ["BENCH_PORT"])
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(port, ready: Path, workers: int, deadline):
    """Until the port listens and every worker has loaded the app (bench/gunicorn_conf.py):
    under load a worker's start takes seconds, which a load would otherwise count."""
    while time.monotonic() < deadline:
        if len(list(ready.iterdir())) >= workers:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    return
            except OSError:
                pass
        time.sleep(0.1)
    raise RuntimeError(f"gunicorn's {workers} workers did not start on 127.0.0.1:{port}")


@contextmanager
def gunicorn(env, workers=2):
    """A running server with `env`; yields its base URL."""
    port = free_port()
    with tempfile.TemporaryDirectory() as ready:
        arguments = ["cainfo.wsgi", "--workers", str(workers), "--bind", f"127.0.0.1:{port}", "--log-level", "warning",
                     "--timeout", "60", "--config", "python:bench.gunicorn_conf"]  # fmt: skip
        server_env = {**env, "BENCH_READY_DIR": ready}
        if steps.FORK:  # the app loaded once, before the workers fork, in a fork of a Django process
            server = steps.start(server_env, ["-m", "gunicorn", *arguments, "--preload"])
        else:
            server = subprocess.Popen([GUNICORN, *arguments], cwd=ROOT, env=server_env)
        try:
            wait_for(port, Path(ready), workers, time.monotonic() + 60)
            yield f"http://127.0.0.1:{port}"
        finally:
            server.terminate()
            try:
                server.wait(15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def serve(env, runs, clients, warm_seconds=0.0, warm=()):
    """One server with `env`: warm both workers on each path of `warm` (not the mixes: their
    first requests are what the cold figure measures), then load each (name, paths, seconds) of
    `runs` in turn; the load results by name."""
    with gunicorn(env) as base:
        for path in warm:
            httpload.load(base, path, warm_seconds, 2)
        return {name: httpload.load(base, paths, seconds, clients) for name, paths, seconds in runs}
