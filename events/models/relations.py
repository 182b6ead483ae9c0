"""Rows that relate two records: a mechanism's levels, memberships, summit participations, agreement parties."""

import datetime

from django.db import models
from django.db.models import Q

from ..asof import certainly_on, possibly_on
from ..choices import Level
from ..dates import precision_constraints
from .base import KeyedHistory, PartialDate, TimeStampedModel
from .records import Actor, Agreement, Mechanism, Summit


class MechanismLevelManager(models.Manager):
    def get_by_natural_key(self, mechanism, level, since):
        return self.get(mechanism__slug=mechanism, level=level, since=since)


class MechanismLevel(TimeStampedModel):
    """A step in a mechanism's level history, e.g. elevated to heads of state in 2023."""

    mechanism = models.ForeignKey(Mechanism, on_delete=models.CASCADE, related_name="levels")
    level = models.CharField(max_length=20, choices=Level.choices)
    since = PartialDate("since")
    note = models.TextField(blank=True)

    objects = MechanismLevelManager()
    history = KeyedHistory(keys=("mechanism",))

    class Meta:
        ordering = ["mechanism", "since"]
        verbose_name = "mechanism level"
        verbose_name_plural = "mechanism levels"
        constraints = [
            *precision_constraints("since"),
            models.UniqueConstraint(
                fields=["mechanism", "level", "since"],
                name="%(app_label)s_%(class)s_unique_step",
                violation_error_message="This mechanism already has this level from this date.",
            ),
        ]

    def __str__(self):
        since = self.partial_date("since")
        return f"{self.mechanism}: {self.get_level_display()}" + (f" since {since}" if since else "")

    def natural_key(self):
        return (self.mechanism.slug, self.level, self.since)

    def claim_key(self) -> str:
        """How a citation of the mechanism names this step: `level:2023` (`level:<level>` if undated)."""
        return f"level:{self.partial_date('since') or self.level}"

    natural_key.dependencies = ["events.mechanism"]


class MembershipQuerySet(models.QuerySet):
    def active_on(self, day: datetime.date):
        """Memberships that certainly or possibly held on `day` (see events.asof)."""
        return self.filter(possibly_on(day))

    def certain_on(self, day: datetime.date):
        return self.filter(certainly_on(day))


class MembershipManager(models.Manager.from_queryset(MembershipQuerySet)):
    def get_by_natural_key(self, actor, mechanism, start):
        return self.get(actor__slug=actor, mechanism__slug=mechanism, start=start)


