"""Many-to-many columns: a cell of ';'-separated slugs ("asia;energy"), read and written."""

import itertools
from collections.abc import Sequence
from typing import NamedTuple

from django.db import connections, models, router
from django.db.models import OuterRef, Subquery
from import_export import fields, widgets

from .cells import LIST_SEPARATOR, ColumnError


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
        self.resource = None  # the owning CainfoResource
        self.chunk_slugs: dict[int, str] = {}  # record pk -> its cell, for the chunk being exported

    def save(self, instance, row, is_m2m=False, **kwargs):
        getattr(instance, self.attribute).set([item.pk for item in self.clean(row)])

    def export(self, instance, **kwargs):
        if instance.pk is None:
            return ""
        return self.widget.render_prefetched(instance, self.attribute)

    @property
    def cell_name(self) -> str:
        return f"{self.attribute}_slugs"

    @property
    def per_chunk(self) -> bool:
        """PostgreSQL: one query per chunk of rows (slugs_by_record, kept in chunk_slugs), a subquery
        per row being slower there; SQLite: a subquery in the rows' query."""
        return connections[router.db_for_read(self.resource._meta.model)].vendor != "sqlite"

    def lookups(self):
        return () if self.per_chunk else (self.cell_name,)

    def annotations(self) -> dict:
        if self.per_chunk:
            return {}
        relation = self.resource._meta.model._meta.get_field(self.attribute)
        own = relation.m2m_field_name()
        links = relation.remote_field.through.objects.filter(**{own: OuterRef("pk")}).values(own)
        slugs = links.annotate(slugs=_GroupConcat(f"{relation.m2m_reverse_field_name()}__slug")).values("slugs")
        return {self.cell_name: Subquery(slugs)}

    def column_reader(self, at):
        if self.per_chunk:
            return lambda columns: list(map(self.chunk_slugs.get, columns[at["pk"]], itertools.repeat("")))
        i = at[self.cell_name]
        return lambda columns: [
            "" if cell is None else _sorted(cell) if LIST_SEPARATOR in cell else cell for cell in columns[i]
        ]

    def slugs_by_record(self, pks: Sequence[int]) -> dict[int, str]:
        """pk -> the ';'-separated slugs, sorted, of the records `pks` link to, in one query. Written
        in SQL: the ORM prepares each of the 2,000 values of an `__in` lookup one by one, which took
        a third of an export's time. PostgreSQL joins the slugs, in code point order like Python's
        (collation "C"), and takes the keys as one array (planning 2,000 parameters took as long as
        running the query)."""
        relation = self.resource._meta.model._meta.get_field(self.attribute)
        through = relation.remote_field.through._meta
        own = through.get_field(relation.m2m_field_name()).column
        other = through.get_field(relation.m2m_reverse_field_name()).column
        target = relation.related_model._meta
        connection = connections[router.db_for_read(relation.related_model)]
        quote = connection.ops.quote_name
        tables = (
            f"FROM {quote(through.db_table)} link"
            f" JOIN {quote(target.db_table)} target ON target.{quote(target.pk.column)} = link.{quote(other)}"
        )
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT link.{quote(own)}, string_agg(target.{quote('slug')}, %s"
                f' ORDER BY target.{quote("slug")} COLLATE "C") {tables}'
                f" WHERE link.{quote(own)} = ANY(%s) GROUP BY link.{quote(own)}",
                [LIST_SEPARATOR, list(pks)],
            )
            return dict(cursor.fetchall())


class _GroupConcat(models.Aggregate):
    """SQLite's group_concat (3.40: in no particular order, which _sorted puts right)."""

    function = "GROUP_CONCAT"
    template = f"%(function)s(%(expressions)s, '{LIST_SEPARATOR}')"
    output_field = models.TextField()


def _sorted(cell: str) -> str:
    return LIST_SEPARATOR.join(sorted(cell.split(LIST_SEPARATOR)))
