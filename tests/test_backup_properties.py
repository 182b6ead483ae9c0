"""Property test of backups: any valid records -> backup -> restore into an empty database ->
the same records, timestamps included."""

import datetime
import tempfile
from pathlib import Path

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from events.backup import backup, restore
from events.models import Actor, Participation, Summit, Topic
from events.search import indexing_deferred
from tests.test_backup_restore import empty_the_database

pytestmark = pytest.mark.django_db

SETTINGS = settings(
    max_examples=25, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
# Any text the app accepts: every character but NUL (refused everywhere) and lone surrogates (not text).
characters = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
slugs = st.from_regex(r"[a-z0-9][a-z0-9-]{0,20}", fullmatch=True)
stamps = st.datetimes(
    min_value=datetime.datetime(2000, 1, 1), max_value=datetime.datetime(2100, 1, 1), timezones=st.just(datetime.UTC)
)


def short(max_size):
    return st.text(characters, max_size=max_size)


@st.composite
def worlds(draw):
    topic_slugs = draw(st.lists(slugs, unique=True, max_size=3))
    actor_slugs = draw(st.lists(slugs, unique=True, min_size=1, max_size=3))
    summits = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "slug": slugs,
                    "name": short(200).filter(str.strip),
                    "city": short(120),
                    "ordinal": st.none() | st.integers(1, 32767),
                    "outcome": st.one_of(short(300), st.just("long " * 50_000)),
                    "date": st.none() | st.dates(datetime.date(1, 1, 1), datetime.date(9999, 12, 31)),
                    "participants": st.lists(st.sampled_from(actor_slugs), unique=True, max_size=3),
                }
            ),
            max_size=3,
            unique_by=lambda summit: summit["slug"],
        )
    )
    return {
        "topics": [(slug, draw(short(120).filter(str.strip)), draw(short(200))) for slug in topic_slugs],
        "actors": [(slug, draw(short(200).filter(str.strip))) for slug in actor_slugs],
        "summits": summits,
        "stamps": draw(st.lists(stamps, min_size=2, max_size=2)),
    }


def build(world):
    for n, (slug, name, description) in enumerate(world["topics"]):
        Topic(slug=slug, name=f"{name} {n}", description=description).full_clean()
        Topic.objects.create(slug=slug, name=f"{name} {n}", description=description)
    actors = {}
    for slug, name in world["actors"]:
        actor = Actor(slug=slug, name=name, kind="state")
        actor.full_clean()
        actor.save()
        actors[slug] = actor
    for fields in world["summits"]:
        participants = fields.pop("participants")
        summit = Summit(**fields, date_precision="day" if fields["date"] else "")
        summit.full_clean()
        summit.save()
        for slug in participants:
            Participation.objects.create(summit=summit, actor=actors[slug])
    created, updated = sorted(world["stamps"])
    for model in (Topic, Actor, Summit, Participation):
        model.objects.update(created_at=created, updated_at=updated)


def everything():
    def rows(model):
        fields = [field.attname for field in model._meta.concrete_fields if field.name != "id"]
        return sorted(tuple((name, getattr(record, name)) for name in fields) for record in model.objects.all())

    def natural(model):
        return sorted((record.natural_key(), record.created_at, record.updated_at) for record in model.objects.all())

    return {
        "topics": rows(Topic),
        "actors": [row for row in rows(Actor)],
        "summits": [tuple(c for c in row if c[0] not in {"mechanism_id", "host_id"}) for row in rows(Summit)],
        "participations": natural(Participation),
    }


@SETTINGS
@given(world=worlds())
def test_any_valid_records_survive_a_backup_and_a_restore_unchanged(world):
    with transaction.atomic():
        with indexing_deferred():
            build(world)
        before = everything()
        with tempfile.TemporaryDirectory() as folder:
            backup(Path(folder))
            empty_the_database()
            restore(Path(folder))
        assert everything() == before
        transaction.set_rollback(True)
