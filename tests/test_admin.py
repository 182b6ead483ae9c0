import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.urls import reverse

from events.models import Summit
from events.permissions import CURATORS

pytestmark = pytest.mark.usefixtures("cainfo_data")

MODELS = [
    "actor",
    "agreement",
    "agreementaction",
    "agreementparty",
    "citation",
    "mechanism",
    "mechanismlevel",
    "membership",
    "participation",
    "source",
    "summit",
    "topic",
]


@pytest.fixture
def curator(db):
    user = User.objects.create_user("curator", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=CURATORS))
    return user


@pytest.fixture(params=["superuser", "curator"])
def staff_client(request, client, admin_user, curator):
    client.force_login(admin_user if request.param == "superuser" else curator)
    return client


def model_instance(model_name):
    from django.apps import apps

    return apps.get_model("events", model_name).objects.order_by("pk").first()


def change_form_data(response):
    """The POST data a browser would send back unchanged from an admin change form."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        data.update({management.add_prefix(name): management[name].value() for name in management.fields})
        forms.extend(formset.forms)
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            data[form.add_prefix(name)] = value
    return data


@pytest.mark.parametrize("model_name", MODELS)
def test_changelist_add_and_change_pages_open_for_superusers_and_curators(staff_client, model_name):
    obj = model_instance(model_name)
    for url in (
        reverse(f"admin:events_{model_name}_changelist"),
        reverse(f"admin:events_{model_name}_add"),
        reverse(f"admin:events_{model_name}_change", args=[obj.pk]),
        reverse(f"admin:events_{model_name}_history", args=[obj.pk]),
    ):
        assert staff_client.get(url).status_code == 200, url


@pytest.mark.parametrize("model_name", ["summit", "agreement", "actor"])
def test_search_works_on_the_changelist(admin_client, model_name):
    response = admin_client.get(reverse(f"admin:events_{model_name}_changelist"), {"q": "Tokyo"})
    assert response.status_code == 200


def test_a_non_staff_user_is_sent_to_the_login_page(client, db):
    client.force_login(User.objects.create_user("reader", password="pw"))
    response = client.get(reverse("admin:events_summit_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_curators_can_add_change_and_view_but_not_delete(curator):
    assert curator.has_perms(["events.add_summit", "events.change_summit", "events.view_summit"])
    assert not curator.has_perm("events.delete_summit")


def test_the_change_form_shows_a_date_at_its_precision(admin_client):
    samarkand = Summit.objects.get(slug="eu-central-asia-samarkand-summit-2025")
    response = admin_client.get(reverse("admin:events_summit_change", args=[samarkand.pk]))
    assert response.context["adminform"].form["date"].value() == "2025-04"


def test_a_change_saves_the_date_precision_and_records_who_changed_what(client, curator):
    call_command("populate_history", "events.Summit", verbosity=0)
    client.force_login(curator)
    tokyo = Summit.objects.get(slug="ca-jad-tokyo-summit-2025")
    url = reverse("admin:events_summit_change", args=[tokyo.pk])
    data = change_form_data(client.get(url))
    data.update({"date": "2025-12", "city": "Tōkyō"})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    tokyo.refresh_from_db()
    assert (tokyo.date_precision, tokyo.partial_date(), tokyo.city) == ("month", "2025-12", "Tōkyō")
    latest = tokyo.history.latest()
    assert latest.history_user == curator
    changed = {change.field for change in latest.diff_against(latest.prev_record).changes}
    assert {"city", "date", "date_precision"} <= changed
    history_page = client.get(reverse("admin:events_summit_history", args=[tokyo.pk]))
    assert "Tōkyō" in history_page.content.decode()


def test_a_malformed_date_is_refused_with_a_message_and_nothing_is_saved(admin_client):
    tokyo = Summit.objects.get(slug="ca-jad-tokyo-summit-2025")
    url = reverse("admin:events_summit_change", args=[tokyo.pk])
    data = change_form_data(admin_client.get(url))
    data["date"] = "20/12/2025"
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "not an ISO 8601 date" in str(response.context["adminform"].form.errors["date"])
    tokyo.refresh_from_db()
    assert tokyo.partial_date() == "2025-12-20"


def test_the_second_of_two_curators_saving_the_same_record_gets_a_conflict_and_the_first_change_survives(
    client, curator, django_user_model
):
    other = django_user_model.objects.create_user("second", password="pw", is_staff=True)
    other.groups.add(Group.objects.get(name=CURATORS))
    second_client = client.__class__()
    client.force_login(curator)
    second_client.force_login(other)
    tokyo = Summit.objects.get(slug="ca-jad-tokyo-summit-2025")
    url = reverse("admin:events_summit_change", args=[tokyo.pk])
    first_form, second_form = change_form_data(client.get(url)), change_form_data(second_client.get(url))

    first_form["outcome"] = "First curator's outcome."
    assert client.post(url, first_form).status_code == 302
    second_form["outcome"] = "Second curator's outcome."
    response = second_client.post(url, second_form)

    assert response.status_code == 200
    errors = response.context["adminform"].form.non_field_errors()
    assert errors[0].startswith("curator saved this record ")
    assert "ago, at " in errors[0] and "UTC on " in errors[0]
    assert f'<a href="{url}">Reload this record</a>' in errors[0]
    tokyo.refresh_from_db()
    assert tokyo.outcome == "First curator's outcome."


def revert_form_data(response):
    """The POST data of django-simple-history's revert form (the record's fields, no inlines)."""
    form = response.context["adminform"].form
    values = {name: form[name].value() for name in form.fields}
    return {name: value for name, value in values.items() if value is not None and value is not False}


def test_reverting_to_an_earlier_version_saves_it_and_a_change_made_meanwhile_still_wins(client, curator):
    client.force_login(curator)
    tokyo = Summit.objects.get(slug="ca-jad-tokyo-summit-2025")
    url = reverse("admin:events_summit_change", args=[tokyo.pk])
    assert client.post(url, {**change_form_data(client.get(url)), "city": "Tōkyō"}).status_code == 302
    assert client.post(url, {**change_form_data(client.get(url)), "city": "Kyoto"}).status_code == 302
    earlier = tokyo.history.get(city="Tōkyō")
    revert_url = reverse("admin:events_summit_simple_history", args=[tokyo.pk, earlier.history_id])

    revert_form = revert_form_data(client.get(revert_url))
    assert revert_form["city"] == "Tōkyō"
    response = client.post(revert_url, revert_form)
    assert response.status_code == 302, response.context["adminform"].form.errors
    tokyo.refresh_from_db()
    assert tokyo.city == "Tōkyō"

    stale_revert = revert_form_data(client.get(revert_url))
    assert client.post(url, {**change_form_data(client.get(url)), "city": "Edo"}).status_code == 302
    response = client.post(revert_url, stale_revert)
    assert response.status_code == 200
    assert "after you opened" in response.context["adminform"].form.non_field_errors()[0]
    tokyo.refresh_from_db()
    assert tokyo.city == "Edo"
