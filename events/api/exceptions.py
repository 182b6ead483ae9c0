"""Errors the database raises, answered as HTTP errors instead of 500s."""

from django.apps import apps
from django.db import IntegrityError
from django.db.models import ProtectedError, RestrictedError, UniqueConstraint
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from events.models import PARENT_CYCLE_MESSAGE, PARENT_CYCLE_TRIGGER

MAX_LISTED_DEPENDANTS = 50


def exception_handler(exc, context):
    if isinstance(exc, ProtectedError | RestrictedError):
        set_rollback()
        return protected_response(exc)
    if isinstance(exc, IntegrityError):
        set_rollback()
        return Response({"non_field_errors": [constraint_message(exc)]}, status=status.HTTP_400_BAD_REQUEST)
    return drf_exception_handler(exc, context)


def protected_response(exc: ProtectedError | RestrictedError) -> Response:
    """409 naming the records that still refer to the one being deleted."""
    dependants = sorted(
        getattr(exc, "protected_objects", None) or exc.restricted_objects,
        key=lambda obj: (obj._meta.verbose_name, str(obj)),
    )
    listed = [
        {"type": obj._meta.model_name, "name": str(obj), **({"slug": obj.slug} if hasattr(obj, "slug") else {})}
        for obj in dependants[:MAX_LISTED_DEPENDANTS]
    ]
    return Response(
        {
            "detail": f"Cannot delete: {len(dependants)} record(s) refer to it. Remove or change them first.",
            "dependants": listed,
        },
        status=status.HTTP_409_CONFLICT,
    )


def constraint_message(exc: IntegrityError) -> str:
    """The violation message of the constraint the database names in `exc`, found by its name
    (PostgreSQL, SQLite CHECK) or by its columns (SQLite UNIQUE)."""
    text = str(exc)
    if PARENT_CYCLE_TRIGGER in text:
        return PARENT_CYCLE_MESSAGE
    for model in apps.get_app_config("events").get_models():
        table = model._meta.db_table
        for constraint in model._meta.constraints:
            if constraint.name in text:
                return str(constraint.get_violation_error_message())
            if isinstance(constraint, UniqueConstraint) and constraint.fields:
                columns = ", ".join(f"{table}.{model._meta.get_field(name).column}" for name in constraint.fields)
                if text.rstrip().endswith(columns):
                    return str(constraint.get_violation_error_message())
    first_line = text.strip().splitlines()[0] if text.strip() else "integrity error"
    return f"The change conflicts with the data already stored: {first_line}."
