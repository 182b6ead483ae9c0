"""The timeline's participant lists, joined by the `participant_list` tag, are what the template
they replace (events/_participants.html) rendered."""

import pytest
from django.template import engines

from events.models import Participation
from events.templatetags.events_pages import participant_list
from tests import factories as f

pytestmark = pytest.mark.django_db

TEMPLATE = (
    '<ul class="inline-list">{% for participation in participations %}'
    '<li><a href="{{ participation.actor.get_absolute_url }}">{{ participation.actor.name }}</a>'
    '{% if participation.representative %} <span class="represented-by">'
    '(<a href="{{ participation.representative.get_absolute_url }}">{{ participation.representative.name }}</a>)'
    "</span>{% endif %}"
    '{% if participation.role != "participant" and participation.role != "party" %} <span class="role">'
    "{{ participation.get_role_display }}</span>{% endif %}</li>{% endfor %}</ul>\n"
)


def test_participant_list_is_what_the_template_rendered():
    summit = f.make_summit()
    person = f.make_actor(kind="person", name='O\'Brien & "Co" <b>', office="Minister", represents=f.make_actor())
    f.make_participation(summit, f.make_actor(name="Japan"), role="host")
    f.make_participation(summit, f.make_actor(name="Kazakhstan & Co"), representative=person)
    f.make_participation(summit, f.make_actor(name="Uzbekistan"))
    agreement = f.make_agreement(summit=summit)
    f.make_party(agreement, f.make_actor(name="Kyrgyzstan"))
    rows = [
        list(Participation.objects.filter(summit=summit).select_related("actor", "representative")),
        list(agreement.agreement_parties.select_related("actor", "representative")),
        [],
    ]
    template = engines["django"].from_string(TEMPLATE)
    for participations in rows:
        assert participant_list(participations) == template.render({"participations": participations})
    assert "represented-by" in participant_list(rows[0]) and "&amp;" in participant_list(rows[0])
