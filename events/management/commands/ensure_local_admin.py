import re
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

PASSWORD_DIR = Path(settings.BASE_DIR)


def password_file(database: dict) -> Path:
    """One file per database, named by it (`.local-admin-password.sqlite.db`,
    `.local-admin-password.postgresql.cainfo`), so switching DATABASE_URL never shows another
    database's password."""
    vendor = database["ENGINE"].rsplit(".", 1)[-1]
    host = database.get("HOST") or ""
    port = str(database.get("PORT") or "")
    name = Path(str(database["NAME"])).stem if vendor == "sqlite3" else str(database["NAME"])
    label = ".".join(part for part in (vendor, host, port, name) if part)
    return PASSWORD_DIR / f".local-admin-password.{re.sub(r'[^A-Za-z0-9_.-]+', '_', label)}"


class Command(BaseCommand):
    help = (
        "Make sure a local superuser 'admin' exists for development, with the password kept in "
        ".local-admin-password.<database> (refused unless DJANGO_DEBUG is on)."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("ensure_local_admin only runs with DJANGO_DEBUG=1; use createsuperuser in production.")
        path = password_file(connection.settings_dict)
        users = get_user_model()
        admin = users.objects.filter(username="admin").first()
        saved = path.read_text().strip() if path.exists() else ""
        if admin is not None and saved and admin.check_password(saved):
            self.stdout.write(f"Local admin login: user 'admin' (its password is in {path.name}).")
            return
        password = secrets.token_urlsafe(12)
        if admin is None:
            users.objects.create_superuser("admin", "admin@localhost", password)
            done = "Created local admin login"
        else:
            # The file is missing or belongs to an older copy of this database: the local admin is ours to reset.
            admin.set_password(password)
            admin.save(update_fields=["password"])
            done = "Reset the local admin's password (the saved one did not match this database)"
        path.write_text(password + "\n")
        path.chmod(0o600)
        self.stdout.write(self.style.SUCCESS(f"{done}: user 'admin', password '{password}' (saved in {path.name})."))
