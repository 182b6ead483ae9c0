import pytest
from django.core.management import call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from events.models import Topic
from tests import factories as f
from tests.api_helpers import client_for, detail, make_curator, make_user
from tests.shared_data import shared_fixture

pytestmark = pytest.mark.django_db


@shared_fixture
def records():
    f.make_actor(slug="a", name="A")
    f.make_topic(slug="t", name="T")
    f.make_mechanism(slug="m")
    f.make_summit(slug="s")
    f.make_agreement(slug="g")
    f.make_source(slug="o")


def test_each_write_needs_its_own_permission(records):
    from django.contrib.auth.models import Permission

    user = make_user()
    user.user_permissions.add(Permission.objects.get(codename="change_topic"))
    client = client_for(user)
    assert client.patch(detail("topics", "t"), {"name": "Changed"}).status_code == 200
    assert client.post("/api/v1/topics/", {"slug": "n", "name": "N"}).status_code == 403
    assert client.delete(detail("topics", "t")).status_code == 403


def test_a_token_issued_by_drf_create_token_authenticates_scripts(records):
    user = make_curator()
    call_command("drf_create_token", user.username, stdout=open("/dev/null", "w"))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get(user=user).key}")
    assert client.post("/api/v1/topics/", {"slug": "n", "name": "N"}, format="json").status_code == 201


def test_a_wrong_token_is_401(records):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert client.get("/api/v1/topics/").status_code == 401


def test_session_writes_need_the_csrf_token(records):
    make_curator()
    client = APIClient(enforce_csrf_checks=True)
    assert client.login(username="curator", password="a-long-test-password")
    assert client.post("/api/v1/topics/", {"slug": "n", "name": "N"}, format="json").status_code == 403
    assert not Topic.objects.filter(slug="n").exists()
    client.get("/api-auth/login/")
    token = client.cookies["csrftoken"].value
    response = client.post("/api/v1/topics/", {"slug": "n", "name": "N"}, format="json", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 201


def test_the_browsable_api_shows_write_forms_to_a_curator(records):
    client = client_for(make_curator())
    response = client.get(detail("summits", "s"), HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert b"<form" in response.content
    response = client.get("/api/v1/summits/", HTTP_ACCEPT="text/html")
    assert response.status_code == 200


def test_the_curators_group_creates_and_edits_but_does_not_delete(records):
    from django.contrib.auth.models import Group

    user = make_user()
    user.groups.add(Group.objects.get(name="Curators"))
    client = client_for(user)
    assert client.post("/api/v1/topics/", {"slug": "n", "name": "N"}).status_code == 201
    assert client.patch(detail("topics", "n"), {"name": "M"}).status_code == 200
    assert client.delete(detail("topics", "n")).status_code == 403


def test_options_describes_the_endpoint(records):
    response = client_for(make_curator()).options("/api/v1/summits/")
    assert response.status_code == 200
    assert "POST" in response.json()["actions"]
