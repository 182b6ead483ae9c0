from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError

from events.api.views import TopicViewSet

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_debug_raise(client):
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize("error", [OperationalError("server closed the connection"), InterfaceError("closed")])
def test_an_api_request_while_the_database_is_down_is_a_503_with_retry_after(no_debug_raise, error):
    with mock.patch.object(TopicViewSet, "list", side_effect=error):
        response = no_debug_raise.get("/api/v1/topics/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "database is unavailable" in response.json()["detail"]


def test_a_page_while_the_database_is_down_is_a_503_page(no_debug_raise):
    with mock.patch("events.views.timeline_rows", side_effect=OperationalError("could not connect")):
        response = no_debug_raise.get("/")
    assert response.status_code == 503
    assert b"Temporarily unavailable" in response.content


def test_other_errors_stay_500(no_debug_raise):
    with mock.patch.object(TopicViewSet, "list", side_effect=ValueError("bug")):
        response = no_debug_raise.get("/api/v1/topics/")
    assert response.status_code == 500
    assert "Retry-After" not in response


def test_with_debug_off_an_unhandled_error_leaves_its_traceback_on_stderr():
    import os
    import subprocess
    import sys

    script = (
        "import django; django.setup()\n"
        "from unittest import mock\n"
        "from django.test import Client\n"
        "from events.api.views import TopicViewSet\n"
        "client = Client(raise_request_exception=False)\n"
        "with mock.patch.object(TopicViewSet, 'list', side_effect=ValueError('a bug to find in the logs')):\n"
        "    print(client.get('/api/v1/topics/').status_code)\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cainfo.test_settings", "DJANGO_DEBUG": "0"}
    env["DJANGO_ALLOWED_HOSTS"] = "testserver"
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    assert result.stdout.strip() == "500"
    assert "Traceback" in result.stderr
    assert "ValueError: a bug to find in the logs" in result.stderr
