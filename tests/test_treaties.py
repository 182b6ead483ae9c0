"""Agreement actions, an agreement's state as of a day, and relations between agreements and
mechanisms (docs/treaties.md): model rules, the state's certain / possible answers, the API (nested,
filtered, `as_of`), the pages, the CSV round trip and the fixtures."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction

from events import provenance
from events.dates import parse_edtf
from events.importing import import_file
from events.models import AgreementAction, AgreementRelation, Change, MechanismRelation, set_partial_date
from events.resources import export_dataset
from events.treaty_state import agreement_state, happened_by
from tests import factories as f
from tests.api_helpers import anonymous, curator_client, detail

pytestmark = pytest.mark.django_db

day = datetime.date


def action(agreement, actor, kind, dated, **fields):
    """An action dated by EDTF text `dated` ("" for undated), saved through full_clean."""
    row = AgreementAction(agreement=agreement, actor=actor, kind=kind, **fields)
    set_partial_date(row, "date", parse_edtf(dated) if dated else None)
    row.full_clean()
    row.save()
    return row


@pytest.fixture
def treaty():
    """A treaty with three parties: one signed on a day, one in a month, one has no action."""
    agreement = f.make_agreement(slug="treaty", name="Treaty", kind="treaty")
    states = {slug: f.make_actor(slug=slug, name=slug.title()) for slug in ("alpha", "beta", "gamma")}
    for actor in states.values():
        f.make_party(agreement, actor, role="signatory")
    action(agreement, states["alpha"], "signature", "2025-03-31")
    action(agreement, states["beta"], "signature", "2025-03")
    return agreement, states


# --- the model's rules ---------------------------------------------------------------------------


def test_a_party_only_act_needs_an_actor_in_the_form_and_in_the_database():
    agreement = f.make_agreement()
    with pytest.raises(ValidationError, match="party's acts"):
        action(agreement, None, "ratification", "2025")
    with transaction.atomic(), pytest.raises(IntegrityError):
        AgreementAction.objects.create(agreement=agreement, kind="ratification")


def test_only_a_reservation_has_a_text():
    agreement = f.make_agreement()
    actor = f.make_actor()
    f.make_party(agreement, actor)
    with pytest.raises(ValidationError, match="Only a reservation"):
        action(agreement, actor, "signature", "2025", text="with a reservation")
    assert action(agreement, actor, "reservation_declaration", "2025", text="Article 3 does not apply.").text


def test_an_actor_must_be_a_party_before_it_acts():
    agreement = f.make_agreement()
    with pytest.raises(ValidationError, match="not a party"):
        action(agreement, f.make_actor(), "signature", "2025")


def test_the_same_action_twice_is_refused_for_a_party_and_for_the_agreement_itself(treaty):
    agreement, states = treaty
    with pytest.raises(ValidationError, match="already has this action"):
        action(agreement, states["alpha"], "signature", "2025-03-31")
    action(agreement, None, "adoption", "2024")
    with pytest.raises(ValidationError, match="action of its own"):
        action(agreement, None, "adoption", "2024")


def test_claim_keys_name_the_actor_the_kind_and_the_date(treaty):
    agreement, states = treaty
    own = action(agreement, None, "entry_into_force", "")
    keys = {row.claim_key() for row in agreement.actions.all()}
    assert keys == {
        "action:alpha:signature:2025-03-31",
        "action:beta:signature:2025-03",
        "action:agreement:entry_into_force:undated",
    } and own.claim_key().startswith("action:agreement:")


# --- state as of a day ---------------------------------------------------------------------------


def states_on(agreement, on):
    state = agreement_state(agreement, on)
    return {p["actor"].slug: (p["state"], p["certainty"]) for p in state["parties"]}, state["overall"]


def test_before_any_action_each_party_has_none_yet_and_a_party_without_actions_is_not_recorded(treaty):
    agreement, _ = treaty
    parties, overall = states_on(agreement, day(2025, 2, 28))
    assert parties == {
        "alpha": ("none_yet", "certain"),
        "beta": ("none_yet", "certain"),
        "gamma": ("not_recorded", None),
    }
    assert overall["state"] == "none_yet"


def test_a_signature_known_to_the_month_is_possible_inside_it_and_certain_after(treaty):
    agreement, _ = treaty
    parties, overall = states_on(agreement, day(2025, 3, 10))
    assert parties["beta"] == ("signed", "possible")
    assert parties["alpha"] == ("none_yet", "certain")
    assert overall["state"] == "signed" and overall["certainty"] == "possible"
    parties, overall = states_on(agreement, day(2025, 4, 1))
    assert parties == {"alpha": ("signed", "certain"), "beta": ("signed", "certain"), "gamma": ("not_recorded", None)}
    assert overall == {"state": "signed", "certainty": "certain", "certain_state": "signed"}


def test_ratification_entry_into_force_and_withdrawal_follow_each_other(treaty):
    agreement, states = treaty
    alpha = states["alpha"]
    action(agreement, alpha, "ratification", "2025-06-01")
    action(agreement, alpha, "entry_into_force", "2025-07")
    action(agreement, alpha, "withdrawal", "2026")
    expected = {
        day(2025, 5, 1): ("signed", "certain"),
        day(2025, 6, 1): ("consented", "certain"),
        day(2025, 7, 15): ("in_force", "possible"),
        day(2025, 8, 1): ("in_force", "certain"),
        day(2026, 6, 1): ("withdrawn", "possible"),
        day(2027, 1, 1): ("withdrawn", "certain"),
    }
    for on, state in expected.items():
        assert states_on(agreement, on)[0]["alpha"] == state, on
    # one party's withdrawal does not withdraw the agreement
    assert states_on(agreement, day(2027, 1, 1))[1]["state"] == "in_force"


def test_an_undated_action_is_possible_on_any_day(treaty):
    agreement, states = treaty
    undated = action(agreement, states["gamma"], "signature", "")
    assert happened_by(undated, day(1900, 1, 1)) == "possible"
    assert states_on(agreement, day(2030, 1, 1))[0]["gamma"] == ("signed", "possible")


def test_the_possible_state_says_what_is_certain(treaty):
    agreement, states = treaty
    action(agreement, states["alpha"], "ratification", "2025-05")
    (alpha,) = [p for p in agreement_state(agreement, day(2025, 5, 10))["parties"] if p["actor"].slug == "alpha"]
    assert (alpha["state"], alpha["certainty"], alpha["certain_state"]) == ("consented", "possible", "signed")


# --- the API -------------------------------------------------------------------------------------


def test_actions_and_relations_are_written_nested_in_the_agreement_and_read_back(treaty):
    agreement, _ = treaty
    other = f.make_agreement(slug="older-treaty")
    mechanism = f.make_mechanism(slug="initiative")
    client = curator_client()
    record = client.get(detail("agreements", "treaty")).json()
    body = {
        "actions": [*record["actions"], {"actor": "gamma", "kind": "accession", "date": "2026-02?"}],
        "relations": [
            {"kind": "supersedes", "target_agreement": "older-treaty"},
            {"kind": "implements", "target_mechanism": "initiative"},
        ],
    }
    response = client.patch(detail("agreements", "treaty"), body, format="json")
    assert response.status_code == 200, response.json()
    data = response.json()
    assert [(a["actor"]["slug"], a["kind"], a["date"]) for a in data["actions"]][-1] == (
        "gamma",
        "accession",
        "2026-02?",
    )
    assert {(r["kind"], (r["target_agreement"] or r["target_mechanism"])["slug"]) for r in data["relations"]} == {
        ("supersedes", "older-treaty"),
        ("implements", "initiative"),
    }
    # the other direction
    inverse = anonymous().get(detail("agreements", other.slug)).json()["related_from"]
    assert [(r["label"], r["source"]["slug"]) for r in inverse] == [("superseded by", "treaty")]
    implemented = anonymous().get(detail("mechanisms", mechanism.slug)).json()["related_from"]
    assert [(r["label"], r["source"]["type"], r["source"]["slug"]) for r in implemented] == [
        ("implemented by", "agreement", "treaty")
    ]
    assert agreement.relations.count() == 2


@pytest.mark.parametrize(
    "row, field",
    [
        ({"actor": "nobody", "kind": "signature", "date": "2025"}, "actor"),
        ({"kind": "withdrawal", "date": "2025"}, "non_field_errors"),
        ({"actor": "alpha", "kind": "signed", "date": "2025"}, "kind"),
        ({"actor": "alpha", "kind": "signature", "date": "31 March"}, "date"),
    ],
)
def test_a_bad_action_is_a_400_naming_the_field(treaty, row, field):
    response = curator_client().patch(detail("agreements", "treaty"), {"actions": [row]}, format="json")
    assert response.status_code == 400
    assert field in response.json()["actions"]["0"] or field in str(response.json())


def test_a_relation_to_a_mechanism_must_implement_it_and_needs_one_target(treaty):
    f.make_mechanism(slug="initiative")
    client = curator_client()
    for relations in (
        [{"kind": "amends", "target_mechanism": "initiative"}],
        [{"kind": "amends"}],
        [{"kind": "amends", "target_agreement": "treaty"}],
    ):
        response = client.patch(detail("agreements", "treaty"), {"relations": relations}, format="json")
        assert response.status_code == 400, relations
    assert not AgreementRelation.objects.exists()


def test_as_of_adds_the_state_to_the_detail_and_the_list(treaty):
    body = anonymous().get(detail("agreements", "treaty"), {"as_of": "2025-03-10"}).json()
    parties = {p["actor"]["slug"]: (p["state"], p["certainty"]) for p in body["state"]["parties"]}
    assert parties == {
        "alpha": ("none_yet", "certain"),
        "beta": ("signed", "possible"),
        "gamma": ("not_recorded", None),
    }
    listed = anonymous().get("/api/v1/agreements/", {"as_of": "2025-04-01"}).json()["results"]
    assert listed[0]["state"]["overall"]["state"] == "signed"
    assert "state" not in anonymous().get(detail("agreements", "treaty")).json()


@pytest.mark.parametrize("value", ["2025", "yesterday", "2025-02-30"])
def test_a_bad_as_of_is_a_400(treaty, value):
    assert anonymous().get(detail("agreements", "treaty"), {"as_of": value}).status_code == 400
    assert anonymous().get("/api/v1/agreements/", {"as_of": value}).status_code == 400


def test_the_actions_list_filters_by_kind_actor_agreement_and_date_bounds(treaty):
    agreement, states = treaty
    action(agreement, states["alpha"], "ratification", "2025")
    action(agreement, None, "entry_into_force", "2025-09-01")

    def found(**params):
        response = anonymous().get("/api/v1/agreement-actions/", params)
        assert response.status_code == 200, response.json()
        return [(row["actor"] and row["actor"]["slug"], row["kind"], row["date"]) for row in response.json()["results"]]

    # a ratification dated "2025" may fall after June: date_after=2025-06 keeps it (docs/dates.md)
    assert found(action="ratification", actor="alpha", date_after="2025-06") == [("alpha", "ratification", "2025")]
    assert found(action="signature", date_before="2025-03-15") == [("beta", "signature", "2025-03")]
    assert found(own="true") == [(None, "entry_into_force", "2025-09-01")]
    assert len(found(agreement="treaty")) == 4
    assert found(actor="gamma") == []


@pytest.mark.parametrize(
    "params", [{"action": "signed"}, {"actor": "nobody"}, {"kind": "signature"}, {"date_after": "x"}]
)
def test_the_actions_list_refuses_bad_parameters(treaty, params):
    assert anonymous().get("/api/v1/agreement-actions/", params).status_code == 400


# --- relations between mechanisms ------------------------------------------------------------------


def test_a_mechanism_may_become_another_without_saying_it_did():
    c5 = f.make_mechanism(slug="c5", name="C5")
    c6 = f.make_mechanism(slug="c6", name="C6")
    response = curator_client().patch(
        detail("mechanisms", "c5"), {"relations": [{"kind": "may_become", "target": "c6"}]}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["relations"][0]["kind"] == "may_become"
    inverse = anonymous().get(detail("mechanisms", "c6")).json()["related_from"]
    assert [(r["label"], r["source"]["slug"]) for r in inverse] == [("possible transformation of", "c5")]
    assert MechanismRelation.objects.get().claim_key() == "relation:may_become:c6"
    assert not c6.parent and not c5.parent
    with transaction.atomic(), pytest.raises(IntegrityError):
        MechanismRelation.objects.create(mechanism=c5, kind="succeeds", target=c5)


# --- provenance, change feed, CSV --------------------------------------------------------------------


def test_an_uncited_action_or_relation_is_reported_until_cited_or_inferred(treaty):
    agreement, _ = treaty
    AgreementRelation.objects.create(agreement=agreement, kind="amends", target_agreement=f.make_agreement())
    unsupported = provenance.unsupported(agreement)
    assert "action:alpha:signature:2025-03-31" in unsupported
    assert any(claim.startswith("relation:amends:") for claim in unsupported)
    f.make_citation(f.make_source(), agreement=agreement, locator="p. 1", claims=["action:alpha:signature:2025-03-31"])
    agreement.inferred = {"action:beta:signature:2025-03": "From the month of the summit."}
    agreement.full_clean()
    agreement.save()
    remaining = provenance.unsupported(agreement)
    assert "action:alpha:signature:2025-03-31" not in remaining and "action:beta:signature:2025-03" not in remaining


def test_a_citation_may_name_an_action_and_an_unknown_action_is_refused(treaty):
    agreement, _ = treaty
    assert provenance.claims_problem(agreement, ["action:alpha:signature:2025-03-31"]) is None
    assert "Unknown claim" in provenance.claims_problem(agreement, ["action:gamma:signature:2025"])


def test_writing_an_action_logs_a_change_linked_to_its_agreement(treaty):
    change = Change.objects.filter(record_type="agreementaction").order_by("pk").first()
    assert (change.action, change.link_type, change.link_slug) == ("created", "agreement", "treaty")


def test_the_csv_files_round_trip_actions_of_the_agreement_itself_and_relations_to_mechanisms(treaty):
    agreement, _ = treaty
    action(agreement, None, "adoption", "2024~")
    AgreementRelation.objects.create(
        agreement=agreement, kind="implements", target_mechanism=f.make_mechanism(slug="m")
    )
    files = {name: export_dataset(name).export("csv").encode() for name in ("agreement-actions", "agreement-relations")}
    before = {
        "actions": sorted(row.claim_key() for row in AgreementAction.objects.all()),
        "relations": sorted(row.claim_key() for row in AgreementRelation.objects.all()),
    }
    AgreementAction.objects.all().delete()
    AgreementRelation.objects.all().delete()
    for name, data in files.items():
        report = import_file(name=name, data=data)
        assert report.ok, [str(error) for error in report.errors]
    after = {
        "actions": sorted(row.claim_key() for row in AgreementAction.objects.all()),
        "relations": sorted(row.claim_key() for row in AgreementRelation.objects.all()),
    }
    assert after == before and "action:agreement:adoption:2024~" in after["actions"]


def test_an_action_file_naming_a_non_party_writes_nothing_and_says_why(treaty):
    data = (
        b"agreement,actor,kind,date,text,note\r\ntreaty,alpha,ratification,2025,,\r\ntreaty,nobody,signature,2025,,\r\n"
    )
    report = import_file(name="agreement-actions", data=data)
    assert not report.ok and "nobody" in str(report.errors[0])
    assert not AgreementAction.objects.filter(kind="ratification").exists()


# --- the pages ---------------------------------------------------------------------------------


def test_the_agreement_page_shows_each_action_and_the_state_on_the_day_asked(client, treaty):
    page = client.get("/agreements/treaty/", {"as_of": "2025-03-10"})
    assert page.status_code == 200
    text = page.content.decode()
    assert 'data-claim="action:alpha:signature:2025-03-31"' not in text  # uncited: no mark
    assert "31 March 2025" in text and "March 2025" in text
    assert "State as of 10 March 2025" in text
    assert "No action recorded" in text  # gamma
    assert client.get("/agreements/treaty/", {"as_of": "March"}).status_code == 400


# --- the fixtures ------------------------------------------------------------------------------------


@pytest.fixture
def seeded(db):
    call_command("seed", verbosity=0)


def test_the_fixtures_hold_only_what_the_analysis_states(seeded):
    actions = {
        row.claim_key(): row.agreement.slug for row in AgreementAction.objects.select_related("agreement", "actor")
    }
    assert {key for key, slug in actions.items() if slug == "khujand-treaty-2025"} == {
        "action:kyrgyzstan:signature:2025-03-31",
        "action:uzbekistan:signature:2025-03-31",
        "action:tajikistan:signature:2025-03-31",
    }
    assert actions["action:agreement:adoption:2021"] == "turkic-world-vision-2040"
    assert actions["action:eu:announcement:2023"] == "joint-roadmap-eu-central-asia-2023"
    assert {key for key in actions if ":ratification:" in key or ":entry_into_force:" in key} == set()
    (relation,) = AgreementRelation.objects.all()
    assert relation.claim_key() == "relation:part_of:declaration-of-tokyo"
    assert "which includes" in relation.agreement.inferred[relation.claim_key()]
    assert provenance.problems() == []


def test_the_khujand_treaty_page_shows_each_signature_with_its_date_and_source(client, seeded):
    text = client.get("/agreements/khujand-treaty-2025/").content.decode()
    for actor in ("kyrgyzstan", "uzbekistan", "tajikistan"):
        claim = f"action:{actor}:signature:2025-03-31"
        assert f'data-claim="{claim}"' in text
    assert text.count('<time datetime="2025-03-31">31 March 2025</time>') >= 3
    tokyo = client.get("/agreements/declaration-of-tokyo/").content.decode()
    assert 'data-claim="action:japan:signature:2025-12-20"' in tokyo and "inferred" in tokyo
