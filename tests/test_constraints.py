import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError

from events.models import Actor, Citation, Participation, Summit
from tests.factories import (
    make_actor,
    make_agreement,
    make_citation,
    make_mechanism,
    make_membership,
    make_participation,
    make_source,
    make_summit,
)

pytestmark = pytest.mark.django_db


def assert_rejected(constraint_name, create):
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        create()
    message = str(error.value)
    if connection.vendor == "sqlite" and "unique" in constraint_name:
        assert "UNIQUE constraint failed" in message
    else:
        assert constraint_name in message


def test_a_duplicate_slug_is_rejected():
    make_summit(slug="tokyo")
    assert_rejected("slug", lambda: make_summit(slug="tokyo"))


def test_a_duplicate_iso_code_is_rejected_but_many_actors_may_have_none():
    make_actor(iso3="JPN")
    assert_rejected("events_actor_unique_iso3", lambda: make_actor(iso3="JPN"))
    make_actor(kind=Actor.Kind.GROUP)
    make_actor(kind=Actor.Kind.GROUP)
    assert Actor.objects.filter(iso3="").count() == 2


def test_only_states_have_iso_codes():
    assert_rejected("events_actor_iso3_only_for_states", lambda: make_actor(kind=Actor.Kind.UNION, iso3="EUU"))


def test_a_membership_cannot_end_before_it_starts():
    actor, mechanism = make_actor(), make_mechanism()
    assert_rejected(
        "events_membership_end_not_before_start",
        lambda: make_membership(
            actor,
            mechanism,
            start=datetime.date(2025, 11, 1),
            start_precision="month",
            end=datetime.date(2024, 1, 1),
            end_precision="year",
        ),
    )


def test_one_membership_per_actor_mechanism_and_start():
    actor, mechanism = make_actor(), make_mechanism()
    make_membership(actor, mechanism)
    assert_rejected("events_membership_unique_undated", lambda: make_membership(actor, mechanism))
    make_membership(actor, mechanism, start=datetime.date(2025, 1, 1), start_precision="year")
    assert_rejected(
        "events_membership_unique_start",
        lambda: make_membership(actor, mechanism, start=datetime.date(2025, 1, 1), start_precision="year"),
    )


def test_money_needs_a_currency_and_a_currency_needs_money():
    assert_rejected("events_agreement_value_has_currency", lambda: make_agreement(value_amount=Decimal("19000000")))
    assert_rejected("events_agreement_value_has_currency", lambda: make_agreement(value_currency="USD"))
    assert_rejected(
        "events_agreement_value_not_negative", lambda: make_agreement(value_amount=Decimal("-1"), value_currency="USD")
    )
    assert make_agreement(value_amount=Decimal("19000000"), value_currency="USD").pk


def test_a_date_needs_its_precision_and_a_partial_date_is_stored_as_the_start_of_its_period():
    assert_rejected("events_summit_date_has_precision", lambda: make_summit(date_precision=""))
    assert_rejected(
        "events_summit_date_month_starts_on_day_1",
        lambda: make_summit(date=datetime.date(2025, 4, 13), date_precision="month"),
    )
    assert_rejected(
        "events_summit_date_year_starts_on_1_january",
        lambda: make_summit(date=datetime.date(2025, 4, 1), date_precision="year"),
    )
    assert_rejected("events_summit_date_has_precision", lambda: make_summit(date=None, date_precision="day"))


def test_a_citation_belongs_to_exactly_one_record():
    source = make_source()
    assert_rejected("events_citation_cites_exactly_one_record", lambda: make_citation(source))
    assert_rejected(
        "events_citation_cites_exactly_one_record",
        lambda: make_citation(source, summit=make_summit(), agreement=make_agreement()),
    )
    assert make_citation(source, summit=make_summit(), locator="footnote 1").record_type == "summit"


def test_deleting_an_actor_that_a_summit_refers_to_is_refused():
    actor = make_actor()
    summit = make_summit(host=actor)
    make_participation(summit, actor)
    with pytest.raises(ProtectedError):
        actor.delete()
    assert Actor.objects.filter(pk=actor.pk).exists()


def test_deleting_a_mechanism_with_summits_or_a_source_with_citations_is_refused():
    mechanism = make_mechanism()
    make_summit(mechanism=mechanism)
    with pytest.raises(ProtectedError):
        mechanism.delete()
    source = make_source()
    make_citation(source, agreement=make_agreement())
    with pytest.raises(ProtectedError):
        source.delete()


def test_deleting_a_summit_removes_its_own_participations_and_citations():
    summit = make_summit()
    make_participation(summit, make_actor())
    make_citation(make_source(), summit=summit)
    summit.delete()
    assert not Summit.objects.exists()
    assert not Citation.objects.exists()
    assert not Participation.objects.exists()
