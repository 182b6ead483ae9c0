"""CainfoResource, the base of every resource: natural keys, header checks, per-row validation and history."""

import copy
from collections import defaultdict
from collections.abc import Iterator
from functools import cached_property

import tablib
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, router
from import_export import resources, widgets
from import_export.instance_loaders import BaseInstanceLoader
from import_export.results import RowResult

from .bulk import BulkWriteMixin
from .cells import (
    BULK_BATCH,
    LIST_SEPARATOR,
    QUERY_CHUNK,
    BulkImportAbandoned,
    HeaderError,
    cell_text,
    unescape_formula,
)
from .diff import WordDiff
from .exporting import ExportMixin
from .fields import PartialDateField, RelatedSlugField, SlugCache, TextField
from .lists import SlugListField

#: constraints that parse_partial_date makes true by construction (see events.dates)
GUARANTEED_CONSTRAINTS = ("_has_precision", "_month_starts_on_day_1", "_year_starts_on_1_january")


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


class RowResultWithoutText(RowResult):
    """A row result that keeps the record's id but not its text (see CainfoResource.import_row)."""

    def add_instance_info(self, instance):
        if instance is not None:
            self.object_id = getattr(instance, "pk", None)


def _cell(value) -> str:
    """A cell as text, formula escape removed (text that cannot need either is left as it is)."""
    if type(value) is str and not value.startswith("'"):
        return value
    return unescape_formula(cell_text(value))


def _changed(values, cells) -> bool:
    return any(value is not cell for value, cell in zip(values, cells, strict=True))


class CainfoResource(ExportMixin, BulkWriteMixin, resources.ModelResource):
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
        self.row_links: dict[str, list] = {}  # the current row's many-to-many cells, as import_instance read them
        self.read_rows: tuple[tablib.Dataset, list[dict[str, str]]] | None = None

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
        if self.read_rows is not None and self.read_rows[0] is dataset:
            yield from self.read_rows[1]  # the file's rows as before_import left them
            return
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
        rows = [[_cell(value) for value in values] for values in dataset]
        problems = self.check_headers(headers)
        if problems:
            del dataset[0 : len(dataset)]
            raise HeaderError(problems)
        if headers != dataset.headers or any(map(_changed, dataset, rows)):
            del dataset[0 : len(dataset)]
            dataset.headers = headers
            dataset.extend(rows)
        self.read_rows = (dataset, [dict(zip(headers, values, strict=False)) for values in rows])

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
        self.row_links = {}
        for field, is_m2m in self.import_plan(row):
            try:
                if is_m2m:
                    self.row_links[field.attribute] = field.clean(row)
                else:
                    field.save(instance, row, **kwargs)
            except ValueError as error:
                column = getattr(error, "column", None) or field.column_name
                errors[column] = ValidationError(str(error), code="invalid")
        duplicate = self.duplicates.get(kwargs.get("row_number"))
        if duplicate:
            errors.setdefault(self.key_columns[0], ValidationError(duplicate, code="duplicate"))
        if errors:
            raise ValidationError(errors)

    def import_plan(self, row) -> list[tuple]:
        """(field, is many-to-many) for each column of the file that import_instance saves; the
        rows of one file have the same columns."""
        columns = tuple(row)
        if getattr(self, "_plan", (None,))[0] != columns:
            fields = [f for f in self.get_import_fields() if f.column_name in row and not f.readonly and f.attribute]
            self._plan = (columns, [(f, isinstance(f.widget, widgets.ManyToManyWidget)) for f in fields])
        return self._plan[1]

    @cached_property
    def resolved_fields(self) -> tuple[str, ...]:
        """Foreign keys the fields look up themselves (through the slug cache)."""
        return tuple(name for field in self.get_import_fields() for name in getattr(field, "resolves", ()))

    @cached_property
    def parsed_fields(self) -> tuple[str, ...]:
        """The columns of each partial date the file sets: written together from a parsed date
        (`set_partial_date`), which makes them valid by construction."""
        return tuple(
            f"{field.attribute}{suffix}"
            for field in self.get_import_fields()
            if isinstance(field, PartialDateField)
            for suffix in ("", "_precision", "_text", "_earliest", "_latest")
        )

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """full_clean()'s four steps, without repeating checks this resource has made already:
        foreign keys found through the slug cache are not looked up again, partial dates read
        from the file are not checked again, and the partial-date constraints (which
        parse_partial_date guarantees) are not sent to the database for each row; the database
        still enforces all three on save. Model fields of columns that already have
        an error are left out. In bulk mode the unique and check constraints are left to the
        database altogether (a refused batch abandons the bulk import)."""
        errors = dict(import_validation_errors or {})
        exclude = set(self.parsed_fields)
        if errors:
            columns = set(errors) | {self.linked_columns[c] for c in errors if c in self.linked_columns}
            exclude |= {field.name for field in instance._meta.fields if self.column_for(field.name) in columns}
            exclude |= set(errors)
        exclude |= {name for name in self.resolved_fields if getattr(instance, f"{name}_id", None) is not None}
        for step in (lambda: instance.clean_fields(exclude=exclude), instance.clean):
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
        return WordDiff if self.with_diff else _NoDiff

    def before_save_instance(self, instance, row, **kwargs):
        user = kwargs.get("user")
        if getattr(user, "pk", None) is not None:
            instance._history_user = user
        file_name = kwargs.get("file_name")
        instance._change_reason = f"Imported from {file_name}" if file_name else "Imported from a file"

    def after_save_instance(self, instance, row, **kwargs):
        if hasattr(instance, "slug") and instance.pk is not None:  # in bulk mode: once the batch is saved
            self.slug_cache.add(self._meta.model, instance.slug, instance.pk)

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

    def column_for(self, field_name: str) -> str:
        """The column a full_clean() error on a model field belongs to."""
        if field_name in self.field_columns:
            return self.field_columns[field_name]
        if field_name.endswith("_precision"):
            return field_name.removesuffix("_precision")
        return field_name
