"""CSV / XLSX / JSON resources (django-import-export) for every record curators edit in bulk.

One file per table, with the same columns in admin export, ``manage.py export_csv``, the API's
``?format=csv`` and what import accepts:

- stable snake_case columns; related records by slug (``mechanism``, ``host``, ``actor``);
- many-to-many as ``;``-separated slugs (``topics``), unknown slugs reported, never dropped;
- one column per date, ISO 8601 at its precision (``2004``, ``2025-04``, ``2025-12-20``);
- money as ``value_amount`` + ``value_currency``;
- a cell starting with ``=``, ``+``, ``-``, ``@``, tab or CR is written with a leading ``'`` so a
  spreadsheet shows it as text, and the ``'`` is removed again on import.

Rows match existing records by natural key (the slug, or the natural key tuple of a relation
row), through one query per file rather than one per row; related slugs are looked up through a
per-import cache.

Two ways to write, with the same outcome (``events.importing`` runs them in one transaction):

- bulk (``bulk=True``, tried first): each row is parsed and checked in Python (field validators,
  choices, lengths), then saved in batches with django-simple-history's
  ``bulk_create_with_history`` / ``bulk_update_with_history``; the unique and check constraints
  are left to the database. The first problem of any kind abandons the attempt
  (``BulkImportAbandoned``) and it is rolled back.
- row by row (the default): every row is saved with ``save()`` after ``full_clean()``'s checks,
  so each bad row is reported with its column and reason. A file the bulk attempt gave up on is
  imported this way, which writes nothing and names every bad row.
"""

import copy
import datetime
import decimal
import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from typing import NamedTuple

import tablib
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DatabaseError, connections, models, router
from django.utils import timezone
from import_export import fields, resources, widgets
from import_export.instance_loaders import BaseInstanceLoader
from import_export.results import RowResult
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from .cache import data_changed
from .dates import format_partial_date, parse_partial_date
from .models import (
    CITING_FIELDS,
    Actor,
    Agreement,
    AgreementParty,
    Citation,
    Mechanism,
    MechanismLevel,
    Membership,
    Participation,
    Source,
    Summit,
    Topic,
)

LIST_SEPARATOR = ";"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ESCAPE_FIRST = "".join(FORMULA_STARTS) + "'"  # a cell not starting with one of these is never escaped
QUERY_CHUNK = 900  # below SQLite's and PostgreSQL's limits on query parameters
BULK_BATCH = 1000  # rows saved per bulk insert or update (and their history rows)
#: constraints that parse_partial_date makes true by construction (see events.dates)
GUARANTEED_CONSTRAINTS = ("_has_precision", "_month_starts_on_day_1", "_year_starts_on_1_january")


# --- cells -------------------------------------------------------------------------------------


def _needs_escape(text: str) -> bool:
    """True for text a spreadsheet could run as a formula, also behind leading quotes, so that
    escaping stays reversible for text that itself starts with a quote."""
    return text.lstrip("'").startswith(FORMULA_STARTS)


def escape_formula(value):
    """'=1+1' -> "'=1+1": a spreadsheet shows the cell as text instead of running it."""
    if isinstance(value, str) and _needs_escape(value):
        return "'" + value
    return value


def unescape_formula(value):
    """The reverse of escape_formula: "'=1+1" -> '=1+1'; any other text is left as it is."""
    if isinstance(value, str) and value.startswith("'") and _needs_escape(value[1:]):
        return value[1:]
    return value


