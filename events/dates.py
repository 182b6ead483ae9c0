"""Dates known to a precision: parsing and formatting ISO 8601 at day, month or year precision.

A partial date is stored as the first day of its period (April 2025 -> 2025-04-01, precision
"month") and always written back at its precision ("2025-04"), so nothing is invented.
"""

import calendar
import dataclasses
import datetime
import re

from django.core.exceptions import ValidationError
from django.db import models


class DatePrecision(models.TextChoices):
    DAY = "day", "day"
    MONTH = "month", "month"
    YEAR = "year", "year"


ISO_PATTERN = re.compile(r"(?P<year>[0-9]{4})(?:-(?P<month>[0-9]{2})(?:-(?P<day>[0-9]{2}))?)?")

MONTH_NAMES = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def parse_partial_date(text: str) -> tuple[datetime.date, str]:
    """Parse "2004", "2025-04" or "2025-12-20" into (first day of the period, precision)."""
    match = ISO_PATTERN.fullmatch(text.strip()) if isinstance(text, str) else None
    if not match:
        raise ValidationError(
            "%(value)r is not an ISO 8601 date at a known precision: use YYYY, YYYY-MM or YYYY-MM-DD.",
            code="invalid_partial_date",
            params={"value": text},
        )
    year, month, day = match["year"], match["month"], match["day"]
    precision = DatePrecision.DAY if day else DatePrecision.MONTH if month else DatePrecision.YEAR
    try:
        value = datetime.date(int(year), int(month or 1), int(day or 1))
    except ValueError as error:
        raise ValidationError(
            "%(value)r is not a valid date: %(reason)s.",
            code="invalid_partial_date",
            params={"value": text, "reason": error},
        ) from error
    if value.year < 1:
        raise ValidationError(
            "%(value)r: year 0000 does not exist.", code="invalid_partial_date", params={"value": text}
        )
    return value, precision


def truncate_to_precision(value: datetime.date, precision: str) -> datetime.date:
    """The first day of the period that holds `value` at `precision`."""
    if precision == DatePrecision.YEAR:
        return value.replace(month=1, day=1)
    if precision == DatePrecision.MONTH:
        return value.replace(day=1)
    if precision == DatePrecision.DAY:
        return value
    raise ValueError(f"Unknown date precision {precision!r}: use day, month or year.")


def format_partial_date(value: datetime.date | None, precision: str) -> str:
    """ISO 8601 at the known precision: "2004", "2025-04", "2025-12-20"; "" for no date."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return f"{value.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    if precision == DatePrecision.DAY:
        return value.isoformat()
    raise ValueError(f"Unknown date precision {precision!r}: use day, month or year.")


def humanize_partial_date(value: datetime.date | None, precision: str) -> str:
    """Words for people at the known precision: "20 December 2025", "April 2025", "2004"."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return str(value.year)
    if precision == DatePrecision.MONTH:
        return f"{MONTH_NAMES[value.month - 1]} {value.year}"
    if precision == DatePrecision.DAY:
        return f"{value.day} {MONTH_NAMES[value.month - 1]} {value.year}"
    raise ValueError(f"Unknown date precision {precision!r}: use day, month or year.")


def period_end(value: datetime.date, precision: str) -> datetime.date:
    """The last day of the period: 2025-04 -> 2025-04-30, 2004 -> 2004-12-31."""
    if precision == DatePrecision.YEAR:
        return value.replace(month=12, day=31)
    if precision == DatePrecision.MONTH:
        return value.replace(day=calendar.monthrange(value.year, value.month)[1])
    return value


def precision_constraints(field: str) -> list[models.CheckConstraint]:
    """Database checks for a (field, field_precision) pair: both set or both empty, and the
    stored day is the first of its period, so "April 2025" can only be stored as 2025-04-01."""
    precision = f"{field}_precision"
    return [
        models.CheckConstraint(
            condition=(models.Q(**{f"{field}__isnull": True}) & models.Q(**{precision: ""}))
            | (models.Q(**{f"{field}__isnull": False}) & models.Q(**{f"{precision}__in": DatePrecision.values})),
            name=f"%(app_label)s_%(class)s_{field}_has_precision",
            violation_error_message=f"{field} and {precision} are set together (day, month or year) or left empty.",
        ),
        models.CheckConstraint(
            condition=~models.Q(**{precision: DatePrecision.MONTH}) | models.Q(**{f"{field}__endswith": "-01"}),
            name=f"%(app_label)s_%(class)s_{field}_month_starts_on_day_1",
            violation_error_message=f"A {field} known to the month is stored as the first day of that month.",
        ),
        models.CheckConstraint(
            condition=~models.Q(**{precision: DatePrecision.YEAR}) | models.Q(**{f"{field}__endswith": "-01-01"}),
            name=f"%(app_label)s_%(class)s_{field}_year_starts_on_1_january",
            violation_error_message=f"A {field} known to the year is stored as 1 January of that year.",
        ),
    ]


# --- EDTF level 1: uncertain, approximate, intervals and open ends --------------------------------
#
# Level 0 is the ISO text above, unchanged. Level 1 adds a qualifier after a date ("2025-11?"
# uncertain, "2004~" approximate, "2004%" both) and intervals "2019/2025", "2025-11/..", "../2025".
# Every form has an earliest and a latest possible day; a qualifier widens its date by one unit of
# its precision on each side (two for "%"), as python-edtf's fuzzy bounds do.

