"""Many-to-many columns: a cell of ';'-separated slugs ("asia;energy"), read and written."""

from typing import NamedTuple

from django.contrib.postgres.expressions import ArraySubquery
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
        self.known_slugs: dict[int, str] = {}  # related id -> slug, for the export being written

    def save(self, instance, row, is_m2m=False, **kwargs):
        getattr(instance, self.attribute).set([item.pk for item in self.clean(row)])

    def export(self, instance, **kwargs):
        if instance.pk is None:
            return ""
        return self.widget.render_prefetched(instance, self.attribute)

    @property
    def cell_name(self) -> str:
        return f"{self.attribute}_linked"

    def lookups(self):
        return (self.cell_name,)

    def annotations(self) -> dict:
        """What each row links to, in a subquery of the rows' query. PostgreSQL: the ids, as an
        array, whose slugs are looked up in Python (related_slugs); joining and ordering slugs per
        row, or in one query per chunk, took most of an export there. SQLite: the slugs,
        ';'-separated (group_concat in 3.40 cannot order them: the cell is sorted here)."""
        self.known_slugs = {}
        relation = self.resource._meta.model._meta.get_field(self.attribute)
        own, other = relation.m2m_field_name(), relation.m2m_reverse_field_name()
        links = relation.remote_field.through.objects.filter(**{own: OuterRef("pk")}).order_by()
        if self.ids_as_arrays():
            return {self.cell_name: ArraySubquery(links.values(f"{other}_id"))}
        return {
            self.cell_name: Subquery(links.values(own).annotate(slugs=_GroupConcat(f"{other}__slug")).values("slugs"))
        }

    def column_reader(self, at):
        i = at[self.cell_name]
        if not self.ids_as_arrays():
            return lambda columns: [
                "" if cell is None else _sorted(cell) if LIST_SEPARATOR in cell else cell for cell in columns[i]
            ]

        def cells(columns):
            slugs = self.related_slugs({pk for ids in columns[i] for pk in ids})
            return [
                "" if not ids else slugs[ids[0]] if len(ids) == 1 else LIST_SEPARATOR.join(sorted(map(slugs.get, ids)))
                for ids in columns[i]
            ]

        return cells

    def related_slugs(self, pks: set[int]) -> dict[int, str]:
        """id -> slug of the related records, read once an export for each id it meets."""
        known = self.known_slugs
        missing = pks - known.keys()
        if missing:
            known.update(self.model._default_manager.filter(pk__in=missing).values_list("pk", "slug"))
        return known

    def ids_as_arrays(self) -> bool:
        return connections[router.db_for_read(self.resource._meta.model)].vendor == "postgresql"


class _GroupConcat(models.Aggregate):
    """SQLite's group_concat, ';'-separated, in no particular order."""

    function = "GROUP_CONCAT"
    template = f"%(function)s(%(expressions)s, '{LIST_SEPARATOR}')"
    output_field = models.TextField()


def _sorted(cell: str) -> str:
    return LIST_SEPARATOR.join(sorted(cell.split(LIST_SEPARATOR)))
