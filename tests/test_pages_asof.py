"""`?as_of=D` on the record pages: an actor's memberships and office, and every record's other
names, as of that day, each `possible` where its dates do not say (the API's `as_of` alike)."""

import re

import pytest

from events.dates import parse_edtf
from events.models import Actor, Agreement, Mechanism, OtherName, Summit
from events.models.base import set_partial_date

pytestmark = pytest.mark.django_db


def page(client, url, status=200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def section(html: str, heading: str) -> str:
    found = re.search(rf'<section aria-labelledby="{heading}">(.*?)</section>', html, re.S)
    return found.group(1) if found else ""


def row_certainties(html: str) -> list:
    """The data-certainty of each membership row (None where the row has none)."""
    body = re.search(r"<tbody>(.*?)</tbody>", section(html, "memberships-heading"), re.S)
    rows = re.findall(r"<tr( data-certainty=\"(\w+)\")?>\s*<th", body.group(1) if body else "")
    return [certainty or None for _, certainty in rows]


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize(
    ("day", "expected"),
    [("2025-10-31", []), ("2025-11-10", ["possible"]), ("2025-12-01", ["certain"])],
)
def test_an_actors_page_as_of_a_day(client, cainfo_data, day, expected):
    html = page(client, f"/actors/azerbaijan/?as_of={day}")
    assert "Memberships on" in text(section(html, "memberships-heading"))
    assert row_certainties(html) == expected
    if not expected:
        assert "No membership is recorded for that day" in text(section(html, "memberships-heading"))


def test_without_as_of_the_actor_page_lists_every_membership(client, cainfo_data):
    html = page(client, "/actors/azerbaijan/")
    assert "Memberships over time" in text(section(html, "memberships-heading"))
    assert row_certainties(html) == [None]


def test_a_persons_office_as_of_a_day(client, cainfo_data):
    office = re.search(
        r'<div id="office-as-of" data-certainty="(\w+)">(.*?)</div>',
        page(client, "/actors/takaichi/?as_of=2025-12-20"),
        re.S,
    )
    assert office.group(1) == "possible" and "do not date" in text(office.group(2))
    assert 'id="office-as-of"' not in page(client, "/actors/takaichi/")


def dated_name(record, name, start, end=""):
    row = OtherName(name=name, kind=OtherName.Kind.FORMER_NAME, **{record._meta.model_name: record})
    set_partial_date(row, "start", parse_edtf(start))
    set_partial_date(row, "end", parse_edtf(end) if end else None)
    row.save()


@pytest.mark.parametrize(
    ("model", "slug", "url"),
    [
        (Mechanism, "ca-jad", "/mechanisms/ca-jad/"),
        (Summit, "ca-jad-tokyo-summit-2025", "/summits/ca-jad-tokyo-summit-2025/"),
        (Agreement, "declaration-of-tokyo", "/agreements/declaration-of-tokyo/"),
    ],
)
def test_other_names_on_every_record_page_as_of_a_day(client, cainfo_data, model, slug, url):
    dated_name(model.objects.get(slug=slug), "Old name", "2019", "2024?")

    def names(query=""):
        listed = section(page(client, url + query), "other-names-heading")
        return {
            name: certainty or None
            for name, _, certainty in re.findall(r'<li data-name="([^"]+)"( data-certainty="(\w+)")?', listed)
        }

    assert names()["Old name"] is None
    assert names("?as_of=2019-06-01")["Old name"] == "possible"
    assert names("?as_of=2021-06-01")["Old name"] == "certain"
    assert names("?as_of=2024-06-01")["Old name"] == "possible"  # "2024?" may be 2023 to 2025
    assert "Old name" not in names("?as_of=2026-01-01")


@pytest.mark.parametrize("url", ["/actors/azerbaijan/", "/mechanisms/ca-jad/", "/summits/ca-jad-tokyo-summit-2025/"])
def test_a_bad_day_is_a_400_page_that_says_why(client, cainfo_data, url):
    assert "YYYY-MM-DD" in text(page(client, url + "?as_of=2025-11", status=400))


def test_the_state_on_a_day_lists_the_offices_held_then(client, cainfo_data):
    def offices(day):
        listed = re.search(
            r'<ul class="record-list" id="offices">(.*?)</ul>', page(client, f"/as-of/?as_of={day}"), re.S
        )
        return listed.group(1)

    assert 'data-certainty="possible"' in offices("2025-12-20") and "Takaichi" in offices("2025-12-20")
    takaichi = Actor.objects.get(slug="takaichi")
    set_partial_date(takaichi, "office_start", parse_edtf("2026"))
    takaichi.save()
    assert "Takaichi" not in offices("2025-12-20")
    assert 'data-certainty="certain"' in offices("2027-01-01")


def test_a_mechanisms_page_lists_its_members_as_of_the_day(client, cainfo_data):
    url = "/mechanisms/consultative-meeting-central-asia/"
    before = section(page(client, f"{url}?as_of=2025-10-31"), "members-heading")
    after = section(page(client, f"{url}?as_of=2025-12-01"), "members-heading")
    assert "31 October 2025" in text(before) and "Azerbaijan" not in before
    assert "1 December 2025" in text(after) and "Azerbaijan" in after
