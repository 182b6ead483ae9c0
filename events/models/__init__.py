"""The models of the events app, one module per concern (base, records, relations, treaties, names,
provenance, search, data_version, seeding, changes, import_jobs); every model is importable from here,
which is where Django and the migrations look for them."""

from .base import (
    PARTIAL_DATES,
    SLUG_FIXED,
    SLUG_HELP,
    CitedRecord,
    PartialDate,
    SluggedModel,
    SlugManager,
    TimeStampedModel,
    date_field,
    fill_date_bounds,
    partial_date_names,
    precision_field,
    set_partial_date,
)
from .changes import (
    Change,
)
from .data_version import (
    DataVersion,
)
from .import_jobs import (
    ImportJob,
)
from .names import (
    ISO3_SCHEME,
    NAMED_FIELDS,
    Identifier,
    IdentifierManager,
    OtherName,
    OtherNameManager,
)
from .provenance import (
    CITING_FIELDS,
    Citation,
    CitationManager,
    SourceParagraph,
    SourceParagraphManager,
)
from .records import (
    PARENT_CYCLE_MESSAGE,
    PARENT_CYCLE_TRIGGER,
    Actor,
    Agreement,
    Mechanism,
    Source,
    Summit,
    Topic,
)
from .relations import (
    AgreementParty,
    AgreementPartyManager,
    MechanismLevel,
    MechanismLevelManager,
    Membership,
    MembershipManager,
    MembershipQuerySet,
    Participation,
    ParticipationManager,
)
from .search import (
    SearchEntry,
)
from .seeding import (
    SeedRecord,
)
from .treaties import (
    AgreementAction,
    AgreementActionManager,
    AgreementRelation,
    AgreementRelationManager,
    MechanismRelation,
    MechanismRelationManager,
)

__all__ = [
    "ImportJob",
    "AgreementAction",
    "AgreementActionManager",
    "AgreementRelation",
    "AgreementRelationManager",
    "MechanismRelation",
    "MechanismRelationManager",
    "PARENT_CYCLE_MESSAGE",
    "PARENT_CYCLE_TRIGGER",
    "SLUG_FIXED",
    "SLUG_HELP",
    "date_field",
    "precision_field",
    "PARTIAL_DATES",
    "PartialDate",
    "fill_date_bounds",
    "partial_date_names",
    "set_partial_date",
    "TimeStampedModel",
    "SlugManager",
    "SluggedModel",
    "CitedRecord",
    "Topic",
    "Source",
    "Actor",
    "Mechanism",
    "Summit",
    "Agreement",
    "MechanismLevelManager",
    "MechanismLevel",
    "MembershipQuerySet",
    "MembershipManager",
    "Membership",
    "ParticipationManager",
    "Participation",
    "AgreementPartyManager",
    "AgreementParty",
    "CITING_FIELDS",
    "CitationManager",
    "Citation",
    "SourceParagraphManager",
    "SourceParagraph",
    "SeedRecord",
    "DataVersion",
    "Change",
    "NAMED_FIELDS",
    "ISO3_SCHEME",
    "OtherNameManager",
    "OtherName",
    "IdentifierManager",
    "Identifier",
    "SearchEntry",
]
