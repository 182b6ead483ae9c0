"""Forms: the admin's partial-date editing, the public timeline's filters and the search page's."""

import datetime
import functools
import html

from django import forms
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.db.models import Value
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.timesince import timesince
from simple_history.manager import SIMPLE_HISTORY_REVERSE_ATTR_NAME

from .cache import CACHE_ALIAS, current_version
from .dates import EDTF_HELP, parse_edtf, parse_partial_date
from .models import Actor, Agreement, Mechanism, Topic, set_partial_date
from .models.base import PLAIN_SLUG
from .search import MAX_QUERY_LENGTH, SearchQueryError, query_words
from .search.documents import MODELS as SEARCH_TYPES

PARTIAL_DATE_HELP = EDTF_HELP


def conflict_message(*, saved_by, saved_at: datetime.datetime, editing_user, reload_url: str) -> str:
    """What a curator reads when their save came after someone else's: who, when, and a reload link."""
    when = f"{timesince(saved_at)} ago, at {saved_at:%H:%M} UTC on {saved_at.day} {saved_at:%B %Y}"
    if saved_by is not None and editing_user is not None and saved_by.pk == editing_user.pk:
        who = "You saved this record in another tab or window"
    elif saved_by is not None:
        who = f"{saved_by.get_full_name() or saved_by.get_username()} saved this record"
    else:
        who = "This record was saved by someone else (a script or an import)"
    text = (
        f"{who} {when}, after you opened this page. Nothing you changed here was saved, so that version is kept."
    )
    if not reload_url:
        return text + " Reload the page to see it, then make your changes again."
    return format_html(
        '{} <a href="{}">Reload this record</a> to see it, then make your changes again.', text, reload_url
    )


class VersionedForm(forms.ModelForm):
    """Refuses to save over a change made since the form was opened (optimistic locking).

    The version is the record's `updated_at`, the same value the API's ETag is built from, so a
    save through either path makes the other's copy stale."""

    loaded_version = forms.CharField(widget=forms.HiddenInput, required=False)
    # Set by the admin for the request (CuratedAdmin.get_form), so the message can say "you".
    editing_user = None
    reload_url = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.updated_at:
            self.initial["loaded_version"] = self.opened_version().isoformat()

    def opened_version(self):
        """The version the form is opened on. Reverting (django-simple-history's form on an earlier
        version, whose instance carries that version's `updated_at`) starts from the record as
        it is now: a change saved after the revert page was opened still makes it stale."""
        if getattr(self.instance, SIMPLE_HISTORY_REVERSE_ATTR_NAME, None) is None:
            return self.instance.updated_at
        current = type(self.instance)._default_manager.filter(pk=self.instance.pk).values_list("updated_at", flat=True)
        return current.first() or self.instance.updated_at

    def clean(self):
        cleaned_data = super().clean()
        if not self.instance.pk:
            return cleaned_data
        current = (
            type(self.instance)
            ._default_manager.select_for_update()
            .filter(pk=self.instance.pk)
            .values_list("updated_at", flat=True)
            .first()
        )
        if current and cleaned_data.get("loaded_version") != current.isoformat():
            latest = self.instance.history.order_by("-history_date").select_related("history_user").first()
            message = conflict_message(
                saved_by=latest.history_user if latest else None,
                saved_at=current,
                editing_user=self.editing_user,
                reload_url=self.reload_url,
            )
            # added, not raised: the subclasses' cleaning still runs, so no other field shows a false error
            self.add_error(None, ValidationError(message, code="stale_version"))
        return cleaned_data


class PartialDateForm(VersionedForm):
    """Edits each (field, field_precision) pair as one text box holding ISO 8601 at its precision."""

    partial_date_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.partial_date_fields:
            if name in self.fields and self.instance.pk:
                self.initial[name] = self.instance.partial_date(name)

    def _get_validation_exclusions(self):
        """The columns a text date fills stay in the model's validation, so that its constraints on
        bounds ("end not before start") are judged here, as a form error, not by the database."""
        exclude = super()._get_validation_exclusions()
        for name in self.partial_date_fields:
            if name in self.fields and name not in exclude:
                exclude -= {f"{name}{suffix}" for suffix in ("_precision", "_text", "_earliest", "_latest")}
        return exclude

    def clean(self):
        cleaned_data = super().clean()
        for name in self.partial_date_fields:
            if name not in self.fields or name in self.errors:
                continue
            text = (cleaned_data.get(name) or "").strip()
            try:
                date = parse_edtf(text) if text else None
            except ValidationError as error:
                self.add_error(name, error)
                continue
            cleaned_data[name] = date.value if date else None
            set_partial_date(self.instance, name, date)
        return cleaned_data


