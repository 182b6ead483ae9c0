"""Server errors: a database that cannot be reached is a 503 with Retry-After, not a 500."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.views.defaults import server_error as django_server_error

RETRY_AFTER_SECONDS = 5


def database_unavailable(exc: BaseException | None) -> bool:
    """Whether `exc`, or an exception it was raised from, is the database being unreachable."""
    while exc is not None:
        if isinstance(exc, OperationalError | InterfaceError):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def server_error(request, *args, **kwargs):
    """handler500. Django calls it for any uncaught exception, from a view or a middleware (the
    session and user lookups hit the database too), while that exception is being handled."""
    if not database_unavailable(sys.exc_info()[1]):
        return django_server_error(request, *args, **kwargs)
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {
                "detail": "The database is unavailable for a moment: retry shortly. A write cut off as it was "
                "being committed is either wholly saved or not at all, so read the record before retrying it."
            },
            status=503,
        )
    else:
        # rendered without a request: the context processors would ask the database for the user
        response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
