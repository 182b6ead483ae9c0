"""Writes racing each other: on SQLite (the embedded default) as on PostgreSQL, the second of two
writes from the same version is refused as stale, never failed as a database error."""

import pytest
from django.urls import reverse

from events.models import Summit, Topic
from events.permissions import ensure_curators_group
from tests import factories as f
from tests.api_helpers import anonymous, client_for, detail, make_curator
from tests.concurrency import at_once, shared_database, short_lock_waits, write_lock_held
from tests.test_admin import change_form_data

pytestmark = pytest.mark.django_db(transaction=True)

ROUNDS = 8


def test_two_patches_with_the_same_if_match_answer_one_200_and_one_412_every_time():
    curator = make_curator()
    topics = [f.make_topic(slug=f"race-{n}", name=f"Race {n}") for n in range(ROUNDS)]
    tags = {topic.slug: anonymous().get(detail("topics", topic.slug))["ETag"] for topic in topics}
    outcomes = []
    with shared_database():
        for topic in topics:

            def patch(text, slug=topic.slug):
                response = client_for(curator).patch(
                    detail("topics", slug), {"description": text}, HTTP_IF_MATCH=tags[slug]
                )
                return response.status_code

            outcomes.append(sorted(at_once(lambda: patch("first"), lambda: patch("second"))))
    assert outcomes == [[200, 412]] * ROUNDS


def test_two_admin_saves_from_the_same_version_give_one_save_and_one_conflict_message(client, django_user_model):
    curators = ensure_curators_group()
    first, second = (django_user_model.objects.create_user(name, password="pw", is_staff=True) for name in "ab")
    for user in (first, second):
        user.groups.add(curators)
    outcomes = []
    for n in range(ROUNDS // 2):
        summit = f.make_summit(slug=f"race-{n}")
        url = reverse("admin:events_summit_change", args=[summit.pk])
        clients = []
        for user in (first, second):
            browser = client.__class__()
            browser.force_login(user)
            form = change_form_data(browser.get(url))
            clients.append((browser, form))
        with shared_database():

            def save(browser, form, text, url=url):
                response = browser.post(url, {**form, "outcome": text})
                if response.status_code == 200:
                    return " ".join(response.context["adminform"].form.non_field_errors())
                return response.status_code

            calls = [lambda b=b, form=form, t=t: save(b, form, t) for (b, form), t in zip(clients, "xy", strict=True)]
            results = at_once(*calls)
        outcomes.append(sorted(results, key=str))
    for results in outcomes:
        assert results[0] == 302, outcomes
        assert "after you opened" in results[1], outcomes
    assert not Topic.objects.exists() and Summit.objects.count() == ROUNDS // 2


def test_a_write_that_waits_out_the_lock_timeout_is_a_503_busy_and_is_logged(caplog):
    curator = make_curator()
    topic = f.make_topic(slug="energy")
    with shared_database(), short_lock_waits(0.2), write_lock_held(Topic, topic.pk):
        client = client_for(curator)
        client.raise_request_exception = False
        (response,) = at_once(lambda: client.patch(detail("topics", "energy"), {"description": "late"}))
    assert response.status_code == 503
    assert response["Retry-After"] == "1"
    assert "busy" in response.json()["detail"]
    assert "unavailable" not in response.json()["detail"]
    assert any(r.name == "cainfo.errors" and "lock timeout" in r.getMessage() for r in caplog.records)
    assert Topic.objects.get().description == ""
