"""The admin's import confirm step reads only this user's own upload, and uploads do not linger."""

import os
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core import signing
from django.test import Client
from django.urls import reverse

from events.csv_admin import UPLOAD_MAX_AGE, UPLOAD_SALT
from events.models import Summit
from tests.test_csv_admin import CSV, preview, tokyo_csv

pytestmark = pytest.mark.usefixtures("cainfo_data")

CONFIRM = reverse("admin:events_summit_process_import")


def uploads() -> set[str]:
    return set(os.listdir(settings.IMPORT_UPLOAD_ROOT)) if settings.IMPORT_UPLOAD_ROOT.exists() else set()


def confirm_data(response) -> dict:
    return dict(response.context["confirm_form"].initial)


@pytest.fixture
def outside_file(tmp_path):
    secret = tmp_path / "anything.txt"
    secret.write_text("slug,name\nsecret-row,Secret\n")
    return secret


@pytest.mark.parametrize(
    "name",
    ["../../tmp/anything.txt", "{absolute}", "anything.txt", "..%2F..%2Fetc%2Fpasswd", "0" * 32],
)
def test_the_confirm_step_refuses_any_name_that_is_not_a_signed_upload(admin_client, outside_file, name):
    name = name.replace("{absolute}", str(outside_file))
    data = {"import_file_name": name, "original_file_name": "x.csv", "format": CSV, "resource": "0"}
    response = admin_client.post(CONFIRM, data)
    assert response.status_code == 400
    assert "not a file you uploaded" in response.content.decode()
    assert outside_file.exists() and "Secret" not in response.content.decode()
    assert not Summit.objects.filter(slug="secret-row").exists()


def test_a_signed_token_for_a_path_outside_the_upload_folder_is_refused(admin_client, admin_user, outside_file):
    owner = {"user": admin_user.pk, "session": admin_client.session.session_key}
    token = signing.dumps({"name": f"../../{outside_file}", "owner": owner}, salt=UPLOAD_SALT)
    data = {"import_file_name": token, "original_file_name": "x.csv", "format": CSV, "resource": "0"}
    assert admin_client.post(CONFIRM, data).status_code == 400
    assert outside_file.exists()


def test_another_users_upload_cannot_be_confirmed_and_stays_theirs(admin_client):
    response = preview(admin_client, tokyo_csv("Tōkyō"))
    data = confirm_data(response)
    other = User.objects.create_superuser("other-admin", password="pw")
    thief = Client()
    thief.force_login(other)
    refused = thief.post(CONFIRM, data)
    assert refused.status_code == 400
    assert "another user or session" in refused.content.decode()
    assert Summit.objects.get(slug="ca-jad-tokyo-summit-2025").city == "Tokyo"
    assert admin_client.post(CONFIRM, data).status_code == 302
    assert Summit.objects.get(slug="ca-jad-tokyo-summit-2025").city == "Tōkyō"


def test_the_same_user_in_another_session_cannot_confirm(admin_client, admin_user):
    data = confirm_data(preview(admin_client, tokyo_csv("Tōkyō")))
    second_browser = Client()
    second_browser.force_login(admin_user)
    assert second_browser.post(CONFIRM, data).status_code == 400


def test_an_upload_is_removed_once_confirmed_and_cannot_be_confirmed_twice(admin_client):
    before = uploads()
    response = preview(admin_client, tokyo_csv("Tōkyō"))
    assert len(uploads() - before) == 1
    data = confirm_data(response)
    assert admin_client.post(CONFIRM, data).status_code == 302
    assert uploads() == before
    again = admin_client.post(CONFIRM, data, follow=True)
    assert "already imported or has expired" in again.content.decode()


def test_an_upload_whose_preview_shows_errors_is_removed_at_once(admin_client):
    before = uploads()
    response = preview(admin_client, "slug,name,date\nx,X,20/12/2025\n")
    assert "confirm_form" not in response.context
    assert uploads() == before


def test_unconfirmed_uploads_are_removed_after_their_time(admin_client):
    before = uploads()
    preview(admin_client, tokyo_csv("Tōkyō"))
    (stale,) = uploads() - before
    old = time.time() - UPLOAD_MAX_AGE - 60
    os.utime(Path(settings.IMPORT_UPLOAD_ROOT) / stale, (old, old))
    preview(admin_client, tokyo_csv("Tokio"))
    assert stale not in uploads() and len(uploads() - before) == 1


def test_an_expired_token_is_refused(admin_client, monkeypatch):
    data = confirm_data(preview(admin_client, tokyo_csv("Tōkyō")))
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + UPLOAD_MAX_AGE + 60)
    response = admin_client.post(CONFIRM, data)
    assert response.status_code == 400
    assert "expired" in response.content.decode()
