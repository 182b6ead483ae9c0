import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent


def run_django(*args, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = run_django("check", DJANGO_DEBUG="0", DJANGO_SETTINGS_MODULE="cainfo.settings")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is required" in result.stderr


def test_debug_settings_start_without_a_secret_key():
    result = run_django("check", DJANGO_DEBUG="1", DJANGO_SETTINGS_MODULE="cainfo.settings")
    assert result.returncode == 0, result.stderr


def test_a_misspelt_boolean_is_an_error_not_a_silent_default():
    result = run_django("check", DJANGO_DEBUG="maybe", DJANGO_SETTINGS_MODULE="cainfo.settings")
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be one of" in result.stderr


def test_the_local_admin_is_never_created_under_production_settings(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="only runs with DJANGO_DEBUG=1"):
        call_command("ensure_local_admin")


def test_the_local_admin_is_created_once_and_its_password_printed_the_first_time(db, settings, tmp_path, monkeypatch):
    from django.contrib.auth.models import User

    from events.management.commands import ensure_local_admin

    settings.DEBUG = True
    monkeypatch.setattr(ensure_local_admin, "PASSWORD_DIR", tmp_path)
    first, second = StringIO(), StringIO()
    call_command("ensure_local_admin", stdout=first)
    call_command("ensure_local_admin", stdout=second)
    (password_file,) = tmp_path.iterdir()
    password = password_file.read_text().strip()
    assert password in first.getvalue()
    assert password not in second.getvalue()
    assert User.objects.get(username="admin").check_password(password)


def test_each_database_has_its_own_local_admin_password_file(db, settings, tmp_path, monkeypatch):
    from django.contrib.auth.models import User
    from django.db import connection

    from events.management.commands import ensure_local_admin

    settings.DEBUG = True
    monkeypatch.setattr(ensure_local_admin, "PASSWORD_DIR", tmp_path)
    sqlite = ensure_local_admin.password_file({"ENGINE": "django.db.backends.sqlite3", "NAME": "/x/db.sqlite3"})
    postgres = ensure_local_admin.password_file({"ENGINE": "django.db.backends.postgresql", "NAME": "cainfo"})
    assert sqlite.name == ".local-admin-password.sqlite3.db"
    assert postgres.name == ".local-admin-password.postgresql.cainfo"
    here = ensure_local_admin.password_file(connection.settings_dict)
    other = postgres if here != postgres else sqlite
    other.write_text("another-databases-password\n")
    call_command("ensure_local_admin", stdout=StringIO())
    assert User.objects.get(username="admin").check_password(here.read_text().strip())
    assert other.read_text() == "another-databases-password\n"


def test_a_stale_password_file_is_replaced_by_one_that_logs_in(db, settings, tmp_path, monkeypatch):
    from django.contrib.auth.models import User
    from django.db import connection

    from events.management.commands import ensure_local_admin

    settings.DEBUG = True
    monkeypatch.setattr(ensure_local_admin, "PASSWORD_DIR", tmp_path)
    User.objects.create_superuser("admin", password="set-elsewhere-123")
    here = ensure_local_admin.password_file(connection.settings_dict)
    here.write_text("not-this-databases-password\n")
    output = StringIO()
    call_command("ensure_local_admin", stdout=output)
    password = here.read_text().strip()
    assert "Reset the local admin's password" in output.getvalue()
    assert User.objects.get(username="admin").check_password(password)


def test_production_settings_pass_the_deployment_checks():
    result = run_django(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="a-long-random-production-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        DJANGO_ALLOWED_HOSTS="cainfo.example.org",
        DJANGO_CSRF_TRUSTED_ORIGINS="https://cainfo.example.org",
        DJANGO_BEHIND_PROXY="1",
        DJANGO_SETTINGS_MODULE="cainfo.settings",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_repeated_failed_admin_logins_lock_the_account_out(client, admin_user, settings):
    from cainfo import settings as production

    settings.AUTHENTICATION_BACKENDS = production.AUTHENTICATION_BACKENDS
    settings.AXES_FAILURE_LIMIT = 3
    login = reverse("admin:login")
    for _ in range(3):
        client.post(login, {"username": "admin", "password": "wrong"})
    response = client.post(login, {"username": "admin", "password": "password"})
    assert response.status_code == 429
    assert "locked" in response.content.decode().lower()
    assert "_auth_user_id" not in client.session
