"""The search index: one entry per record, its text already folded (events.search.folding)."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models


class SearchEntry(models.Model):
    """A record as search sees it. Written only by events.search.index; on SQLite an FTS5 table
    (events_searchfts, rowid = this id) indexes `names` and `body`, on PostgreSQL the GIN-indexed
    `vector` and a trigram index on `names` do."""

    # the small columns the ranking, filters and facets read come first: SQLite reads a row's
    # columns in order, and the long text after them spills into overflow pages
    record_type = models.CharField(max_length=20)
    record_id = models.BigIntegerField()
    date = models.DateField(null=True)
    year = models.SmallIntegerField(null=True)
    mechanism_id = models.BigIntegerField(null=True)
    topic_ids = models.TextField(default="|")
    actor_ids = models.TextField(default="|")
    slug = models.CharField(max_length=120)
    title = models.CharField(max_length=500)
    names = models.TextField(help_text="Folded names, other names and identifiers, each between bars.")
    body = models.TextField(help_text="Folded places, descriptions, outcomes, quotes and the like.")
    labels = models.JSONField(default=list, help_text="[field, original text] pairs, for snippets and why-matched.")
    vector = SearchVectorField(null=True)

    class Meta:
        ordering = ["record_type", "record_id"]
        verbose_name = "search entry"
        verbose_name_plural = "search entries"
        constraints = [
            models.UniqueConstraint(fields=["record_type", "record_id"], name="%(app_label)s_%(class)s_one_per_record")
        ]

    def __str__(self):
        return f"{self.record_type} {self.slug}"
