"""Columns (import-export fields) that read and write one cell: text, numbers, partial dates, related records by slug,
the record a citation belongs to (lists of slugs: lists.py)."""

import decimal
import functools
import json
import operator
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Value
from django.db.models.functions import Cast, Coalesce
from import_export import fields

from ..dates import edtf_from_columns, format_partial_date, parse_edtf
from ..models import (
    CITING_FIELDS,
    Actor,
    Agreement,
    Mechanism,
    Summit,
    set_partial_date,
)
from .cells import LIST_SEPARATOR, QUERY_CHUNK, ColumnError


class TextField(fields.Field):
    """A text column stored as is (the model's validators and choices check it on import)."""

    def __init__(self, attribute: str, *, strip: bool = False):
        super().__init__(attribute=attribute, column_name=attribute)
        self.strip = strip

    def clean(self, row, **kwargs):
        value = row[self.column_name]
        return value.strip() if self.strip else value

    def save(self, instance, row, is_m2m=False, **kwargs):
        """The library's save without its walk along `__` lookups, which these columns never use."""
        if self.readonly:
            return
        cleaned = self.clean(row)
        if cleaned is not None or self.saves_null_values:
            setattr(instance, self.attribute, cleaned)

    def export(self, instance, **kwargs):
        value = getattr(instance, self.attribute)
        return "" if value is None else str(value)

    def lookups(self) -> tuple[str, ...]:
        """What the cell needs from `.values_list()` (see CainfoResource.export_value_rows)."""
        return (self.attribute,)

    def column_reader(self, at: dict[str, int]) -> Callable[[list[tuple]], Sequence[str]]:
        """The column's cells for a chunk of `.values_list()` rows, read from the chunk's columns
        (the lookup at position `at[lookup]` is `columns[at[lookup]]`)."""
        i = at[self.attribute]
        return lambda columns: ["" if value is None else str(value) for value in columns[i]]


class ClaimListField(TextField):
    """A citation's claims in one cell, separated by ';' ("date;city;participant:japan")."""

    def clean(self, row, **kwargs):
        return [claim.strip() for claim in row[self.column_name].split(LIST_SEPARATOR) if claim.strip()]

    def export(self, instance, **kwargs):
        return LIST_SEPARATOR.join(getattr(instance, self.attribute) or [])

    def column_reader(self, at):
        i = at[self.attribute]
        return lambda columns: [LIST_SEPARATOR.join(claims or []) for claims in columns[i]]


class JSONObjectField(TextField):
    """A JSON object in one cell (a record's inferred claims: {"host": "From the city."}); an
    empty cell is an empty object."""

    def clean(self, row, **kwargs):
        text = row[self.column_name].strip()
        if not text:
            return {}
        try:
            value = json.loads(text)
        except ValueError as error:
            raise ColumnError(f"Not a JSON object: {error}.") from None
        if not isinstance(value, dict):
            raise ColumnError('Write a JSON object, e.g. {"host": "From the city."}.')
        return value

    @staticmethod
    def text(value) -> str:
        return json.dumps(value, ensure_ascii=False) if value else ""

    def export(self, instance, **kwargs):
        return self.text(getattr(instance, self.attribute))

    def lookups(self):
        return (self.raw_name,)

    @property
    def raw_name(self) -> str:
        return f"{self.attribute}_as_stored"

    def annotations(self) -> dict:
        """The column as the database keeps it (text): most cells are an empty object, which
        then needs no decoding."""
        return {self.raw_name: Cast(self.attribute, output_field=models.TextField())}

    def column_reader(self, at):
        i = at[self.raw_name]
        return lambda columns: [
            "" if stored is None or stored == "{}" else self.text(json.loads(stored)) for stored in columns[i]
        ]


class IntegerField(TextField):
    def clean(self, row, **kwargs):
        text = row[self.column_name].strip()
        if not text:
            return None
        try:
            return int(text)
        except ValueError:
            raise ColumnError(f"{text!r} is not a whole number.") from None


class DecimalField(TextField):
    def clean(self, row, **kwargs):
        text = row[self.column_name].strip()
        if not text:
            return None
        try:
            value = decimal.Decimal(text)
        except decimal.InvalidOperation:
            value = None
        if value is None or not value.is_finite():
            raise ColumnError(f"{text!r} is not a number: write digits with a dot for decimals, e.g. 19000000.")
        return value


class PartialDateField(fields.Field):
    """One column for a date as EDTF text: "2004", "2025-04", "2025-12-20", "2025-11?", "2019/2025"."""

    def __init__(self, attribute: str):
        super().__init__(attribute=attribute, column_name=attribute)

    def clean(self, row, **kwargs):
        text = row[self.column_name].strip()
        if not text:
            return None
        try:
            return parse_edtf(text)
        except ValidationError as error:
            raise ColumnError(error.messages[0]) from None

    def save(self, instance, row, is_m2m=False, **kwargs):
        set_partial_date(instance, self.attribute, self.clean(row))

    def get_value(self, instance):
        return instance.partial_date(self.attribute)

    def export(self, instance, **kwargs):
        return self.get_value(instance)

    def lookups(self):
        return (self.attribute, f"{self.attribute}_precision", f"{self.attribute}_text")

    def column_reader(self, at):
        i, j, k = at[self.attribute], at[f"{self.attribute}_precision"], at[f"{self.attribute}_text"]
        return lambda columns: list(map(_date_cell, columns[i], columns[j], columns[k]))


