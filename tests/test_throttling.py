import pytest
from django.core.cache import cache
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from tests.api_helpers import anonymous, client_for, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def rates(monkeypatch):
    """Low rates for this test only (DRF reads the rates when its throttles are imported)."""
    cache.clear()
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute", "user": "5/minute"})
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", {"anon": "3/minute", "user": "5/minute"})
    yield
    cache.clear()


def test_an_anonymous_client_over_its_rate_gets_429_with_retry_after(rates):
    client = anonymous()
    assert [client.get("/api/v1/topics/").status_code for _ in range(3)] == [200, 200, 200]
    throttled = client.get("/api/v1/topics/")
    assert throttled.status_code == 429
    assert 0 < int(throttled["Retry-After"]) <= 60
    assert "throttled" in throttled.json()["detail"].lower()


def test_an_authenticated_client_has_its_own_higher_rate(rates):
    client = client_for(make_user())
    assert [client.get("/api/v1/topics/").status_code for _ in range(5)] == [200] * 5
    assert client.get("/api/v1/topics/").status_code == 429
    assert anonymous().get("/api/v1/topics/").status_code == 200


def test_rates_come_from_the_environment(monkeypatch):
    import importlib

    import cainfo.settings

    monkeypatch.setenv("DJANGO_API_THROTTLE_ANON", "7/hour")
    monkeypatch.setenv("DJANGO_API_THROTTLE_USER", "")
    rates = importlib.reload(cainfo.settings).REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    monkeypatch.undo()
    importlib.reload(cainfo.settings)
    assert rates == {"anon": "7/hour", "user": None}
