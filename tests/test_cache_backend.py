"""DJANGO_CACHE_URL picks the API cache's backend (cainfo/cache_config.py): each process's memory
by default, or a directory or a database table that every worker and server shares."""

import pytest
from django.core.cache.backends.filebased import FileBasedCache
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection

from cainfo.cache_config import api_cache
from events.cache import data_changed
from tests import factories as f
from tests.api_helpers import anonymous


@pytest.mark.parametrize(
    ("url", "backend", "location"),
    [
        ("", "locmem.LocMemCache", "api"),
        ("locmem://", "locmem.LocMemCache", "api"),
        ("file:///var/cache/cainfo", "filebased.FileBasedCache", "/var/cache/cainfo"),
        ("db://cainfo_cache", "db.DatabaseCache", "cainfo_cache"),
    ],
)
def test_the_url_names_the_backend_and_where_it_keeps_entries(url, backend, location):
    config = api_cache(url, 500)
    assert config["BACKEND"] == f"django.core.cache.backends.{backend}"
    assert config["LOCATION"] == location
    assert config["OPTIONS"] == {"MAX_ENTRIES": 500}


@pytest.mark.parametrize(
    "url", ["redis://127.0.0.1:6379/0", "file://relative/dir", "file:///", "db://", "db://bad-name;drop", "cache"]
)
def test_an_unknown_or_malformed_url_stops_the_start_naming_the_setting(url):
    with pytest.raises(ImproperlyConfigured, match="DJANGO_CACHE_URL"):
        api_cache(url, 500)


def reads_through(settings, config, stored_keys):
    """A read stored through the API cache as configured is outside the process (`stored_keys`
    finds it), and a new worker, with nothing in its memory, answers the same read from it."""
    settings.API_CACHE_SECONDS = 300
    settings.CACHES = {**settings.CACHES, "api": config}  # Django's test signals drop the cache objects
    f.make_summit(slug="tokyo")
    data_changed()  # outside a transaction: the version is replaced at once
    first = anonymous().get("/api/v1/summits/tokyo/")
    assert first["X-Cache"] == "miss"
    assert stored_keys()
    settings.CACHES = {**settings.CACHES}  # a new worker: new cache objects
    second = anonymous().get("/api/v1/summits/tokyo/")
    assert (second["X-Cache"], second.content) == ("hit", first.content)


@pytest.mark.django_db(transaction=True)
def test_a_file_cache_is_shared_by_every_worker_of_the_machine(settings, tmp_path):
    config = api_cache(f"file://{tmp_path}", 100)
    reads_through(settings, config, lambda: FileBasedCache(str(tmp_path), {})._list_cache_files())


@pytest.mark.django_db(transaction=True)
def test_a_database_cache_is_shared_by_every_server_of_the_database(settings):
    config = api_cache("db://cainfo_test_cache", 100)
    settings.CACHES = {**settings.CACHES, "api": config}
    call_command("createcachetable", "cainfo_test_cache", verbosity=0)
    try:
        reads_through(settings, config, lambda: table_rows("cainfo_test_cache"))
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE cainfo_test_cache")


def table_rows(table):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT cache_key FROM {table}")
        return cursor.fetchall()
