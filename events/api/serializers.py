"""Serializers of the REST API.

Conventions, the same on every endpoint:
- a related record is written as its slug (`"mechanism": "ca-jad"`) and read as a compact summary
  `{"slug", "name", "url"}`;
- a date is ISO 8601 at its precision both ways (`"2025-04"`), and reads add `<field>_precision`;
- relation rows (participants, parties, memberships, levels, citations) are nested in the record
  that owns them. A nested list given in a write replaces that record's rows (rows with the same
  key are updated in place); a nested list left out is left as it is.
"""

from collections.abc import Mapping

from django.core.exceptions import NON_FIELD_ERRORS, ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from events.dates import DatePrecision, parse_partial_date
from events.models import (
    Actor,
    Agreement,
    AgreementParty,
    Citation,
    Mechanism,
    MechanismLevel,
    Membership,
    Participation,
    Source,
    Summit,
    Topic,
)

from . import schema  # noqa: F401  (registers the OpenAPI extension for RecordField)

# Fields ------------------------------------------------------------------------------------------


SLUG_PLACEHOLDER = "__slug__"


def record_url(record, request) -> str:
    """The API URL of a main record. URL resolution is slow next to the rest of serialising
    (half of a big list page's time), so it runs once per model and request, with a placeholder
    slug that the record's slug replaces (slugs need no escaping)."""
    model_name = record._meta.model_name
    templates = getattr(request, "_record_url_templates", None)
    if templates is None:
        templates = {}
        if request is not None:
            request._record_url_templates = templates
    if model_name not in templates:
        templates[model_name] = reverse(f"api:{model_name}-detail", kwargs={"slug": SLUG_PLACEHOLDER}, request=request)
    return templates[model_name].replace(SLUG_PLACEHOLDER, record.slug)


def record_summary(record, request) -> dict:
    """The compact form of a main record embedded in other records: slug, name and API URL."""
    return {
        "slug": record.slug,
        "name": getattr(record, "name", None) or getattr(record, "title", ""),
        "url": record_url(record, request),
    }


@extend_schema_field(OpenApiTypes.URI)
class RecordURLField(serializers.Field):
    """The record's own API URL (read only)."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, record):
        return record_url(record, self.context.get("request"))


class RecordSummarySerializer(serializers.Serializer):
    """Only describes the summary in the OpenAPI schema; `record_summary` builds it."""

    slug = serializers.SlugField()
    name = serializers.CharField()
    url = serializers.URLField()


class RecordField(serializers.SlugRelatedField):
    """A related main record: written as its slug, read as its summary (`record_summary`)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("slug_field", "slug")
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        queryset = self.get_queryset()
        if isinstance(data, dict) and isinstance(data.get("slug"), str):
            data = data["slug"]  # a summary as read, so that a record read can be written back
        if not isinstance(data, str):
            self.fail("invalid")
        try:
            if "\x00" in data:  # no slug has one, and PostgreSQL refuses it in a query
                raise ObjectDoesNotExist
            return queryset.get(slug=data)
        except ObjectDoesNotExist:
            raise serializers.ValidationError(
                f"No {queryset.model._meta.verbose_name} with slug {data!r}.", code="does_not_exist"
            ) from None

    def to_representation(self, value):
        return record_summary(value, self.context.get("request"))

    def get_choices(self, cutoff=None):
        queryset = self.get_queryset()
        if queryset is None:
            return {}
        if cutoff is not None:
            queryset = queryset[:cutoff]
        return {item.slug: self.display_value(item) for item in queryset}


PARTIAL_DATE_SCHEMA = {
    "type": "string",
    "nullable": True,
    "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$",
    "example": "2025-04",
    "description": "ISO 8601 at the precision known: YYYY, YYYY-MM or YYYY-MM-DD.",
}


@extend_schema_field(PARTIAL_DATE_SCHEMA)
class PartialDateField(serializers.Field):
    """A date known to a precision, stored as the pair (`<name>`, `<name>_precision`): read and
    written as ISO 8601 at that precision ("2004", "2025-04", "2025-12-20"); null or "" clears it."""

    def __init__(self, **kwargs):
        kwargs["source"] = "*"
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def validate_empty_values(self, data):
        if data is None:
            return False, None  # to_internal_value clears the date
        return super().validate_empty_values(data)

    def to_representation(self, instance):
        return instance.partial_date(self.field_name) or None

    def to_internal_value(self, data):
        if data is None or data == "":
            return {self.field_name: None, f"{self.field_name}_precision": ""}
        try:
            value, precision = parse_partial_date(data)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None
        return {self.field_name: value, f"{self.field_name}_precision": precision}


class PrecisionField(serializers.ChoiceField):
    """The precision of a date, read only: day, month, year, or null when there is no date."""

    def __init__(self, **kwargs):
        super().__init__(choices=DatePrecision.choices, read_only=True, allow_null=True, **kwargs)

    def to_representation(self, value):
        return value or None


