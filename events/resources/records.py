"""One resource per main record table: topics, sources, actors, mechanisms, summits, agreements."""

from ..models import (
    Actor,
    Agreement,
    Mechanism,
    Source,
    Summit,
    Topic,
)
from .base import CainfoResource
from .fields import (
    DecimalField,
    IntegerField,
    JSONObjectField,
    PartialDateField,
    RelatedSlugField,
    TextField,
)
from .lists import SlugListField


class TopicResource(CainfoResource):
    slug = TextField("slug", strip=True)
    name = TextField("name")
    description = TextField("description")

    required_columns = ("slug", "name")

    class Meta:
        model = Topic
        fields = ("slug", "name", "description")
        name = "topics"


class SourceResource(CainfoResource):
    slug = TextField("slug", strip=True)
    title = TextField("title")
    author = TextField("author")
    publisher = TextField("publisher")
    published = PartialDateField("published")
    url = TextField("url", strip=True)
    language = TextField("language", strip=True)
    curator_note = TextField("curator_note")

    required_columns = ("slug", "title")

    class Meta:
        model = Source
        fields = ("slug", "title", "author", "publisher", "published", "url", "language", "curator_note")
        name = "sources"


class ActorResource(CainfoResource):
    slug = TextField("slug", strip=True)
    name = TextField("name")
    kind = TextField("kind", strip=True)
    acronym = TextField("acronym")
    iso3 = TextField("iso3", strip=True)
    represents = RelatedSlugField("represents", Actor)
    office = TextField("office")
    office_start = PartialDateField("office_start")
    office_end = PartialDateField("office_end")
    description = TextField("description")
    curator_note = TextField("curator_note")
    inferred = JSONObjectField("inferred")

    required_columns = ("slug", "name", "kind")
    select_related = ("represents",)

    class Meta:
        model = Actor
        fields = (
            "slug",
            "name",
            "kind",
            "acronym",
            "iso3",
            "represents",
            "office",
            "office_start",
            "office_end",
            "description",
            "curator_note",
            "inferred",
        )
        name = "actors"


class MechanismResource(CainfoResource):
    slug = TextField("slug", strip=True)
    name = TextField("name")
    acronym = TextField("acronym")
    kind = TextField("kind", strip=True)
    founded = PartialDateField("founded")
    founded_place = TextField("founded_place")
    initiator = RelatedSlugField("initiator", Actor)
    parent = RelatedSlugField("parent", Mechanism)
    topics = SlugListField("topics", Topic)
    description = TextField("description")
    curator_note = TextField("curator_note")
    inferred = JSONObjectField("inferred")

    required_columns = ("slug", "name", "kind")
    select_related = ("initiator", "parent")
    prefetch_related = ("topics",)

    class Meta:
        model = Mechanism
        fields = (
            "slug",
            "name",
            "acronym",
            "kind",
            "founded",
            "founded_place",
            "initiator",
            "parent",
            "topics",
            "description",
            "curator_note",
            "inferred",
        )
        name = "mechanisms"


class SummitResource(CainfoResource):
    slug = TextField("slug", strip=True)
    name = TextField("name")
    mechanism = RelatedSlugField("mechanism", Mechanism)
    date = PartialDateField("date")
    city = TextField("city")
    host = RelatedSlugField("host", Actor)
    level = TextField("level", strip=True)
    ordinal = IntegerField("ordinal")
    topics = SlugListField("topics", Topic)
    outcome = TextField("outcome")
    curator_note = TextField("curator_note")
    inferred = JSONObjectField("inferred")

    required_columns = ("slug", "name")
    select_related = ("mechanism", "host")
    prefetch_related = ("topics",)

    class Meta:
        model = Summit
        fields = (
            "slug",
            "name",
            "mechanism",
            "date",
            "city",
            "host",
            "level",
            "ordinal",
            "topics",
            "outcome",
            "curator_note",
            "inferred",
        )
        name = "summits"


class AgreementResource(CainfoResource):
    slug = TextField("slug", strip=True)
    name = TextField("name")
    kind = TextField("kind", strip=True)
    date = PartialDateField("date")
    summit = RelatedSlugField("summit", Summit)
    mechanism = RelatedSlugField("mechanism", Mechanism)
    value_amount = DecimalField("value_amount")
    value_currency = TextField("value_currency", strip=True)
    topics = SlugListField("topics", Topic)
    description = TextField("description")
    curator_note = TextField("curator_note")
    inferred = JSONObjectField("inferred")

    required_columns = ("slug", "name", "kind")
    select_related = ("summit", "mechanism")
    prefetch_related = ("topics",)

    class Meta:
        model = Agreement
        fields = (
            "slug",
            "name",
            "kind",
            "date",
            "summit",
            "mechanism",
            "value_amount",
            "value_currency",
            "topics",
            "description",
            "curator_note",
            "inferred",
        )
        name = "agreements"
