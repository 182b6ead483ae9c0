"""Serializers of the REST API.

Conventions, the same on every endpoint:
- a related record is written as its slug (`"mechanism": "ca-jad"`) and read as a compact summary
  `{"slug", "name", "url"}`;
- a date is ISO 8601 at its precision both ways (`"2025-04"`), and reads add `<field>_precision`;
- relation rows (participants, parties, memberships, levels, citations) are nested in the record
  that owns them. A nested list given in a write replaces that record's rows (rows with the same
  key are updated in place); a nested list left out is left as it is.
"""

from . import openapi  # noqa: F401  (registers the OpenAPI extension for RecordField)
from .base import (
    RecordSerializer,
    drf_errors,
)
from .fields import (
    PARTIAL_DATE_SCHEMA,
    SLUG_PLACEHOLDER,
    PartialDateField,
    PrecisionField,
    RecordField,
    RecordSummarySerializer,
    RecordURLField,
    StrictFieldsMixin,
    record_summary,
    record_url,
)
from .records import (
    ActorSerializer,
    AgreementSerializer,
    MechanismSerializer,
    SourceSerializer,
    SummitSerializer,
    TopicSerializer,
)
from .rows import (
    ROW_KEYS,
    ActorMembershipSerializer,
    AgreementPartySerializer,
    CitationSerializer,
    MechanismLevelSerializer,
    MembershipSerializer,
    ParticipationSerializer,
    RepresentedActorSerializer,
    RowSerializer,
    row_key,
    stored_row_key,
)
from .timeline import (
    MembersSerializer,
    TimelineItemSerializer,
    timeline_item,
)
from .treaties import (
    AgreementActionSerializer,
    AgreementRelationSerializer,
    AgreementStateSerializer,
    InverseRelationSerializer,
    MechanismRelationSerializer,
    state_representation,
)

__all__ = [
    "SLUG_PLACEHOLDER",
    "record_url",
    "record_summary",
    "RecordURLField",
    "RecordSummarySerializer",
    "RecordField",
    "PARTIAL_DATE_SCHEMA",
    "PartialDateField",
    "PrecisionField",
    "StrictFieldsMixin",
    "RowSerializer",
    "CitationSerializer",
    "RepresentedActorSerializer",
    "ParticipationSerializer",
    "AgreementPartySerializer",
    "MembershipSerializer",
    "ActorMembershipSerializer",
    "MechanismLevelSerializer",
    "ROW_KEYS",
    "row_key",
    "stored_row_key",
    "drf_errors",
    "RecordSerializer",
    "TopicSerializer",
    "SourceSerializer",
    "ActorSerializer",
    "MechanismSerializer",
    "SummitSerializer",
    "AgreementSerializer",
    "AgreementActionSerializer",
    "AgreementRelationSerializer",
    "AgreementStateSerializer",
    "InverseRelationSerializer",
    "MechanismRelationSerializer",
    "state_representation",
    "MembersSerializer",
    "TimelineItemSerializer",
    "timeline_item",
]
