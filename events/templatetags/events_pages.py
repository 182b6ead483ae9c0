"""Template helpers for the public pages: dates at their precision, ordinals, admin links, paging links,
footnote markers beside each fact."""

from django import template
from django.template.defaultfilters import capfirst, floatformat
from django.urls import NoReverseMatch, reverse
from django.utils.html import conditional_escape, format_html
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


@register.simple_tag
def timeline_entry(entry, timeline_url: str) -> str:
    """One entry of the timeline, joined here as the template it replaced wrote it (held equal
    in tests/test_timeline_entry.py): rendering 25 entries through the template took about half
    of the home page's time."""
    record, record_type = entry.record, entry.record_type
    slug, e = conditional_escape(record.slug), conditional_escape
    if record_type == "summit":
        badge = "Summit"
    else:
        badge = e(capfirst(record.get_kind_display()))
    if record.date:
        when = f'<time datetime="{e(record.partial_date())}">{e(record.partial_date_display())}</time>'
    else:
        when = "<span>date not known</span>"
    mechanism = ""
    if record.mechanism:
        mechanism = (
            f'<div><dt>Mechanism</dt><dd><a href="{e(record.mechanism.get_absolute_url())}">'
            f"{e(str(record.mechanism))}</a></dd></div>"
        )
    indent = "\n              "
    if record_type == "summit":
        place = ""
        if record.city or record.host:
            joiner = ", hosted by " if record.city and record.host else "Hosted by " if record.host else ""
            host = ""
            if record.host:
                host = f'<a href="{e(record.host.get_absolute_url())}">{e(record.host.name)}</a>'
            place = f"<div><dt>Place</dt><dd>{e(record.city)}{joiner}{host}</dd></div>"
        participations = record.participations.all()
        people = ""
        if participations:
            people = f"<div><dt>Participants</dt><dd>{participant_list(participations)}</dd></div>"
        facts = f"{indent}{place}{indent}{people}\n            "
    else:
        source = ""
        if record.summit:
            source = (
                f'<div><dt>From</dt><dd><a href="{e(record.summit.get_absolute_url())}">'
                f"{e(record.summit.name)}</a></dd></div>"
            )
        parties = record.agreement_parties.all()
        people = ""
        if parties:
            people = f"<div><dt>Parties</dt><dd>{participant_list(parties)}</dd></div>"
        value = ""
        if record.value_amount is not None:
            amount = e(floatformat(record.value_amount, "-2g"))
            value = f"<div><dt>Value</dt><dd>{e(record.value_currency)} {amount}</dd></div>"
        facts = f"{indent}{source}{indent}{people}{indent}{value}\n            "
    topics = record.topics.all()
    tags = ""
    if topics:
        links = "".join(
            f'<li><a href="{e(timeline_url)}?topic={e(topic.slug)}">{e(topic.name)}</a></li>' for topic in topics
        )
        tags = f'<ul class="tags" aria-label="Topics">{links}</ul>'
    return mark_safe(  # every value escaped above
        f'\n      <li class="entry entry-{record_type}">\n'
        f'        <article aria-labelledby="entry-{record_type}-{slug}">\n'
        f'          <p class="entry-meta">\n'
        f'            <span class="badge badge-{record_type}">{badge}</span>\n'
        f"            {when}\n"
        f"          </p>\n"
        f'          <h4 id="entry-{record_type}-{slug}" class="entry-title">'
        f'<a href="{e(record.get_absolute_url())}">{e(record.name)}</a></h4>\n'
        f'          <dl class="facts">\n'
        f"            {mechanism}\n"
        f"            {facts}\n"
        f"          </dl>\n"
        f"          {tags}\n\n"
        f"        </article>\n"
        f"      </li>\n      "
    )


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
