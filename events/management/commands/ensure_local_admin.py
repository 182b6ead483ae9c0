import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

PASSWORD_FILE = Path(settings.BASE_DIR) / ".local-admin-password"


class Command(BaseCommand):
    help = "Make sure a local superuser 'admin' exists for development (refused unless DJANGO_DEBUG is on)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("ensure_local_admin only runs with DJANGO_DEBUG=1; use createsuperuser in production.")
        users = get_user_model()
        if users.objects.filter(username="admin").exists():
            where = f" (its password is in {PASSWORD_FILE.name})" if PASSWORD_FILE.exists() else ""
            self.stdout.write(f"Local admin login: user 'admin'{where}.")
            return
        password = secrets.token_urlsafe(12)
        users.objects.create_superuser("admin", "admin@localhost", password)
        PASSWORD_FILE.write_text(password + "\n")
        PASSWORD_FILE.chmod(0o600)
        self.stdout.write(self.style.SUCCESS(
            f"Created local admin login: user 'admin', password '{password}' (saved in {PASSWORD_FILE.name})."
        ))
