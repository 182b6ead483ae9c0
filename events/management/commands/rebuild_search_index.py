from django.core.management.base import BaseCommand

from events.progress import progress_bar
from events.search import index_size, rebuild
from events.search.documents import MODELS


class Command(BaseCommand):
    help = "Index every record for search again from scratch (docs/search.md)."

    def handle(self, *args, **options):
        total = sum(model.objects.count() for model in MODELS.values())
        with progress_bar(self.stderr, "Indexing", total=total, unit="records") as bar:
            result = rebuild(progress=bar.advance)
        entries = ", ".join(f"{count} {name}s" for name, count in result["entries"].items())
        size = index_size()
        self.stdout.write(
            f"Indexed {entries} in {result['seconds']} s"
            + (f"; the index takes {size / 2**20:.1f} MiB." if size else ".")
        )
