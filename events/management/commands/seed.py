from django.core.management.base import BaseCommand

from events import seeding


class Command(BaseCommand):
    help = (
        "Load the fixtures into an empty events database (once; a database that holds data is left "
        "alone). --update shows what corrected fixtures would change; --update --apply writes it."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--update",
            action="store_true",
            help="Compare the fixtures with a seeded database and list what would change (a dry run).",
        )
        parser.add_argument(
            "--apply",
            action="store_true",
            help="With --update: write the changes (fields a curator changed since the last seed are kept).",
        )

    def handle(self, *args, update=False, apply=False, **options):
        files = ", ".join(f"{name}.json" for name in seeding.FIXTURE_FILES)
        if apply and not update:
            self.stderr.write("--apply only goes with --update.")
            raise SystemExit(2)
        if update:
            self._update(apply, files)
            return
        rows = seeding.events_row_count()
        if rows:
            self.stdout.write(
                f"The events database already holds data ({rows} rows); seed changed nothing "
                "(`seed --update` shows what the fixtures would change)."
            )
            return
        loaded = seeding.seed_empty_database()
        self.stdout.write(f"Seeded {loaded} records from {files}, each with one history entry.")

    def _update(self, apply: bool, files: str) -> None:
        report = seeding.update_from_fixtures(apply=apply)
        for line in report.lines():
            self.stdout.write(line)
        summary = (
            f"{len(report.added)} to add, {len(report.changed)} to change, {len(report.deleted)} to delete, "
            f"{len(report.kept)} curator changes kept"
        )
        if apply:
            self.stdout.write(f"Updated from {files}: {summary.replace(' to ', ' ')}.")
        elif report.writes:
            self.stdout.write(f"Dry run, nothing written: {summary}. Run `seed --update --apply` to write it.")
        else:
            kept = len(report.kept)
            self.stdout.write(f"The database matches {files}: nothing to change ({kept} curator changes kept).")
