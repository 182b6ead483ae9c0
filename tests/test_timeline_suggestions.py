"""The timeline's mechanism and actor suggestions: joined once per data version, and joined again
once the data changes."""

import pytest

from events.cache import data_changed
from events.forms import suggestions
from events.models import Actor
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_suggestions_list_mechanisms_and_actors_by_name_escaped(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        f.make_actor(slug="zz-state", name="Zeta & <Co>")
        f.make_actor(slug="aa-state", name="Alpha")
        f.make_mechanism(slug="c5", name="C5 \"format\"")
    joined = suggestions()
    assert '<option value="aa-state">Alpha</option>' in joined["actor"]
    assert joined["actor"].index("aa-state") < joined["actor"].index("zz-state")
    assert '<option value="zz-state">Zeta &amp; &lt;Co&gt;</option>' in joined["actor"]
    assert joined["mechanism"] == '<option value="c5">C5 &quot;format&quot;</option>'


@pytest.mark.django_db(transaction=True)  # each change commits, and replaces the data version
def test_suggestions_are_kept_until_the_data_version_changes():
    f.make_actor(slug="first", name="First")
    assert "first" in suggestions()["actor"]
    Actor.objects.bulk_create([Actor(slug="bulk", name="Bulk", kind="state")])  # no signal: the same version
    assert "bulk" not in suggestions()["actor"]
    data_changed()  # as the bulk paths do
    assert "bulk" in suggestions()["actor"]
