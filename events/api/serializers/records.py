"""One serializer per main record: topics, sources, actors, mechanisms, summits, agreements."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from events.models import (
    Actor,
    Agreement,
    Mechanism,
    MechanismLevel,
    Source,
    Summit,
    Topic,
)

from .base import RecordSerializer
from .fields import (
    PartialDateField,
    PrecisionField,
    ProvenanceField,
    RecordField,
    RecordSummarySerializer,
    RecordURLField,
    record_summary,
)
from .rows import (
    ActorMembershipSerializer,
    AgreementPartySerializer,
    CitationSerializer,
    IdentifierSerializer,
    MechanismLevelSerializer,
    MembershipSerializer,
    OtherNameSerializer,
    ParticipationSerializer,
)
from .treaties import (
    AgreementActionSerializer,
    AgreementRelationSerializer,
    InverseRelationSerializer,
    MechanismRelationSerializer,
    state_representation,
)


class TopicSerializer(RecordSerializer):
    """A topic of the vocabulary."""

    url = RecordURLField()

    class Meta:
        model = Topic
        validators = []  # see RecordSerializer
        fields = ["slug", "url", "name", "description", "created_at", "updated_at"]


class SourceSerializer(RecordSerializer):
    """A cited document. `url` is this record in the API; `document_url` is the document itself."""

    url = RecordURLField()
    document_url = serializers.URLField(source="url", max_length=500, required=False, allow_blank=True)
    published = PartialDateField()
    published_precision = PrecisionField()

    class Meta:
        model = Source
        validators = []  # see RecordSerializer
        fields = [
            "slug",
            "url",
            "title",
            "author",
            "publisher",
            "published",
            "published_precision",
            "document_url",
            "language",
            "curator_note",
            "created_at",
            "updated_at",
        ]


class ActorSerializer(RecordSerializer):
    """A state, organisation, union, person or group, with its memberships (read only here: they are
    written on the mechanism) and citations."""

    nested = ("other_names", "identifiers", "citations")

    url = RecordURLField()
    represents = RecordField(queryset=Actor.objects.all(), required=False, allow_null=True)
    office_start = PartialDateField(help_text="When the person took the office (and began to represent `represents`).")
    office_start_precision = PrecisionField()
    office_end = PartialDateField(help_text="When the person left the office; empty: still in it, or not known.")
    office_end_precision = PrecisionField()
    memberships = ActorMembershipSerializer(many=True, read_only=True)
    other_names = OtherNameSerializer(many=True, required=False)
    identifiers = IdentifierSerializer(many=True, required=False)
    citations = CitationSerializer(many=True, required=False)
    provenance = ProvenanceField()

    class Meta:
        model = Actor
        validators = []  # see RecordSerializer
        fields = [
            "slug",
            "url",
            "name",
            "kind",
            "acronym",
            "iso3",
            "represents",
            "office",
            "office_start",
            "office_start_precision",
            "office_end",
            "office_end_precision",
            "description",
            "curator_note",
            "memberships",
            "inferred",
            "other_names",
            "identifiers",
            "citations",
            "provenance",
            "created_at",
            "updated_at",
        ]


class MechanismSerializer(RecordSerializer):
    """A mechanism with its level history, memberships, current members and citations."""

    nested = ("levels", "memberships", "relations", "other_names", "identifiers", "citations")

    url = RecordURLField()
    founded = PartialDateField()
    founded_precision = PrecisionField()
    initiator = RecordField(queryset=Actor.objects.all(), required=False, allow_null=True)
    parent = RecordField(queryset=Mechanism.objects.all(), required=False, allow_null=True)
    topics = RecordField(queryset=Topic.objects.all(), many=True, required=False)
    current_level = serializers.ChoiceField(
        choices=MechanismLevel._meta.get_field("level").choices,
        read_only=True,
        allow_null=True,
        help_text="The level of the latest step in `levels`.",
    )
    levels = MechanismLevelSerializer(many=True, required=False)
    current_members = serializers.SerializerMethodField(help_text="Members today (see also `members/?as_of=`).")
    memberships = MembershipSerializer(many=True, required=False)
    relations = MechanismRelationSerializer(many=True, required=False)
    related_from = serializers.SerializerMethodField(
        help_text='Relations other mechanisms and agreements hold to this one ("implemented by …").'
    )
    other_names = OtherNameSerializer(many=True, required=False)
    identifiers = IdentifierSerializer(many=True, required=False)
    citations = CitationSerializer(many=True, required=False)
    provenance = ProvenanceField()

    class Meta:
        model = Mechanism
        validators = []  # see RecordSerializer
        fields = [
            "slug",
            "url",
            "name",
            "acronym",
            "kind",
            "founded",
            "founded_precision",
            "founded_place",
            "initiator",
            "parent",
            "topics",
            "description",
            "curator_note",
            "current_level",
            "levels",
            "current_members",
            "memberships",
            "relations",
            "related_from",
            "inferred",
            "other_names",
            "identifiers",
            "citations",
            "provenance",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(InverseRelationSerializer(many=True))
    def get_related_from(self, mechanism):
        inverse = [*mechanism.related_from.all(), *mechanism.agreement_relations.all()]
        return InverseRelationSerializer(inverse, many=True, context=self.context).data

    @extend_schema_field(RecordSummarySerializer(many=True))
    def get_current_members(self, mechanism):
        request = self.context.get("request")
        actors = {membership.actor for membership in mechanism.current_memberships}
        return [record_summary(actor, request) for actor in sorted(actors, key=lambda actor: (actor.name, actor.pk))]


class SummitSerializer(RecordSerializer):
    """A summit with its mechanism, host, participants, topics, agreements and citations."""

    nested = ("participants", "other_names", "identifiers", "citations")

    url = RecordURLField()
    mechanism = RecordField(queryset=Mechanism.objects.all(), required=False, allow_null=True)
    date = PartialDateField()
    date_precision = PrecisionField()
    host = RecordField(queryset=Actor.objects.all(), required=False, allow_null=True)
    participants = ParticipationSerializer(source="participations", many=True, required=False)
    topics = RecordField(queryset=Topic.objects.all(), many=True, required=False)
    agreements = RecordField(many=True, read_only=True)
    other_names = OtherNameSerializer(many=True, required=False)
    identifiers = IdentifierSerializer(many=True, required=False)
    citations = CitationSerializer(many=True, required=False)
    provenance = ProvenanceField()

    class Meta:
        model = Summit
        validators = []  # see RecordSerializer
        fields = [
            "slug",
            "url",
            "name",
            "mechanism",
            "date",
            "date_precision",
            "city",
            "host",
            "level",
            "ordinal",
            "participants",
            "topics",
            "outcome",
            "curator_note",
            "agreements",
            "inferred",
            "other_names",
            "identifiers",
            "citations",
            "provenance",
            "created_at",
            "updated_at",
        ]


class AgreementSerializer(RecordSerializer):
    """An agreement with its summit, mechanism, parties, value, topics and citations."""

    nested = ("parties", "actions", "relations", "other_names", "identifiers", "citations")

    url = RecordURLField()
    date = PartialDateField()
    date_precision = PrecisionField()
    summit = RecordField(queryset=Summit.objects.all(), required=False, allow_null=True)
    mechanism = RecordField(queryset=Mechanism.objects.all(), required=False, allow_null=True)
    parties = AgreementPartySerializer(source="agreement_parties", many=True, required=False)
    actions = AgreementActionSerializer(many=True, required=False)
    relations = AgreementRelationSerializer(many=True, required=False)
    related_from = InverseRelationSerializer(
        many=True, read_only=True, help_text='Relations other agreements hold to this one ("includes …").'
    )
    topics = RecordField(queryset=Topic.objects.all(), many=True, required=False)
    other_names = OtherNameSerializer(many=True, required=False)
    identifiers = IdentifierSerializer(many=True, required=False)
    citations = CitationSerializer(many=True, required=False)
    provenance = ProvenanceField()

    def to_representation(self, instance):
        data = super().to_representation(instance)
        day = self.context.get("as_of")
        if day is not None:  # `?as_of=`: the agreement's state on that day (events.treaty_state)
            data["state"] = state_representation(instance, day, self.context.get("request"))
        return data

    class Meta:
        model = Agreement
        validators = []  # see RecordSerializer
        fields = [
            "slug",
            "url",
            "name",
            "kind",
            "date",
            "date_precision",
            "summit",
            "mechanism",
            "parties",
            "actions",
            "relations",
            "related_from",
            "value_amount",
            "value_currency",
            "topics",
            "description",
            "curator_note",
            "inferred",
            "other_names",
            "identifiers",
            "citations",
            "provenance",
            "created_at",
            "updated_at",
        ]