QUALIFIERS = {"?": "uncertain", "~": "approximate", "%": "uncertain and approximate"}
OPEN = ".."
EDTF_PATTERN = r"\d{4}(-\d{2}(-\d{2})?)?[?~%]?"
EDTF_SCHEMA_PATTERN = rf"^({EDTF_PATTERN}|{EDTF_PATTERN}/({EDTF_PATTERN}|\.\.)|\.\./{EDTF_PATTERN})$"
NOT_A_DATE = (
    "is not an ISO 8601 date at a known precision (YYYY, YYYY-MM or YYYY-MM-DD) nor an EDTF level 1 form "
    "(2025-11? uncertain, 2004~ approximate, 2004% both, 2019/2025, 2025-11/.., ../2025)."
)
EDTF_HELP = "EDTF: 2004, 2025-04, 2025-12-20; 2025-11? uncertain, 2004~ approximate; 2019/2025, 2025-11/.., ../2025."


@dataclasses.dataclass(frozen=True)
class QualifiedDate:
    """One date of EDTF level 0 or 1: its period's first day, precision and qualifier ("", ?, ~, %)."""

    value: datetime.date
    precision: str
    qualifier: str = ""

    @property
    def text(self) -> str:
        return format_partial_date(self.value, self.precision) + self.qualifier

    @property
    def earliest(self) -> datetime.date:
        return shift(self.value, self.precision, -padding(self.qualifier))

    @property
    def latest(self) -> datetime.date:
        return period_end(shift(self.value, self.precision, padding(self.qualifier)), self.precision)

    def words(self) -> str:
        words = humanize_partial_date(self.value, self.precision)
        return {"?": f"{words}?", "~": f"about {words}", "%": f"about {words}?"}.get(self.qualifier, words)


@dataclasses.dataclass(frozen=True)
class EdtfDate:
    """A date or an interval. `start` / `end` of an interval may be None for an open end (".."); a
    single date has start == end. `value` / `precision` are the first known date's, as stored in the
    (field, field_precision) columns; `earliest` / `latest` are None where the interval is open."""

    start: QualifiedDate | None
    end: QualifiedDate | None
    interval: bool = False

    @property
    def text(self) -> str:
        if not self.interval:
            return self.start.text
        return f"{self.start.text if self.start else OPEN}/{self.end.text if self.end else OPEN}"

    @property
    def main(self) -> QualifiedDate:
        return self.start or self.end

    @property
    def value(self) -> datetime.date:
        return self.main.value

    @property
    def precision(self) -> str:
        return self.main.precision

    @property
    def earliest(self) -> datetime.date | None:
        return self.start.earliest if self.start else None

    @property
    def latest(self) -> datetime.date | None:
        return self.end.latest if self.end else None

    @property
    def level(self) -> int:
        return 1 if self.interval or self.main.qualifier else 0

    def words(self) -> str:
        if not self.interval:
            return self.start.words()
        if self.start is None:
            return f"until {self.end.words()}"
        if self.end is None:
            return f"from {self.start.words()}"
        return f"{self.start.words()} to {self.end.words()}"


def padding(qualifier: str) -> int:
    return {"": 0, "?": 1, "~": 1, "%": 2}[qualifier]


def shift(value: datetime.date, precision: str, units: int) -> datetime.date:
    """`value` moved by `units` periods of `precision` (the first day of the period stays the first)."""
    if units == 0:
        return value
    if precision == DatePrecision.DAY:
        return value + datetime.timedelta(days=units)
    if precision == DatePrecision.MONTH:
        months = value.year * 12 + value.month - 1 + units
        return value.replace(year=months // 12, month=months % 12 + 1)
    return value.replace(year=value.year + units)


def invalid(text, reason: str) -> ValidationError:
    params = {"value": text, "reason": reason}
    return ValidationError("%(value)r %(reason)s", code="invalid_partial_date", params=params)


def parse_qualified(text: str, whole) -> QualifiedDate:
    if text != text.strip():
        raise invalid(whole, "has a space inside it.")
    qualifier = text[-1] if text[-1:] in QUALIFIERS else ""
    try:
        value, precision = parse_partial_date(text.removesuffix(qualifier) if qualifier else text)
    except ValidationError as error:
        if text == whole and not qualifier:
            raise  # a level-0 date keeps its ISO 8601 message
        raise invalid(whole, NOT_A_DATE) from error
    date = QualifiedDate(value, precision, qualifier)
    try:
        date.earliest  # noqa: B018 (the bounds must be days that exist)
        date.latest  # noqa: B018
    except (ValueError, OverflowError):
        raise invalid(whole, "is too close to year 1 or 9999 for its qualifier.") from None
    return date


def parse_edtf(text: str) -> EdtfDate:
    """Parse EDTF level 0 or 1 text; a ValidationError names what is wrong."""
    if not isinstance(text, str) or not text.strip():
        raise invalid(text, NOT_A_DATE)
    text = text.strip()
    if text.count("/") > 1:
        raise invalid(text, NOT_A_DATE)
    if "/" not in text:
        date = parse_qualified(text, text)
        return EdtfDate(date, date)
    first, last = text.split("/")
    if first == OPEN and last == OPEN:
        raise invalid(text, "is open at both ends: give at least one date.")
    start = None if first == OPEN else parse_qualified(first, text)
    end = None if last == OPEN else parse_qualified(last, text)
    if start and end and end.latest < start.earliest:
        raise invalid(text, "ends before it starts.")
    return EdtfDate(start, end, interval=True)


def edtf_from_columns(value: datetime.date | None, precision: str, text: str = "") -> EdtfDate | None:
    """The date a record's columns hold: its text form when that agrees with (value, precision),
    else the level-0 date of (value, precision), so a writer that sets only those two stays right."""
    if text:
        try:
            parsed = parse_edtf(text)
        except ValidationError:
            parsed = None
        if parsed is not None and (parsed.value, parsed.precision) == (value, precision):
            return parsed
    if value is None or not precision:
        return None
    start = QualifiedDate(value, precision)
    return EdtfDate(start, start)
