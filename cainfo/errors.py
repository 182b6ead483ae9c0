"""Server errors: a database that cannot be reached is a 503 with Retry-After, not a 500; a lock
wait that timed out is a 503 "busy, retry", not an outage. Both are logged (settings LOGGING)."""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.views.defaults import server_error as django_server_error

logger = logging.getLogger("cainfo.errors")

RETRY_AFTER_SECONDS = 5
BUSY_RETRY_AFTER_SECONDS = 1
# SQLite's busy timeout ran out; PostgreSQL's lock_timeout, deadlock and serialization failures.
BUSY_MESSAGES = ("database is locked", "database table is locked")
BUSY_PGCODES = {"55P03", "40P01", "40001"}


def _chain(exc: BaseException | None):
    while exc is not None:
        yield exc
        exc = exc.__cause__ or exc.__context__


def database_busy(exc: BaseException | None) -> bool:
    """Whether `exc` (or an exception it was raised from) is a lock wait that ran out: the database
    is up, another write held the lock for longer than the busy timeout."""
    for error in _chain(exc):
        if isinstance(error, OperationalError) and any(text in str(error) for text in BUSY_MESSAGES):
            return True
        if getattr(error, "pgcode", None) in BUSY_PGCODES:
            return True
    return False


def database_unavailable(exc: BaseException | None) -> bool:
    """Whether `exc`, or an exception it was raised from, is the database being unreachable."""
    return any(isinstance(error, OperationalError | InterfaceError) for error in _chain(exc))


def server_error(request, *args, **kwargs):
    """handler500. Django calls it for any uncaught exception, from a view or a middleware (the
    session and user lookups hit the database too), while that exception is being handled."""
    exc = sys.exc_info()[1]
    if database_busy(exc):
        logger.warning("busy: %s %s waited out the lock timeout: %s", request.method, request.path, exc)
        detail = "The database is busy with other writes: retry in a moment. Nothing of this request was saved."
        retry_after, busy = BUSY_RETRY_AFTER_SECONDS, True
    elif database_unavailable(exc):
        logger.error("database unavailable: %s %s: %s", request.method, request.path, exc)
        detail = (
            "The database is unavailable for a moment: retry shortly. A write cut off as it was "
            "being committed is either wholly saved or not at all, so read the record before retrying it."
        )
        retry_after, busy = RETRY_AFTER_SECONDS, False
    else:
        return django_server_error(request, *args, **kwargs)
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": detail}, status=503)
    else:
        # rendered without a request: the context processors would ask the database for the user
        response = HttpResponse(render_to_string("503.html", {"busy": busy}), status=503)
    response["Retry-After"] = str(retry_after)
    return response
