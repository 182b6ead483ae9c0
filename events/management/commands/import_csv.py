from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from events.importing import ImportFileError, ImportReport, import_dataset, read_dataset
from events.progress import progress_bar
from events.resources import RESOURCES

EXTENSIONS = {".xlsx": "xlsx", ".json": "json"}


class Command(BaseCommand):
    help = (
        "Import a CSV (UTF-8), XLSX or JSON file into one table, all or nothing: rows match existing "
        "records by slug or natural key. Prints new / updated / unchanged counts and every error "
        "(row, column, value, reason); exits with status 1 and writes nothing if any row is wrong."
    )

    def add_arguments(self, parser):
        parser.add_argument("model", choices=list(RESOURCES), help="The table to import into.")
        parser.add_argument("file", help="The file to import.")
        parser.add_argument("--format", choices=("csv", "xlsx", "json"), help="Default: from the file name (csv).")
        parser.add_argument("--dry-run", action="store_true", help="Check and report, but write nothing.")

    def handle(self, *args, model, file, format, dry_run, **options):
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from None
        file_format = format or EXTENSIONS.get(path.suffix.lower(), "csv")
        try:
            dataset = read_dataset(data=data, file_format=file_format)
        except ImportFileError as error:
            report = ImportReport(name=model, dry_run=dry_run, errors=error.errors)
        else:
            with progress_bar(self.stderr, f"Importing {path.name}", total=len(dataset)) as bar:
                report = import_dataset(
                    name=model,
                    dataset=dataset,
                    dry_run=dry_run,
                    file_name=path.name,
                    # the data rows done (1, 2, …); a second, row-by-row pass after a failed bulk one starts again
                    progress=bar.update,
                )
        self.stdout.write(report.summary())
        for error in report.errors:
            self.stdout.write(f"  {error}")
        if report.errors:
            raise CommandError(f"{len(report.errors)} errors in {path.name}: nothing was written.")
