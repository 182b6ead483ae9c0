"""A history page read as plain rows (events.api.history_rows) is the page the ORM built before
(tests/history_reference.py), value for value and byte for byte, for every record type, every
page, with and without who made each change, deleted relation rows included; in a number of
queries that does not grow with the page."""

import datetime

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.api import history
from events.api.history import HISTORIES, HistoryRows
from events.api.history_rows import Related, Version
from events.api.row_texts import ROW_TEXTS
from events.models import (
    Actor,
    Agreement,
    AgreementParty,
    Citation,
    Mechanism,
    MechanismLevel,
    MechanismRelation,
    Membership,
    Participation,
    Source,
    Summit,
    Topic,
)
from events.seeding import FIXTURE_FILES
from tests.api_helpers import anonymous, client_for, make_curator
from tests.history_reference import reference_page_entries
from tests.shared_data import shared_fixture

pytestmark = pytest.mark.django_db

HISTORY_MODELS = sorted(
    {model for model, relations in HISTORIES.values() for model in [model, *(m for m, _ in relations)]},
    key=lambda model: model.__name__,
)


def saved_by(row, user):
    row._history_user = user
    row.save()


def deleted_by(row, user):
    row._history_user = user
    row.delete()


@shared_fixture
def edited_history():
    """The fixtures with a first version of every row, then changes with a user and without,
    relation rows deleted, and a relation row whose record is gone (its summit deleted)."""
    call_command("loaddata", *FIXTURE_FILES, verbosity=0)
    call_command("populate_history", *[f"events.{model.__name__}" for model in HISTORY_MODELS], verbosity=0)
    alice = make_curator("alice")
    first, second = Mechanism.objects.order_by("pk")[:2]
    saved_by(MechanismRelation(mechanism=first, kind="succeeds", target=second), alice)
    saved_by(MechanismRelation(mechanism=second, kind="may_become", target=first), None)
    for model in HISTORY_MODELS:
        rows = list(model.objects.order_by("pk")[:3])
        for row in rows:
            saved_by(row, alice if row.pk % 2 else None)
    for row in Participation.objects.order_by("pk")[:6]:
        row.role = "host" if row.role != "host" else "participant"
        saved_by(row, alice)
    for row in Membership.objects.order_by("pk")[:4]:
        row.start, row.start_precision = datetime.date(2001, 5, 1), "month"
        saved_by(row, alice)
    for row in Citation.objects.order_by("pk")[:6]:
        row.locator = f"{row.locator} (checked)".strip()
        saved_by(row, None)
    for row in MechanismLevel.objects.order_by("pk")[:2]:
        row.note = "a note"
        saved_by(row, alice)
    for model, field in ((Actor, "name"), (Summit, "name"), (Topic, "name"), (Source, "title"), (Agreement, "name")):
        for row in model.objects.order_by("pk")[:3]:
            setattr(row, field, f"{getattr(row, field)} (renamed)")
            saved_by(row, alice)
    for row in Mechanism.objects.order_by("pk")[:3]:
        row.acronym = "" if row.acronym else "NEW"
        saved_by(row, alice)
    for model in (Participation, Membership, AgreementParty, Citation, MechanismLevel, MechanismRelation):
        for row in model.objects.order_by("-pk")[:2]:
            deleted_by(row, alice if row.pk % 2 else None)


def records():
    """Per endpoint, its records with the longest histories and its first ones."""
    for endpoint, (model, relations) in HISTORIES.items():
        found = list(model.objects.order_by("pk"))
        found.sort(key=lambda record: -HistoryRows(record, relations, False).count())
        for record in found[:8] + [record for record in found[8:] if record.pk % 5 == 0]:
            yield endpoint, record, relations


def page(record, relations, show_users, start, stop, reference=False):
    rows = HistoryRows(record, relations, show_users)
    if not reference:
        return rows[start:stop]
    original, history.page_entries = history.page_entries, reference_page_entries
    try:
        return rows[start:stop]
    finally:
        history.page_entries = original


def test_every_page_of_every_history_has_the_entries_the_orm_built(edited_history):
    compared = set()
    for endpoint, record, relations in records():
        total = HistoryRows(record, relations, False).count()
        for show_users in (False, True):
            # The reference reads each page's earlier versions itself, so its pages are slices of its whole history.
            whole = page(record, relations, show_users, 0, total, reference=True)
            for size in (1, 4, 100):
                for start in range(0, min(total, 12 if size == 1 else total), size):
                    entries = page(record, relations, show_users, start, start + size)
                    expected = whole[start : start + size]
                    assert repr(entries) == repr(expected), (endpoint, record.slug, show_users, size, start)
                    compared.update((endpoint, entry["table"], entry["change"]) for entry in entries)
    tables = {(endpoint, model._meta.model_name) for endpoint, (model, _) in HISTORIES.items()}
    tables |= {(endpoint, model._meta.model_name) for endpoint, (_, rels) in HISTORIES.items() for model, _ in rels}
    assert {(endpoint, table) for endpoint, table, _ in compared} == tables
    assert {change for _, _, change in compared} == {"created", "changed", "deleted"}


