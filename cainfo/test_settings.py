"""Settings for the test suite: the normal settings with a throwaway secret and a fast hasher."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("DJANGO_SECRET_KEY", "test-suite-only-secret-key-not-for-any-deployment")

from .settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Tests run with DEBUG off and no `collectstatic`: serve static files without the manifest.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
# Admin import uploads of the test run in a folder of its own.
IMPORT_UPLOAD_ROOT = Path(tempfile.mkdtemp(prefix="cainfo-test-uploads-"))
STORAGES["import_export"] = {**STORAGES["import_export"], "OPTIONS": {"location": IMPORT_UPLOAD_ROOT}}
# WhiteNoise finds the apps' static files itself (as with DEBUG on), so tests need no STATIC_ROOT.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# The test client speaks plain HTTP; production's HTTPS redirect and secure cookies are tested
# in tests/test_settings.py by running `check --deploy` under the production settings.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
# Django's test client logs in without a request, which django-axes refuses; the lockout test
# turns the production backends back on.
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
# No throttling unless a test asks for it (tests/test_throttling.py sets the rates it checks).
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": None, "user": None}}  # noqa: F405
# No API cache unless a test asks for it: inside a test's transaction nothing commits, so the data
# version never changes (tests/test_api_cache.py turns it on, with commits).
API_CACHE_SECONDS = 0
