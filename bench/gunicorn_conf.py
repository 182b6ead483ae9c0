"""gunicorn settings for `make bench` (bench/serve.py): each worker, once it has loaded the app and
the URLconf (imported on the first request otherwise), leaves a file in BENCH_READY_DIR, so loads
start only when every worker can answer."""

import os
from pathlib import Path


def post_worker_init(worker):
    from django.urls import get_resolver

    get_resolver().resolve("/bench/minimal/")
    Path(os.environ["BENCH_READY_DIR"], str(worker.pid)).touch()
