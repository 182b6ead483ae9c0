import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from events.models import Actor, Agreement, Mechanism, Source, Summit
from tests import factories as f

pytestmark = pytest.mark.django_db


def page(client, url, status=200) -> str:
    response = client.get(url)
    assert response.status_code == status
    return response.content.decode()


def test_summit_page_shows_everything_about_the_summit(client, world):
    html = page(client, world.tokyo.get_absolute_url())
    assert '<h1 id="record-heading">CA+JAD Tokyo Summit</h1>' in html
    assert '<time datetime="2025-12-20">20 December 2025</time>' in html
    assert "<dt>Place</dt><dd>Tokyo</dd>" in html
    assert '<dt>Host</dt><dd><a href="/actors/japan/">Japan</a></dd>' in html
    assert "Heads of state or government" in html
    assert "the first summit at heads of state or government level" in html
    assert '<a href="/actors/takaichi/">Sanae Takaichi</a>, Prime Minister' in html
    assert "<td>Host</td>" in html
    assert '<a href="/agreements/declaration-of-tokyo/">Declaration of Tokyo</a>' in html
    assert 'href="/?topic=critical-minerals">critical minerals</a>' in html
    assert "The Declaration of Tokyo and the CA+JAD Tokyo Initiative." in html


def test_summit_page_lists_the_other_summits_of_its_mechanism(client, world):
    html = page(client, world.tokyo.get_absolute_url())
    assert '<strong aria-current="page">CA+JAD Tokyo Summit</strong> (this summit)' in html
    assert '<a href="/summits/ca-jad-ministers-2004/">CA+JAD Foreign Ministers&#x27; Meeting</a>' in html


def test_citations_are_numbered_and_link_to_their_sources(client, world):
    html = page(client, world.tokyo.get_absolute_url())
    citations = re.findall(r'<li id="citation-(\d+)">\s*<a href="([^"]+)">', html)
    assert citations == [("1", "/sources/avim-2026-11/"), ("2", "/sources/mofa-ca-jad-summit/")]
    assert "(footnote 3)" in html
    assert "<blockquote>On 20 December 2025, the heads of state…</blockquote>" in html


def test_curator_notes_are_marked_as_such(client, world):
    html = page(client, world.tokyo.get_absolute_url())
    assert '<aside class="curator-note" aria-label="Curator’s note">' in html
    assert (
        '<strong class="curator-label">Curator’s note</strong> “Nearly 40 meetings” is the article’s own estimate.'
        in html
    )


def test_mechanism_page_shows_members_as_of_today_with_their_dates(client, world):
    html = page(client, world.consultative.get_absolute_url())
    members = html[html.index('id="members-heading"') : html.index('id="former-heading"')]
    assert '<a href="/actors/azerbaijan/">Azerbaijan</a>' in members
    assert '<time datetime="2025-11">November 2025</time>' in members
    assert "Full member" in members
    assert "The analysis says “full member”" in members
    assert '<a href="/actors/kazakhstan/">Kazakhstan</a>' in members
    assert '<time datetime="2018-03">March 2018</time>' in members
    assert "/actors/japan/" not in members
    former = html[html.index('id="former-heading"') :]
    assert '<a href="/actors/japan/">Japan</a>' in former
    assert '<time datetime="2020">2020</time>' in former


def test_mechanism_page_shows_founding_initiator_family_levels_summits_and_agreements(client, world):
    html = page(client, world.cajad.get_absolute_url())
    assert '<time datetime="2004">2004</time>, Astana' in html
    assert '<dt>Initiator</dt><dd><a href="/actors/japan/">Japan</a></dd>' in html
    assert '<a href="/mechanisms/ca-jad-minerals/">CA+JAD Minerals Talks</a>' in html
    assert "Since 20 December 2025: heads of state or government" in html
    assert "Since 2004: ministerial" in html
    assert '<a href="/summits/ca-jad-tokyo-summit-2025/">CA+JAD Tokyo Summit</a>' in html
    assert '<a href="/agreements/declaration-of-tokyo/">Declaration of Tokyo</a>' in html
    child = page(client, world.cajad_minerals.get_absolute_url())
    assert (
        '<dt>Part of</dt><dd><a href="/mechanisms/ca-jad/">Central Asia plus Japan Dialogue (CA+JAD)</a></dd>' in child
    )


def test_agreement_page_shows_kind_date_parties_origin_value_and_citations(client, world):
    html = page(client, world.declaration.get_absolute_url())
    assert "Agreement · declaration" in html
    assert '<time datetime="2025-12-20">20 December 2025</time>' in html
    assert re.search(r'<a href="/actors/japan/">Japan</a></th>\s*<td>Signatory</td>', html)
    assert '<dt>Summit</dt><dd><a href="/summits/ca-jad-tokyo-summit-2025/">CA+JAD Tokyo Summit</a></dd>' in html
    assert '<a href="/mechanisms/ca-jad/">' in html
    assert "<dt>Value</dt><dd>USD 19,000,000</dd>" in html
    assert '<li id="citation-1">' in html


def test_actor_page_shows_memberships_summits_agreements_and_representatives(client, world):
    html = page(client, world.japan.get_absolute_url())
    assert "<dt>ISO 3166 code</dt><dd>JPN</dd>" in html
    assert '<a href="/actors/takaichi/">Sanae Takaichi</a>, Prime Minister' in html
    assert '<a href="/mechanisms/consultative-meeting/">' in html
    assert '<a href="/summits/ca-jad-tokyo-summit-2025/">CA+JAD Tokyo Summit</a>' in html
    assert "host, represented by" in html
    assert '<a href="/agreements/declaration-of-tokyo/">Declaration of Tokyo</a>' in html
    assert '<a href="/mechanisms/ca-jad/">Central Asia plus Japan Dialogue (CA+JAD)</a>' in html


