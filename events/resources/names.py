"""The other-names and identifiers files: the names and identifiers of actors, mechanisms,
summits and agreements, each row naming its record by `record_type` and `record` (its slug)."""

from ..models import NAMED_FIELDS, Identifier, OtherName
from .base import CainfoResource
from .cells import QUERY_CHUNK
from .fields import CitedRecordField, PartialDateField, RecordTypeField, TextField


class OtherNameResource(CainfoResource):
    record_type = RecordTypeField()
    record = CitedRecordField()
    name = TextField("name", strip=True)
    kind = TextField("kind", strip=True)
    language = TextField("language", strip=True)
    start = PartialDateField("start")
    end = PartialDateField("end")
    note = TextField("note")

    key_columns = ("record_type", "record", "name")
    required_columns = ("record_type", "record", "name", "kind")
    select_related = NAMED_FIELDS
    field_columns = {name: "record" for name in NAMED_FIELDS}
    linked_columns = {"record_type": "record"}

    class Meta:
        model = OtherName
        fields = ("record_type", "record", "name", "kind", "language", "start", "end", "note")
        name = "other-names"

    def existing_for_keys(self, keys):
        names = sorted({key[2] for key in keys})
        queryset = self.get_queryset()
        for start in range(0, len(names), QUERY_CHUNK):
            yield from queryset.filter(name__in=names[start : start + QUERY_CHUNK])

    def instance_key(self, instance):
        record = instance.record
        return instance.record_type, record.slug if record else "", instance.name


class IdentifierResource(CainfoResource):
    record_type = RecordTypeField()
    record = CitedRecordField()
    scheme = TextField("scheme", strip=True)
    value = TextField("value", strip=True)

    key_columns = ("scheme", "value")
    required_columns = ("record_type", "record", "scheme", "value")
    select_related = NAMED_FIELDS
    field_columns = {name: "record" for name in NAMED_FIELDS}
    linked_columns = {"record_type": "record"}

    class Meta:
        model = Identifier
        fields = ("record_type", "record", "scheme", "value")
        name = "identifiers"

    def existing_for_keys(self, keys):
        values = sorted({key[1] for key in keys})
        queryset = self.get_queryset()
        for start in range(0, len(values), QUERY_CHUNK):
            yield from queryset.filter(value__in=values[start : start + QUERY_CHUNK])

    def instance_key(self, instance):
        return instance.scheme, instance.value
