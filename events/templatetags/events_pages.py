"""Template helpers for the public pages: dates at their precision, ordinals, admin links, paging links."""

from django import template
from django.urls import NoReverseMatch, reverse

register = template.Library()

ORDINAL_WORDS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"]


@register.simple_tag
def partial_date(obj, field: str = "date") -> str:
    """A record's date field in words at its precision: "20 December 2025", "April 2025", "2004"."""
    return obj.partial_date_display(field)


@register.filter
def ordinal_word(number: int | None) -> str:
    """1 -> "first" … 10 -> "tenth", then "11th", "22nd"."""
    if not number:
        return ""
    if number <= len(ORDINAL_WORDS):
        return ORDINAL_WORDS[number - 1]
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


@register.simple_tag(takes_context=True)
def admin_change_url(context, obj) -> str:
    """The admin change page of `obj` for a staff user; "" for anyone else or an unregistered model."""
    request = context.get("request")
    if request is None or not request.user.is_staff:
        return ""
    try:
        return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    except NoReverseMatch:
        return ""


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters replaced, e.g. the page number."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        query[key] = value
    return query.urlencode()


@register.filter
def verbose_name(obj) -> str:
    return obj._meta.verbose_name


@register.simple_tag
def partial_date_iso(obj, field: str = "date") -> str:
    """A record's date field as ISO 8601 at its precision, for <time datetime>: "2025-04"."""
    return obj.partial_date(field)


@register.filter
def words(code: str | None) -> str:
    """A choice code in words: "heads_of_state" -> "heads of state"."""
    return (code or "").replace("_", " ")
