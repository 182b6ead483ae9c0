import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from events.models import Agreement, Citation, Participation, Summit

pytestmark = pytest.mark.django_db


def generate_and_roll_back(seed):
    with transaction.atomic():
        call_command("generate_data", scale=0.002, seed=seed, verbosity=0)
        rows = list(Summit.objects.order_by("slug").values_list("slug", "date", "date_precision", "host__slug"))
        transaction.set_rollback(True)
    return rows


def test_generate_data_adds_summits_with_participants_agreements_and_citations():
    call_command("generate_data", scale=0.002, seed=7, verbosity=0)
    assert Summit.objects.count() == 100
    assert Agreement.objects.count() == 100
    assert Citation.objects.count() == 200
    per_summit = [summit.participations.count() for summit in Summit.objects.all()]
    assert min(per_summit) >= 3 and max(per_summit) <= 12
    assert Participation.objects.filter(role="host").count() == 100


def test_generate_data_is_deterministic_for_a_seed():
    assert generate_and_roll_back(7) == generate_and_roll_back(7)
    assert generate_and_roll_back(7) != generate_and_roll_back(8)


def test_generate_data_refuses_to_run_twice_on_one_database():
    call_command("generate_data", scale=0.002, verbosity=0)
    with pytest.raises(CommandError, match="already in this database"):
        call_command("generate_data", scale=0.002, verbosity=0)


def test_generate_data_rejects_a_scale_of_zero():
    with pytest.raises(CommandError, match="--scale"):
        call_command("generate_data", scale=0, verbosity=0)


def test_generated_dates_have_their_text_and_bounds():
    call_command("generate_data", scale=0.002, seed=7, verbosity=0)
    for summit in Summit.objects.all():
        date = summit.edtf()
        assert (summit.date_text, summit.date_earliest, summit.date_latest) == (date.text, date.earliest, date.latest)
