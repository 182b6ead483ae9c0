"""Claim-level provenance: which facts of a record its citations support (docs/provenance.md).

A claim is a record's field (`date`, `city`, `host`, `value`, …) or one of its relation rows,
named by the row's `claim_key()` (`participant:japan`, `party:uzbekistan`, `member:azerbaijan`,
`level:2023`, `other_name:Middle Corridor`, `identifier:wikidata:Q232`). A citation lists the
claims it supports in `Citation.claims`; a claim no citation supports must be in its record's
`inferred` object, with a note saying from what.

New relation tables register here: add the reverse accessor to RELATIONS under the record
type it belongs to, and give the row model a `claim_key()`.
"""

from collections import defaultdict
from collections.abc import Mapping

from django.apps import apps
from django.db import models

#: record type -> the fields that are facts (a citation may name them as claims)
FACT_FIELDS: dict[str, tuple[str, ...]] = {
    "summit": ("name", "mechanism", "date", "city", "host", "level", "ordinal", "outcome", "topics"),
    "agreement": ("name", "kind", "date", "summit", "mechanism", "value", "topics", "description"),
    "mechanism": (
        "name",
        "acronym",
        "kind",
        "founded",
        "founded_place",
        "initiator",
        "parent",
        "description",
        "topics",
    ),
    "actor": ("name", "kind", "acronym", "iso3", "represents", "office", "office_start", "office_end", "description"),
}

#: record type -> {reverse accessor of its relation rows: the prefix of their claim keys}; each
#: row model has `claim_key()`, which returns "<prefix>:<key>"
#: other names and identifiers (events.models.names) are rows of every record type
NAME_ROWS = {"other_names": "other_name", "identifiers": "identifier"}
RELATIONS: dict[str, dict[str, str]] = {
    "summit": {"participations": "participant", **NAME_ROWS},
    "agreement": {"agreement_parties": "party", "actions": "action", "relations": "relation", **NAME_ROWS},
    "mechanism": {"memberships": "member", "levels": "level", "relations": "relation", **NAME_ROWS},
    "actor": {**NAME_ROWS},
}

#: how an error message shows a row claim's form, where it is not `<prefix>:<slug>`
CLAIM_FORMS = {"action": "action:<actor or agreement>:<kind>:<date>", "relation": "relation:<kind>:<slug>"}

#: a claim whose value lives in another column than its name
CLAIM_COLUMNS = {"value": "value_amount"}

#: reverse accessor of relation rows -> the name of their list in the API representation
API_ROWS = {
    "participations": "participants",
    "agreement_parties": "parties",
    "memberships": "memberships",
    "levels": "levels",
    "other_names": "other_names",
    "identifiers": "identifiers",
    "actions": "actions",
    "relations": "relations",
}

AGREEMENT_LEVEL = "agreement"  # the actor part of the claim key of an action of the agreement itself


def action_claim_key(actor_slug: str | None, kind: str, date_text: str) -> str:
    """`action:kyrgyzstan:signature:2025-03-31`; an action of the agreement itself:
    `action:agreement:adoption:2021`; undated: `…:undated`."""
    return f"action:{actor_slug or AGREEMENT_LEVEL}:{kind}:{date_text or 'undated'}"


def relation_claim_key(kind: str, target_slug: str, to_mechanism: bool = False) -> str:
    """`relation:part_of:declaration-of-tokyo`; an agreement's relation to a mechanism:
    `relation:implements:mechanism:ca-jad`."""
    return f"relation:{kind}:{'mechanism:' if to_mechanism else ''}{target_slug}"


def _slug(value) -> str | None:
    return value["slug"] if isinstance(value, Mapping) else value


def represented_row_claim(prefix: str, row: Mapping) -> str:
    """The claim key of a relation row as the API represents it (the row's `claim_key()`)."""
    if prefix == "level":
        return f"level:{row.get('since') or row.get('level')}"
    if prefix == "other_name":
        return f"other_name:{row.get('name')}"
    if prefix == "identifier":
        return f"identifier:{row.get('scheme')}:{row.get('value')}"
    if prefix == "action":
        return action_claim_key(_slug(row.get("actor")), row.get("kind"), row.get("date") or "")
    if prefix == "relation":
        if "target" in row:  # between mechanisms
            return relation_claim_key(row.get("kind"), _slug(row.get("target")))
        mechanism = _slug(row.get("target_mechanism"))
        return relation_claim_key(row.get("kind"), mechanism or _slug(row.get("target_agreement")), bool(mechanism))
    return f"{prefix}:{_slug(row.get('actor'))}"


RECORD_TYPES = tuple(FACT_FIELDS)

