from django.core.management.commands import loaddata

from events.search import indexing_deferred


class Command(loaddata.Command):
    """Django's loaddata, with each loaded record indexed for search once at the end (rather
    than again for every row that belongs to it)."""

    def handle(self, *fixture_labels, **options):
        with indexing_deferred(using=options["database"]):
            return super().handle(*fixture_labels, **options)
