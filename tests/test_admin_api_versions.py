"""The admin and the API share one version of a record (its `updated_at`): a save on either path
makes the other path's copy stale."""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from events.models import Summit
from events.permissions import CURATORS
from tests.api_helpers import curator_client
from tests.test_admin import change_form_data

pytestmark = pytest.mark.usefixtures("cainfo_data")

TOKYO = "ca-jad-tokyo-summit-2025"


@pytest.fixture
def admin_curator(client, db):
    user = User.objects.create_user("admin-curator", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=CURATORS))
    client.force_login(user)
    return client


def change_url():
    return reverse("admin:events_summit_change", args=[Summit.objects.get(slug=TOKYO).pk])


def test_an_admin_save_makes_an_api_clients_etag_stale(admin_curator):
    api = curator_client()
    etag = api.get(f"/api/v1/summits/{TOKYO}/")["ETag"]
    form = change_form_data(admin_curator.get(change_url()))
    form["outcome"] = "Saved in the admin."
    assert admin_curator.post(change_url(), form).status_code == 302

    response = api.patch(f"/api/v1/summits/{TOKYO}/", {"outcome": "Saved through the API."}, HTTP_IF_MATCH=etag)

    assert response.status_code == 412
    assert Summit.objects.get(slug=TOKYO).outcome == "Saved in the admin."
    assert api.get(f"/api/v1/summits/{TOKYO}/")["ETag"] != etag


def test_an_api_write_makes_an_open_admin_form_stale(admin_curator):
    form = change_form_data(admin_curator.get(change_url()))
    api = curator_client()
    etag = api.get(f"/api/v1/summits/{TOKYO}/")["ETag"]
    written = api.patch(f"/api/v1/summits/{TOKYO}/", {"outcome": "Saved through the API."}, HTTP_IF_MATCH=etag)
    assert written.status_code == 200

    form["outcome"] = "Saved in the admin."
    response = admin_curator.post(change_url(), form)

    assert response.status_code == 200
    assert "saved this record" in response.context["adminform"].form.non_field_errors()[0]
    assert Summit.objects.get(slug=TOKYO).outcome == "Saved through the API."
