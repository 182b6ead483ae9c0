import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command

from events.models import (
    Actor,
    Agreement,
    AgreementParty,
    Citation,
    Mechanism,
    Membership,
    Participation,
    Source,
    Summit,
    Topic,
)

pytestmark = pytest.mark.usefixtures("cainfo_data")

CENTRAL_ASIA = {"kazakhstan", "kyrgyzstan", "tajikistan", "turkmenistan", "uzbekistan"}


def slugs(queryset):
    return set(queryset.values_list("slug", flat=True))


def test_loading_the_fixtures_twice_changes_nothing():
    models = (Actor, Agreement, AgreementParty, Citation, Mechanism, Membership, Participation, Source, Summit, Topic)
    before = {model: list(model.objects.order_by("pk").values()) for model in models}
    call_command("loaddata", "cainfo", verbosity=0)
    assert {model: list(model.objects.order_by("pk").values()) for model in models} == before


def test_the_tokyo_summit_is_dated_to_the_day_with_japan_hosting_the_five_central_asian_states():
    tokyo = Summit.objects.get(slug="ca-jad-tokyo-summit-2025")
    assert tokyo.partial_date() == "2025-12-20"
    assert tokyo.partial_date_display() == "20 December 2025"
    assert (tokyo.city, tokyo.host.slug, tokyo.mechanism.slug, tokyo.ordinal) == ("Tokyo", "japan", "ca-jad", 1)
    assert tokyo.level == "heads_of_state"
    assert slugs(tokyo.participants.all()) == CENTRAL_ASIA | {"japan"}
    japan = tokyo.participations.get(actor__slug="japan")
    assert (japan.role, japan.representative.slug) == ("host", "takaichi")


def test_the_samarkand_summit_is_known_only_to_the_month():
    samarkand = Summit.objects.get(slug="eu-central-asia-samarkand-summit-2025")
    assert (samarkand.date, samarkand.date_precision) == (datetime.date(2025, 4, 1), "month")
    assert samarkand.partial_date() == "2025-04"
    assert samarkand.partial_date_display() == "April 2025"
    assert slugs(samarkand.participants.all()) == CENTRAL_ASIA | {"eu"}


def test_the_astana_summit_is_the_second_c5_c_summit_known_only_to_the_year():
    astana = Summit.objects.get(slug="china-central-asia-astana-summit-2025")
    assert (astana.partial_date(), astana.ordinal, astana.mechanism.acronym) == ("2025", 2, "C5+C")
    assert "footnote 7" in set(astana.citations.values_list("locator", flat=True))


def test_every_summit_and_agreement_and_mechanism_cites_a_source():
    for model in (Summit, Agreement, Mechanism):
        uncited = model.objects.filter(citations__isnull=True)
        assert not uncited.exists(), f"{model.__name__} without citation: {list(uncited)}"


def test_the_sources_are_the_analysis_and_every_footnoted_document():
    analysis = Source.objects.get(slug="avim-analysis-2026-11")
    assert analysis.author == "Seyda Nur Osmanlı"
    assert analysis.publisher == "Center for Eurasian Studies (AVİM)"
    assert analysis.partial_date("published") == "2026-03-25"
    assert Source.objects.count() == 15
    footnotes = set(Citation.objects.filter(locator__startswith="footnote").values_list("locator", flat=True))
    # Footnote 9 closes a sentence (the region "attracts foreign investment") that no record holds.
    assert footnotes == {f"footnote {n}" for n in range(1, 12) if n != 9}
    assert not Citation.objects.filter(source__slug="issi-2026-01-12").exists()


def test_the_ca_jad_was_founded_in_astana_in_2004_by_japan():
    ca_jad = Mechanism.objects.get(slug="ca-jad")
    assert (ca_jad.partial_date("founded"), ca_jad.founded_place, ca_jad.initiator.slug) == ("2004", "Astana", "japan")
    assert ca_jad.acronym == "CA+JAD"


def test_the_c5_plus_1_keeps_the_analysis_doubtful_founding_year_with_a_curator_note():
    c5_1 = Mechanism.objects.get(slug="c5-1")
    assert c5_1.partial_date("founded") == "2025"
    assert "doubtful" in c5_1.curator_note
    assert [level.partial_date("since") for level in c5_1.levels.all()] == ["2023"]
    assert Mechanism.objects.get(slug="c5-1-critical-minerals-dialogue").parent == c5_1


def test_the_consultative_meeting_has_five_members_in_october_2025_and_six_in_december():
    meeting = Mechanism.objects.get(slug="consultative-meeting-central-asia")
    assert slugs(meeting.members_as_of(datetime.date(2025, 10, 15))) == CENTRAL_ASIA
    assert slugs(meeting.members_as_of(datetime.date(2025, 12, 15))) == CENTRAL_ASIA | {"azerbaijan"}
    azerbaijan = Membership.objects.get(mechanism=meeting, actor__slug="azerbaijan")
    assert (azerbaijan.role, azerbaijan.partial_date("start")) == ("full_member", "2025-11")


def test_the_khujand_treaty_binds_three_states_on_31_march_2025():
    khujand = Agreement.objects.get(slug="khujand-treaty-2025")
    assert (khujand.kind, khujand.partial_date()) == ("treaty", "2025-03-31")
    assert slugs(khujand.parties.all()) == {"kyrgyzstan", "uzbekistan", "tajikistan"}
    peace = Agreement.objects.get(slug="kyrgyzstan-tajikistan-peace-agreement-2025")
    assert (peace.partial_date(), slugs(peace.parties.all())) == ("2025-03-13", {"kyrgyzstan", "tajikistan"})


def test_japans_investment_plan_is_worth_19_million_us_dollars():
    plan = Agreement.objects.get(slug="japan-investment-plan-2025")
    assert (plan.value_amount, plan.value_currency) == (Decimal("19000000.00"), "USD")
    assert plan.summit.slug == "ca-jad-tokyo-summit-2025"


def test_the_tokyo_initiative_rests_on_three_areas_and_was_launched_by_takaichi():
    initiative = Agreement.objects.get(slug="ca-jad-tokyo-initiative")
    assert slugs(initiative.topics.all()) == {
        "green-transformation-resilience",
        "connectivity",
        "human-resource-development",
    }
    party = initiative.agreement_parties.get()
    assert (party.actor.slug, party.role, party.representative.slug) == ("japan", "initiator", "takaichi")


def test_dates_the_analysis_leaves_out_stay_empty():
    tripp = Agreement.objects.get(slug="tripp-implementation-agreement")
    assert (tripp.date, tripp.date_precision) == (None, "")
    assert Summit.objects.get(slug="consultative-meeting-central-asia-2025-11").city == ""


def test_names_keep_their_diacritics_and_people_their_offices():
    assert Actor.objects.get(iso3="TUR").name == "Türkiye"
    takaichi = Actor.objects.get(slug="takaichi")
    assert (takaichi.kind, takaichi.office, takaichi.represents.slug) == ("person", "Prime Minister", "japan")


def test_every_state_has_a_unique_iso_code():
    states = Actor.objects.filter(kind="state")
    assert states.count() == 14
    assert all(len(state.iso3) == 3 for state in states)