def partial_date_form(*names: str) -> type[PartialDateForm]:
    """A model form whose date fields `names` are each one ISO text box; the precision follows from the text."""
    fields = {
        name: forms.CharField(
            label=name.replace("_", " ").capitalize(),
            required=False,
            help_text=PARTIAL_DATE_HELP,
            widget=forms.TextInput(attrs={"placeholder": "2025, 2025-04, 2025-11?, 2019/2025", "size": 12}),
        )
        for name in names
    }
    return type("PartialDateForm", (PartialDateForm,), {"partial_date_fields": names, **fields})


def plural(noun: str) -> str:
    return f"{noun[:-1]}ies" if noun.endswith("y") else f"{noun}s"


KIND_CHOICES = [
    ("", "Summits and agreements"),
    ("summits", "Summits only"),
    ("agreements", "Agreements only (every kind)"),
    ("Agreements of one kind", [(value, plural(label).capitalize()) for value, label in Agreement.Kind.choices]),
]


def clean_search_words(text: str) -> str:
    """A search box's text, refused (with the reason) when search would refuse it."""
    if text:
        try:
            query_words(text)
        except SearchQueryError as error:
            raise forms.ValidationError(str(error)) from None
    return text


class SearchForm(forms.Form):
    """The public search page's query and filters, read from the query string."""

    q = forms.CharField(label="Search", required=False, max_length=MAX_QUERY_LENGTH, strip=True)
    type = forms.ChoiceField(
        choices=[("", "Every type"), *[(name, plural(name).capitalize()) for name in SEARCH_TYPES]], required=False
    )
    mechanism = forms.ModelChoiceField(Mechanism.objects.all(), to_field_name="slug", required=False)
    topic = forms.ModelChoiceField(Topic.objects.all(), to_field_name="slug", required=False)
    year = forms.IntegerField(required=False, min_value=1, max_value=9999)
    page = forms.IntegerField(required=False, min_value=1, max_value=10_000)

    def clean_q(self):
        return clean_search_words(self.cleaned_data["q"])


SUGGESTIONS_SECONDS = 300  # bounds how long a change made outside the app (SQL by hand) goes unseen


def suggestions() -> dict[str, str]:
    """The `<option>`s of the timeline's mechanism and actor datalists (2,521 at scale), read in
    one query and joined once per data version (events.cache), not on every page."""
    return suggestions_under(current_version())


def suggestions_under(version: str | None) -> dict[str, str]:
    """`suggestions()` for a data version the caller has read."""
    key = f"timeline:suggestions:{version}"
    joined = caches[CACHE_ALIAS].get(key)
    if joined is None:
        options = {"mechanism": [], "actor": []}
        mechanisms = Mechanism.objects.order_by().values_list(Value("mechanism"), "slug", "name")
        actors = Actor.objects.order_by().values_list(Value("actor"), "slug", "name")
        for kind, slug, label in mechanisms.union(actors, all=True).order_by("name"):
            # a plain slug has nothing to escape: half of the escaping of 2,521 options saved
            value = slug if PLAIN_SLUG.fullmatch(slug) else html.escape(slug)
            options[kind].append(f'<option value="{value}">{html.escape(label)}</option>')
        joined = {kind: "".join(rows) for kind, rows in options.items()}
        caches[CACHE_ALIAS].set(key, joined, SUGGESTIONS_SECONDS)
    return joined


class DatalistInput(forms.TextInput):
    """A text box suggesting records as the reader types: a `<datalist>` of their slugs, each
    labelled with its name (`suggestions()`, by model name). A select of every mechanism and actor
    (2,521 options at scale) took more than half of the timeline's time to render; these options
    are joined as text."""

    def __init__(self, model_name: str, attrs=None):
        super().__init__(attrs)
        self.model_name = model_name
        self.suggested = suggestions  # a form with two of them shares one call (TimelineFilterForm)

    def render(self, name, value, attrs=None, renderer=None):
        list_id = f"{(attrs or {}).get('id') or name}-options"
        box = super().render(name, value, {**(attrs or {}), "list": list_id, "autocomplete": "off"}, renderer)
        options = self.suggested()[self.model_name]  # slugs and names escaped there
        return mark_safe(f'{box}<datalist id="{list_id}">{options}</datalist>')


def _attributes(attrs: dict) -> str:
    """As django/forms/widgets/attrs.html writes them: False left out, True as a bare name."""
    return "".join(
        f" {conditional_escape(name)}" + ("" if value is True else f'="{conditional_escape(str(value))}"')
        for name, value in attrs.items()
        if value is not False
    )


