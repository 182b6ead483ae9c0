"""The state of the world on a day, and what changed between two days, on date bounds with
`certain` / `possible` answers (events.asof). One builder for the API and the public page: the
caller passes `summary(record)`, which turns a record into its API or page form."""

import datetime
from collections import defaultdict

from django.db.models import Prefetch, Q

from .asof import CERTAIN, POSSIBLE, certainty_on, happened_between, level_on, office_certainty_on
from .models import Actor, Agreement, Citation, Mechanism, MechanismLevel, Membership, Summit
from .treaty_state import NONE_YET, NOT_RECORDED, overall_on

OFFICE_NOTE = "The sources do not date this office: the person held it at some time they do not bound."


def citations_of(record, summary, claim: str | None = None) -> list[dict]:
    """The record's citations; with claim-level provenance on main, only those supporting `claim`."""
    cited = list(record.citations.all())
    if claim and cited and hasattr(cited[0], "claims"):
        cited = [c for c in cited if claim in (c.claims or [])] or cited
    return [{"source": summary(c.source), "locator": c.locator, "quote": c.quote} for c in cited]


def date_entry(record, field: str = "date") -> dict:
    date = record.edtf(field)
    return {
        "date": date.text if date else None,
        "earliest": date.earliest.isoformat() if date and date.earliest else None,
        "latest": date.latest.isoformat() if date and date.latest else None,
    }


def with_citations():
    return Prefetch("citations", queryset=Citation.objects.select_related("source"))


def snapshot(day: datetime.date, summary) -> dict:
    mechanisms = []
    queryset = Mechanism.objects.prefetch_related(
        with_citations(),
        Prefetch("levels", queryset=MechanismLevel.objects.all()),
        Prefetch("memberships", queryset=Membership.objects.active_on(day).select_related("actor")),
    ).order_by("name")
    for mechanism in queryset:
        founded = mechanism.edtf("founded")
        if founded and founded.earliest and founded.earliest > day:
            continue
        step, level_certainty = level_on(mechanism.levels.all(), day)
        members = [
            {
                "actor": summary(m.actor),
                "role": m.role,
                "start": m.partial_date("start") or None,
                "end": m.partial_date("end") or None,
                "certainty": certainty_on(m, day),
            }
            for m in sorted(mechanism.memberships.all(), key=lambda m: m.actor.name)
        ]
        mechanisms.append(
            {
                "mechanism": summary(mechanism),
                "founded": founded.text if founded else None,
                "certainty": CERTAIN if founded is None or founded.latest <= day else POSSIBLE,
                "level": step
                and {"level": step.level, "since": step.partial_date("since") or None, "certainty": level_certainty},
                "members": members,
                "citations": citations_of(mechanism, summary),
            }
        )
    offices = []
    for person in (
        Actor.objects.filter(kind="person")
        .exclude(office="", represents=None)
        .select_related("represents")
        .prefetch_related(with_citations())
        .order_by("name")
    ):
        certainty = office_certainty_on(person, day)
        if certainty is None:
            continue
        undated = not person.office_start_text and not person.office_end_text
        offices.append(
            {
                "person": summary(person),
                "office": person.office,
                "represents": summary(person.represents) if person.represents else None,
                "start": person.partial_date("office_start") or None,
                "end": person.partial_date("office_end") or None,
                "certainty": certainty,
                **({"note": OFFICE_NOTE} if undated else {}),
                "citations": citations_of(person, summary, "office"),
            }
        )
    agreements = []
    for agreement in (
        Agreement.objects.filter(~Q(date_text="") | Q(actions__isnull=False))
        .distinct()
        .prefetch_related(with_citations(), "actions")
        .order_by("date_earliest", "name")
    ):
        overall = overall_on(agreement, day)
        if overall is not None:  # from its actions (events.treaty_state): signed, in force, …
            if overall["state"] in (NOT_RECORDED, NONE_YET):
                continue
            agreements.append(
                {
                    "agreement": summary(agreement),
                    "kind": agreement.kind,
                    **date_entry(agreement),
                    "certainty": overall["certainty"],
                    "state": overall["state"],
                    "citations": citations_of(agreement, summary),
                }
            )
            continue
        signed = agreement.edtf()
        if signed.earliest and signed.earliest > day:
            continue
        agreements.append(
            {
                "agreement": summary(agreement),
                "kind": agreement.kind,
                **date_entry(agreement),
                "certainty": CERTAIN if signed.latest and signed.latest <= day else POSSIBLE,
                "citations": citations_of(agreement, summary),
            }
        )
    return {"as_of": day.isoformat(), "mechanisms": mechanisms, "offices": offices, "agreements": agreements}


