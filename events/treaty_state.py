"""An agreement's state as of a day, per party and overall, derived from its actions on their
date bounds with the honesty of events.asof: an action dated "March 2025" has certainly happened
by 1 April 2025, possibly by 10 March 2025, and not by 28 February 2025; an undated action is
known to have happened but not when, so it is possible on any day. A party with no action
recorded is `not_recorded`, never shown as having acted. See docs/treaties.md."""

import datetime

from .asof import CERTAIN, POSSIBLE

NOT_RECORDED = "not_recorded"  # no action of this party is recorded at all
NONE_YET = "none_yet"  # actions are recorded, but none had happened by the day

#: the stages an action brings its actor (or the agreement) to, lowest first; the state on a day
#: is the highest stage reached by then
STAGES = ["announced", "adopted", "signed", "consented", "in_force", "withdrawn"]
STAGE_OF_KIND = {
    "announcement": "announced",
    "adoption": "adopted",
    "signature": "signed",
    "ratification": "consented",
    "acceptance_approval": "consented",
    "accession": "consented",
    "succession": "consented",
    "entry_into_force": "in_force",
    "withdrawal": "withdrawn",
}
STATE_LABELS = {
    NOT_RECORDED: "no action recorded",
    NONE_YET: "no action yet",
    "announced": "announced",
    "adopted": "adopted",
    "signed": "signed",
    "consented": "ratified, accepted, approved or acceded",
    "in_force": "in force",
    "withdrawn": "withdrawn",
}
#: states in which an agreement counts as "signed or in force" (the snapshot's list)
SIGNED_OR_IN_FORCE = {"signed", "consented", "in_force"}


def happened_by(action, day: datetime.date) -> str | None:
    """CERTAIN when every day the action's date allows is on or before `day`, POSSIBLE when some
    are (or the action is undated), None when none are."""
    date = action.edtf("date")
    if date is None:
        return POSSIBLE
    if date.earliest is not None and date.earliest > day:
        return None
    return CERTAIN if date.latest is not None and date.latest <= day else POSSIBLE


def _rank(stage: str | None) -> int:
    return STAGES.index(stage) if stage in STAGES else -1


def stage_on(actions, day: datetime.date, cap: str | None = None) -> dict:
    """{"state", "certainty", "certain_state"} reached by `actions` on `day`: the highest stage
    any action possibly reached; `certain_state` is the highest one certainly reached."""
    if not actions:
        return {"state": NOT_RECORDED, "certainty": None, "certain_state": None}
    certain, possible = None, None
    for action in actions:
        stage = STAGE_OF_KIND.get(action.kind)
        if stage is None:  # a reservation or declaration changes no stage
            continue
        if cap and _rank(stage) > _rank(cap):
            stage = cap
        found = happened_by(action, day)
        if found == CERTAIN and _rank(stage) > _rank(certain):
            certain = stage
        if found and _rank(stage) > _rank(possible):
            possible = stage
    if possible is None:
        return {"state": NONE_YET, "certainty": CERTAIN, "certain_state": None}
    if _rank(possible) > _rank(certain):
        return {"state": possible, "certainty": POSSIBLE, "certain_state": certain}
    return {"state": certain, "certainty": CERTAIN, "certain_state": certain}


def agreement_state(agreement, day: datetime.date) -> dict:
    """The agreement's state on `day`: {"as_of", "overall", "parties": [{"actor", "state",
    "certainty", "certain_state", "actions"}]}. Reads `agreement.actions` and
    `agreement.agreement_parties` (prefetch them, with their actors, for lists)."""
    actions = list(agreement.actions.all())
    own = [action for action in actions if action.actor_id is None]
    actors = {party.actor_id: party.actor for party in agreement.agreement_parties.all()}
    for action in actions:
        if action.actor_id is not None:
            actors.setdefault(action.actor_id, action.actor)
    parties = []
    for actor_id, actor in sorted(actors.items(), key=lambda item: (item[1].name, item[0])):
        mine = [action for action in actions if action.actor_id == actor_id]
        parties.append(
            {
                "actor": actor,
                **stage_on(mine, day),
                "actions": [(action, happened_by(action, day)) for action in mine],
            }
        )
    # overall: the agreement's own actions, and its parties' up to "in force" (one party's
    # withdrawal does not end the agreement)
    overall = stage_on(own + [action for action in actions if action.actor_id is not None], day, cap="in_force")
    return {"as_of": day, "overall": overall, "parties": parties}


def label(state: str | None) -> str:
    return STATE_LABELS.get(state, state or "")


def overall_on(agreement, day: datetime.date) -> dict | None:
    """The agreement's overall stage on `day` from its actions, or None when it has none (the
    snapshot then falls back on the agreement's date)."""
    actions = list(agreement.actions.all())
    return stage_on(actions, day, cap="in_force") if actions else None
