"""'As of' with certain / possible answers, the snapshot and the diff, on the AVİM fixtures."""

import datetime
import io

import pytest
import yaml
from django.core.management import call_command

from events.asof import CERTAIN, POSSIBLE, certainty_on
from events.models import Membership

pytestmark = pytest.mark.django_db

AZERBAIJAN = "/api/v1/mechanisms/consultative-meeting-central-asia/members/?as_of="


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2025-10-31", None),
        ("2025-11-01", POSSIBLE),
        ("2025-11-10", POSSIBLE),
        ("2025-11-30", CERTAIN),
        ("2025-12-01", CERTAIN),
    ],
)
def test_azerbaijan_joined_the_consultative_meeting_in_november_2025(client, cainfo_data, day, expected):
    members = {m["slug"]: m["certainty"] for m in client.get(AZERBAIJAN + day).json()["members"]}
    assert members.get("azerbaijan") == expected
    assert members["kazakhstan"] == CERTAIN  # a founding member with no start date


def test_membership_certainty_in_python_matches_the_query(cainfo_data):
    membership = Membership.objects.get(actor__slug="azerbaijan")
    for day in (datetime.date(2025, 10, 31), datetime.date(2025, 11, 10), datetime.date(2025, 12, 1)):
        in_query = Membership.objects.active_on(day).filter(pk=membership.pk).exists()
        certain = Membership.objects.certain_on(day).filter(pk=membership.pk).exists()
        answer = certainty_on(membership, day)
        assert in_query == (answer is not None)
        assert certain == (answer == CERTAIN)


def test_the_level_as_of_a_day_says_whether_it_is_certain(client, cainfo_data):
    url = "/api/v1/mechanisms/ca-jad/members/?as_of="
    assert client.get(url + "2025-12-19").json()["level"] is None
    assert client.get(url + "2025-12-20").json()["level"] == {
        "level": "heads_of_state",
        "since": "2025-12-20",
        "certainty": CERTAIN,
    }
    # C5+China: heads of state "since 2023", a year: on 1 June 2023 the step may not have been taken yet
    assert client.get("/api/v1/mechanisms/c5-c/members/?as_of=2023-06-01").json()["level"]["certainty"] == POSSIBLE
    assert client.get("/api/v1/mechanisms/c5-c/members/?as_of=2024-01-01").json()["level"]["certainty"] == CERTAIN


def changes(client, first, last):
    response = client.get(f"/api/v1/snapshot/diff/?from={first}&to={last}")
    assert response.status_code == 200
    return response.json()["changes"]


def test_the_diff_from_october_to_december_2025_lists_exactly_what_the_fixtures_hold(client, cainfo_data):
    listed = [
        (
            c["change"],
            c["date"],
            c["certainty"],
            next(c[k]["slug"] for k in ("summit", "agreement", "actor", "mechanism") if c.get(k)),
        )
        for c in changes(client, "2025-10-01", "2025-12-31")
    ]
    assert listed == [
        ("founded", "2025", POSSIBLE, "c5-1"),
        ("summit_held", "2025", POSSIBLE, "china-central-asia-astana-summit-2025"),
        ("joined", "2025-11", CERTAIN, "azerbaijan"),
        ("summit_held", "2025-11", CERTAIN, "c5-1-washington-summit-2025"),
        ("summit_held", "2025-11", CERTAIN, "consultative-meeting-central-asia-2025-11"),
        ("agreement_signed", "2025-11", CERTAIN, "c5-1-critical-minerals-agreements-2025"),
        ("agreement_signed", "2025-11", CERTAIN, "central-asian-community-proposal-2025"),
        ("elevated", "2025-12-20", CERTAIN, "ca-jad"),
        ("summit_held", "2025-12-20", CERTAIN, "ca-jad-tokyo-summit-2025"),
        ("agreement_signed", "2025-12-20", CERTAIN, "ca-jad-tokyo-initiative"),
        ("agreement_signed", "2025-12-20", CERTAIN, "declaration-of-tokyo"),
        ("agreement_signed", "2025-12-20", CERTAIN, "japan-investment-plan-2025"),
    ]


def test_every_change_carries_its_citations(client, cainfo_data):
    for item in changes(client, "2025-10-01", "2025-12-31"):
        assert item["citations"], item
        assert all(c["source"]["slug"] for c in item["citations"])
    joined = next(c for c in changes(client, "2025-11-01", "2025-11-30") if c["change"] == "joined")
    assert (joined["change"], joined["actor"]["slug"], joined["earliest"], joined["latest"]) == (
        "joined",
        "azerbaijan",
        "2025-11-01",
        "2025-11-30",
    )


def test_a_day_inside_november_makes_azerbaijans_joining_possible_not_certain(client, cainfo_data):
    joined = [c for c in changes(client, "2025-11-10", "2025-11-20") if c["change"] == "joined"]
    assert [(c["actor"]["slug"], c["certainty"]) for c in joined] == [("azerbaijan", POSSIBLE)]


def test_the_snapshot_on_a_day(client, cainfo_data):
    body = client.get("/api/v1/snapshot/?as_of=2025-11-10").json()
    mechanisms = {m["mechanism"]["slug"]: m for m in body["mechanisms"]}
    members = {m["actor"]["slug"]: m["certainty"] for m in mechanisms["consultative-meeting-central-asia"]["members"]}
    assert members["azerbaijan"] == POSSIBLE and members["uzbekistan"] == CERTAIN
    assert mechanisms["ca-jad"]["level"] is None
    assert mechanisms["c5-c"]["level"]["certainty"] == CERTAIN
    agreements = [a["agreement"]["slug"] for a in body["agreements"]]
    assert "declaration-of-tokyo" not in agreements
    assert "c5-1-critical-minerals-agreements-2025" in agreements  # November 2025: possibly signed by the 10th
    assert {o["person"]["slug"] for o in body["offices"]}
    assert all(o["certainty"] == POSSIBLE and o["note"] for o in body["offices"])
    assert all(m["citations"] is not None for m in body["mechanisms"])


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/api/v1/snapshot/", "as_of"),
        ("/api/v1/snapshot/?as_of=2025-11", "as_of"),
        ("/api/v1/snapshot/?as_of=2025-02-30", "as_of"),
        ("/api/v1/snapshot/?as_of=2025-11-10&from=2025-01-01", "from"),
        ("/api/v1/snapshot/diff/?from=2025-01-01", "to"),
        ("/api/v1/snapshot/diff/?from=yesterday&to=2025-01-01", "from"),
        ("/api/v1/snapshot/diff/?from=2025-12-01&to=2025-01-01", "to"),
    ],
)
def test_bad_days_are_a_400_naming_the_parameter(client, cainfo_data, url, parameter):
    response = client.get(url)
    assert response.status_code == 400
    assert parameter in response.json()


def test_the_snapshot_endpoints_are_in_the_schema_without_warnings():
    out = io.StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=out)
    paths = yaml.safe_load(out.getvalue())["paths"]
    assert {p["name"] for p in paths["/api/v1/snapshot/"]["get"]["parameters"]} == {"as_of"}
    assert {p["name"] for p in paths["/api/v1/snapshot/diff/"]["get"]["parameters"]} == {"from", "to"}
