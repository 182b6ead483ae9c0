"""Benchmark settings: the project's settings plus the baseline routes (bench/urls.py), served
over plain HTTP on loopback. Never used in production."""

import warnings

from cainfo.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
# The load comes from one address: measure the API, not the rate limiter (README, "Throttling").
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": []}  # noqa: F405
# No collectstatic for a benchmark run: static URLs without the manifest's hashed names.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405

warnings.filterwarnings("ignore", message="No directory at")  # WhiteNoise: no collectstatic here
