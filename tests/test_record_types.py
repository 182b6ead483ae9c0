"""Each record type gets the shared tests of tests/record_types.py; a new record type adds its
RecordType there and one class here."""

from tests.record_types import RECORD_TYPES, RecordTypeCases


class TestActors(RecordTypeCases):
    record_type = RECORD_TYPES["actors"]


class TestMechanisms(RecordTypeCases):
    record_type = RECORD_TYPES["mechanisms"]


class TestSummits(RecordTypeCases):
    record_type = RECORD_TYPES["summits"]


class TestAgreements(RecordTypeCases):
    record_type = RECORD_TYPES["agreements"]


class TestTopics(RecordTypeCases):
    record_type = RECORD_TYPES["topics"]


class TestSources(RecordTypeCases):
    record_type = RECORD_TYPES["sources"]
