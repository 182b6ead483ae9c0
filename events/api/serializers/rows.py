"""Relation rows nested in the record that owns them (participants, parties, memberships, levels,
other names, identifiers, citations), and their keys."""

from django.db import models
from rest_framework import serializers

from events.models import (
    Actor,
    AgreementAction,
    AgreementParty,
    AgreementRelation,
    Citation,
    Identifier,
    MechanismLevel,
    MechanismRelation,
    Membership,
    OtherName,
    Participation,
    Source,
)

from .asof_rows import AsOfListSerializer
from .fields import PartialDateField, PrecisionField, RecordField, StrictFieldsMixin


class RowSerializer(StrictFieldsMixin, serializers.ModelSerializer):
    """Base for relation rows nested in a record. A row is always written whole, even inside a
    PATCH of its record, so its required fields are required there too."""

    def validate(self, attrs):
        missing = {
            name: [serializers.Field.default_error_messages["required"]]
            for name, field in self.fields.items()
            if field.required and not field.read_only and field.source not in attrs
        }
        if missing:
            raise serializers.ValidationError(missing)
        return attrs


class CitationSerializer(RowSerializer):
    """A source cited for some claims of the record: fields (`date`, `city`, …) or rows
    (`participant:japan`, …). When the source holds its text, a quote must appear in the located
    paragraph (`paragraph N`)."""

    source = RecordField(queryset=Source.objects.all())

    class Meta:
        model = Citation
        validators = []  # see RecordSerializer
        fields = ["source", "locator", "quote", "claims"]


class OtherNameSerializer(RowSerializer):
    """Another name of the record: acronym, short, former name, translation or transliteration."""

    start = PartialDateField()
    start_precision = PrecisionField()
    end = PartialDateField()
    end_precision = PrecisionField()

    class Meta:
        model = OtherName
        validators = []  # see RecordSerializer
        list_serializer_class = AsOfListSerializer
        fields = ["name", "kind", "language", "start", "start_precision", "end", "end_precision", "note"]


class IdentifierSerializer(RowSerializer):
    """The record's identifier in a scheme (wikidata, …); unique within the scheme."""

    class Meta:
        model = Identifier
        validators = []  # see RecordSerializer
        fields = ["scheme", "value"]


class RepresentedActorSerializer(RowSerializer):
    """Base for an actor's row at a summit or on an agreement: the actor and who represented it."""

    actor = RecordField(queryset=Actor.objects.all())
    representative = RecordField(queryset=Actor.objects.all(), required=False, allow_null=True)


class ParticipationSerializer(RepresentedActorSerializer):
    """An actor at the summit: its role (host, participant, guest, observer) and who represented it."""

    class Meta:
        model = Participation
        validators = []  # see RecordSerializer
        fields = ["actor", "role", "representative"]


class AgreementPartySerializer(RepresentedActorSerializer):
    """An actor party to the agreement: its role (signatory, party, issuer, initiator) and who
    represented it."""

    class Meta:
        model = AgreementParty
        validators = []  # see RecordSerializer
        fields = ["actor", "role", "representative"]


class MembershipSerializer(RowSerializer):
    """A membership as the mechanism lists it (and writes it)."""

    actor = RecordField(queryset=Actor.objects.all())
    start = PartialDateField()
    start_precision = PrecisionField()
    end = PartialDateField()
    end_precision = PrecisionField()

    class Meta:
        model = Membership
        validators = []  # see RecordSerializer
        fields = ["actor", "role", "start", "start_precision", "end", "end_precision", "curator_note"]


class ActorMembershipSerializer(serializers.ModelSerializer):
    """A membership as the actor lists it (read only: memberships are written on the mechanism)."""

    mechanism = RecordField(read_only=True)
    start = PartialDateField(read_only=True)
    start_precision = PrecisionField()
    end = PartialDateField(read_only=True)
    end_precision = PrecisionField()

    class Meta:
        model = Membership
        validators = []  # see RecordSerializer
        list_serializer_class = AsOfListSerializer
        fields = ["mechanism", "role", "start", "start_precision", "end", "end_precision"]


class MechanismLevelSerializer(RowSerializer):
    since = PartialDateField()
    since_precision = PrecisionField()

    class Meta:
        model = MechanismLevel
        validators = []  # see RecordSerializer
        fields = ["level", "since", "since_precision", "note"]


# What identifies a relation row within its record: the fields of the row's unique constraint.
ROW_KEYS = {
    Citation: ("source", "locator"),
    OtherName: ("name",),
    Identifier: ("scheme", "value"),
    MechanismLevel: ("level", "since"),
    Membership: ("actor", "start"),
    Participation: ("actor",),
    AgreementParty: ("actor",),
    AgreementAction: ("actor", "kind", "date_text"),
    AgreementRelation: ("kind", "target_agreement", "target_mechanism"),
    MechanismRelation: ("kind", "target"),
}


def row_key(model: type[models.Model], values: dict) -> tuple:
    """The key of a row from its validated data (a missing field counts as its default)."""
    fields = [model._meta.get_field(name) for name in ROW_KEYS[model]]
    return tuple(getattr(value, "pk", value) for value in (values.get(f.name, f.get_default()) for f in fields))


def stored_row_key(row: models.Model) -> tuple:
    """The key of a stored row, without fetching its related records."""
    model = type(row)
    return row_key(model, {name: getattr(row, model._meta.get_field(name).attname) for name in ROW_KEYS[model]})