def cell_text(value) -> str:
    """Any cell read from CSV, XLSX or JSON as text: None -> "", 2004.0 -> "2004", a date typed
    into a spreadsheet -> its ISO text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.datetime):
        value = value.date() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return value if isinstance(value, str) else str(value)


class ColumnError(ValueError):
    """A cell's value is wrong; `column` names the cell when it is not the field's own column."""

    def __init__(self, message: str, column: str | None = None):
        super().__init__(message)
        self.column = column


# --- fields ------------------------------------------------------------------------------------


class TextField(fields.Field):
    """A text column stored as is (the model's validators and choices check it on import)."""

    def __init__(self, attribute: str, *, strip: bool = False):
        super().__init__(attribute=attribute, column_name=attribute)
        self.strip = strip

    def clean(self, row, **kwargs):
        value = row[self.column_name]
        return value.strip() if self.strip else value

    def export(self, instance, **kwargs):
        value = getattr(instance, self.attribute)
        return "" if value is None else str(value)

    def lookups(self) -> tuple[str, ...]:
        """What the cell needs from `.values_list()` (see CainfoResource.export_value_rows)."""
        return (self.attribute,)

    def cell_reader(self, at: dict[str, int]) -> Callable[[tuple], str]:
        """The cell, from a `.values_list()` row whose lookup positions are `at`."""
        i = at[self.attribute]
        return lambda row: "" if row[i] is None else str(row[i])


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
    """One column for a date and its precision: "2004", "2025-04" or "2025-12-20"."""

    def __init__(self, attribute: str):
        super().__init__(attribute=attribute, column_name=attribute)

    def clean(self, row, **kwargs):
        text = row[self.column_name].strip()
        if not text:
            return None, ""
        try:
            return parse_partial_date(text)
        except ValidationError as error:
            raise ColumnError(error.messages[0]) from None

    def save(self, instance, row, is_m2m=False, **kwargs):
        value, precision = self.clean(row)
        setattr(instance, self.attribute, value)
        setattr(instance, f"{self.attribute}_precision", precision)

    def get_value(self, instance):
        return getattr(instance, self.attribute), getattr(instance, f"{self.attribute}_precision")

    def export(self, instance, **kwargs):
        return format_partial_date(*self.get_value(instance))

    def lookups(self):
        return (self.attribute, f"{self.attribute}_precision")

    def cell_reader(self, at):
        i, j = at[self.attribute], at[f"{self.attribute}_precision"]
        return lambda row: format_partial_date(row[i], row[j])


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
        self.resource: CainfoResource | None = None  # set by the resource that owns the field
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
        return (f"{self.attribute}__slug",)

    def cell_reader(self, at):
        i = at[f"{self.attribute}__slug"]
        return lambda row: row[i] or ""


class SlugRef(NamedTuple):
    """A related record named in a list cell: what an import needs of it, without a model instance."""

    pk: int
    slug: str


class SlugListWidget(widgets.ManyToManyWidget):
    """Many-to-many as ';'-separated slugs; every slug must name a record (none is dropped)."""

    def __init__(self, model: type[models.Model], field: "SlugListField"):
        super().__init__(model, separator=LIST_SEPARATOR, field="slug")
        self.owner = field

    def clean(self, value, row=None, **kwargs):
        slugs = list(dict.fromkeys(part.strip() for part in (value or "").split(LIST_SEPARATOR) if part.strip()))
        cache = self.owner.resource.slug_cache
        pks = {slug: cache.get(self.model, slug) for slug in slugs}
        unknown = [slug for slug, pk in pks.items() if pk is None]
        if unknown:
            noun = self.model._meta.verbose_name if len(unknown) == 1 else self.model._meta.verbose_name_plural
            raise ColumnError(f"Unknown {noun}: {', '.join(repr(slug) for slug in unknown)}.")
        return [SlugRef(pk, slug) for slug, pk in pks.items()]

    def render(self, value, obj=None, **kwargs):
        return LIST_SEPARATOR.join(sorted(item.slug for item in value.all())) if value is not None else ""

    def render_prefetched(self, instance, attribute: str) -> str:
        """From the prefetch cache when there is one: creating a related manager per row costs
        more than the rest of the row."""
        cache = getattr(instance, "_prefetched_objects_cache", {})
        if attribute in cache:
            return LIST_SEPARATOR.join(sorted(item.slug for item in cache[attribute]))
        return self.render(getattr(instance, attribute))


class SlugListField(fields.Field):
    def __init__(self, attribute: str, model: type[models.Model]):
        super().__init__(attribute=attribute, column_name=attribute, widget=SlugListWidget(model, self))
        self.model = model
        self.resource: CainfoResource | None = None

    def save(self, instance, row, is_m2m=False, **kwargs):
        getattr(instance, self.attribute).set([item.pk for item in self.clean(row)])

    def export(self, instance, **kwargs):
        if instance.pk is None:
            return ""
        return self.widget.render_prefetched(instance, self.attribute)

    def lookups(self):
        return ()  # one query per chunk of rows instead (slugs_by_record), added to each row

    def cell_reader(self, at):
        i = at[self.attribute]
        return lambda row: row[i]

    def slugs_by_record(self, pks: list[int]) -> dict[int, str]:
        """pk -> the ';'-separated slugs of the records `pks` link to, in one query. Written in
        SQL: the ORM prepares each of the 2,000 values of an `__in` lookup one by one, which took
        a third of an export's time."""
        relation = self.resource._meta.model._meta.get_field(self.attribute)
        through = relation.remote_field.through._meta
        own = through.get_field(relation.m2m_field_name()).column
        other = through.get_field(relation.m2m_reverse_field_name()).column
        target = relation.related_model._meta
        connection = connections[router.db_for_read(relation.related_model)]
        quote = connection.ops.quote_name
        sql = (
            f"SELECT link.{quote(own)}, target.{quote('slug')} FROM {quote(through.db_table)} link"
            f" JOIN {quote(target.db_table)} target ON target.{quote(target.pk.column)} = link.{quote(other)}"
            f" WHERE link.{quote(own)} IN ({', '.join(['%s'] * len(pks))})"
        )
        links = defaultdict(list)
        with connection.cursor() as cursor:
            cursor.execute(sql, pks)
            for pk, slug in cursor.fetchall():
                links[pk].append(slug)
        return {pk: LIST_SEPARATOR.join(sorted(slugs)) for pk, slugs in links.items()}


class CitedRecordField(fields.Field):
    """The record a citation belongs to: `record_type` (summit, mechanism, agreement, actor)
    names the table and `record` the slug; stored in one of four foreign keys."""

    MODELS = {"summit": Summit, "mechanism": Mechanism, "agreement": Agreement, "actor": Actor}

    def __init__(self):
        super().__init__(attribute="record", column_name="record")
        self.resource: CainfoResource | None = None
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

    def cell_reader(self, at):
        positions = [at[f"{name}__slug"] for name in CITING_FIELDS]
        return lambda row: next((row[i] for i in positions if row[i]), "")


class RecordTypeField(fields.Field):
    """Export-only twin of CitedRecordField (which reads this column on import)."""

    def __init__(self):
        super().__init__(attribute=None, column_name="record_type")

    def export(self, instance, **kwargs):
        return instance.record_type

    def lookups(self):
        return tuple(f"{name}_id" for name in CITING_FIELDS)

    def cell_reader(self, at):
        positions = [(at[f"{name}_id"], name) for name in CITING_FIELDS]
        return lambda row: next((name for i, name in positions if row[i]), "")


# --- instance loading --------------------------------------------------------------------------


class NaturalKeyInstanceLoader(BaseInstanceLoader):
    """Finds the existing records for every row of the file in a few queries, by natural key."""

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        self.instances = {}
        keys = [resource.row_key(row) for row in resource.iter_rows(dataset)] if dataset is not None else []
        keys = [key for key in keys if key is not None]
        for instance in resource.existing_for_keys(keys):
            self.instances[resource.instance_key(instance)] = instance

    def get_instance(self, row):
        """Each record is handed out once (a second row with its key is a duplicate, reported as
        such), so memory is freed as the import goes."""
        key = self.resource.row_key(row)
        return self.instances.pop(key, None) if key is not None else None


# --- resources ---------------------------------------------------------------------------------


class _NoDiff:
    def __init__(self, resource, instance, new):
        pass

    def compare_with(self, resource, instance):
        pass

    def as_html(self):
        return []


class _DeferSelfReference:
    def __repr__(self):
        return "<reference to a record later in the file>"


class HeaderError(Exception):
    """The file's header row is wrong; `problems` lists (column, reason) pairs."""

    def __init__(self, problems: list[tuple[str, str]]):
        super().__init__("; ".join(f"{column}: {reason}" for column, reason in problems))
        self.problems = problems


class BulkImportAbandoned(Exception):
    """A bulk import met a problem (a bad row, or the database refused a batch): the caller rolls
    it back and imports row by row, which names every bad row."""


class RowResultWithoutText(RowResult):
    """A row result that keeps the record's id but not its text (see CainfoResource.import_row)."""

    def add_instance_info(self, instance):
        if instance is not None:
            self.object_id = getattr(instance, "pk", None)


class CainfoResource(resources.ModelResource):
    """Base for every cainfo resource: natural keys, slug caches, formula escaping, header
    checks and duplicate keys reported per row, history kept through save()."""

    #: the columns that identify a row (the model's natural key)
    key_columns: tuple[str, ...] = ("slug",)
    #: columns a file must have (the key and the fields a new record cannot do without)
    required_columns: tuple[str, ...] = ("slug",)
    #: related records to load with the export and with existing rows
    select_related: tuple[str, ...] = ()
    prefetch_related: tuple[str, ...] = ()
    #: the column a full_clean() error on a model field belongs to, where the names differ
    field_columns: dict[str, str] = {}
    #: a column whose error leaves another column's model fields unchecked (they depend on it)
    linked_columns: dict[str, str] = {}

    defer_self_reference = _DeferSelfReference()

    class Meta:
        abstract = True
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True
        instance_loader_class = NaturalKeyInstanceLoader
        chunk_size = 2000

    def __init__(self, *, with_diff: bool = True, bulk: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.with_diff = with_diff
        self.bulk = bulk
        if bulk:
            self._meta = copy.copy(self._meta)  # this instance only, not the class's options
            self._meta.use_bulk = True
            self._meta.batch_size = BULK_BATCH
            self._meta.skip_diff = True  # no deep copy of each record: skip_row compares with `stored`
        self.stored: dict[str, object] | None = None
        self.pending_m2m: dict[str, list[tuple[models.Model, list[int]]]] = defaultdict(list)
        for field in self.fields.values():
            if hasattr(field, "resource"):
                field.resource = self
        self.slug_cache = SlugCache()
        self.file_slugs: set[str] = set()
        self.deferred: list = []
        self.duplicates: dict[int, str] = {}

    def get_import_fields(self):
        """The same on every call of one import; the library asks several times a row."""
        if getattr(self, "_import_fields", None) is None:
            self._import_fields = super().get_import_fields()
        return self._import_fields

    # natural keys

    def get_import_id_fields(self):
        return list(self.key_columns)

    def key_from_values(self, values: dict[str, str]) -> tuple:
        return tuple(values.get(column, "").strip() for column in self.key_columns)

    def row_key(self, row: dict[str, str]) -> tuple | None:
        return self.key_from_values(row)

    def instance_key(self, instance) -> tuple:
        return tuple(fld.export(instance) for fld in (self.fields[c] for c in self.key_columns))

    def existing_for_keys(self, keys: list[tuple]) -> Iterator[models.Model]:
        """The records whose natural key is among `keys` (a superset is fine)."""
        first = self.fields[self.key_columns[0]]
        lookup = "slug" if isinstance(first, TextField) else f"{first.attribute}__slug"
        values = sorted({key[0] for key in keys})
        queryset = self.get_queryset()
        for start in range(0, len(values), QUERY_CHUNK):
            yield from queryset.filter(**{f"{lookup}__in": values[start : start + QUERY_CHUNK]})

    def get_queryset(self):
        queryset = self._meta.model._default_manager.all()
        if self.select_related:
            queryset = queryset.select_related(*self.select_related)
        if self.prefetch_related:
            queryset = queryset.prefetch_related(*self.prefetch_related)
        return queryset

    # reading the file

    def iter_rows(self, dataset: tablib.Dataset) -> Iterator[dict[str, str]]:
        headers = dataset.headers or []
        for values in dataset:
            yield dict(zip(headers, values, strict=False))

    def check_headers(self, headers: list) -> list[tuple[str, str]]:
        known = [field.column_name for field in self.get_export_fields()]
        problems = []
        seen = set()
        for header in headers:
            if header in seen:
                problems.append((header, "this column appears more than once"))
            seen.add(header)
            if header not in known:
                if header == "":
                    problems.append(("", "a column has no name"))
                else:
                    problems.append((header, f"unknown column; the columns are {', '.join(known)}"))
        for column in self.required_columns:
            if column not in seen:
                problems.append((column, "required column is missing"))
        return problems

    def before_import(self, dataset, **kwargs):
        headers = [cell_text(header).strip() for header in (dataset.headers or [])]
        rows = [[unescape_formula(cell_text(value)) for value in values] for values in dataset]
        del dataset[0 : len(dataset)]
        problems = self.check_headers(headers)
        if problems:
            raise HeaderError(problems)
        dataset.headers = headers
        dataset.extend(rows)

        first_seen: dict[tuple, int] = {}
        for number, row in enumerate(self.iter_rows(dataset), 1):
            key = self.row_key(row)
            if key is None or not any(key):
                continue
            if key in first_seen:
                pairs = zip(self.key_columns, key, strict=True)
                shown = ", ".join(f"{column} {value!r}" for column, value in pairs if value)
                self.duplicates[number] = f"Duplicate row: {shown} is also on row {first_seen[key] + 1}."
            else:
                first_seen[key] = number
        if "slug" in headers:
            self.file_slugs = {row["slug"].strip() for row in self.iter_rows(dataset)}

        related = defaultdict(set)
        for field in self.get_import_fields():
            if field.column_name not in headers:
                continue
            if isinstance(field, RelatedSlugField):
                related[field.model].update(row[field.column_name].strip() for row in self.iter_rows(dataset))
            elif isinstance(field, SlugListField):
                for row in self.iter_rows(dataset):
                    related[field.model].update(part.strip() for part in row[field.column_name].split(LIST_SEPARATOR))
        for model, slugs in related.items():
            self.slug_cache.prefetch(model, slugs)

    # one row

    def import_row(self, row, instance_loader, **kwargs):
        # The text of each record (`str()`) is only shown by the admin; for a relation row it reads
        # the two records it joins, two queries a row: a third of a participations import.
        self.wants_repr = self.with_diff or kwargs.get("retain_instance_in_row_result", False)
        row_result = super().import_row(row, instance_loader, **kwargs)
        if not self.with_diff:
            row_result.original = None  # else the result keeps a copy of every existing record
        if self.bulk and (row_result.errors or row_result.validation_error):
            raise BulkImportAbandoned(f"row {kwargs.get('row_number', 0) + 1}")
        return row_result

    def handle_import_error(self, result, error, raise_errors=False):
        if self.bulk:
            raise BulkImportAbandoned(str(error)) from error
        super().handle_import_error(result, error, raise_errors)

    def get_row_result_class(self):
        return RowResult if getattr(self, "wants_repr", True) else RowResultWithoutText

    def import_instance(self, instance, row, **kwargs):
        """Like the library's, but many-to-many cells are checked here too (so an unknown
        topic is a row error, not a crash after saving) and errors are keyed by column."""
        errors = {}
        for field in self.get_import_fields():
            if field.column_name not in row or field.readonly:
                continue
            try:
                if isinstance(field.widget, widgets.ManyToManyWidget):
                    field.clean(row)
                else:
                    self.import_field(field, instance, row, **kwargs)
            except ValueError as error:
                column = getattr(error, "column", None) or field.column_name
                errors[column] = ValidationError(str(error), code="invalid")
        duplicate = self.duplicates.get(kwargs.get("row_number"))
        if duplicate:
            errors.setdefault(self.key_columns[0], ValidationError(duplicate, code="duplicate"))
        if errors:
            raise ValidationError(errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """full_clean()'s four steps, without repeating checks this resource has made already:
        foreign keys found through the slug cache are not looked up again, and the partial-date
        constraints (which parse_partial_date guarantees) are not sent to the database for each
        row; the database still enforces both on save. Model fields of columns that already have
        an error are left out. In bulk mode the unique and check constraints are left to the
        database altogether (a refused batch abandons the bulk import)."""
        errors = dict(import_validation_errors or {})
        columns = set(errors) | {self.linked_columns[column] for column in errors if column in self.linked_columns}
        exclude = {field.name for field in instance._meta.fields if self.column_for(field.name) in columns}
        exclude |= set(errors)
        found = {
            name
            for field in self.get_import_fields()
            for name in getattr(field, "resolves", ())  # foreign keys the field has looked up
            if getattr(instance, f"{name}_id", None) is not None
        }
        for step in (lambda: instance.clean_fields(exclude=exclude | found), instance.clean):
            try:
                step()
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        if self.bulk:
            if errors:
                raise ValidationError(errors)
            return
        if validate_unique:
            exclude |= {name for name in errors if name != NON_FIELD_ERRORS}
            try:
                instance.validate_unique(exclude=exclude)
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        exclude |= {name for name in errors if name != NON_FIELD_ERRORS}
        using = router.db_for_write(type(instance), instance=instance)
        for model_class, constraints in instance.get_constraints():
            for constraint in constraints:
                if constraint.name.endswith(GUARANTEED_CONSTRAINTS):
                    continue
                try:
                    constraint.validate(model_class, instance, exclude=exclude, using=using)
                except ValidationError as error:
                    if isinstance(constraint, models.UniqueConstraint) and len(constraint.fields) == 1:
                        errors.setdefault(constraint.fields[0], []).append(error)
                    else:
                        errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def get_diff_class(self):
        """The admin's preview shows what each row changes; elsewhere nobody reads the diff,
        and building it costs a query per related field and row."""
        return super().get_diff_class() if self.with_diff else _NoDiff

    def before_save_instance(self, instance, row, **kwargs):
        user = kwargs.get("user")
        if getattr(user, "pk", None) is not None:
            instance._history_user = user
        file_name = kwargs.get("file_name")
        instance._change_reason = f"Imported from {file_name}" if file_name else "Imported from a file"

    def after_save_instance(self, instance, row, **kwargs):
        if hasattr(instance, "slug") and instance.pk is not None:  # in bulk mode: once the batch is saved
            self.slug_cache.add(self._meta.model, instance.slug, instance.pk)

    # bulk mode

    def after_init_instance(self, instance, new, row, **kwargs):
        """In bulk mode, note the stored values of an existing record (see skip_row)."""
        if not self.bulk:
            return
        self.stored = (
            None
            if new
            else {field.column_name: self._stored_value(field, instance) for field in self.get_import_fields()}
        )

    @staticmethod
    def _stored_value(field, instance):
        if isinstance(field, SlugListField):
            return sorted(item.pk for item in field.get_value(instance).all())
        return field.get_value(instance)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """In bulk mode (no `original`): an existing record whose cells match its stored values."""
        if not self.bulk:
            return super().skip_row(instance, original, row, import_validation_errors)
        if self.stored is None or import_validation_errors:
            return False
        for field in self.get_import_fields():
            if field.column_name not in row:
                continue
            if isinstance(field, SlugListField):
                value = sorted(item.pk for item in field.clean(row))
            else:
                value = field.get_value(instance)
            if value != self.stored[field.column_name]:
                return False
        return True

    def save_m2m(self, instance, row, **kwargs):
        if not self.bulk:
            return super().save_m2m(instance, row, **kwargs)
        for field in self.get_import_fields():
            if isinstance(field, SlugListField) and field.column_name in row:
                self.pending_m2m[field.attribute].append((instance, [item.pk for item in field.clean(row)]))

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if not self.create_instances:
            return
        model = self._meta.model
        try:
            bulk_create_with_history(self.create_instances, model, batch_size=batch_size)
        except DatabaseError as error:
            raise BulkImportAbandoned(f"the database refused a batch of new rows: {error}") from error
        if hasattr(model, "slug"):
            for instance in self.create_instances:
                self.slug_cache.add(model, instance.slug, instance.pk)
        self.create_instances.clear()
        self.write_pending_m2m()
        data_changed()  # bulk_create sends no signals

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if not self.update_instances:
            return
        model = self._meta.model
        now = timezone.now()
        for instance in self.update_instances:
            instance.updated_at = now  # bulk_update() skips auto_now
        columns = [f.name for f in model._meta.concrete_fields if not f.primary_key and f.name != "created_at"]
        try:
            bulk_update_with_history(self.update_instances, model, columns, batch_size=batch_size)
        except DatabaseError as error:
            raise BulkImportAbandoned(f"the database refused a batch of changed rows: {error}") from error
        self.update_instances.clear()
        self.write_pending_m2m()
        data_changed()

    def write_pending_m2m(self):
        """Many-to-many cells of the rows saved so far: their links replaced in two queries per
        batch (the instances have primary keys once their batch is saved)."""
        for attribute, pending in self.pending_m2m.items():
            ready = [(instance, pks) for instance, pks in pending if instance.pk is not None]
            if not ready:
                continue
            relation = self._meta.model._meta.get_field(attribute)
            through = relation.remote_field.through
            own, other = relation.m2m_field_name(), relation.m2m_reverse_field_name()
            ids = [instance.pk for instance, _ in ready]
            for start in range(0, len(ids), QUERY_CHUNK):
                through.objects.filter(**{f"{own}__in": ids[start : start + QUERY_CHUNK]}).delete()
            links = [through(**{f"{own}_id": instance.pk, f"{other}_id": pk}) for instance, pks in ready for pk in pks]
            through.objects.bulk_create(links, batch_size=BULK_BATCH)
            self.pending_m2m[attribute] = [(instance, pks) for instance, pks in pending if instance.pk is None]

    def after_import_row(self, row, row_result, **kwargs):
        progress = kwargs.get("progress")
        if progress is not None:
            progress(kwargs["row_number"])

    def after_import(self, dataset, result, **kwargs):
        """Fill in references to records that came later in the same file (a person before
        the state they represent, a mechanism before its parent)."""
        failed = result.has_errors() or result.has_validation_errors()
        unresolved = []
        for instance, attribute, slug, _ in self.deferred:
            pk = self.slug_cache.get(self._meta.model, slug)
            if pk is None or instance.pk is None:
                unresolved.append(slug)
                continue
            setattr(instance, f"{attribute}_id", pk)
            instance.full_clean(validate_unique=False)
            instance.save(update_fields=[attribute, "updated_at"])
        if unresolved and not failed:  # otherwise the rows that failed are reported already
            raise ValueError(f"Could not link to {', '.join(map(repr, unresolved))}: those rows were not imported.")
        super().after_import(dataset, result, **kwargs)

    # export

    def export_resource(self, instance, selected_fields=None, **kwargs):
        """One row of cells, formula-escaped. The fields export themselves (no dehydrate_
        methods here), which skips the library's per-cell method lookup."""
        if selected_fields:
            return [escape_formula(value) for value in super().export_resource(instance, selected_fields, **kwargs)]
        if not hasattr(self, "_all_export_fields"):
            self._all_export_fields = self.get_export_fields()
        return [escape_formula(field.export(instance)) for field in self._all_export_fields]

    def filter_export(self, queryset, **kwargs):
        """Load the related records every row shows (also for the admin's filtered export)."""
        if not isinstance(queryset, models.QuerySet):
            return queryset
        return queryset.select_related(*self.select_related).prefetch_related(*self.prefetch_related)

    def export_value_rows(self, queryset: models.QuerySet) -> Iterator[list[str]]:
        """The cells export_resource gives, built from `.values_list()` rows instead of model
        instances (the command line's and the API's export, where the admin's hooks are not
        needed): the same cells in a fraction of the time."""
        export_fields = self.get_export_fields()
        lookups = list(dict.fromkeys(lookup for field in export_fields for lookup in field.lookups()))
        lists = [field for field in export_fields if isinstance(field, SlugListField)]
        at = {lookup: i for i, lookup in enumerate(["pk", *lookups, *(field.attribute for field in lists)])}
        readers = [field.cell_reader(at) for field in export_fields]
        size = self.get_chunk_size()
        rows = queryset.prefetch_related(None).values_list("pk", *lookups).iterator(chunk_size=size)
        while chunk := list(itertools.islice(rows, size)):
            if lists:
                pks = [row[0] for row in chunk]
                slugs = [field.slugs_by_record(pks) for field in lists]
                chunk = [(*row, *(by_record.get(row[0], "") for by_record in slugs)) for row in chunk]
            for row in chunk:
                cells = [read(row) for read in readers]
                yield [
                    ("'" + cell if cell and cell[0] in ESCAPE_FIRST and _needs_escape(cell) else cell) for cell in cells
                ]

    def iter_queryset(self, queryset):
        """Stream in chunks; Django (>= 4.1) prefetches per chunk when given a chunk size."""
        if not isinstance(queryset, models.QuerySet):
            yield from queryset
            return
        yield from queryset.iterator(chunk_size=self.get_chunk_size())

    def column_for(self, field_name: str) -> str:
        """The column a full_clean() error on a model field belongs to."""
        if field_name in self.field_columns:
            return self.field_columns[field_name]
        if field_name.endswith("_precision"):
            return field_name.removesuffix("_precision")
        return field_name


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
    description = TextField("description")
    curator_note = TextField("curator_note")

    required_columns = ("slug", "name", "kind")
    select_related = ("represents",)

    class Meta:
        model = Actor
        fields = ("slug", "name", "kind", "acronym", "iso3", "represents", "office", "description", "curator_note")
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
        )
        name = "mechanisms"


class MechanismLevelResource(CainfoResource):
    mechanism = RelatedSlugField("mechanism", Mechanism)
    level = TextField("level", strip=True)
    since = PartialDateField("since")
    note = TextField("note")

    key_columns = ("mechanism", "level", "since")
    required_columns = ("mechanism", "level", "since")
    select_related = ("mechanism",)

    class Meta:
        model = MechanismLevel
        fields = ("mechanism", "level", "since", "note")
        name = "mechanism-levels"

    def row_key(self, row):
        return _key_with_date(self.key_from_values(row), 2)

    def instance_key(self, instance):
        return instance.mechanism.slug, instance.level, instance.since


class MembershipResource(CainfoResource):
    actor = RelatedSlugField("actor", Actor)
    mechanism = RelatedSlugField("mechanism", Mechanism)
    role = TextField("role", strip=True)
    start = PartialDateField("start")
    end = PartialDateField("end")
    curator_note = TextField("curator_note")

    key_columns = ("actor", "mechanism", "start")
    required_columns = ("actor", "mechanism", "role", "start")
    select_related = ("actor", "mechanism")

    class Meta:
        model = Membership
        fields = ("actor", "mechanism", "role", "start", "end", "curator_note")
        name = "memberships"

    def row_key(self, row):
        return _key_with_date(self.key_from_values(row), 2)

    def instance_key(self, instance):
        return instance.actor.slug, instance.mechanism.slug, instance.start


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
        )
        name = "summits"


class ParticipationResource(CainfoResource):
    summit = RelatedSlugField("summit", Summit)
    actor = RelatedSlugField("actor", Actor)
    role = TextField("role", strip=True)
    representative = RelatedSlugField("representative", Actor)

    key_columns = ("summit", "actor")
    required_columns = ("summit", "actor", "role")
    select_related = ("summit", "actor", "representative")

    class Meta:
        model = Participation
        fields = ("summit", "actor", "role", "representative")
        name = "participations"

    def instance_key(self, instance):
        return instance.summit.slug, instance.actor.slug


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
        )
        name = "agreements"


