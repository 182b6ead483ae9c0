"""django-filter FilterSets for the API's list endpoints and timeline.

Every query parameter a list endpoint accepts is declared here (besides paging and `format`):
unknown parameters and malformed values are rejected by `StrictFilterBackend` with a 400 that
names the parameter, never silently ignored.
"""

from .backends import (
    NON_FILTER_PARAMETERS,
    StrictFilterBackend,
    reject_unknown_parameters,
)
from .fields import (
    ACTOR_RELATIONS,
    PartialDateFilter,
    PartialDateFormField,
    RelatedActorFilterMixin,
    SlugsFilter,
    SlugsFormField,
    StableOrderingFilter,
    YearFilter,
    date_filters,
    filter_to_many,
    search_filter,
    topic_filter,
)
from .filtersets import (
    ActorFilterSet,
    AgreementFilterSet,
    MechanismFilterSet,
    SourceFilterSet,
    SummitFilterSet,
    TimelineFilterSet,
    TopicFilterSet,
)

__all__ = [
    "NON_FILTER_PARAMETERS",
    "StrictFilterBackend",
    "reject_unknown_parameters",
    "PartialDateFormField",
    "PartialDateFilter",
    "SlugsFormField",
    "SlugsFilter",
    "StableOrderingFilter",
    "search_filter",
    "YearFilter",
    "date_filters",
    "ACTOR_RELATIONS",
    "RelatedActorFilterMixin",
    "filter_to_many",
    "topic_filter",
    "TopicFilterSet",
    "SourceFilterSet",
    "ActorFilterSet",
    "MechanismFilterSet",
    "SummitFilterSet",
    "AgreementFilterSet",
    "TimelineFilterSet",
]
