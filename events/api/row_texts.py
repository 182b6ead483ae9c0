"""The text of a version of the rows a history page lists most (records, participations,
memberships, agreement parties), written from its values as the model's `__str__` writes it,
without building an instance: on a page of participations, the instance and its `__str__` were
half the time of each entry. Each function here mirrors one `__str__` in events/models/;
tests/test_api_history_rows.py compares every page with the text `str()` gave."""

import functools

from django.utils.encoding import force_str
from django.utils.hashable import make_hashable

from events.models import AgreementParty, Membership, Participation


@functools.cache
def choice_labels(field) -> dict:
    return dict(make_hashable(field.flatchoices))


def display(model, name: str, fields: dict) -> str:
    """`get_<name>_display()` of the version."""
    field = model._meta.get_field(name)
    value = fields[field.attname]
    return force_str(choice_labels(field).get(make_hashable(value), value), strings_only=True)


def named(fields, related) -> str:
    return fields["name"]


def mechanism(fields, related) -> str:
    return f"{fields['name']} ({fields['acronym']})" if fields["acronym"] else fields["name"]


def participation(fields, related) -> str:
    actor, summit = related.text(Participation, "actor", fields), related.text(Participation, "summit", fields)
    return f"{actor} at {summit} ({display(Participation, 'role', fields)})"


def membership(fields, related) -> str:
    actor, mechanism = related.text(Membership, "actor", fields), related.text(Membership, "mechanism", fields)
    return f"{actor} in {mechanism} ({display(Membership, 'role', fields)})"


def agreement_party(fields, related) -> str:
    actor, agreement = related.text(AgreementParty, "actor", fields), related.text(AgreementParty, "agreement", fields)
    return f"{actor}: {display(AgreementParty, 'role', fields)} of {agreement}"


#: model name -> (its version's fields, the page's Related) -> the text; other models' versions are instances
ROW_TEXTS = {
    "actor": named,
    "summit": named,
    "agreement": named,
    "topic": named,
    "mechanism": mechanism,
    "participation": participation,
    "membership": membership,
    "agreementparty": agreement_party,
}