class AgreementPartyResource(CainfoResource):
    agreement = RelatedSlugField("agreement", Agreement)
    actor = RelatedSlugField("actor", Actor)
    role = TextField("role", strip=True)
    representative = RelatedSlugField("representative", Actor)

    key_columns = ("agreement", "actor")
    required_columns = ("agreement", "actor", "role")
    select_related = ("agreement", "actor", "representative")

    class Meta:
        model = AgreementParty
        fields = ("agreement", "actor", "role", "representative")
        name = "agreement-parties"

    def instance_key(self, instance):
        return instance.agreement.slug, instance.actor.slug


class CitationResource(CainfoResource):
    source = RelatedSlugField("source", Source)
    record_type = RecordTypeField()
    record = CitedRecordField()
    locator = TextField("locator")
    quote = TextField("quote")

    key_columns = ("source", "record_type", "record", "locator")
    required_columns = ("source", "record_type", "record", "locator")
    select_related = ("source", *CITING_FIELDS)
    field_columns = {name: "record" for name in CITING_FIELDS}
    linked_columns = {"record_type": "record"}

    class Meta:
        model = Citation
        fields = ("source", "record_type", "record", "locator", "quote")
        name = "citations"

    def key_from_values(self, values):
        key = super().key_from_values(values)
        return (*key[:3], values.get("locator", ""))  # the locator is matched exactly, spaces and all

    def instance_key(self, instance):
        record = instance.record
        return instance.source.slug, instance.record_type, record.slug if record else "", instance.locator


