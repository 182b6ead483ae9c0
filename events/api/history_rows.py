"""One page of a record's history (events.api.history), read as plain rows: per history table on
the page, one SQL query for its versions there and, for each of their rows, the version just
before the page (to tell what changed); per model the versions point to, one query for the slugs
and the columns its text needs. Model instances are built only for `str()`, from those values,
so each row reads as the model writes it (events.api.row_texts writes the commonest without one).
Through the ORM, the busiest actor's page took three times as long on SQLite at scale 1, most of
it building querysets and full instances of the versions and of every related record (issue 19)."""

import functools
from collections import defaultdict

from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist
from django.db import connection, models
from django.http import Http404

from .row_texts import ROW_TEXTS
from .sql_rows import Columns, fetch, placeholders

CHANGES = {"+": "created", "~": "changed", "-": "deleted"}
NOT_COMPARED = {"created_at", "updated_at"}
#: the columns beyond the slug that a related record's `__str__` reads (every column for a model not here)
TEXT_FIELDS = {
    "actor": ("name",),
    "summit": ("name",),
    "agreement": ("name",),
    "topic": ("name",),
    "mechanism": ("name", "acronym"),
    "source": ("title", "publisher", "published", "published_precision", "published_text"),
}


class Version:
    """One historical row: its history columns and the model's fields (attname -> value) at that version."""

    __slots__ = ("history_id", "date", "type", "reason", "user", "fields")

    def __init__(self, history_id, date, type, reason, user, fields: dict):
        self.history_id, self.date, self.type, self.reason, self.user = history_id, date, type, reason, user
        self.fields = fields

    @property
    def row_id(self):
        return self.fields["id"]


@functools.cache
def model_fields(model) -> tuple:
    return tuple(model._meta.concrete_fields)


@functools.cache
def foreign_keys(model) -> tuple:
    return tuple(field for field in model._meta.concrete_fields if isinstance(field, models.ForeignKey))


@functools.cache
def version_columns(history_model) -> Columns:
    """The history columns and the tracked model's fields, in that order, of table alias `v`
    (kept: the converters read nothing of the connection that varies)."""
    model = history_model.instance_type
    history = [history_model._meta.get_field(name) for name in ("history_id", "history_date")]
    history += [history_model._meta.get_field(name) for name in ("history_type", "history_change_reason")]
    tracked = [history_model._meta.get_field(field.name) for field in model_fields(model)]
    return Columns(history + tracked, "v")


def read_versions(history_model, page_ids: list, first: tuple, show_users: bool) -> tuple[list, dict]:
    """The versions `page_ids` of one history table, oldest first, and row id -> its version just
    before `first` (the (history_date, history_id) of the table's first version on the page)."""
    quote, table = connection.ops.quote_name, quote_table(history_model)
    columns = version_columns(history_model)
    if show_users:
        users, by = get_user_model()._meta, history_model._meta.get_field("history_user").column
        user = (
            f"u.{quote(users.get_field(users.model.USERNAME_FIELD).column)}",
            f" LEFT JOIN {quote(users.db_table)} u ON u.{quote(users.pk.column)} = v.{quote(by)}",
        )
    else:
        user = ("NULL", "")
    row_id = quote(history_model._meta.get_field("id").column)
    ids = placeholders(page_ids)
    sql = (
        f"SELECT 1, {user[0]}, {columns.sql} FROM {table} v{user[1]} WHERE v.history_id IN ({ids})"
        f" UNION ALL SELECT 0, NULL, {columns.sql} FROM {table} v"
        f" WHERE v.{row_id} IN (SELECT {row_id} FROM {table} WHERE history_id IN ({ids}))"
        f" AND v.history_id = (SELECT p.history_id FROM {table} p WHERE p.{row_id} = v.{row_id}"
        " AND (p.history_date < %s OR (p.history_date = %s AND p.history_id < %s))"
        " ORDER BY p.history_date DESC, p.history_id DESC LIMIT 1)"
    )
    date, history_id = first
    page, before = [], {}
    attnames = [field.attname for field in model_fields(history_model.instance_type)]
    for on_page, username, *values in fetch(sql, [*page_ids, *page_ids, date, date, history_id]):
        values = columns.converted(values)
        version = Version(*values[:4], username, dict(zip(attnames, values[4:], strict=True)))
        if on_page:
            page.append(version)
        else:
            before[version.row_id] = version
    page.sort(key=lambda version: (version.date, version.history_id))
    return page, before


