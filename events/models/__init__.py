"""The models of the events app, one module per concern (base, records, relations, provenance,
data_version); every model is importable from here, which is where Django and the migrations
look for them."""

from .base import (
    SLUG_FIXED,
    SLUG_HELP,
    SluggedModel,
    SlugManager,
    TimeStampedModel,
    date_field,
    precision_field,
)
from .data_version import (
    DataVersion,
)
from .provenance import (
    CITING_FIELDS,
    Citation,
    CitationManager,
)
from .records import (
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

__all__ = [
    "SLUG_FIXED",
    "SLUG_HELP",
    "date_field",
    "precision_field",
    "TimeStampedModel",
    "SlugManager",
    "SluggedModel",
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
    "DataVersion",
]
