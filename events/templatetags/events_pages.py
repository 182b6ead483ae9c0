"""Template helpers for the public pages: dates at their precision, ordinals, admin links, paging links,
footnote markers beside each fact."""

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

ORDINAL_WORDS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"]


@register.simple_tag
def partial_date(obj, field: str = "date") -> str:
    """A record's date field in words at its precision: "20 December 2025", "April 2025", "2004"."""
    return obj.partial_date_display(field)


@register.simple_tag
def participant_list(participations) -> str:
    """A summit's participants or an agreement's parties as an inline list, each linked, with
    whom a person represents and any role but the plain one; joined here rather than through a
    template (a timeline page lists about 130)."""
    items = []
    for row in participations:
        item = format_html('<li><a href="{}">{}</a>', row.actor.get_absolute_url(), row.actor.name)
        if row.representative:
            item += format_html(
                ' <span class="represented-by">(<a href="{}">{}</a>)</span>',
                row.representative.get_absolute_url(),
                row.representative.name,
            )
        if row.role not in ("participant", "party"):
            item += format_html(' <span class="role">{}</span>', row.get_role_display())
        items.append(item + mark_safe("</li>"))
    return mark_safe(f'<ul class="inline-list">{"".join(items)}</ul>\n')  # every part escaped above


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


@register.simple_tag
def cited(record, claim: str) -> str:
    """Footnote markers for one fact of a record: a link to each of the record's sources (numbered
    as in its "Sources" list) whose citation supports the claim, or "inferred" with the note."""
    numbers = [n for n, citation in enumerate(record.citations.all(), 1) if claim in (citation.claims or [])]
    marks = [format_html('<a href="#citation-{0}" aria-label="source {0}">{0}</a>', n) for n in numbers]
    note = (getattr(record, "inferred", None) or {}).get(claim)
    if note:
        marks.append(
            format_html(
                '<span class="inferred" title="{0}">inferred<span class="visually-hidden">: {0}</span></span>', note
            )
        )
    if not marks:
        return ""
    return format_html('<sup class="claim-marks" data-claim="{}">[{}]</sup>', claim, mark_safe(", ".join(marks)))


@register.filter
def words(code: str | None) -> str:
    """A choice code in words: "heads_of_state" -> "heads of state"."""
    return (code or "").replace("_", " ")
