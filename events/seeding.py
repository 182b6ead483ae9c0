"""Loading the fixtures without ever overwriting a curator's work (`manage.py seed`).

`seed` loads every file of FIXTURE_FILES into an empty events database and records, per record,
what it wrote (a SeedRecord: the record's fields as the fixture gave them). On a database that
already holds events data it changes nothing.

`seed --update` compares three versions of every field: what the last seed wrote (the
SeedRecord), what the database holds now and what the fixture says now. A field the fixture
changed and nobody touched since the seed is updated; a field a curator changed since the seed
is kept and reported. Records the fixtures no longer hold are deleted only if nobody changed
them since the seed. Without `--apply` the whole update runs in a transaction that is rolled
back, so the report shows exactly what `--apply` would write.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import ProtectedError

from .models import SeedRecord
from .models.base import natural_keys_remembered
from .search import indexing_deferred

FIXTURE_FILES = ["cainfo", "paragraphs", "names", "treaties"]
"""Fixture names (fixtures/<name>.json), loaded in this order."""

IGNORED_FIELDS = {"created_at", "updated_at"}


def seed_reason(fixture: str) -> str:
    return f"seeded from fixtures {fixture}.json"


def update_reason(fixture: str) -> str:
    return f"updated from fixtures {fixture}.json"


def fixture_path(fixture: str) -> Path:
    return Path(settings.BASE_DIR) / "fixtures" / f"{fixture}.json"


def events_models() -> list[type[models.Model]]:
    """The models whose rows count as events data (the data version token does not)."""
    skipped = {"dataversion", "importjob", "seedrecord"}
    return [
        model
        for model in apps.get_app_config("events").get_models()
        if model._meta.model_name not in skipped and not model.__name__.startswith("Historical")
    ]


def events_row_count() -> int:
    return sum(model._default_manager.count() for model in events_models())


def key_text(instance: models.Model) -> str:
    return json.dumps(list(instance.natural_key()), cls=DjangoJSONEncoder, ensure_ascii=False)


def label(model: type[models.Model]) -> str:
    return model._meta.label_lower


def normalised(fields: dict) -> dict:
    """Fields as compared: without timestamps, many-to-many lists in a stable order."""
    result = {}
    for name, value in fields.items():
        if name in IGNORED_FIELDS:
            continue
        if isinstance(value, list) and all(isinstance(item, list) for item in value):
            value = sorted(value)
        result[name] = value
    return result


def current_fields(instance: models.Model) -> dict:
    """A database row's fields in the fixture's own form (natural keys, ISO dates)."""
    text = serializers.serialize("json", [instance], use_natural_foreign_keys=True, use_natural_primary_keys=True)
    return normalised(json.loads(text)[0]["fields"])


def fixture_entries(fixture: str):
    """(raw fields, deserialized object) for every object of a fixture file, lazily, so that an
    object saved before the next is built can be referred to by it."""
    text = fixture_path(fixture).read_text(encoding="utf-8")
    raw = json.loads(text)
    deserialized = serializers.deserialize("json", text, handle_forward_references=True)
    for entry, obj in zip(raw, deserialized, strict=True):
        yield normalised(entry["fields"]), obj


def history_manager(model):
    return getattr(model, "history", None)


@transaction.atomic
def seed_empty_database() -> int:
    """Load every fixture file (as loaddata does: raw saves, each record indexed for search once at
    the end), record what each object wrote and give each record one history entry naming its
    file. Returns the number of records loaded."""
    total = 0
    with indexing_deferred(), natural_keys_remembered():
        for fixture in FIXTURE_FILES:
            loaded = []
            for fields, obj in fixture_entries(fixture):
                obj.save()
                loaded.append((fields, obj))
            for _, obj in loaded:
                if obj.deferred_fields:  # it names a record the file defines further down
                    obj.save_deferred_fields()
            by_model: dict[type, list] = {}
            records = []
            for fields, obj in loaded:
                instance = obj.object
                by_model.setdefault(type(instance), []).append(instance)
                records.append(
                    SeedRecord(model=label(type(instance)), key=key_text(instance), fixture=fixture, fields=fields)
                )
            SeedRecord.objects.bulk_create(records)
            for model, instances in by_model.items():
                if history_manager(model) is not None:
                    model.history.bulk_history_create(instances, default_change_reason=seed_reason(fixture))
            total += len(records)
    return total


@dataclass
class UpdateReport:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)

    @property
    def writes(self) -> int:
        return len(self.added) + len(self.changed) + len(self.deleted)

    def lines(self) -> list[str]:
        return (
            [f"+ {line}" for line in self.added]
            + [f"~ {line}" for line in self.changed]
            + [f"- {line}" for line in self.deleted]
            + [f"! {line}" for line in self.kept]
        )


class _DryRun(Exception):
    pass


def shown(value) -> str:
    return json.dumps(value, ensure_ascii=False, cls=DjangoJSONEncoder)


def _apply_fields(instance, obj, names: list[str]) -> None:
    """Copy the named fields from a deserialized fixture object onto a database row."""
    m2m = {}
    for name in names:
        model_field = instance._meta.get_field(name)
        if model_field.many_to_many:
            m2m[name] = obj.m2m_data.get(name, [])
        else:
            setattr(instance, model_field.attname, getattr(obj.object, model_field.attname))
    return m2m


def _save_with_reason(instance, reason: str, m2m: dict | None = None) -> None:
    instance._change_reason = reason
    instance.save()
    for name, values in (m2m or {}).items():
        getattr(instance, name).set(values)


def _matched_row(obj) -> models.Model | None:
    """The database row a deserialized fixture object stands for: the deserializer found its pk by
    the object's natural key. Fetched with the records its natural key and fields name."""
    if obj.object.pk is None:
        return None
    model = type(obj.object)
    related = [field.name for field in model._meta.concrete_fields if field.is_relation]
    return model._default_manager.select_related(*related).get(pk=obj.object.pk)


