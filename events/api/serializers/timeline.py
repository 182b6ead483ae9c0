"""The members of a mechanism on a day, and the summits and agreements of the timeline."""

from rest_framework import serializers

from events.dates import DatePrecision
from events.models import (
    Agreement,
    Summit,
)

from .fields import PARTIAL_DATE_SCHEMA, RecordSummarySerializer, record_summary


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