def overlapping(queryset, field: str, first: datetime.date, last: datetime.date):
    """Rows whose `field` may fall between `first` and `last` (the overlap rule of docs/dates.md)."""
    return (
        queryset.exclude(**{f"{field}_text": ""})
        .exclude(**{f"{field}_earliest__gt": last})
        .exclude(**{f"{field}_latest__lt": first})
    )


def change(kind: str, record, field: str, first, last, summary, **details) -> dict:
    return {
        "change": kind,
        **date_entry(record, field),
        "certainty": happened_between(record, first, last, field),
        **details,
    }


def diff(first: datetime.date, last: datetime.date, summary) -> dict:
    """Joined, left, elevated, founded, summits held and agreements signed between two days."""
    changes = []
    memberships = Membership.objects.select_related("actor", "mechanism").prefetch_related(
        "mechanism__citations__source"
    )
    for kind, field in (("joined", "start"), ("left", "end")):
        for m in overlapping(memberships, field, first, last):
            changes.append(
                change(
                    kind,
                    m,
                    field,
                    first,
                    last,
                    summary,
                    actor=summary(m.actor),
                    mechanism=summary(m.mechanism),
                    role=m.role,
                    citations=citations_of(m.mechanism, summary, f"member:{m.actor.slug}"),
                )
            )
    levels = MechanismLevel.objects.select_related("mechanism").prefetch_related("mechanism__citations__source")
    for step in overlapping(levels, "since", first, last):
        changes.append(
            change(
                "elevated",
                step,
                "since",
                first,
                last,
                summary,
                mechanism=summary(step.mechanism),
                level=step.level,
                citations=citations_of(step.mechanism, summary, f"level:{step.partial_date('since')}"),
            )
        )
    for mechanism in overlapping(Mechanism.objects.prefetch_related(with_citations()), "founded", first, last):
        changes.append(
            change(
                "founded",
                mechanism,
                "founded",
                first,
                last,
                summary,
                mechanism=summary(mechanism),
                citations=citations_of(mechanism, summary, "founded"),
            )
        )
    summits = Summit.objects.select_related("mechanism").prefetch_related(with_citations())
    for summit in overlapping(summits, "date", first, last):
        changes.append(
            change(
                "summit_held",
                summit,
                "date",
                first,
                last,
                summary,
                summit=summary(summit),
                mechanism=summary(summit.mechanism) if summit.mechanism else None,
                citations=citations_of(summit, summary, "date"),
            )
        )
    agreements = Agreement.objects.select_related("mechanism").prefetch_related(with_citations())
    for agreement in overlapping(agreements, "date", first, last):
        changes.append(
            change(
                "agreement_signed",
                agreement,
                "date",
                first,
                last,
                summary,
                agreement=summary(agreement),
                mechanism=summary(agreement.mechanism) if agreement.mechanism else None,
                citations=citations_of(agreement, summary, "date"),
            )
        )
    order = defaultdict(
        int, {"founded": 0, "joined": 1, "elevated": 2, "summit_held": 3, "agreement_signed": 4, "left": 5}
    )
    changes.sort(key=lambda c: (c["earliest"] or "", c["latest"] or "9999", order[c["change"]], subject(c)))
    return {"from": first.isoformat(), "to": last.isoformat(), "count": len(changes), "changes": changes}


def subject(item: dict) -> str:
    for key in ("summit", "agreement", "actor", "mechanism"):
        if item.get(key):
            return item[key]["slug"]
    return ""
