"""Schemathesis against the OpenAPI schema, in-process over WSGI: every operation, reads as an
anonymous client and writes with a curator's token. No response may be a server error, and each
must match the schema (body, content type, headers)."""

import os
from collections import Counter

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
)

from cainfo.wsgi import application
from tests.api_helpers import make_curator
from tests.shared_data import shared_fixture

# Examples per operation; CAINFO_FUZZ_EXAMPLES raises it for a longer run.
EXAMPLES = int(os.environ.get("CAINFO_FUZZ_EXAMPLES", "25"))
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance, response_headers_conformance]


with override_settings(ALLOWED_HOSTS=["*"]):
    schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
# Schemathesis's "coverage" phase sends hundreds of boundary cases per operation whatever
# max_examples says; explicit examples and hypothesis-driven fuzzing keep the run bounded.
schema.config.phases.update(phases=os.environ.get("CAINFO_FUZZ_PHASES", "examples,fuzzing").split(","))
CALLS: Counter = Counter()  # requests sent per operation, reported at the end of the run


@pytest.fixture
def same_connection():
    """Requests go straight to the WSGI app, inside the test's transaction: keep Django from closing
    the connection at each request's end, as its own test client does."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@shared_fixture
def fuzz_curator_token():
    """Made once for the whole run of operations, with the fixtures (tests/shared_data.py)."""
    return Token.objects.create(user=make_curator("fuzz-curator")).key


@pytest.fixture
def curator_token(settings, cainfo_data, fuzz_curator_token, same_connection):
    settings.ALLOWED_HOSTS = ["*"]
    return fuzz_curator_token


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.function_scoped_fixture],
)
def test_every_operation_answers_within_its_schema_and_never_with_a_server_error(case, curator_token):
    headers = {} if case.method.upper() in {"GET", "HEAD", "OPTIONS"} else {"Authorization": f"Token {curator_token}"}
    CALLS[f"{case.method.upper()} {case.path}"] += 1
    case.call_and_validate(headers=headers, checks=CHECKS)
