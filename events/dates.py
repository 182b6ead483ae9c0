"""Dates known to a precision: parsing and formatting ISO 8601 at day, month or year precision.

A partial date is stored as the first day of its period (April 2025 -> 2025-04-01, precision
"month") and always written back at its precision ("2025-04"), so nothing is invented.
"""

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
        next_month = (value.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        return next_month - datetime.timedelta(days=1)
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