class Membership(TimeStampedModel):
    """An actor's membership of a mechanism, with its role and time bounds."""

    class Role(models.TextChoices):
        MEMBER = "member", "member"
        FULL_MEMBER = "full_member", "full member"
        FOUNDING_MEMBER = "founding_member", "founding member"
        PARTNER = "partner", "partner"
        OBSERVER = "observer", "observer"

    actor = models.ForeignKey(Actor, on_delete=models.PROTECT, related_name="memberships")
    mechanism = models.ForeignKey(Mechanism, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    start = PartialDate("start")
    end = PartialDate("end")
    curator_note = models.TextField(blank=True, help_text="Doubts about the source, marked as a curator's note.")

    objects = MembershipManager()
    history = KeyedHistory(keys=("actor", "mechanism"))

    class Meta:
        ordering = ["mechanism", "start", "actor"]
        verbose_name = "membership"
        verbose_name_plural = "memberships"
        constraints = [
            *precision_constraints("start"),
            *precision_constraints("end"),
            models.UniqueConstraint(
                fields=["actor", "mechanism", "start"],
                name="%(app_label)s_%(class)s_unique_start",
                violation_error_message="This actor already has a membership of this mechanism starting then.",
            ),
            models.UniqueConstraint(
                fields=["actor", "mechanism"],
                condition=Q(start__isnull=True),
                name="%(app_label)s_%(class)s_unique_undated",
                violation_error_message="This actor already has a membership of this mechanism with no start date.",
            ),
            models.CheckConstraint(
                # on bounds: from 2025-06 to 2025 is valid, as the end may fall in December
                condition=Q(start_earliest__isnull=True) | Q(end_latest__isnull=True)
                | Q(end_latest__gte=models.F("start_earliest")),
                name="%(app_label)s_%(class)s_end_not_before_start",
                violation_error_message="A membership cannot end before it starts.",
            ),
        ]

    def __str__(self):
        return f"{self.actor} in {self.mechanism} ({self.get_role_display()})"

    def natural_key(self):
        return (self.actor.slug, self.mechanism.slug, self.start)

    def claim_key(self) -> str:
        """How a citation of the mechanism names this membership: `member:azerbaijan`."""
        return f"member:{self.actor.slug}"

    natural_key.dependencies = ["events.actor", "events.mechanism"]


class ParticipationManager(models.Manager):
    def get_by_natural_key(self, summit, actor):
        return self.get(summit__slug=summit, actor__slug=actor)


class Participation(TimeStampedModel):
    """An actor at a summit: as host, participant or guest, and who represented it."""

    class Role(models.TextChoices):
        HOST = "host", "host"
        PARTICIPANT = "participant", "participant"
        GUEST = "guest", "guest"
        OBSERVER = "observer", "observer"

    summit = models.ForeignKey(Summit, on_delete=models.CASCADE, related_name="participations")
    actor = models.ForeignKey(Actor, on_delete=models.PROTECT, related_name="participations")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.PARTICIPANT)
    representative = models.ForeignKey(
        Actor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="representations",
        help_text="The person who represented the actor, where known.",
    )

    objects = ParticipationManager()
    history = KeyedHistory(keys=("actor", "summit"))

    class Meta:
        ordering = ["summit", "role", "actor"]
        verbose_name = "participation"
        verbose_name_plural = "participations"
        constraints = [
            models.UniqueConstraint(
                fields=["summit", "actor"],
                name="%(app_label)s_%(class)s_unique_actor",
                violation_error_message="This actor is already listed at this summit.",
            ),
        ]
        # an actor's summits read from the index alone: its timeline, the summits filtered by it
        indexes = [models.Index(fields=["actor", "summit"], name="participation_actor_summit")]

    def __str__(self):
        return f"{self.actor} at {self.summit} ({self.get_role_display()})"

    def natural_key(self):
        return (self.summit.slug, self.actor.slug)

    def claim_key(self) -> str:
        """How a citation of the summit names this participation: `participant:japan`."""
        return f"participant:{self.actor.slug}"

    natural_key.dependencies = ["events.summit", "events.actor"]


class AgreementPartyManager(models.Manager):
    def get_by_natural_key(self, agreement, actor):
        return self.get(agreement__slug=agreement, actor__slug=actor)


class AgreementParty(TimeStampedModel):
    """An actor's part in an agreement: signatory, party, issuer or initiator."""

    class Role(models.TextChoices):
        SIGNATORY = "signatory", "signatory"
        PARTY = "party", "party"
        ISSUER = "issuer", "issuer"
        INITIATOR = "initiator", "initiator"

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="agreement_parties")
    actor = models.ForeignKey(Actor, on_delete=models.PROTECT, related_name="agreement_parties")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.PARTY)
    representative = models.ForeignKey(
        Actor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreement_representations",
        help_text="The person who acted for the party, where known.",
    )

    objects = AgreementPartyManager()
    history = KeyedHistory(keys=("actor", "agreement"))

    class Meta:
        ordering = ["agreement", "role", "actor"]
        verbose_name = "agreement party"
        verbose_name_plural = "agreement parties"
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "actor"],
                name="%(app_label)s_%(class)s_unique_actor",
                violation_error_message="This actor is already a party to this agreement.",
            ),
        ]
        indexes = [models.Index(fields=["actor", "agreement"], name="agreementparty_actor_agreement")]

    def __str__(self):
        return f"{self.actor}: {self.get_role_display()} of {self.agreement}"

    def natural_key(self):
        return (self.agreement.slug, self.actor.slug)

    def claim_key(self) -> str:
        """How a citation of the agreement names this party: `party:uzbekistan`."""
        return f"party:{self.actor.slug}"

    natural_key.dependencies = ["events.agreement", "events.actor"]
