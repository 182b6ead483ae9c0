import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import models

from events.models import Actor, Mechanism, Summit
from events.resources import RESOURCES
from events.search import indexing_deferred

pytestmark = pytest.mark.usefixtures("cainfo_data")

NOT_COMPARED = {"id", "created_at", "updated_at"}


def natural(record):
    return getattr(record, "slug", None) or str(record.natural_key())


def snapshot() -> dict[str, list]:
    """Every row of every events table by its natural values: related records by slug, topics as
    sorted slugs; ids and timestamps aside."""
    tables = {}
    for name, resource in RESOURCES.items():
        model = resource._meta.model
        foreign_keys = [field.name for field in model._meta.concrete_fields if isinstance(field, models.ForeignKey)]
        records = model._default_manager.select_related(*foreign_keys).prefetch_related(
            *(field.name for field in model._meta.many_to_many)
        )
        rows = []
        for record in records:
            row = []
            for field in model._meta.concrete_fields:
                if field.name in NOT_COMPARED:
                    continue
                if isinstance(field, models.ForeignKey):
                    related = getattr(record, field.name)
                    row.append((field.name, natural(related) if related else None))
                else:
                    row.append((field.name, getattr(record, field.attname)))
            for field in model._meta.many_to_many:
                row.append((field.name, sorted(natural(r) for r in getattr(record, field.name).all())))
            rows.append(tuple(row))
        tables[name] = sorted(rows, key=repr)
    return tables


def empty_the_database():
    with indexing_deferred():  # each record's search entry dropped once, not once per row deleted
        Actor.objects.update(represents=None)
        Mechanism.objects.update(parent=None)
        for resource in reversed(RESOURCES.values()):
            resource._meta.model._default_manager.all().delete()


def test_a_restored_database_equals_the_original(tmp_path):
    tokyo = Summit.objects.get(slug="ca-jad-tokyo-summit-2025")
    tokyo.outcome = '=HYPERLINK("x") — “quoted”, multi-\nline, Türkiye, Osmanlı'
    tokyo.save()
    before = snapshot()
    assert all(before[name] for name in ["summits", "participations", "agreement-parties", "memberships", "citations"])

    call_command("backup_csv", str(tmp_path), stdout=None)
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == sorted([*(f"{name}.csv" for name in RESOURCES), "timestamps.csv"])
    empty_the_database()
    assert all(not rows for rows in snapshot().values())
    call_command("restore_csv", str(tmp_path))

    assert snapshot() == before


def test_restore_refuses_a_database_that_is_not_empty(tmp_path):
    call_command("backup_csv", str(tmp_path))
    before = snapshot()
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore_csv", str(tmp_path))
    assert snapshot() == before


def test_a_damaged_backup_restores_nothing(tmp_path):
    call_command("backup_csv", str(tmp_path))
    empty_the_database()
    participations = tmp_path / "participations.csv"
    participations.write_text(participations.read_text(encoding="utf-8-sig") + "no-such-summit,atlantis,host,,\r\n")
    with pytest.raises(CommandError, match="participations.csv cannot be restored"):
        call_command("restore_csv", str(tmp_path))
    assert all(not rows for rows in snapshot().values())


def test_an_incomplete_backup_is_refused(tmp_path):
    call_command("backup_csv", str(tmp_path))
    empty_the_database()
    (tmp_path / "citations.csv").unlink()
    with pytest.raises(CommandError, match="citations.csv missing"):
        call_command("restore_csv", str(tmp_path))
    assert all(not rows for rows in snapshot().values())


def test_a_restore_keeps_long_texts_and_every_created_at_and_updated_at(tmp_path):
    tokyo = Summit.objects.get(slug="ca-jad-tokyo-summit-2025")
    tokyo.outcome = "x" * 200_000
    tokyo.save()
    stamps = {
        name: sorted((r.natural_key(), r.created_at, r.updated_at) for r in resource._meta.model._default_manager.all())
        for name, resource in RESOURCES.items()
    }
    call_command("backup_csv", str(tmp_path), stdout=None)
    empty_the_database()
    call_command("restore_csv", str(tmp_path), stdout=None)
    assert len(Summit.objects.get(slug="ca-jad-tokyo-summit-2025").outcome) == 200_000
    assert {
        name: sorted((r.natural_key(), r.created_at, r.updated_at) for r in resource._meta.model._default_manager.all())
        for name, resource in RESOURCES.items()
    } == stamps
