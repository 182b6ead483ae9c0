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
    with mock.patch("events.views._timeline_rows", side_effect=OperationalError("could not connect")):
        response = no_debug_raise.get("/")
    assert response.status_code == 503
    assert b"Temporarily unavailable" in response.content


def test_other_errors_stay_500(no_debug_raise):
    with mock.patch.object(TopicViewSet, "list", side_effect=ValueError("bug")):
        response = no_debug_raise.get("/api/v1/topics/")
    assert response.status_code == 500
    assert "Retry-After" not in response
