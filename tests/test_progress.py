"""Progress bars on a terminal (a pseudo-terminal here), and silence when output is not one."""

import fcntl
import io
import os
import pty
import re
import select
import struct
import termios

import pytest
from django.core.management import call_command

from events.models import Actor, Summit

pytestmark = pytest.mark.django_db


@pytest.fixture
def terminal():
    """A file that is a terminal (120 columns), and a function returning what was drawn on it."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    stream = os.fdopen(slave, "w", encoding="utf-8")

    def drawn() -> str:
        stream.flush()
        chunks = []
        while select.select([master], [], [], 0.2)[0]:
            chunk = os.read(master, 65536)
            if not chunk:
                break
            chunks.append(chunk)
        return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", b"".join(chunks).decode("utf-8", "replace"))

    yield stream, drawn
    stream.close()
    os.close(master)


def summits_csv(tmp_path, count=300):
    path = tmp_path / "summits.csv"
    path.write_text("slug,name\n" + "".join(f"s{n},S{n}\n" for n in range(count)), "utf-8")
    return path


def test_import_csv_draws_a_bar_with_counts_rate_and_time_left_on_a_terminal(tmp_path, terminal):
    stream, drawn = terminal
    call_command("import_csv", "summits", str(summits_csv(tmp_path)), stdout=io.StringIO(), stderr=stream)
    output = drawn()
    assert "Importing summits.csv" in output
    assert "300/300" in output
    assert "rows/s" in output and "left" in output
    assert Summit.objects.count() == 300


def test_import_csv_is_quiet_when_standard_error_is_not_a_terminal(tmp_path):
    err = io.StringIO()
    call_command("import_csv", "summits", str(summits_csv(tmp_path)), stdout=io.StringIO(), stderr=err)
    assert err.getvalue() == ""


def test_export_csv_draws_a_bar_when_writing_a_file_and_is_quiet_otherwise(tmp_path, terminal, world):
    stream, drawn = terminal
    call_command("export_csv", "actors", "--output", str(tmp_path / "a.csv"), stderr=stream)
    count = Actor.objects.count()
    assert f"{count}/{count}" in drawn()
    err = io.StringIO()
    call_command("export_csv", "actors", "--output", str(tmp_path / "b.csv"), stderr=err)
    assert err.getvalue() == f"{count} rows written to {tmp_path / 'b.csv'}.\n"


def test_backup_and_restore_draw_bars_on_a_terminal_and_stay_quiet_in_scripts(tmp_path, terminal, world):
    from events.backup import total_rows
    from events.resources import RESOURCES

    stream, drawn = terminal
    total = total_rows()
    backup = tmp_path / "backup"
    call_command("backup_csv", str(backup), "--xlsx", str(tmp_path / "all.xlsx"), stdout=io.StringIO(), stderr=stream)
    output = drawn()
    assert f"{total}/{total}" in output and "Writing all.xlsx" in output
    err = io.StringIO()
    call_command("backup_csv", str(tmp_path / "again"), stdout=io.StringIO(), stderr=err)
    assert err.getvalue() == ""

    from openpyxl import load_workbook

    assert load_workbook(tmp_path / "all.xlsx", read_only=True).sheetnames == [*RESOURCES, "column notes"]

    from events.backup import non_empty_tables
    from events.models import Mechanism
    from events.search import indexing_deferred

    with indexing_deferred():
        Mechanism.objects.update(parent=None)
        Actor.objects.update(represents=None)
        for resource in reversed(list(RESOURCES.values())):
            resource._meta.model._default_manager.all().delete()
    assert non_empty_tables() == []
    call_command("restore_csv", str(backup), stdout=io.StringIO(), stderr=stream)
    assert f"{len(RESOURCES)}/{len(RESOURCES)} tables" in drawn()


def test_generate_data_draws_a_bar_on_a_terminal_only(terminal):
    stream, drawn = terminal
    call_command("generate_data", "--scale", "0.001", stdout=io.StringIO(), stderr=stream)
    assert "4/4 stages" in drawn()


def test_rebuild_search_index_draws_a_bar_of_records_on_a_terminal_and_is_quiet_otherwise(terminal, world):
    from events.search.documents import MODELS

    stream, drawn = terminal
    total = sum(model.objects.count() for model in MODELS.values())
    call_command("rebuild_search_index", stdout=io.StringIO(), stderr=stream)
    output = drawn()
    assert f"{total}/{total}" in output and "records/s" in output and "Indexing" in output
    err, out = io.StringIO(), io.StringIO()
    call_command("rebuild_search_index", stdout=out, stderr=err)
    assert err.getvalue() == ""
    assert out.getvalue().startswith("Indexed ")
