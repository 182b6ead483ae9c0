"""events.bulk_sql.insert_rows writes values exactly as given, whatever characters the text holds
(with `copy=True`, on PostgreSQL, through COPY's text format, where tabs, line ends and
backslashes mean something)."""

import datetime

import pytest

from events.bulk_sql import create_rows, insert_rows
from events.models import Change, Summit, Topic

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


@pytest.mark.django_db
def test_create_rows_stores_new_records_with_their_keys_and_one_timestamp():
    before = Summit.objects.create(slug="before", name="Before", date_precision="")
    summits = [
        Summit(slug="tab", name="A\tname\nwith\\ends", city="", date=datetime.date(2025, 4, 1), date_precision="month",
               inferred={"host": "From the city."}),
        Summit(slug="plain", name="Plain", date_precision=""),
    ]  # fmt: skip
    create_rows(Summit, summits)
    assert all(summit.pk is not None and not summit._state.adding for summit in summits)
    assert summits[0].created_at == summits[1].updated_at
    stored = Summit.objects.get(pk=summits[0].pk)
    assert (stored.name, stored.date, stored.inferred) == ("A\tname\nwith\\ends", datetime.date(2025, 4, 1),
                                                           {"host": "From the city."})  # fmt: skip
    after = Summit.objects.create(slug="after", name="After", date_precision="")
    assert before.pk < summits[0].pk < summits[1].pk < after.pk
