from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from events.backup import RestoreRefused, restore
from events.progress import progress_bar
from events.resources import RESOURCES


class Command(BaseCommand):
    help = (
        "Restore a folder written by `backup_csv` into an empty database, all or nothing. "
        "Refuses a database that already holds events records."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="Folder written by backup_csv.")

    def handle(self, *args, folder, **options):
        try:
            with progress_bar(self.stderr, "Restoring", total=len(RESOURCES), unit="tables") as bar:
                done = iter(range(len(RESOURCES) + 1))
                reports = restore(Path(folder), progress=lambda name: bar.update(next(done), f"Restoring {name}.csv"))
                bar.update(len(RESOURCES))
        except RestoreRefused as error:
            raise CommandError(str(error)) from None
        for report in reports:
            self.stdout.write(f"{report.name}.csv: {report.new} rows restored")
        self.stdout.write(self.style.SUCCESS(f"{sum(r.new for r in reports)} rows restored from {folder}."))