def _key_with_date(key: tuple, position: int) -> tuple | None:
    """A natural key whose `position` holds a date as text, with the text replaced by the stored
    date ("2025-04" -> 2025-04-01); None when the date cannot be read (the row is then new and
    its date error is reported)."""
    text = key[position]
    if not text:
        return (*key[:position], None, *key[position + 1 :])
    try:
        value, _precision = parse_partial_date(text)
    except ValidationError:
        return None
    return (*key[:position], value, *key[position + 1 :])


#: file name -> resource, in the order files must be imported (a file only refers to records
#: in itself or in files above it)
RESOURCES: dict[str, type[CainfoResource]] = {
    "topics": TopicResource,
    "sources": SourceResource,
    "actors": ActorResource,
    "mechanisms": MechanismResource,
    "mechanism-levels": MechanismLevelResource,
    "memberships": MembershipResource,
    "summits": SummitResource,
    "participations": ParticipationResource,
    "agreements": AgreementResource,
    "agreement-parties": AgreementPartyResource,
    "citations": CitationResource,
}

MODEL_RESOURCES: dict[type[models.Model], str] = {resource._meta.model: name for name, resource in RESOURCES.items()}


def get_resource(name: str, **kwargs) -> CainfoResource:
    try:
        return RESOURCES[name](**kwargs)
    except KeyError:
        raise KeyError(f"Unknown table {name!r}: use one of {', '.join(RESOURCES)}.") from None


def export_rows(name: str, queryset: models.QuerySet | None = None) -> Iterator[list[str]]:
    """The header, then one list of cells per record, streamed from the database in chunks."""
    resource = get_resource(name)
    yield resource.get_export_headers()
    yield from resource.export_value_rows(resource._meta.model._default_manager.all() if queryset is None else queryset)


def export_dataset(name: str, queryset: models.QuerySet | None = None) -> tablib.Dataset:
    """Every record of `queryset` (default: all) as a tablib Dataset with the file's columns;
    `dataset.csv`, `.xlsx`, `.json` are then valid import files."""
    rows = export_rows(name, queryset)
    dataset = tablib.Dataset(headers=next(rows))
    dataset.extend(rows)
    return dataset