def read_record(model, slug: str):
    """The record with that slug, or Http404 as get_object_or_404 words it."""
    columns = record_columns(model)
    slug_column = connection.ops.quote_name(model._meta.get_field("slug").column)
    rows = fetch(f"SELECT {columns.sql} FROM {quote_table(model)} r WHERE r.{slug_column} = %s", [slug])
    if not rows:
        raise Http404(f"No {model._meta.object_name} matches the given query.")
    attnames = [field.attname for field in columns.fields]
    return model.from_db(connection.alias, attnames, columns.converted(rows[0]))


@functools.cache
def record_columns(model) -> Columns:
    return Columns(model_fields(model), "r")


def quote_table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


class Related:
    """The records the versions' foreign keys point to, per model: their slugs and the columns
    their text needs (TEXT_FIELDS), as values; an instance built only where its `__str__` is
    asked for. `record`, when saved, stands for itself."""

    def __init__(self, versions, record):
        wanted = defaultdict(set)
        for version, model in versions:
            for field in foreign_keys(model):
                pk = version.fields[field.attname]
                if pk is not None:
                    wanted[field.related_model].add(pk)
        self.rows, self.instances, self.texts = defaultdict(dict), {}, {}
        if not record._state.adding:  # the admin shows a deleted record's history from its last version
            self.rows[type(record)][record.pk] = {
                field.attname: getattr(record, field.attname) for field in model_fields(type(record))
            }
            self.instances[type(record), record.pk] = record
        for model, pks in wanted.items():
            missing = pks - self.rows[model].keys()
            if missing:
                self.rows[model].update(read_related(model, missing))

    def text(self, model, name: str, fields: dict) -> str:
        """What `f"{row.<name>}"` gives for the version `fields` of a `model` row."""
        field = model._meta.get_field(name)
        pk = fields[field.attname]
        key = (field.related_model, pk)
        if key not in self.texts:
            self.texts[key] = self.record_text(field, pk)
        return self.texts[key]

    def record_text(self, field, pk) -> str:
        """The text of the record; "None" for an empty nullable key; ObjectDoesNotExist, as the
        descriptor raises it, for a record that is gone."""
        if pk is None:
            if field.null:
                return "None"
            raise ObjectDoesNotExist(f"{field.name} is not set")
        target = field.related_model
        values = self.rows[target].get(pk)
        if values is None:
            raise ObjectDoesNotExist(f"{target._meta.object_name} {pk} was deleted")
        written = ROW_TEXTS.get(target._meta.model_name)
        return written(values, self) if written else str(self.instance(target, pk))

    def instance(self, model, pk):
        """The record as an instance holding the columns read, or None when it is gone."""
        if (model, pk) not in self.instances:
            values = self.rows[model].get(pk)
            self.instances[model, pk] = (
                None if values is None else model.from_db(connection.alias, list(values), list(values.values()))
            )
        return self.instances[model, pk]

    def slug(self, model, pk):
        values = self.rows[model].get(pk)
        return pk if values is None or "slug" not in values else values["slug"]


def read_related(model, pks) -> dict:
    """pk -> {attname: value} of the `pks` records of `model`, the columns their text needs."""
    columns = related_columns(model)
    pks = sorted(pks)
    rows = fetch(
        f"SELECT {columns.sql} FROM {quote_table(model)} r WHERE r.{connection.ops.quote_name(model._meta.pk.column)}"
        f" IN ({placeholders(pks)})",
        pks,
    )
    attnames = [field.attname for field in columns.fields]
    found = (dict(zip(attnames, columns.converted(row), strict=True)) for row in rows)
    return {values[model._meta.pk.attname]: values for values in found}


