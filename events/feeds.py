"""Feeds for people: Atom feeds of recent changes and of new summits and agreements (Django's
syndication framework), and an iCalendar file of summits (docs/feeds.md)."""

import datetime

from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django_filters.utils import translate_validation
from icalendar import Calendar, Event
from rest_framework.exceptions import ValidationError

from . import filters
from .dates import DatePrecision
from .models import Agreement, Change, Summit

FEED_LENGTH = 50
PUBLIC_PAGES = {"summit", "agreement", "mechanism", "actor", "source"}


class ChangesFeed(Feed):
    """The latest changes of the change feed, newest first."""

    feed_type = Atom1Feed
    title = "cainfo: recent changes"
    subtitle = "Every record and relation row created, changed or deleted in cainfo, newest first."

    def link(self):
        return reverse("events:timeline")

    def items(self):
        return Change.objects.filter(seq__isnull=False).order_by("-seq")[:FEED_LENGTH]

    def item_title(self, change):
        key = change.slug or " / ".join(str(part) for part in change.natural_key)
        return f"{change.get_action_display()} {change.record_type} {key}"

    def item_description(self, change):
        where = f" ({change.link_type} {change.link_slug})" if change.link_slug and not change.slug else ""
        return f"{change.record_type} {change.get_action_display().lower()}{where} at {change.at:%Y-%m-%d %H:%M} UTC."

    def item_link(self, change):
        if change.link_type in PUBLIC_PAGES and change.link_slug:
            return reverse(f"events:{change.link_type}-detail", args=[change.link_slug])
        return reverse("api:changes") + f"?type={change.record_type}"

    def item_guid(self, change):
        return f"urn:cainfo:change:{change.seq}"

    item_guid_is_permalink = False

    def item_pubdate(self, change):
        return change.at

    def item_updateddate(self, change):
        return change.at


class TimelineFeed(Feed):
    """Summits and agreements, the most recently added first."""

    feed_type = Atom1Feed
    title = "cainfo: new summits and agreements"
    subtitle = "Summits and agreements as they are added to cainfo."

    def link(self):
        return reverse("events:timeline")

    def items(self):
        summits = Summit.objects.select_related("mechanism").order_by("-created_at")[:FEED_LENGTH]
        agreements = Agreement.objects.select_related("mechanism").order_by("-created_at")[:FEED_LENGTH]
        return sorted([*summits, *agreements], key=lambda record: record.created_at, reverse=True)[:FEED_LENGTH]

    def item_title(self, record):
        when = record.partial_date_display()
        return f"{record.name} ({when})" if when else record.name

    def item_description(self, record):
        kind = record._meta.verbose_name.capitalize()
        mechanism = f" of {record.mechanism}" if record.mechanism else ""
        city = f" in {record.city}" if getattr(record, "city", "") else ""
        when = record.partial_date_display() or "date unknown"
        return f"{kind}{mechanism}{city}, {when}."

    def item_guid(self, record):
        return f"urn:cainfo:{record._meta.model_name}:{record.slug}"

    item_guid_is_permalink = False

    def item_pubdate(self, record):
        return record.created_at

    def item_updateddate(self, record):
        return record.updated_at


def calendar_span(day: datetime.date, precision: str) -> tuple[datetime.date, datetime.date]:
    """The all-day span an event covers at its precision: the day, the whole month or the whole
    year (DTEND is exclusive). A summit known to the month is never given an invented day."""
    if precision == DatePrecision.DAY:
        return day, day + datetime.timedelta(days=1)
    if precision == DatePrecision.MONTH:
        first = day.replace(day=1)
        return first, (first + datetime.timedelta(days=32)).replace(day=1)
    first = day.replace(month=1, day=1)
    return first, first.replace(year=first.year + 1)


def summits_ics(request):
    """`/feeds/summits.ics`: the dated summits, filtered like the timeline (`actor`, `mechanism`,
    `topic`, `year`, `date_after`, `date_before`). Undated summits are left out."""
    filterset = filters.TimelineFilterSet(request.GET, queryset=Summit.objects.all(), only_given=True)
    accepted = set(filters.TimelineFilterSet.base_filters)
    unknown = sorted(set(request.GET) - accepted | ({"type", "ordering"} & set(request.GET)))
    if unknown:
        return HttpResponse(f"Unknown query parameter(s): {', '.join(unknown)}.", status=400, content_type="text/plain")
    try:
        if not filterset.is_valid():
            raise translate_validation(filterset.errors)
    except ValidationError as error:
        return HttpResponse(str(error.detail), status=400, content_type="text/plain; charset=utf-8")
    summits = (
        filterset.filter_queryset(Summit.objects.all())
        .filter(date__isnull=False)
        .select_related("mechanism", "host")
        .order_by("date", "name", "pk")
    )
    calendar = Calendar()
    calendar.add("prodid", "-//cainfo//summits//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "cainfo: summits")
    stamp = timezone.now()
    for summit in summits:
        calendar.add_component(summit_event(summit, request, stamp))
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="summits.ics"'
    return response


def summit_event(summit: Summit, request, stamp) -> Event:
    start, end = calendar_span(summit.date, summit.date_precision or DatePrecision.DAY)
    event = Event()
    event.add("uid", f"summit-{summit.slug}@cainfo")
    event.add("dtstamp", stamp)
    event.add("last-modified", summit.updated_at)
    event.add("dtstart", start)
    event.add("dtend", end)
    precise = summit.date_precision in ("", DatePrecision.DAY)
    note = "" if precise else f" (date known only to the {summit.date_precision}: {summit.partial_date_display()})"
    event.add("summary", f"{summit.name}{note}")
    lines = [f"Mechanism: {summit.mechanism}" if summit.mechanism else "", summit.outcome]
    if not precise:
        lines.append(
            f"cainfo knows this summit's date only to the {summit.date_precision}; "
            f"the event spans the whole {summit.date_precision}, not a day."
        )
    event.add("description", "\n".join(line for line in lines if line))
    if summit.city:
        event.add("location", summit.city)
    event.add("url", request.build_absolute_uri(summit.get_absolute_url()))
    event.add("transp", "TRANSPARENT")
    return event
