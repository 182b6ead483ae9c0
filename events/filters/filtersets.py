"""One FilterSet per list endpoint, and the timeline's."""

import django_filters

from ..choices import Level
from ..models import (
    Actor,
    Agreement,
    AgreementParty,
    Mechanism,
    Membership,
    Participation,
    Source,
    Summit,
    Topic,
)
from .base import RequestFilterSet
from .fields import (
    RelatedActorFilterMixin,
    SlugsFilter,
    StableOrderingFilter,
    date_filters,
    filter_to_many,
    identifier_filter,
    search_filter,
    topic_filter,
)


class TopicFilterSet(RequestFilterSet):
    search = search_filter("topic")
    ordering = StableOrderingFilter(fields=["name", "slug", "updated_at"])

    class Meta:
        model = Topic
        fields = ["search", "ordering"]


class SourceFilterSet(RequestFilterSet):
    date_after, date_before, year = date_filters("published", "Published")
    language = django_filters.CharFilter(help_text="ISO 639-1 code of the document's language, e.g. en.")
    search = search_filter("source")
    ordering = StableOrderingFilter(fields=["published", "title", "publisher", "updated_at"])

    class Meta:
        model = Source
        fields = ["date_after", "date_before", "year", "language", "search", "ordering"]


class ActorFilterSet(RequestFilterSet):
    kind = django_filters.MultipleChoiceFilter(choices=Actor.Kind.choices, help_text="Kind of actor.")
    mechanism = SlugsFilter(
        queryset=Mechanism.objects.all(),
        field_name="memberships__mechanism",
        method=filter_to_many,
        help_text="Actors with a membership (at any time) of this mechanism, by slug.",
    )
    represents = SlugsFilter(
        queryset=Actor.objects.all(), field_name="represents", help_text="People representing this actor, by slug."
    )
    identifier = identifier_filter()
    search = search_filter("actor")
    ordering = StableOrderingFilter(fields=["name", "kind", "iso3", "updated_at"])

    class Meta:
        model = Actor
        fields = ["kind", "mechanism", "represents", "identifier", "search", "ordering"]


