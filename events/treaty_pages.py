"""What the agreement and mechanism pages show of treaties: each action with its date and
sources, the agreement's state on a day (the page's `?as_of=`, today without it), and relations in both
directions ("includes …", "implemented by …")."""

import datetime

from django.db.models import Prefetch
from django.utils import timezone

from .models import AgreementAction, AgreementRelation, MechanismRelation
from .treaty_state import agreement_state, label

AGREEMENT_PREFETCHES = (
    Prefetch("actions", queryset=AgreementAction.objects.select_related("actor")),
    Prefetch("relations", queryset=AgreementRelation.objects.select_related("target_agreement", "target_mechanism")),
    Prefetch("related_from", queryset=AgreementRelation.objects.select_related("agreement")),
)
MECHANISM_PREFETCHES = (
    Prefetch("relations", queryset=MechanismRelation.objects.select_related("target")),
    Prefetch("related_from", queryset=MechanismRelation.objects.select_related("mechanism")),
    Prefetch("agreement_relations", queryset=AgreementRelation.objects.select_related("agreement")),
)


def agreement_context(agreement, day: datetime.date | None) -> dict:
    """The state on `day` (today when the page has no `as_of`) and the relations both ways."""
    day = day or timezone.localdate()
    state = agreement_state(agreement, day)
    parties = [
        {**party, "label": label(party["state"]), "certain_label": label(party["certain_state"])}
        for party in state["parties"]
    ]
    overall = {**state["overall"], "label": label(state["overall"]["state"])}
    return {
        "state_day": day,
        "state_parties": parties,
        "state_overall": overall,
        "relations_out": list(agreement.relations.all()),
        "relations_in": list(agreement.related_from.all()),
    }


def mechanism_context(mechanism) -> dict:
    return {
        "relations_out": list(mechanism.relations.all()),
        "relations_in": [*mechanism.related_from.all(), *mechanism.agreement_relations.all()],
    }