class JoinedSelect(forms.Select):
    """forms.Select whose markup is joined here as django/forms/widgets/select.html would render
    it (tests/test_forms_select.py holds them equal), not through two templates per option: the
    timeline's topic and kind selects took a fifth of its filter form's time."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [f'<select name="{conditional_escape(widget["name"])}"{_attributes(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
            parts.extend(
                f'\n  <option value="{conditional_escape(str(option["value"]))}"{_attributes(option["attrs"])}>'
                f"{conditional_escape(option['label'])}</option>\n"
                for option in options
            )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # every name, value and label escaped above


class ReadOnceModelChoiceIterator(forms.models.ModelChoiceIterator):
    """The choices read in one query: Django's iterator() is a server-side cursor on
    PostgreSQL, three statements (DECLARE, FETCH, CLOSE) for the timeline's few topics."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in list(self.queryset):
            yield self.choice(obj)


class RecordTextField(forms.ModelChoiceField):
    """A record typed as its slug or its exact name (any case), suggested by a DatalistInput."""

    def __init__(self, queryset, placeholder: str, **kwargs):
        widget = DatalistInput(queryset.model._meta.model_name, attrs={"placeholder": placeholder})
        super().__init__(queryset, to_field_name="slug", widget=widget, **kwargs)

    def to_python(self, value):
        text = (value or "").strip()
        if not text:
            return None
        found = None
        if "\x00" not in text:  # PostgreSQL refuses NUL in a string
            found = self.queryset.filter(slug=text).first()
            if found is None:
                named = list(self.queryset.filter(name__iexact=text)[:2])
                found = named[0] if len(named) == 1 else None
        if found is None:
            noun = self.queryset.model._meta.verbose_name
            raise ValidationError(
                f"No {noun} has the identifier or name “{text}”: pick one of the suggestions.", code="invalid_choice"
            )
        return found


class TimelineFilterForm(forms.Form):
    """The timeline's filters, read from the query string so that a filtered timeline is a shareable link."""

    q = forms.CharField(label="Search", required=False, max_length=200, strip=True)
    mechanism = RecordTextField(Mechanism.objects.order_by("name"), "Any mechanism", required=False)
    actor = RecordTextField(Actor.objects.order_by("name"), "Any actor", required=False)
    topic = forms.ModelChoiceField(
        Topic.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label="Any topic",
        widget=JoinedSelect,
    )
    topic.iterator = ReadOnceModelChoiceIterator
    kind = forms.ChoiceField(choices=KIND_CHOICES, required=False, widget=JoinedSelect)
    year_from = forms.IntegerField(label="From year", required=False, min_value=1, max_value=9999)
    year_to = forms.IntegerField(label="To year", required=False, min_value=1, max_value=9999)

    def __init__(self, *args, data_version: str | None = None, **kwargs):
        """`data_version`: the data version (events.cache) the caller has read for this request, if any."""
        super().__init__(*args, **kwargs)
        self.data_version = data_version
        if data_version is None:
            suggested = functools.cache(suggestions)  # the data version read once per form
        else:
            suggested = functools.partial(suggestions_under, data_version)
        self.fields["mechanism"].widget.suggested = self.fields["actor"].widget.suggested = suggested

    def clean_q(self):
        return clean_search_words(self.cleaned_data["q"])

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


class ClaimsField(forms.CharField):
    """A citation's claims as one text box: names separated by commas ("date, city, participant:japan")."""

    def prepare_value(self, value):
        if isinstance(value, list):
            return ", ".join(value)
        return value

    def to_python(self, value):
        if isinstance(value, list):
            return value
        return [claim.strip() for claim in (value or "").split(",") if claim.strip()]


CLAIMS_HELP = (
    "What the source supports, separated by commas: fields (date, city, host, name, …) or rows "
    "(participant:japan, party:uzbekistan, member:azerbaijan, level:2023). At least one."
)


class CitationForm(forms.ModelForm):
    """A citation inline on its record's page."""

    claims = ClaimsField(required=False, help_text=CLAIMS_HELP)


class CitationAdminForm(VersionedForm):
    """A citation on its own admin page."""

    claims = ClaimsField(required=False, help_text=CLAIMS_HELP)


class DayField(forms.CharField):
    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            day, precision = parse_partial_date(value)
        except forms.ValidationError as error:
            raise forms.ValidationError(error.messages) from None
        if precision != "day":
            raise forms.ValidationError(f"Give a day as YYYY-MM-DD; got {value!r}.")
        return day


class AsOfForm(forms.Form):
    as_of = DayField(label="As of", required=False, widget=forms.DateInput(attrs={"type": "date"}))
