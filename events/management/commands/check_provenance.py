from django.core.management.base import BaseCommand, CommandError

from events.provenance import problems


class Command(BaseCommand):
    help = (
        "List every fact of every summit, agreement, mechanism and actor, and every relation row, that is "
        "neither cited nor marked inferred, and every quote not found in its located paragraph. "
        "Exits non-zero if there is any."
    )

    def handle(self, *args, **options):
        found = problems()
        for line in found:
            self.stdout.write(line)
        if found:
            raise CommandError(f"{len(found)} provenance problem{'s' if len(found) > 1 else ''}.")
        self.stdout.write("Every fact is cited or marked inferred, and every quote is in its paragraph.")
