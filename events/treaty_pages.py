"""What the agreement and mechanism pages show of treaties: each action with its date and
sources, the agreement's state on a day (`?as_of=`, today by default), and relations in both
directions ("includes …", "implemented by …")."""

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils import timezone

from .dates import DatePrecision, parse_partial_date
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


def day_from(text: str | None) -> tuple[datetime.date, str]:
    """The page's day and the problem with `text` ("" when none): today when it is missing or bad."""
    if not text:
        return timezone.localdate(), ""
    try:
        day, precision = parse_partial_date(text)
    except ValidationError as error:
        return timezone.localdate(), " ".join(error.messages)
    if precision != DatePrecision.DAY:
        return timezone.localdate(), f"Give a day as YYYY-MM-DD; got {text!r}."
    return day, ""


def agreement_context(agreement, request) -> tuple[dict, int]:
    day, problem = day_from(request.GET.get("as_of"))
    state = agreement_state(agreement, day)
    parties = [
        {**party, "label": label(party["state"]), "certain_label": label(party["certain_state"])}
        for party in state["parties"]
    ]
    overall = {**state["overall"], "label": label(state["overall"]["state"])}
    context = {
        "as_of": day,
        "as_of_problem": problem,
        "state_parties": parties,
        "state_overall": overall,
        "relations_out": list(agreement.relations.all()),
        "relations_in": list(agreement.related_from.all()),
    }
    return context, 400 if problem else 200


def mechanism_context(mechanism) -> dict:
    return {
        "relations_out": list(mechanism.relations.all()),
        "relations_in": [*mechanism.related_from.all(), *mechanism.agreement_relations.all()],
    }
