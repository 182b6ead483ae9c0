"""Settings for the test suite: the normal settings with a throwaway secret and a fast hasher."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-suite-only-secret-key-not-for-any-deployment")

from .settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# The test client speaks plain HTTP; production's HTTPS redirect and secure cookies are tested
# in tests/test_settings.py by running `check --deploy` under the production settings.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
# Django's test client logs in without a request, which django-axes refuses; the lockout test
# turns the production backends back on.
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
