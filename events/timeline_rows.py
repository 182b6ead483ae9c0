"""The timeline's rows: which summits and agreements a filter selects, newest first, and the
records of one page read with only what an entry shows (the timeline_entry tag)."""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet, Value
from django.db.models.expressions import RawSQL

from .api.pagination import MergedNewestFirst
from .filters.fields import overlaps
from .forms import TimelineFilterForm
from .models import Actor, Agreement, AgreementParty, Participation, Summit, Topic
from .search.query import matching_sql


@dataclass
class TimelineEntry:
    """One row of the timeline: a summit or an agreement."""

    record_type: str
    record: Summit | Agreement

    @property
    def year(self) -> int | None:
        return self.record.date.year if self.record.date else None


def involving(actor: Actor) -> Q:
    """Participations or agreement parties where `actor` is the actor or its representative."""
    return Q(actor=actor) | Q(representative=actor)


def indexed(text: str, record_type: str) -> RawSQL:
    """The ids of the records of `record_type` the search index finds for `text`."""
    return RawSQL(*matching_sql(text, record_type))


def naming(text: str) -> Q:
    """Participations or agreement parties whose actor or representative the search index
    finds for `text`."""
    actors = indexed(text, "actor")
    return Q(actor__in=actors) | Q(representative__in=actors)


def summits_matching(form: TimelineFilterForm) -> QuerySet:
    data = form.cleaned_data
    summits = Summit.objects.all()
    if data["kind"] and data["kind"] != "summits":
        return summits.none()
    if data["mechanism"]:
        summits = summits.filter(mechanism=data["mechanism"])
    if data["actor"]:
        actor = data["actor"]
        summits = summits.filter(
            Q(host=actor) | Q(pk__in=Participation.objects.filter(involving(actor)).values("summit"))
        )
    if data["topic"]:
        summits = summits.filter(pk__in=Summit.topics.through.objects.filter(topic=data["topic"]).values("summit"))
    if text := data["q"]:
        summits = summits.filter(
            Q(pk__in=indexed(text, "summit"))
            | Q(mechanism__in=indexed(text, "mechanism"))
            | Q(pk__in=Participation.objects.filter(naming(text)).values("summit"))
        )
    return summits


def agreements_matching(form: TimelineFilterForm) -> QuerySet:
    data = form.cleaned_data
    agreements = Agreement.objects.all()
    if data["kind"] == "summits":
        return agreements.none()
    if data["kind"] and data["kind"] != "agreements":
        agreements = agreements.filter(kind=data["kind"])
    if data["mechanism"]:
        agreements = agreements.filter(Q(mechanism=data["mechanism"]) | Q(summit__mechanism=data["mechanism"]))
    if data["actor"]:
        agreements = agreements.filter(
            pk__in=AgreementParty.objects.filter(involving(data["actor"])).values("agreement")
        )
    if data["topic"]:
        agreements = agreements.filter(
            pk__in=Agreement.topics.through.objects.filter(topic=data["topic"]).values("agreement")
        )
    if text := data["q"]:
        agreements = agreements.filter(
            Q(pk__in=indexed(text, "agreement"))
            | Q(mechanism__in=indexed(text, "mechanism"))
            | Q(pk__in=AgreementParty.objects.filter(naming(text)).values("agreement"))
        )
    return agreements


def in_date_range(queryset: QuerySet, start: datetime.date | None, end: datetime.date | None) -> QuerySet:
    """The API's rule (docs/dates.md): a record is in the range when its date's bounds overlap it."""
    if start is None and end is None:
        return queryset
    return queryset.filter(overlaps("date", start, end))


def timeline_rows(form: TimelineFilterForm) -> MergedNewestFirst:
    """Summits and agreements as (record type, rank, date, name, id) rows: newest first, undated
    last, a summit before the agreements of the same day; counted in one query."""
    start, end = form.date_range
    columns = ("record_type", "rank", "date", "name", "pk")
    summits = in_date_range(summits_matching(form), start, end).annotate(record_type=Value("summit"), rank=Value(0))
    agreements = in_date_range(agreements_matching(form), start, end).annotate(
        record_type=Value("agreement"), rank=Value(1)
    )
    return MergedNewestFirst(
        summits.values_list(*columns), agreements.values_list(*columns), data_version=form.data_version
    )


# what a timeline entry shows (the timeline_entry tag), and no more columns read
ENTRY_FIELDS = ("slug", "name", "date", "date_precision", "date_text")
MECHANISM_SHOWN = ("mechanism__slug", "mechanism__name", "mechanism__acronym")
SUMMIT_LINKS = (*MECHANISM_SHOWN, "host__slug", "host__name")
AGREEMENT_LINKS = (*MECHANISM_SHOWN, "summit__slug", "summit__name")
TOPICS_SHOWN = Prefetch("topics", queryset=Topic.objects.only("slug", "name"))


def people_shown(model, record: str) -> QuerySet:
    """A record's participations or parties with only what participant_list shows."""
    return model.objects.select_related("actor", "representative").only(
        record, "role", "actor__slug", "actor__name", "representative__slug", "representative__name"
    )


def timeline_entries(rows) -> list[TimelineEntry]:
    """The records of one page of rows, each fetched with what the timeline shows of it."""
    ids = {"summit": [], "agreement": []}
    for record_type, _rank, _date, _name, pk in rows:
        ids[record_type].append(pk)
    records = {"summit": {}, "agreement": {}}
    if ids["summit"]:
        summits = (
            Summit.objects.filter(pk__in=ids["summit"])
            .select_related("mechanism", "host")
            .only(*ENTRY_FIELDS, "city", "mechanism", "host", *SUMMIT_LINKS)
            .prefetch_related(Prefetch("participations", queryset=people_shown(Participation, "summit")), TOPICS_SHOWN)
        )
        records["summit"] = {summit.pk: summit for summit in summits}
    if ids["agreement"]:
        agreements = (
            Agreement.objects.filter(pk__in=ids["agreement"])
            .select_related("mechanism", "summit")
            .only(*ENTRY_FIELDS, "kind", "value_amount", "value_currency", "mechanism", "summit", *AGREEMENT_LINKS)
            .prefetch_related(
                Prefetch("agreement_parties", queryset=people_shown(AgreementParty, "agreement")),
                TOPICS_SHOWN,
            )
        )
        records["agreement"] = {agreement.pk: agreement for agreement in agreements}
    return [TimelineEntry(record_type, records[record_type][pk]) for record_type, _rank, _date, _name, pk in rows]
