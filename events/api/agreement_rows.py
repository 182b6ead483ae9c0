"""An agreement with its relation rows (parties, actions, relations both ways, topics, other
names, identifiers, citations) read in one SQL query that builds them as JSON, as `summit_rows`
reads a summit, in the orders the models give; `agreement_dict` turns it into the JSON
`AgreementSerializer` gives (tests/test_api_lean_agreements.py holds them equal).

The serializer's nine ORM queries cost an agreement detail most of its 12 ms on SQLite at scale,
compiling SQL for relations that are mostly empty (BENCHMARKS.md, issue 19)."""

import functools
import json

from django.db import connection

from events.models import Agreement, AgreementRelation
from events.provenance import represented_provenance

from .lean import api_moment, date_text, iso_day, other_names, shaped
from .serializers import AgreementSerializer
from .sql_rows import Columns
from .summit_rows import Dialect, moment, url_parts

#: the lists of an agreement's JSON this module reads
RELATIONS = (
    "parties", "actions", "relations", "related_from", "topics", "other_names", "identifiers", "citations",
)  # fmt: skip
#: the agreement's own columns, as they are
COLUMNS = (
    "slug", "name", "kind", "date", "date_precision", "date_text", "value_currency", "description", "curator_note",
    "created_at", "updated_at",
)  # fmt: skip


def agreement_lists(dialect: Dialect) -> dict[str, str]:
    """SQL of each relation list of agreement `g`, as a JSON array."""
    o, summary, summary_of = dialect.object, dialect.summary, dialect.summary_of
    return {
        "parties": dialect.participants("events_agreementparty", "agreement", "g"),
        "actions": dialect.array(
            f"{o}('actor', {summary_of('actor', 'x.actor_id')}, 'kind', x.kind, 'date', x.date, "
            "'date_precision', x.date_precision, 'date_text', x.date_text, 'text', x.text, 'note', x.note)",
            "FROM events_agreementaction x WHERE x.agreement_id = g.id",
            "x.date, x.kind, x.id",
        ),
        "relations": dialect.array(
            f"{o}('kind', rel.kind, 'target_agreement', {summary_of('agreement', 'rel.target_agreement_id')}, "
            f"'target_mechanism', {summary_of('mechanism', 'rel.target_mechanism_id')}, 'note', rel.note)",
            "FROM events_agreementrelation rel WHERE rel.agreement_id = g.id",
            "rel.kind, rel.id",
        ),
        # ordered as AgreementRelation's Meta orders them: by the agreement that holds them first
        "related_from": dialect.array(
            f"{o}('kind', inv.kind, 'source', {summary('sa', 'agreement')}, 'note', inv.note)",
            "FROM events_agreementrelation inv JOIN events_agreement sa ON sa.id = inv.agreement_id "
            "WHERE inv.target_agreement_id = g.id",
            "sa.date, sa.name, inv.kind, inv.id",
        ),
        "topics": dialect.topics("agreement", "g"),
        **dialect.record_rows("agreement", "g"),
    }


def lists_for(fields: list[str] | None) -> list[str]:
    """The relation lists an agreement's JSON needs for `fields` (all of them for provenance)."""
    if fields is None or "provenance" in fields:
        return list(RELATIONS)
    return [name for name in RELATIONS if name in fields]


def agreement_by_slug(slug: str, lists: list[str], request) -> dict | None:
    """The agreement `slug` with the relation `lists`, parsed: `date` a date, `created_at` and
    `updated_at` datetimes in UTC, `value_amount` as the ORM reads it; None when there is none."""
    dialect = Dialect(connection.vendor)
    relations = agreement_lists(dialect)
    columns = ", ".join(f"'{name}', g.{name}" for name in COLUMNS)
    pairs = "".join(f", '{name}', {dialect.nested(relations[name])}" for name in RELATIONS if name in lists)
    document = (
        f"{dialect.object}('pk', g.id, {columns}, 'inferred', {dialect.nested('g.inferred')}, "
        f"'url', %(agreement_before)s || g.slug || %(agreement_after)s, "
        f"'summit', {dialect.summary_of('summit', 'g.summit_id')}, "
        f"'mechanism', {dialect.summary_of('mechanism', 'g.mechanism_id')}{pairs})"
    )
    if dialect.postgres:
        document = f"({document})::text"  # parsed here, in one json.loads, rather than by psycopg2
    sql = f"SELECT {document}, g.value_amount FROM events_agreement g WHERE g.slug = %(slug)s"
    with connection.cursor() as cursor:
        cursor.execute(sql, {**url_parts(request), "slug": slug})
        found = cursor.fetchone()
    if found is None:
        return None
    row = json.loads(found[0])
    row["value_amount"] = value_amount(found[1])
    row["date"] = iso_day(row["date"])
    row["created_at"], row["updated_at"] = moment(row["created_at"]), moment(row["updated_at"])
    return row


def value_amount(raw):
    """The column as the ORM gives it: through the backend's and the field's converters (SQLite
    keeps a float, cut to 15 digits and quantized)."""
    (value,) = Columns([Agreement._meta.get_field("value_amount")], "g").converted([raw])
    return value


@functools.cache
def value_field():
    """AgreementSerializer's own `value_amount` field (a DecimalField from the model's)."""
    return AgreementSerializer().fields["value_amount"]


def agreement_dict(row: dict, fields: list[str] | None = None) -> dict:
    """The API's JSON of an agreement from `agreement_by_slug` (read with `lists_for(fields)`), in
    the serializer's order of fields."""
    agreement = {
        "slug": row["slug"],
        "url": row["url"],
        "name": row["name"],
        "kind": row["kind"],
        "date": date_text(row["date"], row["date_precision"], row["date_text"]),
        "date_precision": row["date_precision"] or None,
        "summit": row["summit"],
        "mechanism": row["mechanism"],
        "parties": row.get("parties", []),
        "actions": [action(columns) for columns in row.get("actions", ())],
        "relations": row.get("relations", []),
        "related_from": [inverse(columns) for columns in row.get("related_from", ())],
        "value_amount": None if row["value_amount"] is None else value_field().to_representation(row["value_amount"]),
        "value_currency": row["value_currency"],
        "topics": row.get("topics", []),
        "description": row["description"],
        "curator_note": row["curator_note"],
        "inferred": row["inferred"],
        "other_names": other_names(row.get("other_names", ())),
        "identifiers": row.get("identifiers", []),
        "citations": row.get("citations", []),
    }
    if fields is None or "provenance" in fields:
        agreement["provenance"] = represented_provenance("agreement", agreement)
    agreement["created_at"], agreement["updated_at"] = api_moment(row["created_at"]), api_moment(row["updated_at"])
    return agreement if fields is None else shaped(agreement, fields)


def action(columns: dict) -> dict:
    return {
        "actor": columns["actor"],
        "kind": columns["kind"],
        "date": date_text(iso_day(columns["date"]), columns["date_precision"], columns["date_text"]),
        "date_precision": columns["date_precision"] or None,
        "text": columns["text"],
        "note": columns["note"],
    }


def inverse(columns: dict) -> dict:
    """A relation another agreement holds to this one, as InverseRelationSerializer names it."""
    return {
        "kind": columns["kind"],
        "label": AgreementRelation.INVERSE[columns["kind"]],
        "source": {"type": "agreement", **columns["source"]},
        "note": columns["note"],
    }
