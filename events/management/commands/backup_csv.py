from pathlib import Path

from django.core.management.base import BaseCommand

from events.backup import backup, backup_workbook, total_rows
from events.progress import progress_bar
from events.resources import RESOURCES


class Command(BaseCommand):
    help = (
        "Write every events table to FOLDER as CSV files in the import formats, one per table "
        f"({', '.join(RESOURCES)}). Restore them with `restore_csv FOLDER`. With --xlsx FILE, also "
        "write them to one workbook, a sheet per table (for reading; restore reads the CSV files)."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="Folder to write the files to (created if needed).")
        parser.add_argument("--xlsx", metavar="FILE", help="Also write every table to this workbook, a sheet each.")

    def handle(self, *args, folder, xlsx, **options):
        total = total_rows()
        with progress_bar(self.stderr, "Backing up", total=total) as bar:
            counts = backup(Path(folder), progress=bar.advance)
        for name, count in counts.items():
            self.stdout.write(f"{name}.csv: {count} rows")
        self.stdout.write(self.style.SUCCESS(f"{sum(counts.values())} rows in {len(counts)} files in {folder}."))
        if xlsx:
            with progress_bar(self.stderr, f"Writing {Path(xlsx).name}", total=total) as bar:
                backup_workbook(Path(xlsx), progress=bar.advance)
            self.stdout.write(self.style.SUCCESS(f"{len(counts)} sheets and the column notes in {xlsx}."))