NUL = "\x00"
#: PostgreSQL's jsonb cannot store a NUL (\u0000) in a string, and no text may hold one anyway
NUL_PROBLEM = "{what} holds a NUL character (\\u0000), which no text may contain."


def record_type(record: models.Model) -> str:
    return record._meta.model_name


def record_model(kind: str) -> type[models.Model]:
    return apps.get_model("events", kind)


#: (record type, accessor) -> the lookups that fetch what its rows' claim keys read
ROW_PREFETCHES = {
    ("agreement", "actions"): ("actions__actor",),
    ("agreement", "relations"): ("relations__target_agreement", "relations__target_mechanism"),
    ("mechanism", "relations"): ("relations__target",),
}


def relation_prefetches(kind: str) -> list[str]:
    rows = [lookup for name in RELATIONS[kind] for lookup in ROW_PREFETCHES.get((kind, name), (name,))]
    return [*rows, *(["topics"] if "topics" in FACT_FIELDS[kind] else [])]


def _filled(record: models.Model, claim: str) -> bool:
    field = record._meta.get_field(CLAIM_COLUMNS.get(claim, claim))
    if field.many_to_many:
        return bool(record.pk) and bool(list(getattr(record, claim).all()))
    value = getattr(record, field.attname)
    return value not in (None, "")


def field_claims(record: models.Model) -> list[str]:
    """The record's non-empty facts."""
    return [claim for claim in FACT_FIELDS[record_type(record)] if _filled(record, claim)]


#: the fields of relation rows that their claim_key() reads
CLAIM_KEY_RELATED = ("actor", "target", "target_agreement", "target_mechanism")


def _rows(record: models.Model, accessor: str):
    """The record's rows, with what their claim keys read (as they are if prefetched with it)."""
    manager = getattr(record, accessor)
    if accessor in getattr(record, "_prefetched_objects_cache", {}):
        return manager.all()
    fields = {field.name for field in manager.model._meta.concrete_fields if field.is_relation} - {manager.field.name}
    return manager.select_related(*[name for name in CLAIM_KEY_RELATED if name in fields])


def relation_claims(record: models.Model) -> list[str]:
    if not record.pk:
        return []
    return [row.claim_key() for name in RELATIONS[record_type(record)] for row in _rows(record, name)]


def represented_claims(kind: str, data: Mapping) -> list[str]:
    """The claims of a record as the API represents it (events.api): its non-empty facts and
    its rows, keyed as the rows' `claim_key()` keys them."""
    claims = [claim for claim in FACT_FIELDS[kind] if data.get(CLAIM_COLUMNS.get(claim, claim)) not in (None, "", [])]
    for accessor, prefix in RELATIONS[kind].items():
        claims.extend(represented_row_claim(prefix, row) for row in data.get(API_ROWS[accessor], []))
    return claims


def represented_provenance(kind: str, data: Mapping) -> dict[str, dict]:
    """Claim -> {"citations": [{"source", "locator"}, …], "inferred": note or None}, from the
    record's API representation (which holds its citations with their claims and `inferred`)."""
    cited = defaultdict(list)
    for citation in data.get("citations", []):
        source = citation.get("source")
        slug = source["slug"] if isinstance(source, Mapping) else source
        ref = {"source": slug, "locator": citation.get("locator", "")}
        for claim in citation.get("claims") or []:
            cited[claim].append(ref)
    inferred = data.get("inferred") or {}
    return {
        claim: {"citations": cited.get(claim, []), "inferred": inferred.get(claim) or None}
        for claim in represented_claims(kind, data)
    }


def known_claims(record: models.Model) -> set[str]:
    """Every claim a citation of this record may name: any fact field, any existing relation row."""
    return {*FACT_FIELDS[record_type(record)], *relation_claims(record)}


def claims_problem(record: models.Model | None, claims) -> str | None:
    """Why a citation's claims are not acceptable, or None."""
    if not isinstance(claims, list) or not all(isinstance(claim, str) for claim in claims):
        return "Claims must be a list of claim names."
    if any(NUL in claim for claim in claims):
        return NUL_PROBLEM.format(what="A claim")
    if not claims:
        return (
            "A citation must name at least one claim it supports "
            "(a field such as date, or a row such as participant:japan)."
        )
    if record is None:
        return None
    known = known_claims(record)
    unknown = [claim for claim in claims if claim not in known]
    if unknown:
        kind = record_type(record)
        return (
            f"Unknown claim{'s' if len(unknown) > 1 else ''} for this {kind}: {', '.join(unknown)}. Use one of its "
            f"fields ({', '.join(FACT_FIELDS[kind])}) or one of its rows "
            f"({', '.join(relation_claims(record)) or 'none yet'})."
        )
    return None