class MechanismFilterSet(RelatedActorFilterMixin, RequestFilterSet):
    kind = django_filters.MultipleChoiceFilter(choices=Mechanism.Kind.choices, help_text="Kind of mechanism.")
    level = django_filters.MultipleChoiceFilter(
        choices=Level.choices,
        method="filter_level",
        help_text="Mechanisms whose current level (the latest step of their level history) is this.",
    )
    actor = SlugsFilter(
        queryset=Actor.objects.all(),
        field_name="memberships__actor",
        method="filter_actor",
        help_text="Mechanisms this actor is (or was) a member of, by slug; combine with `role`.",
    )
    role = django_filters.ChoiceFilter(
        choices=Membership.Role.choices, method="filter_role", help_text="Membership role, with or without `actor`."
    )
    topic = topic_filter()
    parent = SlugsFilter(queryset=Mechanism.objects.all(), field_name="parent", help_text="Parent mechanism slug.")
    initiator = SlugsFilter(queryset=Actor.objects.all(), field_name="initiator", help_text="Initiating actor slug.")
    date_after, date_before, year = date_filters("founded", "Founded")
    identifier = identifier_filter()
    search = search_filter("mechanism")
    ordering = StableOrderingFilter(fields=["name", "acronym", "kind", "founded", "updated_at"])

    class Meta:
        model = Mechanism
        fields = [
            "kind",
            "level",
            "actor",
            "role",
            "topic",
            "parent",
            "initiator",
            "date_after",
            "date_before",
            "year",
            "identifier",
            "search",
            "ordering",
        ]

    def filter_level(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(current_level__in=value)


class SummitFilterSet(RelatedActorFilterMixin, RequestFilterSet):
    date_after, date_before, year = date_filters("date", "Held")
    mechanism = SlugsFilter(queryset=Mechanism.objects.all(), field_name="mechanism", help_text="Mechanism slug.")
    actor = SlugsFilter(
        queryset=Actor.objects.all(),
        field_name="participants",
        method="filter_actor",
        help_text="Summits this actor took part in, by slug; combine with `role`.",
    )
    role = django_filters.ChoiceFilter(
        choices=Participation.Role.choices,
        method="filter_role",
        help_text="Participation role, with or without `actor`.",
    )
    host = SlugsFilter(queryset=Actor.objects.all(), field_name="host", help_text="Host actor slug.")
    level = django_filters.MultipleChoiceFilter(choices=Level.choices, help_text="Level of the summit.")
    topic = topic_filter()
    identifier = identifier_filter()
    search = search_filter("summit")
    ordering = StableOrderingFilter(fields=["date", "name", "city", "ordinal", "updated_at"])

    class Meta:
        model = Summit
        fields = [
            "date_after",
            "date_before",
            "year",
            "mechanism",
            "actor",
            "role",
            "host",
            "level",
            "topic",
            "identifier",
            "search",
            "ordering",
        ]


class AgreementFilterSet(RelatedActorFilterMixin, RequestFilterSet):
    date_after, date_before, year = date_filters("date", "Dated")
    kind = django_filters.MultipleChoiceFilter(choices=Agreement.Kind.choices, help_text="Kind of agreement.")
    mechanism = SlugsFilter(queryset=Mechanism.objects.all(), field_name="mechanism", help_text="Mechanism slug.")
    summit = SlugsFilter(queryset=Summit.objects.all(), field_name="summit", help_text="Summit slug.")
    actor = SlugsFilter(
        queryset=Actor.objects.all(),
        field_name="parties",
        method="filter_actor",
        help_text="Agreements this actor is a party to, by slug; combine with `role`.",
    )
    role = django_filters.ChoiceFilter(
        choices=AgreementParty.Role.choices, method="filter_role", help_text="Party role, with or without `actor`."
    )
    topic = topic_filter()
    identifier = identifier_filter()
    search = search_filter("agreement")
    ordering = StableOrderingFilter(fields=["date", "name", "kind", "value_amount", "updated_at"])
    as_of = django_filters.DateFilter(
        method="state_only", help_text="Filters nothing: adds each agreement's `state` on this day (YYYY-MM-DD)."
    )

    class Meta:
        model = Agreement
        fields = [
            "date_after",
            "date_before",
            "year",
            "kind",
            "mechanism",
            "summit",
            "actor",
            "role",
            "topic",
            "identifier",
            "search",
            "ordering",
            "as_of",
        ]

    def state_only(self, queryset, name, value):
        return queryset  # the viewset reads `as_of` for the agreements' state


class TimelineFilterSet(RelatedActorFilterMixin, RequestFilterSet):
    """Filters applied alike to the summits and the agreements of the timeline."""

    TYPES = [("summit", "summit"), ("agreement", "agreement")]

    type = django_filters.ChoiceFilter(
        choices=TYPES, method="filter_type", help_text="Only summits or only agreements."
    )
    date_after, date_before, year = date_filters("date", "Dated")
    actor = SlugsFilter(
        queryset=Actor.objects.all(),
        field_name="participants",
        method="filter_actor",
        help_text="Summits the actor took part in and agreements it is a party to, by slug.",
    )
    mechanism = SlugsFilter(queryset=Mechanism.objects.all(), field_name="mechanism", help_text="Mechanism slug.")
    topic = topic_filter()
    ordering = django_filters.ChoiceFilter(
        choices=[("date", "date"), ("-date", "-date")],
        method="order_later",
        help_text="Oldest first (`date`, the default) or newest first (`-date`); undated records come last.",
    )

    class Meta:
        fields = ["type", "date_after", "date_before", "year", "actor", "mechanism", "topic", "ordering"]

    def order_later(self, queryset, name, value):
        return queryset  # the timeline orders the merged rows itself

    def filter_type(self, queryset, name, value):
        if value and value != queryset.model._meta.model_name:
            return queryset.none()
        return queryset
