"""The curators' workbench in Chromium, logged in as a curator (staff, in Curators, not a
superuser): every admin, browsable API and docs page renders with no Content-Security-Policy
violation at all, the import preview marks a changed cell, the API's Log out logs out, and the
history page shows an inline's removed row and a long text's word-level diff. Screenshots at
1280 px go to test-artifacts/screenshots/ (workbench-*.png)."""

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from playwright.sync_api import expect

from events.models import Summit
from events.permissions import CURATORS
from events.resources import export_dataset
from tests.e2e import snapshots
from tests.e2e.conftest import load_fixtures, log_in
from tests.e2e.test_csp import RECORD_VIOLATIONS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-curator-password"
TOKYO = "ca-jad-tokyo-summit-2025"


def build_workbench():
    load_fixtures()
    call_command("populate_history", "--auto", verbosity=0)
    curator = User.objects.create_user("curator1", password=PASSWORD, is_staff=True)
    curator.groups.add(Group.objects.get(name=CURATORS))


@pytest.fixture
def site(live_server):
    snapshots.data_set("workbench", build_workbench)
    return live_server.url


@pytest.fixture
def curator(page, site):
    """The page, logged in to the admin as a curator (a session cookie: the login form is
    tests/e2e/test_csp.py's), recording every CSP violation."""
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(RECORD_VIOLATIONS)
    page.violations = lambda: page.evaluate("window.__cspViolations || []") + [
        text for text in console if "Content Security Policy" in text
    ]
    log_in(page, site, "curator1")
    page.goto(site + "/admin/")
    expect(page.get_by_role("heading", name="Curators’ workbench")).to_be_visible()
    return page


FITS = """() => [document.documentElement, ...document.querySelectorAll('#changelist .results, .tabular')]
  .every(element => element.scrollWidth <= element.clientWidth + 1)
  && document.documentElement.scrollWidth <= window.innerWidth"""


def fits_the_window(page) -> bool:
    """Nothing scrolls sideways: not the page, not a changelist's table, not an inline."""
    return page.evaluate(FITS)


def test_the_index_a_changelist_and_a_change_form_fit_1280px_under_the_policy(curator, site, screenshot):
    assert curator.title().endswith("| cainfo")
    expect(curator.locator("#site-name")).to_have_text("cainfo workbench")
    expect(curator.locator("#recently-changed h2")).to_have_text("Recently changed")
    expect(curator.locator("#recently-changed li").first).to_contain_text("created")
    expect(curator.locator("#open-notes h2")).to_contain_text("Open curator’s notes")
    expect(curator.locator("#open-notes li a").first).to_be_visible()
    screenshot(curator, "workbench-index")
    assert fits_the_window(curator)

    for model in ("summit", "agreement", "actor", "mechanism", "source", "citation", "membership"):
        curator.goto(f"{site}/admin/events/{model}/")
        expect(curator.locator("#result_list")).to_be_visible()
        assert fits_the_window(curator), f"the {model} changelist scrolls sideways at 1280 px"
    curator.goto(f"{site}/admin/events/summit/")
    screenshot(curator, "workbench-changelist")

    for model in ("summit", "agreement"):
        curator.goto(f"{site}/admin/events/{model}/")
        curator.locator("#result_list tbody tr th a").first.click()
        expect(curator.get_by_role("heading", name="Citations")).to_be_visible()
        assert fits_the_window(curator), f"the {model} change form scrolls sideways at 1280 px"
    tokyo = Summit.objects.get(slug=TOKYO)
    curator.goto(f"{site}/admin/events/summit/{tokyo.pk}/change/")
    expect(curator.locator(".field-slug .readonly")).to_have_text(TOKYO)
    screenshot(curator, "workbench-change-form")
    assert curator.violations() == []


