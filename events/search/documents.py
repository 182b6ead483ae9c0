"""What each record type puts in the search index: its names (name, acronym, other names,
identifiers) and its text (places, descriptions, outcomes, quotes), read with `.values()` in a
few queries per chunk of records, so that a rebuild of 100,000 records takes seconds."""

import re
from collections import defaultdict
from dataclasses import dataclass, field

from ..bulk_sql import id_list
from ..models import (
    ISO3_SCHEME,
    Actor,
    Agreement,
    AgreementParty,
    Citation,
    Identifier,
    Mechanism,
    Membership,
    OtherName,
    Participation,
    Source,
    Summit,
    Topic,
)
from .folding import fold

WORD = re.compile(r"[^\W_]+")

#: record type -> model, in the order search lists types
MODELS = {
    "summit": Summit,
    "agreement": Agreement,
    "mechanism": Mechanism,
    "actor": Actor,
    "source": Source,
    "topic": Topic,
}


def words(text: str) -> str:
    """Folded text as single-spaced words: how names are compared whole and by prefix."""
    return " ".join(WORD.findall(fold(text)))


def identifier_names(scheme: str, value: str) -> list[tuple[str, str]]:
    """An identifier is found by its value alone (`Q232`) and with its scheme (`wikidata:Q232`)."""
    return [(f"identifier {scheme}", value), ("identifier", f"{scheme}:{value}")]


@dataclass
class Document:
    record_type: str
    record_id: int
    slug: str
    title: str
    date: object = None
    mechanism_id: int | None = None
    names: list[tuple[str, str]] = field(default_factory=list)  # (label, original)
    texts: list[tuple[str, str]] = field(default_factory=list)
    actor_ids: set[int] = field(default_factory=set)
    topic_ids: set[int] = field(default_factory=set)

    def entry_values(self) -> dict:
        names = [words(text) for _, text in self.names]
        return {
            "record_type": self.record_type,
            "record_id": self.record_id,
            "slug": self.slug,
            "title": self.title,
            "names": "|" + "|".join(name for name in names if name) + "|",
            "body": "\n".join(fold(text) for _, text in self.texts if text),
            "labels": [[label, text] for label, text in [*self.names, *self.texts] if text],
            "date": self.date,
            "year": self.date.year if self.date else None,
            "mechanism_id": self.mechanism_id,
            "actor_ids": self.id_cell(self.actor_ids),
            "topic_ids": self.id_cell(self.topic_ids),
        }

    @staticmethod
    def id_cell(ids) -> str:
        return "|" + "".join(f"{pk}|" for pk in sorted(ids))


def _base(record_type: str, ids: list[int]) -> dict[int, Document]:
    model = MODELS[record_type]
    rows = model.objects.filter(pk__in=id_list(ids))
    documents = {}
    # a summit's or agreement's mechanism (name and acronym), and an agreement's summit, are text of
    # the record: `CA+JAD` finds the summits of the Central Asia plus Japan Dialogue
    mechanism = ("mechanism__name", "mechanism__acronym")
    if record_type == "summit":
        for r in rows.values("pk", "slug", "name", "city", "outcome", "date", "mechanism_id", "host_id", *mechanism):
            d = Document(record_type, r["pk"], r["slug"], r["name"], r["date"], r["mechanism_id"])
            d.names.append(("name", r["name"]))
            d.texts += [("place", r["city"]), ("outcome", r["outcome"])]
            d.texts += [("mechanism", r["mechanism__name"]), ("mechanism", r["mechanism__acronym"])]
            if r["host_id"]:
                d.actor_ids.add(r["host_id"])
            documents[r["pk"]] = d
    elif record_type == "agreement":
        for r in rows.values("pk", "slug", "name", "description", "date", "mechanism_id", *mechanism, "summit__name"):
            d = Document(record_type, r["pk"], r["slug"], r["name"], r["date"], r["mechanism_id"])
            d.names.append(("name", r["name"]))
            d.texts.append(("description", r["description"]))
            d.texts += [("mechanism", r["mechanism__name"]), ("mechanism", r["mechanism__acronym"])]
            d.texts.append(("summit", r["summit__name"]))
            documents[r["pk"]] = d
    elif record_type == "mechanism":
        for r in rows.values("pk", "slug", "name", "acronym", "founded_place", "description", "founded"):
            d = Document(record_type, r["pk"], r["slug"], r["name"], r["founded"], r["pk"])
            d.names += [("name", r["name"]), ("acronym", r["acronym"])]
            d.texts += [("place", r["founded_place"]), ("description", r["description"])]
            documents[r["pk"]] = d
    elif record_type == "actor":
        for r in rows.values("pk", "slug", "name", "acronym", "iso3", "office", "description"):
            d = Document(record_type, r["pk"], r["slug"], r["name"])
            d.names += [("name", r["name"]), ("acronym", r["acronym"])]
            if r["iso3"]:
                d.names += identifier_names(ISO3_SCHEME, r["iso3"])
            d.texts += [("office", r["office"]), ("description", r["description"])]
            d.actor_ids.add(r["pk"])
            documents[r["pk"]] = d
    elif record_type == "source":
        for r in rows.values("pk", "slug", "title", "author", "publisher", "published"):
            d = Document(record_type, r["pk"], r["slug"], r["title"], r["published"])
            d.names.append(("title", r["title"]))
            d.texts += [("author", r["author"]), ("publisher", r["publisher"])]
            documents[r["pk"]] = d
    else:
        for r in rows.values("pk", "slug", "name", "description"):
            d = Document(record_type, r["pk"], r["slug"], r["name"])
            d.names.append(("name", r["name"]))
            d.texts.append(("description", r["description"]))
            d.topic_ids.add(r["pk"])
            documents[r["pk"]] = d
    return documents


