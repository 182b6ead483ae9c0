"""The API cache's backend (settings.CACHES["api"]), from DJANGO_CACHE_URL (docs/caching.md).

Unset or `locmem://`: each process's memory, as before. To share one cache between the workers
of a server, or between servers:
  `file:///var/cache/cainfo`  a directory (Django's FileBasedCache), for the workers of one machine;
  `db://cainfo_cache`         a table of the project's database (Django's DatabaseCache), for every
                              server using that database; create it once with `manage.py createcachetable`.
"""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

SCHEMES = ("locmem://", "file:///<directory>", "db://<table>")


def api_cache(url: str, max_entries: int) -> dict:
    options = {"MAX_ENTRIES": max_entries}
    parts = urlsplit(url.strip())
    if not url.strip() or (parts.scheme == "locmem" and not parts.netloc + parts.path):
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "api", "OPTIONS": options}
    if parts.scheme == "file" and not parts.netloc and parts.path.startswith("/") and len(parts.path) > 1:
        backend = "django.core.cache.backends.filebased.FileBasedCache"
        return {"BACKEND": backend, "LOCATION": parts.path, "OPTIONS": options}
    if parts.scheme == "db" and parts.netloc and not parts.path.strip("/") and parts.netloc.replace("_", "").isalnum():
        return {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": parts.netloc, "OPTIONS": options}
    raise ImproperlyConfigured(f"DJANGO_CACHE_URL {url!r} is not one of {', '.join(SCHEMES)} (see docs/caching.md).")