def test_a_person_page_shows_whom_they_represent(client, world):
    html = page(client, world.takaichi.get_absolute_url())
    assert "<dt>Office</dt><dd>Prime Minister</dd>" in html
    assert '<dt>Represents</dt><dd><a href="/actors/japan/">Japan</a></dd>' in html
    assert 'representing <a href="/actors/japan/">Japan</a>' in html
    assert 'acting for <a href="/actors/japan/">Japan</a>' in html


def test_source_page_shows_the_document_and_every_record_citing_it(client, world):
    html = page(client, world.analysis.get_absolute_url())
    assert "<dt>Author</dt><dd>Seyda Nur Osmanlı</dd>" in html
    assert '<time datetime="2026-03-25">25 March 2026</time>' in html
    assert 'href="https://avim.org.tr/en/Analiz/example"' in html
    for url in (
        "/summits/ca-jad-tokyo-summit-2025/",
        "/agreements/declaration-of-tokyo/",
        "/mechanisms/consultative-meeting/",
        "/actors/azerbaijan/",
    ):
        assert f'<a href="{url}">' in html
    assert '<span class="badge">Mechanism</span>' in html


def test_list_pages_link_to_every_record(client, world):
    assert '<a href="/mechanisms/consultative-meeting/">' in page(client, reverse("events:mechanism-list"))
    actors = page(client, reverse("events:actor-list"))
    assert '<h2 id="kind-1">States</h2>' in actors
    assert '<a href="/actors/takaichi/">Sanae Takaichi</a> <span class="muted">Prime Minister, Japan</span>' in actors
    assert '<a href="/sources/avim-2026-11/">' in page(client, reverse("events:source-list"))


def test_an_unknown_path_is_a_404_with_the_site_around_it(client, db):
    html = page(client, "/no/such/page/", status=404)
    assert "<h1>Page not found</h1>" in html


def test_anonymous_readers_see_no_admin_link(client, world):
    assert "in admin" not in page(client, world.tokyo.get_absolute_url())


@pytest.mark.urls("tests.urls_without_admin")
def test_staff_see_no_broken_link_for_a_model_without_an_admin(client, world, django_user_model):
    client.force_login(django_user_model.objects.create_user("curator", is_staff=True))
    assert "in admin" not in page(client, world.tokyo.get_absolute_url())


def test_the_admins_view_on_site_leads_to_the_public_page(client, world, django_user_model):
    client.force_login(django_user_model.objects.create_user("curator", is_staff=True))
    content_type = ContentType.objects.get_for_model(world.tokyo)
    response = client.get(reverse("admin:view_on_site", args=[content_type.pk, world.tokyo.pk]))
    assert response.status_code == 302
    assert response["Location"].endswith("/summits/ca-jad-tokyo-summit-2025/")
    assert client.get(response["Location"]).status_code == 200


def test_static_css_is_served_locally(client, db):
    html = page(client, reverse("events:timeline"))
    assert '<link rel="stylesheet" href="/static/events/site.css">' in html
    assert "http://" not in html.split("<body>")[0] and "https://" not in html.split("<body>")[0]
    response = client.get("/static/events/site.css")
    assert response.status_code == 200
    assert b"--link" in b"".join(response.streaming_content)


def assert_accessible_outline(html: str, url: str) -> None:
    for landmark in ('<header class="site-header">', '<nav aria-label="Main">', '<main id="main"', "<footer"):
        assert landmark in html, url
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), url
    levels = [int(level) for level in re.findall(r"<h([1-6])[ >]", html)]
    assert levels[0] == 1 and levels.count(1) == 1, url
    assert all(later - earlier <= 1 for earlier, later in zip(levels, levels[1:], strict=False)), (url, levels)


def test_pages_have_landmarks_unique_ids_and_ordered_headings(client, world):
    for url in (
        reverse("events:timeline"),
        world.tokyo.get_absolute_url(),
        world.consultative.get_absolute_url(),
        world.cajad.get_absolute_url(),
        world.declaration.get_absolute_url(),
        world.japan.get_absolute_url(),
        world.takaichi.get_absolute_url(),
        world.analysis.get_absolute_url(),
        reverse("events:mechanism-list"),
        reverse("events:actor-list"),
        reverse("events:source-list"),
    ):
        assert_accessible_outline(page(client, url), url)
    assert_accessible_outline(page(client, "/summits/missing/", status=404), "404")


def test_every_record_in_the_project_fixtures_has_a_working_page(client, cainfo_data):
    models = (Summit, Mechanism, Agreement, Actor, Source)
    assert all(model.objects.exists() for model in models)
    urls = [obj.get_absolute_url() for model in models for obj in model.objects.all()]
    for url in urls:
        assert_accessible_outline(page(client, url), url)


def test_every_timeline_control_has_a_label(client, world):
    html = page(client, reverse("events:timeline"))
    controls = re.findall(r'<(?:input|select)[^>]*\bid="([^"]+)"', html)
    assert len(controls) == 7
    for control in controls:
        assert f'<label for="{control}">' in html


def test_a_staff_link_is_only_for_staff(client, world, django_user_model):
    client.force_login(django_user_model.objects.create_user("reader"))
    assert "in admin" not in page(client, world.tokyo.get_absolute_url())


def test_a_summit_without_mechanism_or_date_still_renders(client, db):
    summit = f.make_summit(date=None, date_precision="")
    html = page(client, summit.get_absolute_url())
    assert "None (a stand-alone meeting)" in html
    assert "<dt>Date</dt><dd>Not known</dd>" in html
