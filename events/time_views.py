"""Public pages about time: the timeline chart, the state of the world on a day (with its network
picture), and what changed between two days."""

import datetime

from django import forms
from django.shortcuts import render
from django.urls import NoReverseMatch
from django.utils import timezone

from . import charts, snapshot
from .forms import AsOfForm, DayField, TimelineFilterForm
from .timeline_rows import agreements_matching, in_date_range, summits_matching


def page_summary(record) -> dict:
    try:
        url = record.get_absolute_url()
    except (AttributeError, NoReverseMatch):
        url = ""
    return {"slug": record.slug, "name": getattr(record, "name", "") or getattr(record, "title", ""), "url": url}


def timeline_chart(request):
    """The timeline's records on a time axis, a lane per mechanism, filtered as the timeline is."""
    form = TimelineFilterForm(request.GET)
    if not form.is_valid():
        return render(request, "events/timeline_chart.html", {"form": form, "chart": None}, status=400)
    start, end = form.date_range
    summits = in_date_range(summits_matching(form), start, end).select_related("mechanism").order_by("date", "name")
    agreements = (
        in_date_range(agreements_matching(form), start, end).select_related("mechanism").order_by("date", "name")
    )
    records = [*summits, *agreements]
    chart = charts.timeline_chart(summits, agreements, timezone.localdate())
    rows = sorted(
        (r for r in records if r.edtf()), key=lambda r: (str(r.mechanism) if r.mechanism else "~", r.date, r.name)
    )
    return render(request, "events/timeline_chart.html", {"form": form, "chart": chart, "rows": rows})


class ChangesForm(forms.Form):
    start = DayField(label="From", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = DayField(label="To", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["end"] < cleaned["start"]:
            self.add_error("end", "The range ends before it starts.")
        return cleaned


def state_on(request):
    """The state of the world on a day: mechanisms and their members, drawn as a network."""
    form = AsOfForm(request.GET)
    if not form.is_valid():
        return render(request, "events/state_on.html", {"form": form, "state": None}, status=400)
    day = form.cleaned_data["as_of"] or timezone.localdate()
    state = snapshot.snapshot(day, page_summary)
    context = {"form": form, "day": day, "state": state, "network": charts.network(state["mechanisms"])}
    return render(request, "events/state_on.html", context)


def changes(request):
    """What changed between two days (by default the last three months)."""
    form = ChangesForm(request.GET)
    if not form.is_valid():
        return render(request, "events/changes.html", {"form": form, "diff": None}, status=400)
    last = form.cleaned_data["end"] or timezone.localdate()
    first = form.cleaned_data["start"] or last - datetime.timedelta(days=91)
    if first > last:
        first, last = last, first
    diff = snapshot.diff(first, last, page_summary)
    return render(request, "events/changes.html", {"form": form, "first": first, "last": last, "diff": diff})
