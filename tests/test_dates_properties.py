import datetime

from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from events.dates import format_partial_date, humanize_partial_date, parse_partial_date, truncate_to_precision

precisions = st.sampled_from(["day", "month", "year"])


@given(st.text())
def test_any_text_either_parses_or_is_a_validation_error(text):
    try:
        value, precision = parse_partial_date(text)
    except ValidationError:
        return
    assert format_partial_date(value, precision) == text.strip()


@given(st.dates(min_value=datetime.date(1000, 1, 1)), precisions)
def test_every_stored_partial_date_formats_and_parses_back_to_itself(day, precision):
    stored = truncate_to_precision(day, precision)
    text = format_partial_date(stored, precision)
    assert parse_partial_date(text) == (stored, precision)
    assert humanize_partial_date(stored, precision)


@given(st.binary())
def test_bytes_are_refused_not_crashed_on(data):
    try:
        parse_partial_date(data)
    except ValidationError:
        pass
    else:
        raise AssertionError("bytes must not parse as a date")
