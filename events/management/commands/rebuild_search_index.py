from django.core.management.base import BaseCommand

from events.search import index_size, rebuild


class Command(BaseCommand):
    help = "Index every record for search again from scratch (docs/search.md)."

    def handle(self, *args, **options):
        result = rebuild()
        entries = ", ".join(f"{count} {name}s" for name, count in result["entries"].items())
        size = index_size()
        self.stdout.write(
            f"Indexed {entries} in {result['seconds']} s"
            + (f"; the index takes {size / 2**20:.1f} MiB." if size else ".")
        )
