"""The Content-Security-Policy in a real browser: the API docs, the admin, the browsable API and
the public pages render with no violation reported."""

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from tests.conftest import build_world
from tests.e2e import snapshots

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    [location.pathname, event.violatedDirective, event.blockedURI, event.sourceFile, event.lineNumber].join(" ")
  );
});
"""


@pytest.fixture
def site(live_server):
    snapshots.data_set("world", build_world)
    return live_server.url


@pytest.fixture
def watched(page):
    """The page, recording CSP violations from events and from the console."""
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(RECORD_VIOLATIONS)

    def violations():
        return page.evaluate("window.__cspViolations") + [text for text in console if "Content Security Policy" in text]

    page.violations = violations
    return page


def test_swagger_ui_renders_every_operation_under_the_policy(watched, site):
    response = watched.goto(site + "/api/docs/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    expect(watched.locator(".opblock-summary-path").first).to_be_visible(timeout=30_000)
    expect(watched.get_by_text("/api/v1/summits/{slug}/").first).to_be_visible()
    assert watched.violations() == []


def test_redoc_renders_the_schema_under_the_policy(watched, site):
    watched.goto(site + "/api/redoc/")
    expect(watched.get_by_role("heading", name="cainfo API").first).to_be_visible(timeout=30_000)
    expect(watched.get_by_text("/api/v1/summits/{slug}/").first).to_be_attached()
    assert watched.violations() == []


def test_the_admin_a_change_form_and_the_browsable_api_work_under_the_policy(watched, site):
    User.objects.create_superuser("boss", password="a-long-test-password")
    watched.goto(site + "/admin/")
    watched.get_by_label("Username").fill("boss")
    watched.get_by_label("Password").fill("a-long-test-password")
    watched.get_by_role("button", name="Log in").click()
    expect(watched.get_by_role("heading", name="Curators’ workbench")).to_be_visible()
    watched.goto(site + "/admin/events/summit/")
    watched.get_by_role("link", name="CA+JAD Tokyo Summit").click()
    expect(watched.get_by_role("heading", name="Participations")).to_be_visible()
    assert watched.violations() == []
    watched.goto(site + "/api/v1/summits/")
    expect(watched.get_by_role("heading", name="Summit List")).to_be_visible()
    expect(watched.get_by_role("button", name="POST")).to_be_visible()
    assert watched.violations() == []


def test_the_public_pages_work_under_the_policy(watched, site):
    for path in ["/", "/summits/ca-jad-tokyo-summit-2025/", "/actors/japan/", "/no-such-page/"]:
        watched.goto(site + path)
        expect(watched.get_by_role("heading", level=1)).to_be_visible()
    assert watched.violations() == []
