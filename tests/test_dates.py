import datetime
import re

import pytest
from django.core.exceptions import ValidationError

from events.dates import (
    DatePrecision,
    format_partial_date,
    humanize_partial_date,
    parse_edtf,
    parse_partial_date,
    period_end,
    truncate_to_precision,
)
from events.models import Membership, set_partial_date


@pytest.mark.parametrize(
    ("text", "stored", "precision"),
    [
        ("2004", datetime.date(2004, 1, 1), DatePrecision.YEAR),
        ("2025-04", datetime.date(2025, 4, 1), DatePrecision.MONTH),
        ("2025-12-20", datetime.date(2025, 12, 20), DatePrecision.DAY),
    ],
)
def test_partial_dates_round_trip_at_their_precision(text, stored, precision):
    assert parse_partial_date(text) == (stored, precision)
    assert format_partial_date(stored, precision) == text


@pytest.mark.parametrize("text", ["2025-13", "20/12/2025", "April 2025", "2025-02-30", "", "25", "2025-4", "0000"])
def test_malformed_dates_are_rejected(text):
    with pytest.raises(ValidationError):
        parse_partial_date(text)


def test_a_month_is_never_shown_as_its_first_day():
    stored, precision = parse_partial_date("2025-04")
    assert humanize_partial_date(stored, precision) == "April 2025"
    assert format_partial_date(stored, precision) == "2025-04"


def test_dates_in_words():
    assert humanize_partial_date(datetime.date(2025, 12, 20), "day") == "20 December 2025"
    assert humanize_partial_date(datetime.date(2004, 1, 1), "year") == "2004"
    assert humanize_partial_date(None, "") == ""


@pytest.mark.parametrize("precision", ["", "week", None])
def test_an_unknown_precision_is_an_error(precision):
    with pytest.raises(ValueError, match="precision"):
        format_partial_date(datetime.date(2025, 1, 1), precision)


def test_truncation_and_period_end():
    day = datetime.date(2024, 2, 17)
    assert truncate_to_precision(day, "month") == datetime.date(2024, 2, 1)
    assert truncate_to_precision(day, "year") == datetime.date(2024, 1, 1)
    assert period_end(datetime.date(2024, 2, 1), "month") == datetime.date(2024, 2, 29)
    assert period_end(datetime.date(2004, 1, 1), "year") == datetime.date(2004, 12, 31)
    # the last month a date can have: its end is no longer found through the month after it
    assert period_end(datetime.date(9999, 12, 1), "month") == datetime.date(9999, 12, 31)
    assert parse_edtf("9999-12").latest == datetime.date(9999, 12, 31)


@pytest.mark.parametrize("text", ["２０２５", "2025-0４", "2025\n-04"])
def test_only_ascii_digits_make_a_date(text):
    with pytest.raises(ValidationError):
        parse_partial_date(text)


@pytest.mark.parametrize(
    ("text", "earliest", "latest", "words"),
    [
        ("2025-04", "2025-04-01", "2025-04-30", "April 2025"),
        ("2025-11?", "2025-10-01", "2025-12-31", "November 2025?"),
        ("2004~", "2003-01-01", "2005-12-31", "about 2004"),
        ("2004%", "2002-01-01", "2006-12-31", "about 2004?"),
        ("2019/2025", "2019-01-01", "2025-12-31", "2019 to 2025"),
        ("2025-11/..", "2025-11-01", None, "from November 2025"),
        ("../2025", None, "2025-12-31", "until 2025"),
    ],
)
def test_edtf_forms_and_their_bounds(text, earliest, latest, words):
    date = parse_edtf(text)
    assert date.text == text
    assert (str(date.earliest) if date.earliest else None, str(date.latest) if date.latest else None) == (
        earliest,
        latest,
    )
    assert date.words() == words


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2025/2019", "ends before it starts"),
        ("../..", "open at both ends"),
        ("2025??", "EDTF level 1"),
        ("0001~", "too close to year 1"),
        ("2025 /2026", "space"),
        ("2025-02-30", "not a valid date"),
    ],
)
def test_bad_edtf_is_refused_with_its_reason(text, reason):
    with pytest.raises(ValidationError, match=re.escape(reason)):
        parse_edtf(text)


def test_a_membership_from_june_2025_to_2025_is_valid_on_bounds(db):
    from tests.factories import make_actor, make_mechanism

    membership = Membership(actor=make_actor(), mechanism=make_mechanism())
    set_partial_date(membership, "start", parse_edtf("2025-06"))
    set_partial_date(membership, "end", parse_edtf("2025"))
    membership.full_clean()
    membership.save()
    membership.refresh_from_db()
    assert (membership.partial_date("start"), membership.partial_date("end")) == ("2025-06", "2025")
    assert (membership.end_earliest, membership.end_latest) == (datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
    set_partial_date(membership, "end", parse_edtf("2024"))
    with pytest.raises(ValidationError, match="cannot end before it starts"):
        membership.full_clean()


def test_a_level_1_date_is_stored_with_its_text_and_read_back_by_the_api(admin_client, db):
    from tests.factories import make_summit

    summit = make_summit(slug="fuzzy")
    response = admin_client.patch(
        "/api/v1/summits/fuzzy/",
        {"date": "2025-11?"},
        content_type="application/json",
        HTTP_IF_MATCH=admin_client.get("/api/v1/summits/fuzzy/")["ETag"],
    )
    assert response.status_code == 200, response.content
    assert response.json()["date"] == "2025-11?" and response.json()["date_precision"] == "month"
    summit.refresh_from_db()
    assert (summit.date, summit.date_text, summit.date_earliest, summit.date_latest) == (
        datetime.date(2025, 11, 1),
        "2025-11?",
        datetime.date(2025, 10, 1),
        datetime.date(2025, 12, 31),
    )
    assert admin_client.get("/api/v1/summits/?date_after=2025-12-15").json()["count"] == 1  # overlap rule
    assert admin_client.get("/api/v1/summits/?date_after=2026-01-01").json()["count"] == 0
