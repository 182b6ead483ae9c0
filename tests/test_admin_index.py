"""The admin index's panel of records whose provenance check fails: counts, links, bounded queries."""

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core.cache import caches
from django.urls import reverse

from events.cache import CACHE_ALIAS
from events.permissions import CURATORS, curated_models
from events.templatetags.workbench import provenance_panel
from tests import factories as f

pytestmark = pytest.mark.usefixtures("cainfo_data")

#: a cold panel: the data version, then the check's query per table and prefetch (docs/admin.md)
COLD_QUERIES = 34  # other names and identifiers on four record types, actions and relations: 13 more


@pytest.fixture
def curator(db):
    user = User.objects.create_user("curator", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=CURATORS))
    return user


def panel(client):
    """The index page's provenance panel."""
    page = client.get(reverse("admin:index"))
    assert page.status_code == 200
    html = page.content.decode()
    start = html.index('id="provenance-failing"')
    return html[start : html.index("</section>", start)]


def test_the_fixtures_pass_the_check_and_the_panel_says_so(client, curator):
    client.force_login(curator)
    html = panel(client)
    assert "Provenance check fails (0)" in html
    assert "Every fact is cited or marked inferred." in html


def test_an_uncited_summit_is_listed_with_its_problem_and_a_link_to_its_change_form(client, curator):
    summit = f.make_summit(slug="uncited-summit", name="Uncited summit", city="Osaka")
    client.force_login(curator)
    html = panel(client)
    assert "Provenance check fails (1)" in html
    assert f'href="{reverse("admin:events_summit_change", args=[summit.pk])}">Uncited summit</a>' in html
    assert "summit uncited-summit: name is neither cited nor marked inferred (and 2 more)" in html


def test_a_curator_sees_only_the_tables_they_may_view(client, db):
    f.make_summit(slug="uncited-summit", name="Uncited summit")
    f.make_actor(slug="uncited-actor", name="Uncited actor")
    viewer = User.objects.create_user("viewer", password="pw", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_actor"))
    client.force_login(viewer)
    html = panel(client)
    assert "Provenance check fails (1)" in html and "Uncited actor" in html and "Uncited summit" not in html


def test_the_panel_lists_at_most_twelve_and_counts_the_rest(client, curator):
    for n in range(15):
        f.make_actor(slug=f"uncited-{n:02}", name=f"Uncited {n:02}")
    client.force_login(curator)
    html = panel(client)
    assert "Provenance check fails (15)" in html
    assert html.count("Uncited ") == 12 and "… and 3 more" in html


@pytest.mark.parametrize("failing", [1, 20])
def test_the_panel_takes_a_fixed_number_of_queries_and_one_once_cached(django_assert_num_queries, failing):
    for n in range(failing):
        summit = f.make_summit(slug=f"uncited-{n}")
        f.make_participation(summit=summit, actor=f.make_actor())
    models, _ = curated_models()
    caches[CACHE_ALIAS].clear()
    with django_assert_num_queries(COLD_QUERIES):
        rows, total = provenance_panel(models)
    assert total == 2 * failing  # each summit and its uncited actor
    with django_assert_num_queries(1):
        assert provenance_panel(models) == (rows, total)
