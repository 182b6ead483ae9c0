"""Forms for the public pages."""

import datetime

from django import forms

from .models import Actor, Agreement, Mechanism, Topic


def plural(noun: str) -> str:
    return f"{noun[:-1]}ies" if noun.endswith("y") else f"{noun}s"


KIND_CHOICES = [
    ("", "Summits and agreements"),
    ("summits", "Summits only"),
    ("agreements", "Agreements only (every kind)"),
    ("Agreements of one kind", [(value, plural(label).capitalize()) for value, label in Agreement.Kind.choices]),
]


class TimelineFilterForm(forms.Form):
    """The timeline's filters, read from the query string so that a filtered timeline is a shareable link."""

    q = forms.CharField(label="Search", required=False, max_length=200, strip=True)
    mechanism = forms.ModelChoiceField(
        Mechanism.objects.order_by("name"), to_field_name="slug", required=False, empty_label="Any mechanism"
    )
    actor = forms.ModelChoiceField(
        Actor.objects.order_by("name"), to_field_name="slug", required=False, empty_label="Any actor"
    )
    topic = forms.ModelChoiceField(
        Topic.objects.order_by("name"), to_field_name="slug", required=False, empty_label="Any topic"
    )
    kind = forms.ChoiceField(choices=KIND_CHOICES, required=False)
    year_from = forms.IntegerField(label="From year", required=False, min_value=1, max_value=9999)
    year_to = forms.IntegerField(label="To year", required=False, min_value=1, max_value=9999)

    def clean(self):
        cleaned = super().clean()
        year_from, year_to = cleaned.get("year_from"), cleaned.get("year_to")
        if year_from and year_to and year_from > year_to:
            self.add_error("year_to", f"The range ends before it starts: {year_to} is before {year_from}.")
        return cleaned

    @property
    def date_range(self) -> tuple[datetime.date | None, datetime.date | None]:
        year_from, year_to = self.cleaned_data.get("year_from"), self.cleaned_data.get("year_to")
        return (
            datetime.date(year_from, 1, 1) if year_from else None,
            datetime.date(year_to, 12, 31) if year_to else None,
        )
