"""Cached API responses, and the data version that keeps them true.

A GET of a list or a record rendered as JSON is kept in the "api" cache (per process) under the
current data version and the full URL, for at most API_CACHE_SECONDS. The version is a random
token in one database row (DataVersion), replaced after every committed change: saves and
deletes through the ORM (signals), and the bulk paths that send no signals (the CSV import's
bulk mode, generate_data) call data_changed() themselves. Every worker and server reads the
same row, so a change made through one is seen by all on their next request. A change made
outside the app (SQL by hand) is seen when the entries expire.
"""

import hashlib
import uuid

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone

CACHE_ALIAS = "api"
#: headers of a cached response worth replaying (DRF and the middleware add the rest again)
REPLAYED_HEADERS = ("Content-Type", "ETag")


def tracked_models():
    """The models whose rows the API shows: every model of the events app but the history
    tables, the change log, DataVersion itself, the search index (written by events.search, not by curators)
    and the admin's import jobs."""
    from .models import Change, DataVersion, ImportJob, SearchEntry

    return [
        model
        for model in apps.get_app_config("events").get_models()
        if model not in (Change, DataVersion, ImportJob, SearchEntry) and not model.__name__.startswith("Historical")
    ]


def _replace_token(using: str) -> None:
    from .models import DataVersion

    DataVersion.objects.using(using).update_or_create(
        pk=1, defaults={"token": uuid.uuid4().hex, "changed_at": timezone.now()}
    )


def data_changed(using: str = DEFAULT_DB_ALIAS) -> None:
    """Replace the data version when the current transaction commits (at once outside one);
    once per transaction, however many rows it changes."""
    connection = connections[using]
    if any(getattr(callback, "data_version_for", None) == using for _, callback, _ in connection.run_on_commit):
        return

    def replace():
        _replace_token(using)

    replace.data_version_for = using
    transaction.on_commit(replace, using=using)


def _on_change(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    data_changed(using)


def connect_signals() -> None:
    for model in tracked_models():
        post_save.connect(_on_change, sender=model, dispatch_uid=f"data_version_save_{model.__name__}")
        post_delete.connect(_on_change, sender=model, dispatch_uid=f"data_version_delete_{model.__name__}")
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(_on_change, sender=through, dispatch_uid=f"data_version_m2m_{through.__name__}")


def current_version(using: str = DEFAULT_DB_ALIAS) -> str | None:
    """The data version, or None before the first change. Read on every cacheable request, so in
    plain SQL: through the ORM, compiling the query took more time than the rest of a cache hit."""
    from .models import DataVersion

    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT token FROM {connection.ops.quote_name(DataVersion._meta.db_table)} WHERE id = 1")
        row = cursor.fetchone()
    return row[0] if row else None


def cache_key(request) -> str | None:
    """The key for this GET's JSON response, or None when it must not come from the cache."""
    if not settings.API_CACHE_SECONDS or request.method != "GET" or request.accepted_renderer.format != "json":
        return None
    version = request.data_version = current_version()
    if version is None:
        return None
    # the scheme and host too: pagination links are absolute URLs
    return f"{version}:{request.accepted_media_type}:{request.scheme}://{request.get_host()}{request.get_full_path()}"


def cached_response(key: str | None) -> HttpResponse | None:
    if key is None:
        return None
    stored = caches[CACHE_ALIAS].get(key)
    if stored is None:
        return None
    content, headers = stored
    response = HttpResponse(content)
    for name, value in headers:
        response[name] = value
    response["X-Cache"] = "hit"
    return response


def store_response(key: str | None, response) -> None:
    """Keep a rendered 200 response (a DRF Response, after finalize_response)."""
    if key is None or response.status_code != 200 or response.streaming:
        return
    response.render()
    headers = [(name, response[name]) for name in REPLAYED_HEADERS if response.has_header(name)]
    caches[CACHE_ALIAS].set(key, (response.content, headers), settings.API_CACHE_SECONDS)
    response["X-Cache"] = "miss"


def cached_count(queryset, version: str | None) -> int:
    """`queryset.count()`, kept under the data version (the one `cache_key` read for this
    request) and the query's SQL: a list's pages share one count until the data changes."""
    if version is None or not settings.API_CACHE_SECONDS:
        return queryset.count()
    sql, params = queryset.query.sql_with_params()
    key = f"count:{version}:{hashlib.sha256(f'{sql}|{params!r}'.encode()).hexdigest()}"
    count = caches[CACHE_ALIAS].get(key)
    if count is None:
        count = queryset.count()
        caches[CACHE_ALIAS].set(key, count, settings.API_CACHE_SECONDS)
    return count
