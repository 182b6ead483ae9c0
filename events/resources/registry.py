"""The files, in import order, and the functions that export them."""

from collections.abc import Iterator

import tablib
from django.db import models

from .base import CainfoResource
from .names import IdentifierResource, OtherNameResource
from .provenance import CitationResource
from .records import ActorResource, AgreementResource, MechanismResource, SourceResource, SummitResource, TopicResource
from .relations import AgreementPartyResource, MechanismLevelResource, MembershipResource, ParticipationResource
from .treaties import AgreementActionResource, AgreementRelationResource, MechanismRelationResource

#: file name -> resource, in the order files must be imported (a file only refers to records
#: in itself or in files above it)
RESOURCES: dict[str, type[CainfoResource]] = {
    "topics": TopicResource,
    "sources": SourceResource,
    "actors": ActorResource,
    "mechanisms": MechanismResource,
    "mechanism-levels": MechanismLevelResource,
    "memberships": MembershipResource,
    "summits": SummitResource,
    "participations": ParticipationResource,
    "agreements": AgreementResource,
    "agreement-parties": AgreementPartyResource,
    "agreement-actions": AgreementActionResource,
    "agreement-relations": AgreementRelationResource,
    "mechanism-relations": MechanismRelationResource,
    "other-names": OtherNameResource,
    "identifiers": IdentifierResource,
    "citations": CitationResource,
}


MODEL_RESOURCES: dict[type[models.Model], str] = {resource._meta.model: name for name, resource in RESOURCES.items()}


def get_resource(name: str, **kwargs) -> CainfoResource:
    try:
        return RESOURCES[name](**kwargs)
    except KeyError:
        raise KeyError(f"Unknown table {name!r}: use one of {', '.join(RESOURCES)}.") from None


def export_rows(name: str, queryset: models.QuerySet | None = None) -> Iterator[list[str]]:
    """The header, then one list of cells per record, streamed from the database in chunks."""
    resource = get_resource(name)
    yield resource.get_export_headers()
    yield from resource.export_value_rows(resource._meta.model._default_manager.all() if queryset is None else queryset)


def export_dataset(name: str, queryset: models.QuerySet | None = None) -> tablib.Dataset:
    """Every record of `queryset` (default: all) as a tablib Dataset with the file's columns;
    `dataset.csv`, `.xlsx`, `.json` are then valid import files."""
    rows = export_rows(name, queryset)
    dataset = tablib.Dataset(headers=next(rows))
    dataset.extend(rows)
    return dataset
