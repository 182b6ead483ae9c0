"""Each record type of tests/record_types.RECORD_TYPES gets the shared tests there, as a class
named after it (TestSummits, TestActors, …): a new record type adds its RecordType and nothing here."""

from tests.record_types import RECORD_TYPES, RecordTypeCases

for endpoint, record_type in RECORD_TYPES.items():
    name = f"Test{endpoint.title()}"
    globals()[name] = type(name, (RecordTypeCases,), {"record_type": record_type, "__module__": __name__})
