from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from events.backup import RestoreRefused, restore


class Command(BaseCommand):
    help = (
        "Restore a folder written by `backup_csv` into an empty database, all or nothing. "
        "Refuses a database that already holds events records."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="Folder written by backup_csv.")

    def handle(self, *args, folder, **options):
        try:
            reports = restore(Path(folder))
        except RestoreRefused as error:
            raise CommandError(str(error)) from None
        for report in reports:
            self.stdout.write(f"{report.name}.csv: {report.new} rows restored")
        self.stdout.write(self.style.SUCCESS(f"{sum(r.new for r in reports)} rows restored from {folder}."))
