"""How `make bench` (bench/run.py) runs its Django steps (manage.py commands, bench/measure.py,
bench/csv_bench.py, the serving mix's paths, gunicorn): each in a fresh Python process, or, with
BENCH_FORK=1, each in a fork of one process per database that has set Django up once
(`in_django`). A forked step runs the same entry point (`__main__` of the same module or script,
with the same argv and environment): it saves Django's start-up, a second or two each, for the
smoke test (tests/test_bench_smoke.py); `make bench` starts every step afresh."""

import json
import os
import runpy
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
FORK = os.environ.get("BENCH_FORK") == "1"


def api_cache_setting(url):
    from django.conf import settings

    from cainfo.cache_config import api_cache

    return {"CACHES": {**settings.CACHES, "api": api_cache(url, settings.CACHES["api"]["OPTIONS"]["MAX_ENTRIES"])}}


# What a step's environment may change from the forked process's: settings read once at start-up.
SETTINGS_FROM_ENV = {
    "DJANGO_API_CACHE_SECONDS": lambda value: {"API_CACHE_SECONDS": int(value)},
    "DJANGO_CACHE_URL": api_cache_setting,
}
# Imported once before the forks, so that each step does not import them again.
WARM_MODULES = (
    "django.test",
    "django.core.management.commands.migrate",
    "django.core.management.commands.loaddata",
    "events.importing",
    "events.resources",
)


def django_ready() -> bool:
    if "django" not in sys.modules:
        return False
    from django.apps import apps

    return apps.ready


def run(env: dict, argv: list[str], capture: bool = False) -> str | None:
    """Run `python *argv` (a script, `-m module` or `-c code`) with `env`, from the repository's
    root; its standard output when `capture`. Forked in a process that has set Django up."""
    if not (FORK and django_ready()):
        done = subprocess.run(
            [PY, *argv], cwd=ROOT, env=env, check=True, stdout=subprocess.PIPE if capture else None, text=True
        )
        return done.stdout if capture else None
    with tempfile.TemporaryFile("w+") as output:
        forked(lambda: _main(env, argv), stdout=output if capture else None)
        output.seek(0)
        return output.read() if capture else None


def _main(env: dict, argv: list[str]):
    from django.test.utils import override_settings

    changed = {key for key in set(env) | set(os.environ) if env.get(key) != os.environ.get(key)}
    fixed = {key for key in changed if key == "DATABASE_URL" or key.startswith("DJANGO_")} - set(SETTINGS_FROM_ENV)
    if fixed:
        raise RuntimeError(f"a forked step cannot change {sorted(fixed)}: Django is set up already")
    overrides = {}
    for key in changed & set(SETTINGS_FROM_ENV):
        overrides.update(SETTINGS_FROM_ENV[key](env.get(key, "")))
    os.environ.clear()
    os.environ.update(env)
    if overrides:
        override_settings(**overrides).enable()
    os.chdir(ROOT)
    if argv[0] == "-m":
        sys.argv = [argv[1], *argv[2:]]
        runpy.run_module(argv[1], run_name="__main__", alter_sys=True)
    elif argv[0] == "-c":
        sys.argv = ["-c", *argv[2:]]
        exec(compile(argv[1], "<string>", "exec"), {"__name__": "__main__"})
    else:
        sys.argv = list(argv)
        runpy.run_path(argv[0], run_name="__main__")


def fork(function, stdout=None) -> int:
    """Call `function` in a child process (a fork of this one), which then ends; its pid."""
    if django_ready():
        from django.db import connections

        connections.close_all()  # a child must not share this process's connections
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid:
        return pid
    status = 1
    try:
        if stdout is not None:
            os.dup2(stdout.fileno(), 1)
        function()
        status = 0
    except SystemExit as exit:
        status = exit.code if isinstance(exit.code, int) else (0 if exit.code is None else 1)
    except BaseException:
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)


def forked(function, stdout=None):
    """Call `function` in a child process (a fork of this one); raise if it fails."""
    code = Forked(fork(function, stdout)).wait()
    if code != 0:
        raise RuntimeError(f"a forked bench step failed (exit status {code})")


class Forked:
    """A forked process, with the methods of subprocess.Popen that bench/serve.py uses."""

    def __init__(self, pid):
        self.pid, self.returncode = pid, None

    def poll(self):
        if self.returncode is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def wait(self, timeout=None):
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(f"forked process {self.pid}", timeout)
            time.sleep(0.01)
        return self.returncode

    def send_signal(self, number):
        if self.poll() is None:
            os.kill(self.pid, number)

    def terminate(self):
        self.send_signal(signal.SIGTERM)

    def kill(self):
        self.send_signal(signal.SIGKILL)


def start(env: dict, argv: list[str]):
    """As `run`, without waiting: a Popen, or a Forked in a process that has set Django up."""
    if not (FORK and django_ready()):
        return subprocess.Popen([PY, *argv], cwd=ROOT, env=env)
    return Forked(fork(lambda: _main(env, argv)))


def in_django(env: dict, function, *args):
    """`function(*args)` in a process with Django set up on `env` (its steps then fork from it),
    with BENCH_FORK=1; else here. Its result goes through JSON."""
    if not FORK:
        return function(*args)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "result.json"

        def child():
            os.environ.clear()
            os.environ.update(env)
            os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
            sys.path.insert(0, str(ROOT))
            import django

            django.setup()
            import importlib

            for module in WARM_MODULES:
                importlib.import_module(module)
            from django.urls import get_resolver

            get_resolver().url_patterns  # noqa: B018 -- the URLconf, with every view and serializer
            out.write_text(json.dumps(function(*args)))

        forked(child)
        return json.loads(out.read_text())
