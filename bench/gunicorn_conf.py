"""gunicorn settings for `make bench` (bench/serve.py): each worker, once it has loaded the app and
the URLconf (imported on the first request otherwise), leaves a file in BENCH_READY_DIR, so loads
start only when every worker can answer. With --preload (BENCH_FORK=1) the master loads both
before it forks the workers, and the processes end without tearing down the interpreter (seconds
on a busy machine, for nothing: the server is stopped only once its loads are over)."""

import os
from pathlib import Path


def load_urlconf():
    from django.urls import get_resolver

    get_resolver().resolve("/bench/minimal/")


def when_ready(server):
    if server.cfg.preload_app:
        load_urlconf()


def post_worker_init(worker):
    load_urlconf()
    Path(os.environ["BENCH_READY_DIR"], str(worker.pid)).touch()


def worker_exit(server, worker):
    if server.cfg.preload_app and not worker.alive:  # stopped, not failed
        os._exit(0)


def on_exit(server):
    if server.cfg.preload_app:
        os._exit(0)
