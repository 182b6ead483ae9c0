"""A mechanism's parent chain can never form a cycle (migration 0012's trigger, on SQLite and
PostgreSQL, and Mechanism.clean for a friendly message), whichever way the write comes: the ORM,
a queryset update, a bulk update, the admin, the API and the CSV import."""

import pytest
import tablib
from django.db import IntegrityError, transaction
from django.urls import reverse

from events.importing import import_file
from events.models import PARENT_CYCLE_MESSAGE, PARENT_CYCLE_TRIGGER, Mechanism
from events.resources import export_dataset
from tests import factories as f
from tests.api_helpers import curator_client, detail
from tests.test_admin import change_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain():
    """top ← middle ← bottom (each sits under the one before)."""
    top = f.make_mechanism(slug="top")
    middle = f.make_mechanism(slug="middle", parent=top)
    bottom = f.make_mechanism(slug="bottom", parent=middle)
    return top, middle, bottom


@pytest.fixture
def without_clean(monkeypatch):
    """Skips the model's check, so that only the database can refuse the write."""
    monkeypatch.setattr(Mechanism, "clean", lambda self: None)


def refused_by_the_database(write):
    with transaction.atomic(), pytest.raises(IntegrityError, match=PARENT_CYCLE_TRIGGER):
        write()


def test_a_save_closing_a_three_step_cycle_is_refused_by_the_database(chain):
    top, _, bottom = chain
    top.parent = bottom
    refused_by_the_database(top.save)
    top.refresh_from_db()
    assert top.parent is None


def test_a_queryset_update_and_a_bulk_update_are_refused_too(chain):
    top, middle, bottom = chain
    refused_by_the_database(lambda: Mechanism.objects.filter(pk=top.pk).update(parent=middle))
    top.parent = bottom
    refused_by_the_database(lambda: Mechanism.objects.bulk_update([top], ["parent"]))
    assert not Mechanism.objects.filter(pk=top.pk, parent__isnull=False).exists()


def test_a_chain_without_a_cycle_is_written_and_a_new_mechanism_may_join_it(chain):
    top, middle, bottom = chain
    leaf = f.make_mechanism(slug="leaf", parent=bottom)
    other = f.make_mechanism(slug="other")
    top.parent = other
    top.save()
    assert Mechanism.parent_chain_ids(leaf.pk) == [leaf.pk, bottom.pk, middle.pk, top.pk, other.pk]


def test_clean_names_the_problem(chain):
    top, _, bottom = chain
    top.parent = bottom
    with pytest.raises(Exception, match="parent chain a cycle"):
        top.full_clean()


def test_the_api_answers_a_cycle_with_a_400_from_clean_and_from_the_database(chain, monkeypatch):
    client = curator_client()
    response = client.patch(detail("mechanisms", "top"), {"parent": "bottom"}, format="json")
    assert response.status_code == 400
    assert PARENT_CYCLE_MESSAGE in str(response.json())
    monkeypatch.setattr(Mechanism, "clean", lambda self: None)
    response = client.patch(detail("mechanisms", "top"), {"parent": "bottom"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": [PARENT_CYCLE_MESSAGE]}
    assert Mechanism.objects.get(slug="top").parent is None


def test_a_bulk_api_write_closing_a_cycle_is_a_400_and_writes_nothing(chain):
    response = curator_client().patch("/api/v1/mechanisms/", [{"slug": "top", "parent": "bottom"}], format="json")
    assert response.status_code == 400
    assert Mechanism.objects.get(slug="top").parent is None


def test_the_admin_shows_the_problem_on_the_form(admin_client, chain):
    top, _, bottom = chain
    url = reverse("admin:events_mechanism_change", args=[top.pk])
    data = change_form_data(admin_client.get(url))
    data["parent"] = str(bottom.pk)
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert PARENT_CYCLE_MESSAGE in response.content.decode()
    top.refresh_from_db()
    assert top.parent is None


def mechanisms_file(parents: dict[str, str]) -> bytes:
    """The mechanisms' CSV file with the `parents` given (slug -> parent slug)."""
    dataset = export_dataset("mechanisms")
    slug, parent = dataset.headers.index("slug"), dataset.headers.index("parent")
    rows = [list(row) for row in dataset]
    for row in rows:
        row[parent] = parents.get(row[slug], row[parent])
    return tablib.Dataset(*rows, headers=dataset.headers).export("csv").encode()


@pytest.mark.parametrize("clean", [True, False])
def test_an_import_closing_a_cycle_reports_it_and_writes_nothing(chain, monkeypatch, clean):
    if not clean:
        monkeypatch.setattr(Mechanism, "clean", lambda self: None)
    # two rows that each look fine alone: top under bottom closes the loop
    data = mechanisms_file({"top": "bottom"})
    report = import_file(name="mechanisms", data=data)
    assert not report.ok
    assert "cycle" in " ".join(str(error) for error in report.errors)
    assert Mechanism.objects.get(slug="top").parent is None
