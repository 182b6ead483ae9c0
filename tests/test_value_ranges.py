"""Values are checked against the column's range on both databases: what SQLite would store but
PostgreSQL refuse never gets in, so every database backs up and restores on either engine."""

import pytest
from django.core.exceptions import ValidationError

from events.importing import import_file
from events.models import Summit
from tests import factories as f
from tests.api_helpers import curator_client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("ordinal", [32768, 40_000, 2**31, 2**63 - 1])
def test_an_ordinal_beyond_smallint_is_refused_by_the_model_the_api_and_the_import(ordinal):
    with pytest.raises(ValidationError, match="less than or equal to 32767"):
        Summit(slug="s", name="S", ordinal=ordinal).full_clean()
    response = curator_client().post("/api/v1/summits/", {"slug": "s", "name": "S", "ordinal": ordinal})
    assert response.status_code == 400
    assert "ordinal" in response.json()
    report = import_file(name="summits", data=f"slug,name,ordinal\ns,S,{ordinal}\n".encode())
    assert not report.ok
    assert any(error.column == "ordinal" for error in report.errors)
    assert not Summit.objects.exists()


def test_the_largest_smallint_ordinal_is_stored():
    mechanism = f.make_mechanism(slug="m")
    response = curator_client().post(
        "/api/v1/summits/", {"slug": "s", "name": "S", "ordinal": 32767, "mechanism": mechanism.slug}
    )
    assert response.status_code == 201
    assert Summit.objects.get().ordinal == 32767


@pytest.mark.parametrize("field", ["name", "description"])
def test_a_nul_in_any_text_is_refused_by_the_api(field):
    body = {"slug": "t", "name": "Topic", field: "before\x00after"}
    response = curator_client().post("/api/v1/topics/", body)
    assert response.status_code == 400
    assert "Null characters are not allowed" in str(response.json()[field])


def test_a_nul_in_an_admin_form_is_refused(admin_client):
    from django.urls import reverse

    response = admin_client.post(reverse("admin:events_topic_add"), {"slug": "t", "name": "To\x00pic"})
    assert response.status_code == 200
    assert "Null characters are not allowed" in str(response.context["adminform"].form.errors["name"])