def _update_fixture(fixture: str, report: UpdateReport, seen: set, seed_records: dict) -> None:
    with natural_keys_remembered():  # what it finds by slug, the loop only refers to (slugs never change)
        for fields, obj in fixture_entries(fixture):
            _update_entry(fixture, fields, obj, report, seen, seed_records)


def _update_entry(fixture: str, fields: dict, obj, report: UpdateReport, seen: set, seed_records: dict) -> None:
    model = type(obj.object)
    record_label = label(model)
    instance = _matched_row(obj)
    key = key_text(instance or obj.object)
    seen.add((record_label, key))
    seeded = seed_records.get((record_label, key))
    name = f"{record_label} {key}"
    if instance is None:
        if seeded is not None:
            report.kept.append(f"{name}: deleted by a curator since the last seed; not added again")
            return
        new = obj.object
        new.pk = None
        m2m = {field_name: values for field_name, values in obj.m2m_data.items()}
        _save_with_reason(new, update_reason(fixture), m2m)
        seed_records[record_label, key] = SeedRecord.objects.create(
            model=record_label, key=key, fixture=fixture, fields=fields
        )
        report.added.append(name)
        return
    now = current_fields(instance)
    baseline = seeded.fields if seeded else {}
    to_update, kept = [], []
    for field_name, wanted in fields.items():
        have = now.get(field_name)
        if have == wanted:
            continue
        if seeded is not None and field_name in baseline and baseline[field_name] == wanted:
            continue  # a curator's change the fixtures do not contradict: the fixture did not change
        if seeded is not None and baseline.get(field_name, have) == have:
            to_update.append(field_name)
        else:
            kept.append(field_name)
    for field_name in kept:
        why = "changed by a curator since the last seed" if seeded else "not written by a seed"
        report.kept.append(
            f"{name}: {field_name} kept as {shown(now.get(field_name))} ({why}); "
            f"the fixtures say {shown(fields[field_name])}"
        )
    if to_update:
        m2m = _apply_fields(instance, obj, to_update)
        _save_with_reason(instance, update_reason(fixture), m2m)
        seeded.fields = {**baseline, **{field_name: fields[field_name] for field_name in to_update}}
        seeded.fixture = fixture
        seeded.save(update_fields=["fields", "fixture", "seeded_at"])
        changes = "; ".join(
            f"{field_name}: {shown(now.get(field_name))} -> {shown(fields[field_name])}" for field_name in to_update
        )
        report.changed.append(f"{name}: {changes}")


def _delete_dropped(report: UpdateReport, seen: set) -> None:
    """Delete seeded records the fixtures no longer hold, unless a curator changed them since."""
    dropped = [record for record in SeedRecord.objects.order_by("-pk") if (record.model, record.key) not in seen]
    for record in dropped:
        model = apps.get_model(record.model)
        name = f"{record.model} {record.key}"
        try:
            instance = model._default_manager.get_by_natural_key(*json.loads(record.key))
        except model.DoesNotExist:
            record.delete()
            continue
        now = current_fields(instance)
        if any(now.get(name_) != value for name_, value in normalised(record.fields).items()):
            report.kept.append(f"{name}: no longer in the fixtures, kept because a curator changed it since the seed")
            continue
        try:
            with transaction.atomic():
                instance._change_reason = update_reason(record.fixture)
                instance.delete()
        except ProtectedError:
            report.kept.append(f"{name}: no longer in the fixtures, kept because other records refer to it")
            continue
        record.delete()
        report.deleted.append(name)


def update_from_fixtures(*, apply: bool) -> UpdateReport:
    """Bring the fixture files into a seeded database. Without `apply`, nothing is written:
    the same work runs and is rolled back."""
    report = UpdateReport()
    try:
        with transaction.atomic():
            seen: set = set()
            seed_records = {(record.model, record.key): record for record in SeedRecord.objects.all()}
            for fixture in FIXTURE_FILES:
                _update_fixture(fixture, report, seen, seed_records)
            _delete_dropped(report, seen)
            if not apply:
                raise _DryRun
    except _DryRun:
        pass
    return report
