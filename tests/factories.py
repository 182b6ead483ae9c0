"""Cheap, explicit test data: each function makes one row with sensible defaults."""

import datetime
import itertools

from events.models import (
    Actor,
    Agreement,
    AgreementParty,
    Citation,
    Mechanism,
    MechanismLevel,
    Membership,
    Participation,
    Source,
    Summit,
    Topic,
)

_counter = itertools.count(1)


def _n() -> int:
    return next(_counter)


def make_actor(**fields) -> Actor:
    n = _n()
    fields.setdefault("slug", f"actor-{n}")
    fields.setdefault("name", f"Actor {n}")
    fields.setdefault("kind", Actor.Kind.STATE)
    return Actor.objects.create(**fields)


def make_topic(**fields) -> Topic:
    n = _n()
    fields.setdefault("slug", f"topic-{n}")
    fields.setdefault("name", f"Topic {n}")
    return Topic.objects.create(**fields)


def make_source(**fields) -> Source:
    n = _n()
    fields.setdefault("slug", f"source-{n}")
    fields.setdefault("title", f"Source {n}")
    return Source.objects.create(**fields)


def make_mechanism(**fields) -> Mechanism:
    n = _n()
    fields.setdefault("slug", f"mechanism-{n}")
    fields.setdefault("name", f"Mechanism {n}")
    fields.setdefault("kind", Mechanism.Kind.DIALOGUE)
    return Mechanism.objects.create(**fields)


def make_level(mechanism: Mechanism, **fields) -> MechanismLevel:
    fields.setdefault("level", "heads_of_state")
    return MechanismLevel.objects.create(mechanism=mechanism, **fields)


def make_membership(actor: Actor, mechanism: Mechanism, **fields) -> Membership:
    return Membership.objects.create(actor=actor, mechanism=mechanism, **fields)


def make_summit(**fields) -> Summit:
    n = _n()
    fields.setdefault("slug", f"summit-{n}")
    fields.setdefault("name", f"Summit {n}")
    fields.setdefault("date", datetime.date(2025, 1, 1) + datetime.timedelta(days=n))
    fields.setdefault("date_precision", "day")
    return Summit.objects.create(**fields)


def make_participation(summit: Summit, actor: Actor, **fields) -> Participation:
    return Participation.objects.create(summit=summit, actor=actor, **fields)


def make_agreement(**fields) -> Agreement:
    n = _n()
    fields.setdefault("slug", f"agreement-{n}")
    fields.setdefault("name", f"Agreement {n}")
    fields.setdefault("kind", Agreement.Kind.DECLARATION)
    return Agreement.objects.create(**fields)


def make_party(agreement: Agreement, actor: Actor, **fields) -> AgreementParty:
    return AgreementParty.objects.create(agreement=agreement, actor=actor, **fields)


def make_citation(source: Source, **fields) -> Citation:
    return Citation.objects.create(source=source, **fields)
