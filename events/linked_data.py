"""schema.org JSON-LD of the main records, for the public pages (a `<script type="application/ld+json">`
data block) and the API (`Accept: application/ld+json`). Built from the relations the page and the
API already prefetch, so it adds no query. See docs/linked-data.md."""

import json

from django.utils.html import format_html
from django.utils.safestring import mark_safe

from .models import Actor, Agreement, Mechanism, Source, Summit

CONTEXT = "https://schema.org"
ACTOR_TYPES = {Actor.Kind.STATE: "Country", Actor.Kind.PERSON: "Person"}  # the rest: Organization
LEGISLATION_KINDS = {Agreement.Kind.TREATY, Agreement.Kind.AGREEMENT}


def absolute(request, record) -> str:
    return request.build_absolute_uri(record.get_absolute_url())


def reference(record, request) -> dict:
    """A related record by its type, page and name."""
    name = getattr(record, "name", None) or record.title
    return {"@type": schema_type(record), "@id": absolute(request, record), "name": name}


def schema_type(record) -> str:
    if isinstance(record, Actor):
        return ACTOR_TYPES.get(record.kind, "Organization")
    if isinstance(record, Summit):
        return "Event"
    if isinstance(record, Agreement):
        return "Legislation" if record.kind in LEGISLATION_KINDS else "CreativeWork"
    if isinstance(record, Mechanism):
        return "Organization"
    return "CreativeWork"


def compact(data: dict) -> dict:
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def summit_data(summit: Summit, request) -> dict:
    organizer = summit.host or summit.mechanism
    return {
        "startDate": summit.partial_date() or None,
        "location": compact({"@type": "Place", "name": summit.city, "address": summit.city}) if summit.city else None,
        "organizer": reference(organizer, request) if organizer else None,
        "attendee": [reference(row.actor, request) for row in summit.participations.all()],
        "description": summit.outcome,
        "eventStatus": "https://schema.org/EventScheduled",
    }


def actor_data(actor: Actor, request) -> dict:
    return {
        "alternateName": actor.acronym,
        "identifier": actor.iso3,
        "jobTitle": actor.office if actor.kind == Actor.Kind.PERSON else None,
        "affiliation": reference(actor.represents, request) if actor.represents else None,
        "memberOf": [reference(row.mechanism, request) for row in actor.memberships.all()]
        if actor.kind != Actor.Kind.PERSON
        else None,
        "description": actor.description,
    }


def agreement_data(agreement: Agreement, request) -> dict:
    parties = [reference(row.actor, request) for row in agreement.agreement_parties.all()]
    legislation = agreement.kind in LEGISLATION_KINDS
    return {
        "datePublished": agreement.partial_date() or None,
        "legislationDate": (agreement.partial_date() or None) if legislation else None,
        "legislationType": agreement.get_kind_display() if legislation else None,
        "genre": None if legislation else agreement.get_kind_display(),
        "legislationPassedBy": parties if legislation else None,
        "contributor": None if legislation else parties,
        "recordedAt": reference(agreement.summit, request) if agreement.summit else None,
        "description": agreement.description,
    }


def mechanism_data(mechanism: Mechanism, request) -> dict:
    return {
        "alternateName": mechanism.acronym,
        "foundingDate": mechanism.partial_date("founded") or None,
        "foundingLocation": {"@type": "Place", "name": mechanism.founded_place} if mechanism.founded_place else None,
        "founder": reference(mechanism.initiator, request) if mechanism.initiator else None,
        "parentOrganization": reference(mechanism.parent, request) if mechanism.parent else None,
        "description": mechanism.description,
    }


def source_data(source: Source, request) -> dict:
    return {
        "author": {"@type": "Person", "name": source.author} if source.author else None,
        "publisher": {"@type": "Organization", "name": source.publisher} if source.publisher else None,
        "datePublished": source.partial_date("published") or None,
        "sameAs": source.url,
        "inLanguage": source.language,
    }


BUILDERS = {
    Summit: summit_data,
    Actor: actor_data,
    Agreement: agreement_data,
    Mechanism: mechanism_data,
    Source: source_data,
}


def linked_data(record, request) -> dict:
    """The record as a schema.org JSON-LD document."""
    page = absolute(request, record)
    return compact(
        {
            "@context": CONTEXT,
            "@type": schema_type(record),
            "@id": page,
            "url": page,
            "name": getattr(record, "name", None) or record.title,
            **BUILDERS[type(record)](record, request),
        }
    )


_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def script_tag(record, request) -> str:
    """A `<script type="application/ld+json">` data block (escaped like Django's json_script)."""
    text = json.dumps(linked_data(record, request), ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308