def test_an_inline_removal_and_a_long_text_change_show_on_the_history_page(curator, site, screenshot):
    tokyo = Summit.objects.get(slug=TOKYO)
    curator.goto(f"{site}/admin/events/summit/{tokyo.pk}/change/")
    outcome = curator.locator("#id_outcome")
    outcome.fill(outcome.input_value().replace("Tokyo", "Tōkyō", 1) + " Curator's addition.")
    removed = curator.locator("#participations-group tbody tr.has_original").last
    removed_name = removed.locator("td.original p").inner_text().strip()
    removed.locator("input[name$='-DELETE']").check()
    curator.get_by_role("button", name="Save", exact=True).click()
    expect(curator.locator(".messagelist .success")).to_be_visible()

    curator.goto(f"{site}/admin/events/summit/{tokyo.pk}/history/")
    history = curator.locator("#change-history")
    expect(history.locator("tr.history-row").first).to_contain_text("Participation removed")
    expect(history.locator("tr.history-row").first).to_contain_text(removed_name)
    expect(history.locator("ins.diff-added").filter(has_text="Tōkyō").first).to_be_visible()
    expect(history.locator("del.diff-removed").filter(has_text="Tokyo").first).to_be_visible()
    assert "chars]" not in history.inner_text()
    added = history.locator("ins.diff-added").first
    assert added.evaluate("e => getComputedStyle(e).backgroundColor") not in ("rgba(0, 0, 0, 0)", "transparent")
    expect(history).not_to_contain_text("None")
    screenshot(curator, "workbench-history")
    assert fits_the_window(curator)
    assert curator.violations() == []


def test_the_import_preview_marks_a_changed_cell_under_the_policy(curator, site):
    dataset = export_dataset("summits", Summit.objects.filter(slug=TOKYO))
    city = dataset.headers.index("city")
    row = list(dataset[0])
    row[city] = "Tōkyō"
    dataset[0] = row
    curator.goto(f"{site}/admin/events/summit/import/")
    curator.locator("input[type=file]").set_input_files(
        {"name": "summits.csv", "mimeType": "text/csv", "buffer": dataset.csv.encode()}
    )
    curator.get_by_label("Format").select_option(label="csv")
    curator.get_by_role("button", name="Submit").click()
    cell = curator.locator("table.import-preview td").filter(has=curator.locator("ins.diff-added"))
    expect(cell.locator("del.diff-removed")).to_have_text("Tokyo")
    expect(cell.locator("ins.diff-added")).to_have_text("Tōkyō")
    assert cell.locator("del.diff-removed").evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"
    curator.goto(f"{site}/admin/events/summit/export/")
    expect(curator.get_by_label("Format")).to_have_value("0")
    assert curator.violations() == []


def test_a_large_import_runs_as_a_job_whose_page_refreshes_itself_under_the_policy(curator, site, settings, screenshot):
    settings.IMPORT_BACKGROUND_ROWS = 2
    settings.IMPORT_JOB_REFRESH_SECONDS = 1
    rows = "".join(f"job-summit-{n},Job summit {n},2025-0{n + 1}\n" for n in range(5))
    curator.goto(f"{site}/admin/events/summit/import/")
    curator.locator("input[type=file]").set_input_files(
        {"name": "summits.csv", "mimeType": "text/csv", "buffer": ("slug,name,date\n" + rows).encode()}
    )
    curator.get_by_label("Format").select_option(label="csv")
    curator.get_by_role("button", name="Submit").click()
    expect(curator.locator("#job-counts")).to_have_text(
        "5 rows: 5 new, 0 updated, 0 unchanged, 0 errors.", timeout=30_000
    )
    screenshot(curator, "workbench-import-job")
    curator.get_by_role("button", name="Confirm import").click()
    expect(curator.locator("#job-result")).to_contain_text("Imported", timeout=30_000)
    assert Summit.objects.filter(slug__startswith="job-summit-").count() == 5
    curator.goto(f"{site}/admin/")
    expect(curator.locator("#provenance-failing h2")).to_have_text("Provenance check fails (5)")
    expect(curator.locator("#provenance-failing li a").first).to_have_text("Job summit 0")
    screenshot(curator, "workbench-index-provenance")
    assert curator.violations() == []


def test_the_browsable_api_and_the_docs_work_under_the_policy_and_log_out_logs_out(curator, site):
    for path in ("/api/v1/", "/api/v1/summits/", f"/api/v1/summits/{TOKYO}/", f"/api/v1/summits/{TOKYO}/history/"):
        curator.goto(site + path)
        expect(curator.locator(".page-header h1")).to_be_visible()
    curator.goto(site + "/api/docs/")
    expect(curator.locator(".opblock-summary-path").first).to_be_visible(timeout=30_000)
    curator.goto(site + "/api/redoc/")
    expect(curator.get_by_role("heading", name="cainfo API").first).to_be_visible(timeout=30_000)
    curator.goto(site + "/api/v1/summits/")
    curator.get_by_role("link", name="curator1").click()
    curator.get_by_role("button", name="Log out").click()
    expect(curator.get_by_role("link", name="Log in")).to_be_visible()
    curator.get_by_role("link", name="Log in").click()
    expect(curator.get_by_label("Username")).to_be_visible()
    assert curator.violations() == []