ACTOR_ROWS = {"summit": (Participation, "summit_id"), "agreement": (AgreementParty, "agreement_id"),
              "mechanism": (Membership, "mechanism_id")}  # fmt: skip


def related_actors(record_type: str, ids) -> list[tuple[int, int]]:
    """(record id, actor id) of the relation rows (participations, parties, memberships) that
    add actors to the entries of these records."""
    if record_type not in ACTOR_ROWS:
        return []
    model, column = ACTOR_ROWS[record_type]
    return list(model.objects.filter(**{f"{column}__in": ids}).order_by().values_list(column, "actor_id"))


def actor_ids_by_record(record_type: str, ids: list[int]) -> dict[int, str]:
    """The `actor_ids` cell of each of these records' entries (the records that still exist):
    all that a relation row adds to an entry."""
    if record_type == "summit":
        rows = MODELS["summit"].objects.filter(pk__in=id_list(ids)).values_list("pk", "host_id")
        actors = {pk: {host} if host else set() for pk, host in rows}
    else:
        pks = MODELS[record_type].objects.filter(pk__in=id_list(ids)).values_list("pk", flat=True)
        actors = {pk: set() for pk in pks}
    for owner, actor in related_actors(record_type, id_list(actors)):
        actors[owner].add(actor)
    return {pk: Document.id_cell(found) for pk, found in actors.items()}


def documents(record_type: str, ids: list[int]) -> list[Document]:
    """The documents of the records of `record_type` whose primary keys are `ids` (the ones
    that still exist)."""
    found = _base(record_type, ids)
    if not found or record_type in ("source", "topic"):
        return list(found.values())
    ids = id_list(found)
    for owner, actor in related_actors(record_type, ids):
        found[owner].actor_ids.add(actor)
    if record_type != "actor":
        through = MODELS[record_type].topics.through
        for owner, topic in through.objects.filter(**{f"{record_type}_id__in": ids}).values_list(
            f"{record_type}_id", "topic_id"
        ):
            found[owner].topic_ids.add(topic)
    column = f"{record_type}_id"
    by_record = defaultdict(list)
    for owner, name in OtherName.objects.filter(**{f"{column}__in": ids}).values_list(column, "name"):
        by_record[owner].append(("other name", name))
    for owner, scheme, value in Identifier.objects.filter(**{f"{column}__in": ids}).values_list(
        column, "scheme", "value"
    ):
        by_record[owner] += identifier_names(scheme, value)
    for owner, names in by_record.items():
        found[owner].names += names
    for owner, quote in (
        Citation.objects.filter(**{f"{column}__in": ids}).exclude(quote="").values_list(column, "quote")
    ):
        found[owner].texts.append(("quote", quote))
    return list(found.values())

