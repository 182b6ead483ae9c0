# ruff: noqa: E501 (the template as it was, one line per template line)
"""The timeline's entries, joined by the `timeline_entry` tag from the rows the page reads, are
what the template they replace (the loop body of events/timeline.html) rendered from fully read
records."""

import datetime
from decimal import Decimal

import pytest
from django.template import engines
from django.urls import reverse

from events.models import Agreement, Summit
from events.templatetags.events_pages import timeline_entry
from events.timeline_rows import TimelineEntry, timeline_entries
from tests import factories as f

pytestmark = pytest.mark.django_db

# the loop body of events/timeline.html before the timeline_entry tag, as it was
TEMPLATE = (
    "{% load events_pages %}{% for entry in entries %}"
    """{% with record=entry.record %}
      <li class="entry entry-{{ entry.record_type }}">
        <article aria-labelledby="entry-{{ entry.record_type }}-{{ record.slug }}">
          <p class="entry-meta">
            <span class="badge badge-{{ entry.record_type }}">{% if entry.record_type == "summit" %}Summit{% else %}{{ record.get_kind_display|capfirst }}{% endif %}</span>
            {% if record.date %}<time datetime="{{ record.partial_date }}">{% partial_date record %}</time>{% else %}<span>date not known</span>{% endif %}
          </p>
          <h4 id="entry-{{ entry.record_type }}-{{ record.slug }}" class="entry-title"><a href="{{ record.get_absolute_url }}">{{ record.name }}</a></h4>
          <dl class="facts">
            {% if record.mechanism %}<div><dt>Mechanism</dt><dd><a href="{{ record.mechanism.get_absolute_url }}">{{ record.mechanism }}</a></dd></div>{% endif %}
            {% if entry.record_type == "summit" %}
              {% if record.city or record.host %}<div><dt>Place</dt><dd>{{ record.city }}{% if record.city and record.host %}, hosted by {% elif record.host %}Hosted by {% endif %}{% if record.host %}<a href="{{ record.host.get_absolute_url }}">{{ record.host.name }}</a>{% endif %}</dd></div>{% endif %}
              {% if record.participations.all %}<div><dt>Participants</dt><dd>{% participant_list record.participations.all %}</dd></div>{% endif %}
            {% else %}
              {% if record.summit %}<div><dt>From</dt><dd><a href="{{ record.summit.get_absolute_url }}">{{ record.summit.name }}</a></dd></div>{% endif %}
              {% if record.agreement_parties.all %}<div><dt>Parties</dt><dd>{% participant_list record.agreement_parties.all %}</dd></div>{% endif %}
              {% if record.value_amount is not None %}<div><dt>Value</dt><dd>{{ record.value_currency }} {{ record.value_amount|floatformat:"-2g" }}</dd></div>{% endif %}
            {% endif %}
          </dl>
          {% include "events/_topics.html" with topics=record.topics.all %}
        </article>
      </li>
      {% endwith %}"""
    "{% endfor %}"
)


def records():
    odd = 'O\'Brien & "Co" <b>'
    mechanism = f.make_mechanism(name=f"Format {odd}", acronym="C5+<1>")
    host = f.make_actor(name=f"Host {odd}")
    person = f.make_actor(kind="person", name=f"Minister {odd}", office="Minister", represents=host)
    topics = [f.make_topic(name=f"Trade {odd}"), f.make_topic(name="Water")]
    full = f.make_summit(name=f"Summit {odd}", city="Tashkent & Co", host=host, mechanism=mechanism)
    full.topics.set(topics)
    f.make_participation(full, host, role="host")
    f.make_participation(full, f.make_actor(name="Japan"), representative=person)
    hosted_only = f.make_summit(host=host, date=datetime.date(2019, 1, 1), date_precision="year")
    city_only = f.make_summit(city="Astana", date=datetime.date(2020, 4, 1), date_precision="month")
    bare = f.make_summit(date=None, date_precision="")
    treaty = f.make_agreement(
        kind=Agreement.Kind.INVESTMENT_PLAN,
        name=f"Plan {odd}",
        summit=full,
        mechanism=mechanism,
        value_amount=Decimal("1234567.50"),
        value_currency="USD",
        date=datetime.date(2025, 6, 1),
        date_precision="month",
    )
    treaty.topics.set(topics[1:])
    f.make_party(treaty, host)
    f.make_party(treaty, person)
    round_value = f.make_agreement(value_amount=Decimal("20.00"), value_currency="EUR", date=None, date_precision="")
    plain = f.make_agreement(date=datetime.date(2024, 3, 5), date_precision="day")
    return [("summit", s.pk) for s in (full, hosted_only, city_only, bare)] + [
        ("agreement", a.pk) for a in (treaty, round_value, plain)
    ]


def test_timeline_entry_is_what_the_template_rendered(django_assert_num_queries):
    rows = [(record_type, 0, None, "", pk) for record_type, pk in records()]
    read = {"summit": Summit.objects.all(), "agreement": Agreement.objects.all()}
    fully_read = [TimelineEntry(record_type, read[record_type].get(pk=pk)) for record_type, _r, _d, _n, pk in rows]
    expected = engines["django"].from_string(TEMPLATE).render({"entries": fully_read})
    entries = timeline_entries(rows)
    timeline_url = reverse("events:timeline")
    with django_assert_num_queries(0):  # the page's reads hold everything an entry shows
        joined = "".join(timeline_entry(entry, timeline_url) for entry in entries)
    assert joined == expected
    for shown in ("&amp;", "&lt;b&gt;", "hosted by", "Hosted by", "Astana", "date not known", "USD 1,234,567.50"):
        assert shown in joined, shown
