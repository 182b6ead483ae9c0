"""The citations file: which source supports which record, at which locator."""

from ..models import (
    CITING_FIELDS,
    Citation,
    Source,
)
from .base import CainfoResource
from .fields import CitedRecordField, RecordTypeField, RelatedSlugField, TextField


class CitationResource(CainfoResource):
    source = RelatedSlugField("source", Source)
    record_type = RecordTypeField()
    record = CitedRecordField()
    locator = TextField("locator")
    quote = TextField("quote")

    key_columns = ("source", "record_type", "record", "locator")
    required_columns = ("source", "record_type", "record", "locator")
    select_related = ("source", *CITING_FIELDS)
    field_columns = {name: "record" for name in CITING_FIELDS}
    linked_columns = {"record_type": "record"}

    class Meta:
        model = Citation
        fields = ("source", "record_type", "record", "locator", "quote")
        name = "citations"

    def key_from_values(self, values):
        key = super().key_from_values(values)
        return (*key[:3], values.get("locator", ""))  # the locator is matched exactly, spaces and all

    def instance_key(self, instance):
        record = instance.record
        return instance.source.slug, instance.record_type, record.slug if record else "", instance.locator
