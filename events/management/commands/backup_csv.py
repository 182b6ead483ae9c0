from pathlib import Path

from django.core.management.base import BaseCommand

from events.backup import backup
from events.resources import RESOURCES


class Command(BaseCommand):
    help = (
        "Write every events table to FOLDER as CSV files in the import formats, one per table "
        f"({', '.join(RESOURCES)}). Restore them with `restore_csv FOLDER`."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="Folder to write the files to (created if needed).")

    def handle(self, *args, folder, **options):
        counts = backup(Path(folder))
        for name, count in counts.items():
            self.stdout.write(f"{name}.csv: {count} rows")
        self.stdout.write(self.style.SUCCESS(f"{sum(counts.values())} rows in {len(counts)} files in {folder}."))