@functools.lru_cache(maxsize=4096)
def _date_cell(value, precision: str, text: str) -> str:
    """A partial date's cell from its three columns (many records share a date)."""
    if text and value is not None and precision and text == format_partial_date(value, precision):
        return text  # the common case, a plain date whichever way edtf_from_columns goes
    date = edtf_from_columns(value, precision, text)
    return date.text if date else ""


class SlugCache:
    """slug -> primary key per model for one import: filled in bulk for the slugs a file names,
    then one query for each slug not seen yet (records created earlier in the same file)."""

    def __init__(self):
        self._known: dict[type[models.Model], dict[str, int]] = defaultdict(dict)

    def prefetch(self, model: type[models.Model], slugs: Iterable[str]) -> None:
        wanted = sorted({slug for slug in slugs if slug} - self._known[model].keys())
        for start in range(0, len(wanted), QUERY_CHUNK):
            chunk = wanted[start : start + QUERY_CHUNK]
            self._known[model].update(model._default_manager.filter(slug__in=chunk).values_list("slug", "pk"))

    def get(self, model: type[models.Model], slug: str) -> int | None:
        known = self._known[model]
        if slug not in known:
            pk = model._default_manager.filter(slug=slug).values_list("pk", flat=True).first()
            if pk is None:
                return None
            known[slug] = pk
        return known[slug]

    def add(self, model: type[models.Model], slug: str, pk: int) -> None:
        self._known[model][slug] = pk


class RelatedSlugField(fields.Field):
    """A foreign key written as the related record's slug."""

    def __init__(self, attribute: str, model: type[models.Model], *, column_name: str | None = None):
        super().__init__(attribute=attribute, column_name=column_name or attribute)
        self.model = model
        self.resource = None  # the CainfoResource that owns the field sets itself here
        self.resolves = (attribute,)

    def clean(self, row, **kwargs):
        slug = row[self.column_name].strip()
        if not slug:
            return None
        pk = self.resource.slug_cache.get(self.model, slug)
        if pk is None:
            if self.model is self.resource._meta.model and slug in self.resource.file_slugs:
                return self.resource.defer_self_reference
            raise ColumnError(f"No {self.model._meta.verbose_name} has the slug {slug!r}.")
        return pk

    def save(self, instance, row, is_m2m=False, **kwargs):
        pk = self.clean(row)
        if pk is self.resource.defer_self_reference:
            self.resource.deferred.append((instance, self.attribute, row[self.column_name].strip(), kwargs))
            pk = None
        setattr(instance, f"{self.attribute}_id", pk)

    def get_value(self, instance):
        return getattr(instance, f"{self.attribute}_id")

    def export(self, instance, **kwargs):
        if getattr(instance, f"{self.attribute}_id") is None:
            return ""
        return getattr(instance, self.attribute).slug

    def lookups(self):
        return (self.cell_name,)

    @property
    def cell_name(self) -> str:
        return f"{self.attribute}_slug_or_empty"

    def annotations(self) -> dict:
        return {self.cell_name: Coalesce(f"{self.attribute}__slug", Value(""))}

    def column_reader(self, at):
        return operator.itemgetter(at[self.cell_name])


class CitedRecordField(fields.Field):
    """The record a citation belongs to: `record_type` (summit, mechanism, agreement, actor)
    names the table and `record` the slug; stored in one of four foreign keys."""

    MODELS = {"summit": Summit, "mechanism": Mechanism, "agreement": Agreement, "actor": Actor}

    def __init__(self):
        super().__init__(attribute="record", column_name="record")
        self.resource = None  # the owning CainfoResource
        self.resolves = CITING_FIELDS

    def clean(self, row, **kwargs):
        record_type = row.get("record_type", "").strip()
        slug = row[self.column_name].strip()
        if record_type not in CITING_FIELDS:
            raise ColumnError(
                f"{record_type!r} is not a record type: use one of {', '.join(CITING_FIELDS)}.", column="record_type"
            )
        if not slug:
            raise ColumnError("A citation needs the slug of the record that cites the source.")
        pk = self.resource.slug_cache.get(self.MODELS[record_type], slug)
        if pk is None:
            raise ColumnError(f"No {record_type} has the slug {slug!r}.")
        return record_type, pk

    def save(self, instance, row, is_m2m=False, **kwargs):
        record_type, pk = self.clean(row)
        for name in CITING_FIELDS:
            setattr(instance, f"{name}_id", pk if name == record_type else None)

    def get_value(self, instance):
        return tuple(getattr(instance, f"{name}_id") for name in CITING_FIELDS)

    def export(self, instance, **kwargs):
        record = instance.record
        return record.slug if record is not None else ""

    def lookups(self):
        return tuple(f"{name}__slug" for name in CITING_FIELDS)

    def column_reader(self, at):
        positions = [at[f"{name}__slug"] for name in CITING_FIELDS]
        return lambda columns: [
            next(filter(None, slugs), "") for slugs in zip(*(columns[i] for i in positions), strict=True)
        ]


class RecordTypeField(fields.Field):
    """Export-only twin of CitedRecordField (which reads this column on import)."""

    def __init__(self):
        super().__init__(attribute=None, column_name="record_type")

    def export(self, instance, **kwargs):
        return instance.record_type

    def lookups(self):
        return tuple(f"{name}_id" for name in CITING_FIELDS)

    def column_reader(self, at):
        positions = [at[f"{name}_id"] for name in CITING_FIELDS]
        return lambda columns: [
            next((name for name, pk in zip(CITING_FIELDS, pks, strict=True) if pk), "")
            for pks in zip(*(columns[i] for i in positions), strict=True)
        ]