def test_the_api_answers_the_same_bytes_as_the_orm_built_pages(edited_history, settings):
    settings.API_CACHE_SECONDS = 0
    curator = client_for(make_curator("reader-of-users"))
    for endpoint, (model, _) in HISTORIES.items():
        for record in model.objects.order_by("pk")[:4]:
            for client in (anonymous(), curator):
                for query in ("", "?page_size=3&page=2", "?page_size=100"):
                    url = f"/api/v1/{endpoint}/{record.slug}/history/{query}"
                    response = client.get(url)
                    original, history.page_entries = history.page_entries, reference_page_entries
                    try:
                        expected = client.get(url)
                    finally:
                        history.page_entries = original
                    if response.status_code == 404 and expected.status_code == 404:
                        continue
                    assert response.status_code == expected.status_code == 200, url
                    assert response.content == expected.content, url
        unknown = anonymous().get(f"/api/v1/{endpoint}/atlantis/history/")
        assert unknown.status_code == 404
        assert unknown.json() == {"detail": f"No {model._meta.object_name} matches the given query."}


def test_a_row_naming_a_deleted_record_reads_as_its_model_and_id_where_the_orm_failed(edited_history):
    summit = Summit.objects.filter(participations__isnull=False, agreements__isnull=True).order_by("pk").first()
    summit_id, participations = summit.pk, set(summit.participations.values_list("pk", flat=True))
    actor = Participation.objects.get(pk=min(participations)).actor
    relations = HISTORIES["actors"][1]
    total = HistoryRows(actor, relations, True).count()
    before = page(actor, relations, True, 0, total, reference=True)
    summit.delete()
    with pytest.raises(Summit.DoesNotExist):
        page(actor, relations, True, 0, total + len(participations), reference=True)
    after = page(actor, relations, True, 0, total + len(participations))

    def about_summit(entry):
        return entry["table"] == "participation" and entry["row_id"] in participations

    assert repr([e for e in after if not about_summit(e)]) == repr([e for e in before if not about_summit(e)])
    gone = [e for e in after if about_summit(e)]
    assert {e["change"] for e in gone} >= {"created", "deleted"}
    assert all(e["row"] == f"participation {e['row_id']}" and e["values"]["summit"] == summit_id for e in gone)


def test_each_text_written_from_values_is_the_one_its_models_str_gives(edited_history):
    for name, written in ROW_TEXTS.items():
        model = apps.get_model("events", name)
        rows = list(model.objects.order_by("pk"))
        fields = [field.attname for field in model._meta.concrete_fields]
        versions = [Version(0, None, "+", None, None, {f: getattr(row, f) for f in fields}) for row in rows]
        related = Related([(version, model) for version in versions], Actor.objects.order_by("pk").first())
        assert rows and [written(version.fields, related) for version in versions] == [str(row) for row in rows]


def queries(url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert anonymous().get(url).status_code == 200
    return len(captured)


def query_bound(endpoint) -> int:
    """The record, the count and the page's keys; one query per history table; one per related model."""
    model, relations = HISTORIES[endpoint]
    tables = [model, *(relation for relation, _ in relations)]
    related = {field.related_model for table in tables for field in table._meta.concrete_fields if field.is_relation}
    return 3 + len(tables) + len(related)


@pytest.mark.parametrize("endpoint", list(HISTORIES))
def test_a_history_page_takes_a_bounded_number_of_queries_whatever_its_size(edited_history, endpoint):
    model, relations = HISTORIES[endpoint]
    record = max(model.objects.order_by("pk"), key=lambda r: HistoryRows(r, relations, False).count())
    url = f"/api/v1/{endpoint}/{record.slug}/history/"
    counts = [queries(f"{url}?page_size={size}") for size in (1, 10, 100)]
    assert counts[0] <= counts[1] <= counts[2] <= query_bound(endpoint)


@pytest.mark.parametrize("endpoint", list(HISTORIES))
def test_every_key_a_history_page_selects_by_leads_an_index_of_its_history_table(endpoint):
    """KeyedHistory's `keys` (events/models) name, per model, the keys HISTORIES selects its versions by."""
    model, relations = HISTORIES[endpoint]
    for tracked, key in [(model, "id"), *relations]:
        versions = tracked.history.model
        leading = [index.fields[:3] for index in versions._meta.indexes]
        assert [key, "history_date", "history_id"] in leading, (versions.__name__, key)