# Relation rows nested in their records --------------------------------------------------------------


class StrictFieldsMixin:
    """Refuses fields the serializer does not have, so a misspelt field (`"mechansim"`) is a 400
    instead of silently not written. Read-only fields are accepted (and ignored), so that a
    record read can be written back whole."""

    ALLOWED_EXTRA = frozenset({"csrfmiddlewaretoken"})  # the browsable API's HTML forms send it

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            unknown = sorted(set(data) - set(self.fields) - self.ALLOWED_EXTRA)
            if unknown:
                raise serializers.ValidationError(
                    {name: [f"Unknown field {name!r}: this record has no such field."] for name in unknown}
                )
        return super().to_internal_value(data)


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
    source = RecordField(queryset=Source.objects.all())

    class Meta:
        model = Citation
        validators = []  # see RecordSerializer
        fields = ["source", "locator", "quote"]


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
    MechanismLevel: ("level", "since"),
    Membership: ("actor", "start"),
    Participation: ("actor",),
    AgreementParty: ("actor",),
}


def row_key(model: type[models.Model], values: dict) -> tuple:
    """The key of a row from its validated data (a missing field counts as its default)."""
    fields = [model._meta.get_field(name) for name in ROW_KEYS[model]]
    return tuple(getattr(value, "pk", value) for value in (values.get(f.name, f.get_default()) for f in fields))


def stored_row_key(row: models.Model) -> tuple:
    """The key of a stored row, without fetching its related records."""
    model = type(row)
    return row_key(model, {name: getattr(row, model._meta.get_field(name).attname) for name in ROW_KEYS[model]})


def drf_errors(error: DjangoValidationError) -> dict:
    """A Django ValidationError as DRF error detail, with `__all__` as `non_field_errors`."""
    if hasattr(error, "error_dict"):
        return {
            ("non_field_errors" if field == NON_FIELD_ERRORS else field): messages
            for field, messages in error.message_dict.items()
        }
    return {"non_field_errors": error.messages}


# Main records ----------------------------------------------------------------------------------------


class RecordSerializer(StrictFieldsMixin, serializers.ModelSerializer):
    """Base for main records: validates the model (its database constraints included) before
    saving, writes to-many relations and nested relation rows, and keeps slugs stable.

    Subclasses set `Meta.validators = []`: DRF's validators for conditional unique constraints
    make nullable fields required; `Model.full_clean()` checks every constraint instead."""

    # Names of the nested relation-row fields (each a list serializer whose source is the
    # record's reverse relation to its rows).
    nested: tuple[str, ...] = ()

    def validate_slug(self, value):
        if self.instance is not None and value != self.instance.slug:
            raise serializers.ValidationError("A published slug cannot be changed.")
        return value

    def validate(self, attrs):
        for name in self.nested:
            rows = attrs.get(self.fields[name].source, None)
            if rows is None:
                continue
            keys = [row_key(self.fields[name].child.Meta.model, row) for row in rows]
            duplicates = {
                index: {"non_field_errors": ["Listed twice in this record."]}
                for index, key in enumerate(keys)
                if keys.index(key) != index
            }
            if duplicates:
                raise serializers.ValidationError({name: duplicates})
        return attrs

    def create(self, validated_data):
        return self.save_record(self.Meta.model(), validated_data)

    def update(self, instance, validated_data):
        return self.save_record(instance, validated_data)

    def save_record(self, instance, validated_data):
        """Save the record and its relations; the caller holds a transaction."""
        rows = {name: validated_data.pop(self.fields[name].source, None) for name in self.nested}
        to_many = {
            field.name: validated_data.pop(field.name)
            for field in instance._meta.many_to_many
            if field.name in validated_data
        }
        for attr, value in validated_data.items():
            setattr(instance, attr, value)
        try:
            instance.full_clean()
        except DjangoValidationError as error:
            raise serializers.ValidationError(drf_errors(error)) from None
        instance.save()
        for name, values in to_many.items():
            getattr(instance, name).set(values)
        for name, items in rows.items():
            if items is not None:
                self.sync_rows(instance, name, items)
        return instance

    def sync_rows(self, instance, name, items):
        manager = getattr(instance, self.fields[name].source)
        model, record_field = manager.model, manager.field.name
        existing = {stored_row_key(row): row for row in manager.all()}
        wanted = [row_key(model, item) for item in items]
        model.objects.filter(pk__in=[row.pk for key, row in existing.items() if key not in wanted]).delete()
        errors = {}  # by index, as DRF reports errors in lists
        for index, (key, item) in enumerate(zip(wanted, items, strict=True)):
            row = model(**{record_field: instance})
            if key in existing:  # rewrite the row in place: what the item leaves out goes back to its default
                row.pk, row.created_at = existing[key].pk, existing[key].created_at
                row._state.adding = False
            for attr, value in item.items():
                setattr(row, attr, value)
            try:
                row.full_clean()
            except DjangoValidationError as error:
                errors[index] = drf_errors(error)
                continue
            row.save()
        if errors:
            raise serializers.ValidationError({name: errors})


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

    nested = ("citations",)

    url = RecordURLField()
    represents = RecordField(queryset=Actor.objects.all(), required=False, allow_null=True)
    memberships = ActorMembershipSerializer(many=True, read_only=True)
    citations = CitationSerializer(many=True, required=False)

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
            "description",
            "curator_note",
            "memberships",
            "citations",
            "created_at",
            "updated_at",
        ]


