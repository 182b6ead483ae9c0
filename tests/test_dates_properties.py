import datetime

from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from events.dates import (
    QualifiedDate,
    edtf_from_columns,
    format_partial_date,
    humanize_partial_date,
    parse_edtf,
    parse_partial_date,
    period_end,
    truncate_to_precision,
)

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


# EDTF level 1: every form the codec writes parses back to itself, with bounds that hold its period.
qualifiers = st.sampled_from(["", "?", "~", "%"])


@st.composite
def qualified_dates(draw):
    day = draw(st.dates(min_value=datetime.date(1000, 1, 1), max_value=datetime.date(9000, 12, 31)))
    precision = draw(precisions)
    return QualifiedDate(truncate_to_precision(day, precision), precision, draw(qualifiers))


@st.composite
def edtf_texts(draw):
    first, second = draw(qualified_dates()), draw(qualified_dates())
    if second.latest < first.earliest:
        first, second = second, first
    return draw(st.sampled_from([first.text, f"{first.text}/{second.text}", f"{first.text}/..", f"../{second.text}"]))


@given(edtf_texts())
def test_every_edtf_form_parses_back_to_its_own_text_with_ordered_bounds(text):
    date = parse_edtf(text)
    assert date.text == text
    assert date.earliest is None or date.latest is None or date.earliest <= date.latest
    assert edtf_from_columns(date.value, date.precision, date.text) == date
    assert date.words()


@given(qualified_dates())
def test_a_qualifier_widens_the_period_and_never_narrows_it(date):
    plain = QualifiedDate(date.value, date.precision)
    assert date.earliest <= plain.earliest <= plain.latest <= date.latest
    assert (date.earliest == plain.earliest) == (date.qualifier == "")


@given(st.dates(min_value=datetime.date(1000, 1, 1)), precisions)
def test_level_0_text_is_exactly_todays_iso_text(day, precision):
    stored = truncate_to_precision(day, precision)
    date = parse_edtf(format_partial_date(stored, precision))
    assert (date.text, date.value, date.precision, date.level) == (
        format_partial_date(stored, precision),
        stored,
        precision,
        0,
    )
    assert (date.earliest, date.latest) == (stored, period_end(stored, precision))


@given(st.text(alphabet="0123456789-/.?~% X", max_size=24))
def test_any_text_either_parses_as_edtf_or_is_a_validation_error(text):
    try:
        date = parse_edtf(text)
    except ValidationError:
        return
    assert parse_edtf(date.text) == date
