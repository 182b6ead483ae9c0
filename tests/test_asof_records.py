"""`as_of` on the records that hold time-bounded rows: an actor's memberships and every record's
other names, as of a day, each row `certain` or `possible` (docs/dates.md)."""

import io

import pytest
import yaml
from django.core.management import call_command

from events.asof import CERTAIN, POSSIBLE
from events.dates import parse_edtf
from events.models import Mechanism, OtherName, Summit
from events.models.base import set_partial_date

pytestmark = pytest.mark.django_db


def memberships(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content
    return {m["mechanism"]["slug"]: m.get("certainty") for m in response.json()["memberships"]}


@pytest.mark.parametrize(
    ("day", "expected"),
    [("2025-10-31", None), ("2025-11-10", POSSIBLE), ("2025-11-30", CERTAIN), ("2026-01-01", CERTAIN)],
)
def test_an_actors_memberships_as_of_a_day(client, cainfo_data, day, expected):
    detail = memberships(client, f"/api/v1/actors/azerbaijan/?as_of={day}")
    assert detail.get("consultative-meeting-central-asia") == expected
    listed = client.get(f"/api/v1/actors/?as_of={day}&fields=slug,memberships&page_size=100").json()["results"]
    azerbaijan = next(a for a in listed if a["slug"] == "azerbaijan")
    assert {m["mechanism"]["slug"]: m["certainty"] for m in azerbaijan["memberships"]} == detail


def test_without_as_of_an_actor_lists_every_membership_without_certainty(client, cainfo_data):
    everything = memberships(client, "/api/v1/actors/azerbaijan/")
    assert everything == {"consultative-meeting-central-asia": None}
    kazakhstan = memberships(client, "/api/v1/actors/kazakhstan/?as_of=2025-11-10")
    assert kazakhstan and set(kazakhstan.values()) == {CERTAIN}  # undated: a member since always


def add_name(record, name, start="", end=""):
    row = OtherName(name=name, kind=OtherName.Kind.FORMER_NAME, **{record._meta.model_name: record})
    set_partial_date(row, "start", parse_edtf(start) if start else None)
    set_partial_date(row, "end", parse_edtf(end) if end else None)
    row.full_clean()
    row.save()
    return row


def names(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content
    body = response.json()
    return {n["name"]: n.get("certainty") for n in body["other_names"]}


@pytest.mark.parametrize(
    ("day", "old", "new"),
    [
        ("2017-12-31", None, None),
        ("2018-06-01", POSSIBLE, None),  # "2019~": about 2019, any day from 2018 to 2020
        ("2019-03-01", POSSIBLE, None),
        ("2021-06-01", CERTAIN, None),
        ("2025-06-10", POSSIBLE, POSSIBLE),  # the old name went out of use, the new came in, in June 2025
        ("2025-07-01", None, CERTAIN),
    ],
)
def test_other_names_as_of_a_day_on_every_record_type(client, cainfo_data, day, old, new):
    mechanism = Mechanism.objects.get(slug="ca-jad")
    add_name(mechanism, "Old Dialogue", "2019~", "2025-06")
    add_name(mechanism, "New Dialogue", "2025-06")
    got = names(client, f"/api/v1/mechanisms/ca-jad/?as_of={day}")
    assert (got.get("Old Dialogue"), got.get("New Dialogue")) == (old, new)
    assert got["CA+JAD"] == CERTAIN  # undated: in use as long as the record is
    summit = Summit.objects.get(slug="ca-jad-tokyo-summit-2025")
    add_name(summit, "Old Summit Name", "2019~", "2025-06")
    detail = names(client, f"/api/v1/summits/{summit.slug}/?as_of={day}")
    assert detail.get("Old Summit Name") == old
    # the summits' list is built apart (events.api.lean): it answers alike
    listed = client.get(f"/api/v1/summits/?as_of={day}&page_size=100").json()["results"]
    assert (
        next(s for s in listed if s["slug"] == summit.slug)["other_names"]
        == client.get(f"/api/v1/summits/{summit.slug}/?as_of={day}").json()["other_names"]
    )


def test_other_names_without_as_of_are_all_listed(client, cainfo_data):
    add_name(Mechanism.objects.get(slug="ca-jad"), "Old Dialogue", "2019", "2020")
    got = names(client, "/api/v1/mechanisms/ca-jad/")
    assert "Old Dialogue" in got and set(got.values()) == {None}


@pytest.mark.parametrize("endpoint", ["actors", "mechanisms", "summits", "agreements"])
@pytest.mark.parametrize("day", ["2025-11", "yesterday", "2025-02-30", ""])
def test_a_bad_as_of_is_a_400_naming_it(client, cainfo_data, endpoint, day):
    for url in (f"/api/v1/{endpoint}/?as_of={day}", f"/api/v1/{endpoint}/?as_of={day}&page_size=1"):
        response = client.get(url)
        assert response.status_code == 400
        assert "as_of" in response.json()


def test_as_of_on_a_detail_and_with_csv(client, cainfo_data):
    assert client.get("/api/v1/agreements/declaration-of-tokyo/?as_of=2025-10-31").status_code == 200
    assert client.get("/api/v1/agreements/declaration-of-tokyo/?as_of=2025-10").status_code == 400
    response = client.get("/api/v1/actors/?as_of=2025-11-10&format=csv")
    assert response.status_code == 400 and b"as_of" in response.content
    assert client.get("/api/v1/topics/?as_of=2025-11-10").status_code == 400  # topics hold no dated rows


def test_as_of_is_in_the_schema_of_the_records_that_take_it():
    out = io.StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=out)
    paths = yaml.safe_load(out.getvalue())["paths"]
    for endpoint in ("actors", "mechanisms", "summits", "agreements"):
        for path in (f"/api/v1/{endpoint}/", f"/api/v1/{endpoint}/{{slug}}/"):
            assert "as_of" in {p["name"] for p in paths[path]["get"]["parameters"]}, path
        others = {p["name"] for p in paths[f"/api/v1/{endpoint}/"]["get"]["parameters"]}
        assert {"fields", "brief"} <= others
    assert "as_of" not in {p["name"] for p in paths["/api/v1/topics/"]["get"]["parameters"]}
