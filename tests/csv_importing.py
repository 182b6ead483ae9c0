"""What the CSV import tests share: the records a file refers to, and running an import."""

from events.importing import import_file
from tests.factories import make_actor, make_mechanism, make_topic
from tests.shared_data import shared_fixture

SUMMITS = "slug,name,mechanism,date,city,host,level,ordinal,topics,outcome,curator_note\n"


@shared_fixture
def base():
    make_topic(slug="energy", name="energy")
    make_topic(slug="transport", name="transport")
    make_actor(slug="japan", name="Japan", iso3="JPN")
    make_actor(slug="turkiye", name="Türkiye", iso3="TUR")
    make_mechanism(slug="ca-jad", name="Central Asia plus Japan Dialogue")


def run(name, text, **kwargs):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return import_file(name=name, data=data, **kwargs)


def errors(report):
    return [(e.row, e.column, e.value) for e in report.errors]
