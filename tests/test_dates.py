import datetime

import pytest
from django.core.exceptions import ValidationError

from events.dates import (
    DatePrecision,
    format_partial_date,
    humanize_partial_date,
    parse_partial_date,
    period_end,
    truncate_to_precision,
)


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


@pytest.mark.parametrize("text", ["２０２５", "2025-0４", "2025\n-04"])
def test_only_ascii_digits_make_a_date(text):
    with pytest.raises(ValidationError):
        parse_partial_date(text)