class MechanismSerializer(RecordSerializer):
    """A mechanism with its level history, memberships, current members and citations."""

    nested = ("levels", "memberships", "citations")

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
    citations = CitationSerializer(many=True, required=False)

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
            "citations",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(RecordSummarySerializer(many=True))
    def get_current_members(self, mechanism):
        request = self.context.get("request")
        actors = {membership.actor for membership in mechanism.current_memberships}
        return [record_summary(actor, request) for actor in sorted(actors, key=lambda actor: (actor.name, actor.pk))]


class SummitSerializer(RecordSerializer):
    """A summit with its mechanism, host, participants, topics, agreements and citations."""

    nested = ("participants", "citations")

    url = RecordURLField()
    mechanism = RecordField(queryset=Mechanism.objects.all(), required=False, allow_null=True)
    date = PartialDateField()
    date_precision = PrecisionField()
    host = RecordField(queryset=Actor.objects.all(), required=False, allow_null=True)
    participants = ParticipationSerializer(source="participations", many=True, required=False)
    topics = RecordField(queryset=Topic.objects.all(), many=True, required=False)
    agreements = RecordField(many=True, read_only=True)
    citations = CitationSerializer(many=True, required=False)

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
            "citations",
            "created_at",
            "updated_at",
        ]


class AgreementSerializer(RecordSerializer):
    """An agreement with its summit, mechanism, parties, value, topics and citations."""

    nested = ("parties", "citations")

    url = RecordURLField()
    date = PartialDateField()
    date_precision = PrecisionField()
    summit = RecordField(queryset=Summit.objects.all(), required=False, allow_null=True)
    mechanism = RecordField(queryset=Mechanism.objects.all(), required=False, allow_null=True)
    parties = AgreementPartySerializer(source="agreement_parties", many=True, required=False)
    topics = RecordField(queryset=Topic.objects.all(), many=True, required=False)
    citations = CitationSerializer(many=True, required=False)

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
            "value_amount",
            "value_currency",
            "topics",
            "description",
            "curator_note",
            "citations",
            "created_at",
            "updated_at",
        ]


# Members and timeline -----------------------------------------------------------------------------


class MembersSerializer(serializers.Serializer):
    """The members of a mechanism on a day."""

    mechanism = RecordSummarySerializer()
    as_of = serializers.DateField()
    count = serializers.IntegerField()
    members = RecordSummarySerializer(many=True)


class TimelineItemSerializer(serializers.Serializer):
    """A summit or an agreement on the timeline; fields that belong to the other type are null."""

    type = serializers.ChoiceField(choices=[("summit", "summit"), ("agreement", "agreement")])
    slug = serializers.SlugField()
    name = serializers.CharField()
    url = serializers.URLField()
    date = serializers.CharField(allow_null=True, help_text=PARTIAL_DATE_SCHEMA["description"])
    date_precision = serializers.ChoiceField(choices=DatePrecision.choices, allow_null=True)
    mechanism = RecordSummarySerializer(allow_null=True)
    topics = RecordSummarySerializer(many=True)
    city = serializers.CharField(allow_null=True, help_text="Summits: where it was held.")
    host = RecordSummarySerializer(allow_null=True, help_text="Summits: the host.")
    level = serializers.ChoiceField(
        choices=Summit._meta.get_field("level").choices, allow_null=True, help_text="Summits: the level."
    )
    kind = serializers.ChoiceField(choices=Agreement.Kind.choices, allow_null=True, help_text="Agreements: the kind.")
    summit = RecordSummarySerializer(allow_null=True, help_text="Agreements: the summit it came from.")


def timeline_item(record: Summit | Agreement, request) -> dict:
    def summary(related):
        return record_summary(related, request) if related is not None else None

    is_summit = isinstance(record, Summit)
    return {
        "type": record._meta.model_name,
        **record_summary(record, request),
        "date": record.partial_date() or None,
        "date_precision": record.date_precision or None,
        "mechanism": summary(record.mechanism),
        "topics": [record_summary(topic, request) for topic in record.topics.all()],
        "city": record.city if is_summit else None,
        "host": summary(record.host) if is_summit else None,
        "level": (record.level or None) if is_summit else None,
        "kind": None if is_summit else record.kind,
        "summit": None if is_summit else summary(record.summit),
    }
