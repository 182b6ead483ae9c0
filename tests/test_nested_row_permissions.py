"""Removing a relation row through a nested write deletes it: it needs the delete permission on
that relation, in the API and the admin alike, for every nested relation."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from events.api import serializers
from events.models import AgreementAction, AgreementRelation, Identifier, MechanismRelation, OtherName
from tests import factories as f
from tests.api_helpers import client_for, detail, make_user
from tests.test_admin import change_form_data

pytestmark = pytest.mark.django_db

RECORDS = {
    "actors": serializers.ActorSerializer,
    "mechanisms": serializers.MechanismSerializer,
    "summits": serializers.SummitSerializer,
    "agreements": serializers.AgreementSerializer,
}
NESTED = [(endpoint, name) for endpoint, serializer in RECORDS.items() for name in serializer.nested]


def test_every_nested_relation_is_covered():
    assert set(NESTED) == {
        ("actors", "citations"),
        ("mechanisms", "levels"),
        ("mechanisms", "memberships"),
        ("mechanisms", "citations"),
        ("summits", "participants"),
        ("summits", "citations"),
        ("mechanisms", "relations"),
        ("agreements", "parties"),
        ("agreements", "actions"),
        ("agreements", "relations"),
        ("agreements", "citations"),
        *[(endpoint, name) for endpoint in RECORDS for name in ("other_names", "identifiers")],
    }


def record_with_a_row(endpoint: str, name: str):
    """A record of `endpoint` holding one row of the nested relation `name`; (record, row model)."""
    actor = f.make_actor(slug="japan")
    record = {
        "actors": lambda: actor,
        "mechanisms": lambda: f.make_mechanism(slug="ca-jad"),
        "summits": lambda: f.make_summit(slug="tokyo"),
        "agreements": lambda: f.make_agreement(slug="roadmap"),
    }[endpoint]()
    if name == "citations":
        row = f.make_citation(
            f.make_source(slug="avim"), **{record._meta.model_name: record}, locator="fn 1", claims=["name"]
        )
    elif name == "levels":
        row = f.make_level(record, level="ministerial")
    elif name == "memberships":
        row = f.make_membership(actor, record)
    elif name == "other_names":
        row = OtherName.objects.create(**{record._meta.model_name: record}, name="Another name", kind="short_name")
    elif name == "identifiers":
        row = Identifier.objects.create(**{record._meta.model_name: record}, scheme="example", value="E1")
    elif name == "participants":
        row = f.make_participation(record, actor)
    elif name == "actions":
        f.make_party(record, actor)
        row = AgreementAction.objects.create(agreement=record, actor=actor, kind="signature", date_text="")
    elif name == "relations" and endpoint == "agreements":
        row = AgreementRelation.objects.create(agreement=record, kind="amends", target_agreement=f.make_agreement())
    elif name == "relations":
        row = MechanismRelation.objects.create(mechanism=record, kind="may_become", target=f.make_mechanism())
    else:
        row = f.make_party(record, actor)
    return record, type(row)


def curator(*extra_permissions: str):
    """Staff who may add, change and view every events model but delete none (`extra_permissions` aside)."""
    user = make_user("curator", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="events", codename__regex=r"^(add|change|view)_")
    )
    for codename in extra_permissions:
        user.user_permissions.add(Permission.objects.get(codename=codename, content_type__app_label="events"))
    return user


@pytest.mark.parametrize("endpoint, name", NESTED)
def test_leaving_rows_out_without_the_delete_permission_is_a_403_and_keeps_them(endpoint, name):
    record, row_model = record_with_a_row(endpoint, name)
    response = client_for(curator()).patch(detail(endpoint, record.slug), {name: []})
    assert response.status_code == 403
    assert f"permission to delete {row_model._meta.verbose_name_plural}" in response.json()["detail"]
    assert row_model.objects.count() == 1


@pytest.mark.parametrize("endpoint, name", NESTED)
def test_with_the_delete_permission_leaving_rows_out_deletes_them(endpoint, name):
    record, row_model = record_with_a_row(endpoint, name)
    user = curator(f"delete_{row_model._meta.model_name}")
    assert client_for(user).patch(detail(endpoint, record.slug), {name: []}).status_code == 200
    assert row_model.objects.count() == 0


@pytest.mark.parametrize("endpoint, name", NESTED)
def test_sending_every_row_back_needs_no_delete_permission(endpoint, name):
    record, row_model = record_with_a_row(endpoint, name)
    client = client_for(curator())
    rows = client.get(detail(endpoint, record.slug)).json()[name]
    assert client.patch(detail(endpoint, record.slug), {name: rows}).status_code == 200
    assert row_model.objects.count() == 1


@pytest.mark.parametrize("endpoint, name", NESTED)
def test_an_admin_curator_without_the_delete_permission_cannot_delete_a_row_through_an_inline(client, endpoint, name):
    record, row_model = record_with_a_row(endpoint, name)
    client.force_login(curator())
    url = reverse(f"admin:events_{record._meta.model_name}_change", args=[record.pk])
    page = client.get(url)
    data = change_form_data(page)
    inlines = page.context["inline_admin_formsets"]
    (formset,) = [inline.formset for inline in inlines if inline.formset.model is row_model]
    assert not formset.can_delete
    data[f"{formset.prefix}-0-DELETE"] = "on"
    response = client.post(url, data)
    assert response.status_code == 302
    assert row_model.objects.count() == 1
