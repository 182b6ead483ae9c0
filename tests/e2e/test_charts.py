"""The charts in a browser: what each shows is counted against the fixtures, and each is saved as
a screenshot in test-artifacts/screenshots/ (on a desktop and a phone width)."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(fixtures_site):
    return fixtures_site


def test_the_timeline_chart_draws_every_dated_record_and_follows_the_filters(page, site, screenshot):
    page.goto(site + "/")
    page.get_by_role("link", name="See these records as a chart").click()
    chart = page.locator("#timeline-chart")
    # 6 summits and 11 dated agreements (2 agreements have no date and are left out)
    expect(chart.locator("a.mark")).to_have_count(17)
    expect(page.locator("#timeline-chart-table tbody tr")).to_have_count(17)
    expect(chart.locator("a.mark-summit circle")).to_have_count(1)  # Tokyo, the one summit known to the day
    expect(chart.locator(".lane-label")).to_contain_text(["C5+1"])
    print("timeline chart:", screenshot(page, "chart-timeline"))

    page.locator("#id_mechanism").fill("ca-jad")
    page.get_by_role("button", name="Draw").click()
    expect(chart.locator("a.mark")).to_have_count(4)
    chart.locator('a.mark[data-label="Declaration of Tokyo"]').click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Declaration of Tokyo")


def test_the_membership_chart_starts_azerbaijans_row_in_november_2025(page, site, screenshot):
    page.goto(site + "/mechanisms/consultative-meeting-central-asia/")
    chart = page.locator("#membership-chart")
    expect(chart.locator("a.mark")).to_have_count(6)
    azerbaijan = chart.locator('a.mark[data-label="Azerbaijan"]')
    expect(azerbaijan).to_have_attribute("data-date", "2025-11 to today")
    faded, solid = azerbaijan.locator("rect.faded"), azerbaijan.locator("rect:not(.faded)")
    expect(faded).to_have_count(1)
    # the row starts (faded: joined some day in November) exactly where 1 November 2025 is on the axis
    first_of_2025 = float(chart.locator(".tick-label", has_text="2025").get_attribute("x"))
    first_of_2026 = float(chart.locator(".tick-label", has_text="2026").get_attribute("x"))
    november = first_of_2025 + (first_of_2026 - first_of_2025) * 304 / 365
    assert abs(float(faded.get_attribute("x")) - november) < 1.5
    assert float(solid.get_attribute("x")) > float(faded.get_attribute("x"))
    kazakhstan = chart.locator('a.mark[data-label="Kazakhstan"] rect')
    assert float(kazakhstan.first.get_attribute("x")) < float(faded.get_attribute("x"))
    chart.scroll_into_view_if_needed()
    print("membership chart:", screenshot(page, "chart-membership"))


def test_the_network_as_of_a_day_links_its_nodes_and_dashes_the_possible(page, site, screenshot):
    page.goto(site + "/as-of/?as_of=2025-11-10")
    network = page.locator("#network")
    edges = network.locator("line.edge")
    expect(edges).to_have_count(int(network.get_attribute("data-edges")))
    expect(network.locator("line.edge.possible")).to_have_count(1)  # Azerbaijan, some day in November
    expect(network.locator('a.node[data-label="Azerbaijan"]')).to_have_count(1)
    print("network:", screenshot(page, "chart-network"))

    page.locator("#id_as_of").fill("2025-10-31")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(site + "/as-of/?as_of=2025-10-31")
    expect(network.locator('a.node[data-label="Azerbaijan"]')).to_have_count(0)
    expect(network.locator("line.edge.possible")).to_have_count(0)
    network.locator('a.node[data-label="Japan"]').click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Japan")


def test_the_changes_page_lists_the_autumn_of_2025(page, site, screenshot):
    page.goto(site + "/")
    page.get_by_role("link", name="What changed between two days").click()
    page.locator("#id_start").fill("2025-10-01")
    page.locator("#id_end").fill("2025-12-31")
    page.get_by_role("button", name="Compare").click()
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("What changed between 1 October 2025 and 31 December 2025")
    expect(page.locator("#changes tbody tr")).to_have_count(12)
    expect(page.locator("#changes tr.change-joined")).to_contain_text("Azerbaijan joined")
    print("changes:", screenshot(page, "changes"))


def test_the_charts_fit_a_phone(browser, site, screenshot):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, device_scale_factor=2)
    page = context.new_page()
    try:
        page.goto(site + "/mechanisms/consultative-meeting-central-asia/")
        chart = page.locator("#membership-chart")
        expect(chart.locator("svg")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390  # the chart scrolls in its frame
        print("membership chart on a phone:", screenshot(page, "chart-membership-phone"))
    finally:
        context.close()