@functools.cache
def related_columns(model) -> Columns:
    text_fields = TEXT_FIELDS.get(model._meta.model_name)
    if text_fields is None:
        return Columns(model_fields(model), "r")
    return Columns([model._meta.pk, model._meta.get_field("slug"), *map(model._meta.get_field, text_fields)], "r")


def page_entries(record, tables: list, wanted: list[tuple], show_users: bool) -> list[dict]:
    """The entries of `wanted` ((history_date, history_id, table index) newest first) of the
    `tables` ((history model, condition) per index)."""
    by_table = defaultdict(list)
    for date, history_id, index in wanted:
        by_table[index].append((date, history_id))
    chains, previous = {}, {}  # per table: its versions on this page, oldest first; rows' earlier version
    for index, keys in by_table.items():
        history_model = tables[index][0]
        first = min(keys)
        chains[index], previous[index] = read_versions(history_model, [key[1] for key in keys], first, show_users)
    models_of = {index: tables[index][0].instance_type for index in chains}
    related = Related(
        [(version, models_of[index]) for index in chains for version in [*chains[index], *previous[index].values()]],
        record,
    )
    entries = {}
    for index, chain in chains.items():
        model = models_of[index]
        last = {row_id: row_values(version, model, related) for row_id, version in previous[index].items()}
        for version in chain:
            values = row_values(version, model, related)
            before = last.get(version.row_id)
            entries[index, version.history_id] = entry(version, model, related, values, before, record, show_users)
            last[version.row_id] = values
    return [entries[index, history_id] for _, history_id, index in wanted]


def row_values(version: Version, model, related: Related) -> dict:
    values = {}
    for name, attname, target in shown_fields(model):
        value = version.fields[attname]
        if target is not None:
            values[name] = None if value is None else related.slug(target, value)
        else:
            values[name] = value if value is None or isinstance(value, bool | int | str) else str(value)
    return values


@functools.cache
def shown_fields(model) -> tuple:
    """(name, attname, the model a foreign key points to or None) of each field a version shows."""
    return tuple(
        (field.name, field.attname, field.related_model if isinstance(field, models.ForeignKey) else None)
        for field in model_fields(model)
        if field.attname != "id"
    )


def entry(version: Version, model, related: Related, values: dict, before: dict | None, record, show_users) -> dict:
    changed = [
        name for name, value in values.items() if name not in NOT_COMPARED and (before is None or before[name] != value)
    ]
    deleted_relation = version.type == "-" and model is not type(record)
    return {
        "history_id": version.history_id,
        "date": version.date,
        "user": version.user if show_users else None,
        "change": CHANGES[version.type],
        "table": model._meta.model_name,
        "row_id": version.row_id,
        "row": row_text(version, model, related, deleted_relation),
        "reason": version.reason,
        "changed_fields": [] if version.type == "-" else changed,
        "values": values,
        "previous": before,  # the row's values at its version before (the admin's history page diffs them)
    }


def row_text(version: Version, model, related: Related, deleted_relation: bool) -> str:
    """The row as its model's `__str__` writes it at that version; its model and id when that
    follows a relation to a record deleted since (a deleted relation row's, whatever failed)."""
    try:
        written = ROW_TEXTS.get(model._meta.model_name)
        return written(version.fields, related) if written else str(instance(version, model, related))
    except ObjectDoesNotExist:
        pass
    except Exception:
        if not deleted_relation:
            raise
    return f"{model._meta.verbose_name} {version.row_id}"


def instance(version: Version, model, related: Related):
    """The model's instance at that version, with the records its foreign keys point to."""
    built = model(*(version.fields[field.attname] for field in model_fields(model)))
    for field in foreign_keys(model):
        pk = version.fields[field.attname]
        target = None if pk is None else related.instance(field.related_model, pk)
        if target is not None:
            field.set_cached_value(built, target)
    return built
