"""events.bulk_sql.insert_rows writes values exactly as given, whatever characters the text holds
(with `copy=True`, on PostgreSQL, through COPY's text format, where tabs, line ends and
backslashes mean something)."""

import datetime

import pytest

from events.bulk_sql import insert_rows
from events.models import Change, Topic

TRICKY = [
    "tab\there",
    "line\nend and\r\nWindows",
    "back\\slash \\N \\. \\t",
    r"\N",
    "Türkiye İ ı ə Қазақстан “quotes” ‘and’ — dashes",
    "",
]


@pytest.mark.django_db
@pytest.mark.parametrize("copy", [False, True])
def test_text_with_tabs_line_ends_and_backslashes_is_stored_unchanged(copy):
    now = datetime.datetime(2026, 12, 2, 17, 30, 15, 123456, tzinfo=datetime.UTC)
    rows = [(f"tricky-{i}", text, text, now, now) for i, text in enumerate(TRICKY)]
    fields = ("slug", "name", "description", "created_at", "updated_at")
    assert insert_rows(Topic, fields, rows, copy=copy) == len(TRICKY)
    stored = {t.slug: t for t in Topic.objects.filter(slug__startswith="tricky-")}
    for i, text in enumerate(TRICKY):
        assert (stored[f"tricky-{i}"].name, stored[f"tricky-{i}"].description) == (text, text)
        assert stored[f"tricky-{i}"].created_at == now


@pytest.mark.django_db
@pytest.mark.parametrize("copy", [False, True])
def test_json_nulls_and_datetimes_are_stored_unchanged(copy):
    at = datetime.datetime(2025, 12, 20, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=9)))
    keys = [["tab\tand\\backslash", "line\nend"], {"nested": [1, 2.5, None, True]}, "ca-jad"]
    fields = ("record_type", "row_id", "slug", "natural_key", "action", "at", "link_type", "link_slug")
    rows = [("summit", 900 + i, "", key, "created", at, "", "") for i, key in enumerate(keys)]
    insert_rows(Change, fields, iter(rows), copy=copy)  # any iterable of rows
    stored = list(Change.objects.filter(row_id__gte=900).order_by("row_id"))
    assert [change.natural_key for change in stored] == keys
    assert {change.at for change in stored} == {at}


@pytest.mark.django_db
@pytest.mark.parametrize("copy", [False, True])
def test_no_rows_writes_nothing(copy):
    assert insert_rows(Topic, ("slug", "name"), [], copy=copy) == 0
    assert not Topic.objects.exists()
