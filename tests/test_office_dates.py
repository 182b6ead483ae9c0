"""Dated offices: a person holds `office` and represents `represents` from `office_start` to
`office_end` (EDTF, on bounds); the snapshot answers offices as of a day, certain or possible."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from events import snapshot
from events.asof import CERTAIN, POSSIBLE, office_certainty_on
from events.dates import parse_edtf
from events.models import Actor
from events.models.base import set_partial_date
from events.search import indexing_deferred
from tests import test_backup_restore as backup
from tests import test_csv_roundtrip as roundtrip
from tests.api_helpers import curator_client

pytestmark = pytest.mark.django_db


def dated_office(slug="takaichi", start="", end=""):
    person = Actor.objects.get(slug=slug)
    set_partial_date(person, "office_start", parse_edtf(start) if start else None)
    set_partial_date(person, "office_end", parse_edtf(end) if end else None)
    person.full_clean()
    person.save()
    return person


def offices_on(day: str) -> dict:
    state = snapshot.snapshot(datetime.date.fromisoformat(day), lambda r: {"slug": r.slug})
    return {o["person"]["slug"]: o for o in state["offices"]}


def test_the_fixtures_date_no_office_so_each_is_only_possible_with_a_note(cainfo_data):
    # the analysis names Takaichi as Prime Minister at the Tokyo summit and gives no dates
    takaichi = Actor.objects.get(slug="takaichi")
    assert (takaichi.office, takaichi.office_start, takaichi.office_end) == ("Prime Minister", None, None)
    office = offices_on("2025-12-20")["takaichi"]
    assert (office["certainty"], office["start"], office["end"]) == (POSSIBLE, None, None)
    assert office["note"] and office["citations"]


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2025-09-30", None),
        ("2025-10-15", POSSIBLE),  # took office "2025-10": perhaps not yet
        ("2025-11-01", CERTAIN),
        ("2027-01-15", POSSIBLE),  # left "2027~": about 2027, any day of 2026 to 2028
        ("2029-01-01", None),
    ],
)
def test_an_office_as_of_a_day(cainfo_data, day, expected):
    person = dated_office(start="2025-10", end="2027~")
    assert office_certainty_on(person, datetime.date.fromisoformat(day)) == expected
    office = offices_on(day).get("takaichi")
    assert (office and office["certainty"]) == expected
    if office:
        assert (office["start"], office["end"], "note" in office) == ("2025-10", "2027~", False)
        assert office["represents"] == {"slug": "japan"}


def test_an_office_with_only_a_start_lasts_until_today(cainfo_data):
    dated_office(start="2025-10-21")
    assert "takaichi" not in offices_on("2025-10-20")
    assert offices_on("2025-10-21")["takaichi"]["certainty"] == CERTAIN
    assert offices_on("2040-01-01")["takaichi"]["certainty"] == CERTAIN


def test_office_dates_are_judged_on_bounds(cainfo_data):
    dated_office(start="2025-06", end="2025")  # ends in 2025, which may be after June: valid
    with pytest.raises(ValidationError, match="leave office before taking it"):
        dated_office(start="2025-06", end="2024")
    state = Actor.objects.get(slug="japan")
    set_partial_date(state, "office_start", parse_edtf("2025"))
    with pytest.raises(ValidationError, match="need an office"):
        state.full_clean()


def test_the_api_reads_and_writes_office_dates_in_edtf(cainfo_data):
    client = curator_client()
    url = "/api/v1/actors/takaichi/"
    response = client.patch(url, {"office_start": "2025-10-21", "office_end": "2026?"}, format="json")
    assert response.status_code == 200, response.content
    body = client.get(url).json()
    assert (body["office_start"], body["office_start_precision"], body["office_end"], body["office_end_precision"]) == (
        "2025-10-21",
        "day",
        "2026?",
        "year",
    )
    assert Actor.objects.get(slug="takaichi").office_end_latest == datetime.date(2027, 12, 31)
    for bad in ({"office_start": "2025-13"}, {"office_start": "2026", "office_end": "2025"}):
        response = client.patch(url, bad, format="json")
        assert response.status_code == 400, bad
    response = client.patch("/api/v1/actors/japan/", {"office_start": "2025"}, format="json")
    assert response.status_code == 400
    assert Actor.objects.get(slug="japan").office_start is None


def test_office_dates_survive_a_csv_export_and_import(cainfo_data):
    dated_office(start="2025-10~")
    before = roundtrip.snapshot()
    files = roundtrip.export_all("csv")
    header = files["actors"].decode("utf-8-sig").splitlines()[0].split(",")
    assert header[header.index("office") + 1 : header.index("office") + 3] == ["office_start", "office_end"]
    with indexing_deferred():  # each record's search entry dropped once, not once per row deleted
        roundtrip.wipe()
    roundtrip.import_all(files, "csv")
    assert roundtrip.snapshot() == before
    assert Actor.objects.get(slug="takaichi").partial_date("office_start") == "2025-10~"


def test_office_dates_survive_a_backup_and_restore(cainfo_data, tmp_path):
    dated_office(start="2025-10-21", end="2026/2027")
    before = backup.snapshot()
    call_command("backup_csv", str(tmp_path), stdout=None)
    backup.empty_the_database()
    call_command("restore_csv", str(tmp_path))
    assert backup.snapshot() == before
    assert Actor.objects.get(slug="takaichi").partial_date("office_end") == "2026/2027"


def test_the_admin_edits_office_dates_as_edtf_text(admin_client, cainfo_data):
    from django.urls import reverse

    from tests.test_admin import change_form_data

    takaichi = Actor.objects.get(slug="takaichi")
    url = reverse("admin:events_actor_change", args=[takaichi.pk])
    data = change_form_data(admin_client.get(url))
    data.update({"office_start": "2025-10-21", "office_end": "2027?"})
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    takaichi.refresh_from_db()
    assert (takaichi.partial_date("office_start"), takaichi.partial_date("office_end")) == ("2025-10-21", "2027?")
    data = change_form_data(admin_client.get(url))
    data.update({"office_start": "2028", "office_end": "2027"})
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "before taking it" in str(response.context["adminform"].form.errors)
    takaichi.refresh_from_db()
    assert takaichi.partial_date("office_start") == "2025-10-21"


def test_an_inline_membership_ending_before_it_starts_is_a_form_error_not_a_server_error(admin_client, cainfo_data):
    """The bounds a text date fills are validated with the form (events.forms.PartialDateForm), so
    the constraints on bounds answer as form errors on every partial-date form, inlines included."""
    from django.urls import reverse

    from events.models import Membership
    from tests.test_admin import change_form_data

    azerbaijan = Actor.objects.get(slug="azerbaijan")
    url = reverse("admin:events_actor_change", args=[azerbaijan.pk])
    data = change_form_data(admin_client.get(url))
    start_key = next(key for key, value in data.items() if key.startswith("memberships-") and key.endswith("-start"))
    data[start_key.removesuffix("start") + "end"] = "2024"
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "cannot end before it starts" in str(response.context["inline_admin_formsets"][0].formset.errors)
    assert Membership.objects.get(actor=azerbaijan).end is None