def _claim_shaped(kind: str, claim: str) -> bool:
    prefix, _, key = claim.partition(":")
    return claim in FACT_FIELDS[kind] or (bool(key) and prefix in RELATIONS[kind].values())


def inferred_problem(record: models.Model, inferred) -> str | None:
    """Why a record's inferred notes are not acceptable, or None. A row claim is checked for its
    form only: the row may be written after the record (check_provenance reports stale ones)."""
    if not isinstance(inferred, dict):
        return 'Inferred claims must be an object: {"claim": "note saying from what it was inferred"}.'
    if any(NUL in claim or (isinstance(note, str) and NUL in note) for claim, note in inferred.items()):
        return NUL_PROBLEM.format(what="An inferred claim or its note")
    empty = [claim for claim, note in inferred.items() if not isinstance(note, str) or not note.strip()]
    if empty:
        return f"Say from what each claim was inferred: no note for {', '.join(empty)}."
    kind = record_type(record)
    unknown = [claim for claim in inferred if not _claim_shaped(kind, claim)]
    if unknown:
        prefixes = ", ".join(CLAIM_FORMS.get(prefix, f"{prefix}:<slug>") for prefix in RELATIONS[kind].values())
        return (
            f"Inferred claims that are not fields or rows of a {kind}: {', '.join(unknown)} "
            f"(use {', '.join(FACT_FIELDS[kind])}{', ' + prefixes if prefixes else ''})."
        )
    return None


def support(record: models.Model, citations=None) -> dict[str, dict]:
    """Claim -> {"citations": [citation, …], "inferred": note or ""}, for every non-empty fact
    and every relation row of the record, in the registry's order."""
    citations = list(record.citations.all()) if citations is None else citations
    cited = defaultdict(list)
    for citation in citations:
        for claim in citation.claims or []:
            cited[claim].append(citation)
    inferred = {
        claim: note for claim, note in (record.inferred or {}).items() if isinstance(note, str) and note.strip()
    }
    return {
        claim: {"citations": cited.get(claim, []), "inferred": inferred.get(claim, "")}
        for claim in [*field_claims(record), *relation_claims(record)]
    }


def unsupported(record: models.Model) -> list[str]:
    return [claim for claim, found in support(record).items() if not found["citations"] and not found["inferred"]]


def problems() -> list[str]:
    """Everything check_provenance reports: uncited facts, bad quotes, bad claims, bad notes."""
    return [problem for _, _, problem in failures()]


def _check_prefetches(kind: str) -> list[str]:
    """What the check reads of a record, fetched with it: citations, rows with their actors, topics."""
    model = record_model(kind)
    lookups = ["citations"]
    for accessor in RELATIONS[kind]:
        row_fields = {field.name for field in model._meta.get_field(accessor).related_model._meta.fields}
        lookups.append(f"{accessor}__actor" if "actor" in row_fields else accessor)
    return [*lookups, *(["topics"] if "topics" in FACT_FIELDS[kind] else [])]


def failures() -> list[tuple[str, models.Model | None, str]]:
    """(record type, record, what is wrong) for every problem check_provenance reports, in a
    fixed number of queries (one per table and prefetch, however many records there are)."""
    from .models import Citation

    found, records = [], {}
    for kind in RECORD_TYPES:
        queryset = record_model(kind)._default_manager.prefetch_related(*_check_prefetches(kind)).order_by("slug")
        for record in queryset:
            records[kind, record.pk] = record
            name = f"{kind} {record.slug}"
            for claim in unsupported(record):
                found.append((kind, record, f"{name}: {claim} is neither cited nor marked inferred"))
            problem = inferred_problem(record, record.inferred)
            if problem:
                found.append((kind, record, f"{name}: {problem}"))
            elif record.inferred:
                stale = sorted(set(record.inferred) - known_claims(record))
                if stale:
                    found.append(
                        (kind, record, f"{name}: inferred notes for rows it does not have: {', '.join(stale)}")
                    )
    citations = Citation.objects.select_related("source").prefetch_related("source__paragraphs")
    for citation in citations.order_by("pk"):
        kind = citation.record_type
        record = records.get((kind, getattr(citation, f"{kind}_id"))) if kind else None
        slug = record.slug if record else "?"
        where = f"citation of {kind} {slug} ({citation.source.slug}, {citation.locator or 'no locator'})"
        for problem in (claims_problem(record, citation.claims), citation.quote_problem()):
            if problem:
                found.append((kind, record, f"{where}: {problem}"))
    return found
