import re

import pytest
from playwright.sync_api import expect

from tests.conftest import build_world
from tests.e2e import snapshots

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server):
    snapshots.data_set("world", build_world)
    return live_server.url


def test_a_reader_goes_from_the_timeline_to_a_summit_an_actor_and_a_source(page, site):
    page.goto(site + "/")
    expect(page).to_have_title("Timeline · cainfo")
    expect(page.get_by_role("heading", level=1)).to_have_text("Timeline of Central Asian diplomacy")
    expect(page.get_by_role("heading", name="2025", exact=True)).to_be_visible()
    tokyo = page.get_by_role("article", name="CA+JAD Tokyo Summit")
    expect(tokyo.locator("time")).to_have_text("20 December 2025")
    expect(page.get_by_role("article", name="EU–Central Asia Summit in Samarkand").locator("time")).to_have_text(
        "April 2025"
    )

    page.get_by_label("Mechanism").fill("ca-jad")
    page.get_by_role("button", name="Show timeline").click()
    expect(page).to_have_url(re.compile(r"\?(.*&)?mechanism=ca-jad(&|$)"))
    expect(page.get_by_role("status")).to_contain_text("3 records match these filters")
    expect(page.get_by_role("link", name="EU–Central Asia Summit in Samarkand")).to_have_count(0)
    expect(page.get_by_label("Mechanism")).to_have_value("ca-jad")

    page.get_by_role("heading", name="CA+JAD Tokyo Summit").get_by_role("link").click()
    expect(page).to_have_url(site + "/summits/ca-jad-tokyo-summit-2025/")
    expect(page.get_by_role("heading", level=1)).to_have_text("CA+JAD Tokyo Summit")
    facts = page.locator("dl.facts")
    expect(facts).to_contain_text("20 December 2025")
    expect(facts).to_contain_text("the first summit at heads of state or government level")
    participants = page.get_by_role("table")
    expect(participants.get_by_role("row")).to_have_count(4)
    expect(participants).to_contain_text("Sanae Takaichi, Prime Minister")
    expect(page.locator(".curator-note")).to_contain_text("Curator’s note")
    expect(page.get_by_role("link", name="Declaration of Tokyo")).to_be_visible()

    participants.get_by_role("link", name="Kazakhstan").click()
    expect(page).to_have_url(site + "/actors/kazakhstan/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kazakhstan")
    summits = page.locator("section", has=page.get_by_role("heading", name="Summits attended"))
    expect(summits.get_by_role("link", name="CA+JAD Tokyo Summit")).to_be_visible()
    expect(page.get_by_role("link", name="Consultative Meeting of the Heads of State of Central Asia")).to_be_visible()

    page.go_back()
    citations = page.locator("section.citations")
    expect(citations.locator("ol > li")).to_have_count(2)
    citations.locator("#citation-1").get_by_role("link").click()
    expect(page).to_have_url(site + "/sources/avim-2026-11/")
    expect(page.get_by_role("heading", level=1)).to_have_text("The Tokyo Summit of the Central Asia-Japan Dialogue")
    expect(page.locator("dl.facts")).to_contain_text("25 March 2026")
    citing = page.locator("section", has=page.get_by_role("heading", name="Records citing this source"))
    expect(citing.get_by_role("link", name="CA+JAD Tokyo Summit")).to_be_visible()
    expect(citing.get_by_role("link", name="Declaration of Tokyo")).to_be_visible()


def test_a_mechanism_page_shows_when_azerbaijan_joined(page, site):
    page.goto(site + "/mechanisms/")
    page.get_by_role("link", name="Consultative Meeting of the Heads of State of Central Asia").click()
    members = page.locator("section", has=page.get_by_role("heading", name=re.compile(r"^Members as of ")))
    row = members.get_by_role("row", name=re.compile("Azerbaijan"))
    expect(row).to_contain_text("Full member")
    expect(row).to_contain_text("November 2025")
    expect(members.get_by_role("row")).to_have_count(4)


def test_a_bad_year_shows_a_message_in_the_form(page, site):
    page.goto(site + "/?year_from=soon")
    expect(page.get_by_role("alert")).to_contain_text("Some filters could not be used.")
    expect(page.locator(".field.has-error")).to_contain_text("Enter a whole number.")
    page.get_by_label("From year").fill("2025")
    page.get_by_role("button", name="Show timeline").click()
    expect(page.get_by_role("status")).to_contain_text("3 records match these filters")


def test_an_unknown_record_shows_a_helpful_page(page, site):
    response = page.goto(site + "/summits/no-such-summit/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page.locator("main")).to_contain_text("There is no summit with the identifier “no-such-summit”.")
    page.get_by_label("Search every record").fill("Tokyo")
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_url(site + "/search/?q=Tokyo")
    expect(page.locator("main").get_by_role("link", name="CA+JAD Tokyo Summit").first).to_be_visible()


def test_the_timeline_fits_a_phone_screen(browser, site, screenshot):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, device_scale_factor=2)
    page = context.new_page()
    page.goto(site + "/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    expect(page.get_by_label("Mechanism")).to_be_visible()
    screenshot(page, "home-phone")
    page.goto(site + "/summits/ca-jad-tokyo-summit-2025/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    context.close()
