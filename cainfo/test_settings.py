"""Settings for the test suite: the normal settings with a throwaway secret and a fast hasher."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-suite-only-secret-key-not-for-any-deployment")

from .settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
