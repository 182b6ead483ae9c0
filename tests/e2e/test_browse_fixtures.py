import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(fixtures_site):
    return fixtures_site


def test_the_tokyo_summit_from_the_timeline_to_its_participants_and_sources(page, site, screenshot):
    page.goto(site + "/")
    expect(page.get_by_role("status")).to_contain_text("19 records")
    tokyo = page.get_by_role("article", name="CA+JAD Tokyo Summit")
    expect(tokyo.locator("time")).to_have_text("20 December 2025")
    expect(tokyo).to_contain_text("Tokyo, hosted by Japan")
    expect(tokyo.locator(".inline-list a")).to_have_text(
        ["Japan", "Takaichi", "Kazakhstan", "Kyrgyzstan", "Tajikistan", "Turkmenistan", "Uzbekistan"]
    )
    expect(page.get_by_role("article", name="EU–Central Asia Samarkand Summit").locator("time")).to_have_text(
        "April 2025"
    )
    expect(page.get_by_role("article", name="First EU strategy document on Central Asia").locator("time")).to_have_text(
        "2007"
    )
    expect(page.get_by_role("heading", name="Date not known")).to_be_visible()
    print("home page screenshot:", screenshot(page, "home"))

    page.get_by_label("Mechanism").fill("ca-jad")
    page.get_by_role("button", name="Show timeline").click()
    expect(page).to_have_url(site + "/?q=&mechanism=ca-jad&actor=&topic=&kind=&year_from=&year_to=")
    expect(page.get_by_role("status")).to_contain_text("4 records match these filters")
    expect(page.locator(".entry-title")).to_have_text(
        [
            "CA+JAD Tokyo Summit",
            "CA+JAD Tokyo Initiative",
            "Declaration of Tokyo",
            "Japan's 19-million-dollar investment plan",
        ]
    )
    expect(page.get_by_role("article", name="Japan's 19-million-dollar investment plan")).to_contain_text(
        "USD 19,000,000"
    )

    page.get_by_role("heading", name="CA+JAD Tokyo Summit").get_by_role("link").click()
    expect(page).to_have_url(site + "/summits/ca-jad-tokyo-summit-2025/")
    expect(page.get_by_role("heading", level=1)).to_have_text("CA+JAD Tokyo Summit")
    facts = page.locator("dl.facts")
    expect(facts).to_contain_text("20 December 2025")
    expect(facts).to_contain_text("Central Asia plus Japan Dialogue (CA+JAD): the first summit at heads of state")
    expect(page.locator(".curator-note")).to_contain_text("nearly 40 meetings")
    participants = page.get_by_role("table")
    expect(participants.get_by_role("row")).to_have_count(7)
    expect(participants.get_by_role("row", name=re.compile("^Japan"))).to_contain_text("Takaichi, Prime Minister")
    agreements = page.locator("section", has=page.get_by_role("heading", name="Agreements that came out of it"))
    expect(agreements.get_by_role("link")).to_have_count(3)
    citations = page.locator("section.citations ol > li")
    # the audit dropped two footnotes that do not close its sentences; footnote 3's title is an other name
    expect(citations).to_have_count(3)
    expect(citations.first).to_contain_text("footnote 2")
    expect(citations.nth(1)).to_contain_text("Supports: name, mechanism, date")
    expect(citations.nth(2)).to_contain_text("footnote 3")
    expect(facts.locator('sup[data-claim="host"]')).to_contain_text("inferred")
    print("summit page screenshot:", screenshot(page, "summit"))

    participants.get_by_role("link", name="Takaichi").click()
    expect(page).to_have_url(site + "/actors/takaichi/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Takaichi")
    expect(page.locator("dl.facts")).to_contain_text("Prime Minister")
    expect(page.locator("dl.facts").get_by_role("link", name="Japan")).to_have_attribute("href", "/actors/japan/")
    expect(page.locator(".curator-note")).to_contain_text("The analysis gives only the surname")
    expect(page.get_by_role("link", name="CA+JAD Tokyo Summit")).to_be_visible()

    page.go_back()
    page.get_by_role("table").get_by_role("link", name="Kazakhstan").click()
    expect(page).to_have_url(site + "/actors/kazakhstan/")
    memberships = page.locator("section", has=page.get_by_role("heading", name="Memberships over time"))
    expect(memberships).to_contain_text("Consultative Meeting of the Heads of States of Central Asia")

    page.go_back()
    first_citation = page.locator("#citation-1")
    source_title = first_citation.get_by_role("link").inner_text()
    first_citation.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/sources/[\w-]+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(source_title)
    expect(page.locator("dl.facts")).to_contain_text("Jamestown")
    citing = page.locator("section", has=page.get_by_role("heading", name="Records citing this source"))
    expect(citing.get_by_role("link", name="CA+JAD Tokyo Summit")).to_be_visible()


def test_the_consultative_meeting_shows_azerbaijan_joining_in_november_2025(page, site, screenshot):
    page.goto(site + "/mechanisms/consultative-meeting-central-asia/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Consultative Meeting of the Heads of States")
    members = page.locator("section", has=page.get_by_role("heading", name=re.compile(r"^Members as of ")))
    expect(members.locator("tbody > tr")).to_have_count(6)
    azerbaijan = members.get_by_role("row", name=re.compile("^Azerbaijan"))
    expect(azerbaijan).to_contain_text("Full member")
    expect(azerbaijan).to_contain_text("November 2025")
    expect(azerbaijan.locator(".curator-note")).to_contain_text("the analysis gives no day")
    expect(page.get_by_role("link", name="Proposal to establish a Central Asian Community")).to_be_visible()
    screenshot(page, "mechanism")


def test_every_kind_of_page_is_reachable_from_the_navigation(page, site):
    page.goto(site + "/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Mechanisms").click()
    page.get_by_role("link", name="C5+1", exact=False).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("C5+1")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Actors").click()
    page.get_by_role("link", name="Azerbaijan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Azerbaijan")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Sources").click()
    expect(page.locator("main li")).to_have_count(15)
    page.locator("main li").first.get_by_role("link").click()
    expect(page.get_by_role("heading", name="Records citing this source")).to_be_visible()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Timeline").click()
    page.get_by_role("heading", name="Khujand Treaty").get_by_role("link").click()
    expect(page.locator("dl.facts")).to_contain_text("31 March 2025")
    expect(page.get_by_role("table", name=re.compile("^Parties"))).to_contain_text("Kyrgyzstan")
    actions = page.get_by_role("table", name=re.compile("^Each party's actions"))
    expect(actions.get_by_role("row")).to_have_count(4)  # the heading and the three signatures
    expect(actions).to_contain_text("31 March 2025")
