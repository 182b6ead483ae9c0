import json
from io import StringIO

import pytest
from django.core.management import call_command

from events import seeding
from events.models import Agreement, Citation, SeedRecord, Summit
from tests.shared_data import shared_fixture

TOKYO = "ca-jad-tokyo-summit-2025"


def run(*args) -> list[str]:
    out = StringIO()
    call_command("seed", *args, stdout=out)
    return out.getvalue().splitlines()


@shared_fixture
def seeded():
    """The fixtures as `seed` loads them into an empty database, made once for the tests that share them."""
    run()


@pytest.fixture
def edited_fixtures(tmp_path, monkeypatch):
    """A copy of the fixture files the test may change, read by `seed --update`."""
    for path in [seeding.fixture_path(name) for name in seeding.FIXTURE_FILES]:
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(seeding, "fixture_path", lambda name: tmp_path / f"{name}.json")

    def edit(change):
        path = tmp_path / "cainfo.json"
        data = json.loads(path.read_text(encoding="utf-8"))
        change(data)
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    return edit


def fixture_object(data, model, **fields):
    return next(
        item for item in data if item["model"] == model and all(item["fields"].get(k) == v for k, v in fields.items())
    )


def set_city(data, city):
    fixture_object(data, "events.summit", slug=TOKYO)["fields"]["city"] = city


def test_seed_loads_an_empty_database_quietly_with_one_history_entry_per_record(db):
    lines = run()
    assert len(lines) == 1 and lines[0].startswith("Seeded ")
    tokyo = Summit.objects.get(slug=TOKYO)
    assert [entry.history_change_reason for entry in tokyo.history.all()] == ["seeded from fixtures cainfo.json"]
    citation = Citation.objects.filter(summit=tokyo).first()
    assert citation.history.get().history_change_reason == "seeded from fixtures cainfo.json"
    assert SeedRecord.objects.filter(model="events.summit").count() == Summit.objects.count()


def test_seed_changes_nothing_in_a_database_that_holds_data_and_the_curators_edit_survives(seeded):
    tokyo = Summit.objects.get(slug=TOKYO)
    tokyo.city = "Tokyo (Akasaka Palace)"
    tokyo.save()
    entries = tokyo.history.count()
    lines = run()
    assert len(lines) == 1 and "already holds data" in lines[0] and "changed nothing" in lines[0]
    tokyo.refresh_from_db()
    assert tokyo.city == "Tokyo (Akasaka Palace)"
    assert tokyo.history.count() == entries


def test_seed_update_on_an_unchanged_database_has_nothing_to_change(seeded):
    lines = run("--update")
    assert lines == [lines[-1]] and "nothing to change" in lines[0]


def test_seed_update_shows_a_fixture_correction_and_writes_it_only_with_apply(seeded, edited_fixtures):
    edited_fixtures(lambda data: set_city(data, "Tōkyō"))
    lines = run("--update")
    assert any(line.startswith(f'~ events.summit ["{TOKYO}"]: city: "Tokyo" -> "Tōkyō"') for line in lines)
    assert lines[-1].startswith("Dry run, nothing written: 0 to add, 1 to change")
    assert Summit.objects.get(slug=TOKYO).city == "Tokyo"
    run("--update", "--apply")
    tokyo = Summit.objects.get(slug=TOKYO)
    assert tokyo.city == "Tōkyō"
    assert tokyo.history.first().history_change_reason == "updated from fixtures cainfo.json"
    assert "nothing to change" in run("--update")[-1]


def test_seed_update_keeps_a_field_a_curator_changed_since_the_seed_and_says_so(seeded, edited_fixtures):
    tokyo = Summit.objects.get(slug=TOKYO)
    tokyo.city = "Tokyo (Akasaka Palace)"
    tokyo.save()
    edited_fixtures(lambda data: set_city(data, "Tōkyō"))
    lines = run("--update", "--apply")
    assert (
        f'! events.summit ["{TOKYO}"]: city kept as "Tokyo (Akasaka Palace)" (changed by a curator since the last '
        'seed); the fixtures say "Tōkyō"'
    ) in lines
    assert Summit.objects.get(slug=TOKYO).city == "Tokyo (Akasaka Palace)"


def test_a_curators_own_change_that_the_fixtures_do_not_contradict_is_not_reported(seeded):
    tokyo = Summit.objects.get(slug=TOKYO)
    tokyo.city = "Tokyo (Akasaka Palace)"
    tokyo.save()
    lines = run("--update")
    assert lines[-1].startswith("The database matches") and len(lines) == 1


def test_seed_update_adds_new_fixture_records_and_deletes_dropped_ones_nobody_changed(seeded, edited_fixtures):
    def change(data):
        tokyo_topics = fixture_object(data, "events.summit", slug=TOKYO)["fields"]["topics"]
        tokyo_topics.remove(["transport"])
        data.remove(fixture_object(data, "events.agreementparty", agreement=["tripp-implementation-agreement"]))
        vision = fixture_object(data, "events.agreement", slug="turkic-world-vision-2040")
        vision["fields"]["description"] = "Corrected."
        del fixture_object(data, "events.agreement", slug="tripp-implementation-agreement")["fields"]["inferred"][
            "party:united-states"
        ]

    edited_fixtures(change)
    lines = run("--update", "--apply")
    assert any(line.startswith(f'~ events.summit ["{TOKYO}"]: topics:') for line in lines)
    assert '- events.agreementparty ["tripp-implementation-agreement", "united-states"]' in lines
    assert Agreement.objects.get(slug="turkic-world-vision-2040").description == "Corrected."
    assert not Agreement.objects.get(slug="tripp-implementation-agreement").parties.exists()
    assert "transport" not in set(Summit.objects.get(slug=TOKYO).topics.values_list("slug", flat=True))


def test_seed_update_does_not_bring_back_a_record_a_curator_deleted(seeded):
    Citation.objects.filter(summit__slug=TOKYO).first().delete()
    lines = run("--update")
    assert any("deleted by a curator since the last seed; not added again" in line for line in lines)


def test_apply_without_update_is_refused(db):
    with pytest.raises(SystemExit):
        call_command("seed", "--apply", stdout=StringIO(), stderr=StringIO())
