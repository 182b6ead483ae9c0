"""Agreements as treaty databases record them: each party's actions with their dates (signature,
ratification, accession, …), typed relations between agreements and to the mechanisms they
implement, and relations between mechanisms (succeeds, may become). See docs/treaties.md."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from ..dates import precision_constraints
from ..provenance import action_claim_key, relation_claim_key
from .base import KeyedHistory, PartialDate, TimeStampedModel
from .records import Actor, Agreement, Mechanism

#: action kinds only a party performs (an agreement is not ratified or withdrawn by itself)
PARTY_ONLY_KINDS = (
    "ratification",
    "acceptance_approval",
    "accession",
    "succession",
    "withdrawal",
    "reservation_declaration",
)


class AgreementActionManager(models.Manager):
    def get_by_natural_key(self, agreement, actor, kind, date_text):
        return self.get(agreement__slug=agreement, actor__slug=actor, kind=kind, date_text=date_text)


class AgreementAction(TimeStampedModel):
    """One act on an agreement, dated at its precision: a party's signature, ratification,
    withdrawal, …, or (with no actor) an act of the agreement itself, such as its adoption or its
    entry into force overall."""

    class Kind(models.TextChoices):
        SIGNATURE = "signature", "signature"
        RATIFICATION = "ratification", "ratification"
        ACCEPTANCE_APPROVAL = "acceptance_approval", "acceptance or approval"
        ACCESSION = "accession", "accession"
        SUCCESSION = "succession", "succession"
        ADOPTION = "adoption", "adoption"
        ANNOUNCEMENT = "announcement", "announcement"
        ENTRY_INTO_FORCE = "entry_into_force", "entry into force"
        WITHDRAWAL = "withdrawal", "withdrawal or denunciation"
        RESERVATION_DECLARATION = "reservation_declaration", "reservation or declaration"

    PARTY_ONLY = PARTY_ONLY_KINDS

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="actions")
    actor = models.ForeignKey(
        Actor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreement_actions",
        help_text="The party that acted; empty for an act of the agreement itself (adoption, entry into force).",
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    date = PartialDate("date")
    text = models.TextField(blank=True, help_text="The reservation's or declaration's text.")
    note = models.TextField(blank=True)

    objects = AgreementActionManager()
    history = KeyedHistory(keys=("actor", "agreement"))

    class Meta:
        ordering = ["agreement", "date", "kind", "pk"]
        verbose_name = "agreement action"
        verbose_name_plural = "agreement actions"
        indexes = [models.Index(fields=["kind", "date_earliest"], name="events_action_kind_date_idx")]
        constraints = [
            *precision_constraints("date"),
            models.UniqueConstraint(
                fields=["agreement", "actor", "kind", "date_text"],
                condition=Q(actor__isnull=False),
                name="%(app_label)s_%(class)s_unique_party_action",
                violation_error_message="This party already has this action on this date.",
            ),
            models.UniqueConstraint(
                fields=["agreement", "kind", "date_text"],
                condition=Q(actor__isnull=True),
                name="%(app_label)s_%(class)s_unique_own_action",
                violation_error_message="This agreement already has this action of its own on this date.",
            ),
            models.CheckConstraint(
                condition=Q(actor__isnull=False) | ~Q(kind__in=PARTY_ONLY_KINDS),
                name="%(app_label)s_%(class)s_party_only_kinds",
                violation_error_message="Ratification, acceptance, accession, succession, withdrawal and "
                "reservations are a party's acts: name the actor.",
            ),
            models.CheckConstraint(
                condition=Q(text="") | Q(kind="reservation_declaration"),
                name="%(app_label)s_%(class)s_text_only_for_reservations",
                violation_error_message="Only a reservation or declaration has a text.",
            ),
        ]

    def __str__(self):
        who = self.actor or "the agreement itself"
        when = self.partial_date_display()
        return f"{self.agreement}: {self.get_kind_display()} by {who}" + (f", {when}" if when else "")

    def natural_key(self):
        return (self.agreement.slug, self.actor.slug if self.actor_id else None, self.kind, self.partial_date())

    natural_key.dependencies = ["events.agreement", "events.actor", "events.agreementparty"]

    def claim_key(self) -> str:
        """How a citation of the agreement names this action (see `action_claim_key`)."""
        return action_claim_key(self.actor.slug if self.actor_id else None, self.kind, self.partial_date())

    def clean(self):
        super().clean()
        parties = self.agreement.agreement_parties if self.agreement_id else None
        if self.actor_id and parties is not None and not parties.filter(actor_id=self.actor_id).exists():
            raise ValidationError(
                {"actor": f"{self.actor} is not a party to {self.agreement}: add it to the agreement's parties first."}
            )


class AgreementRelationManager(models.Manager):
    def get_by_natural_key(self, agreement, kind, target_agreement, target_mechanism):
        return self.get(
            agreement__slug=agreement,
            kind=kind,
            target_agreement__slug=target_agreement,
            target_mechanism__slug=target_mechanism,
        )


class AgreementRelation(TimeStampedModel):
    """A typed, directed relation from an agreement to another agreement (part of, implements,
    amends, supersedes, follows from) or to the mechanism or initiative it implements."""

    class Kind(models.TextChoices):
        PART_OF = "part_of", "part of or annex to"
        IMPLEMENTS = "implements", "implements"
        AMENDS = "amends", "amends"
        SUPERSEDES = "supersedes", "supersedes"
        FOLLOWS_FROM = "follows_from", "follows from"

    #: how the target names the relation: "implemented by …"
    INVERSE = {
        Kind.PART_OF: "includes",
        Kind.IMPLEMENTS: "implemented by",
        Kind.AMENDS: "amended by",
        Kind.SUPERSEDES: "superseded by",
        Kind.FOLLOWS_FROM: "gave rise to",
    }

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="relations")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    target_agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, null=True, blank=True, related_name="related_from"
    )
    target_mechanism = models.ForeignKey(
        Mechanism,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreement_relations",
        help_text="The mechanism or initiative the agreement implements (only for `implements`).",
    )
    note = models.TextField(blank=True)

    objects = AgreementRelationManager()
    history = KeyedHistory(keys=("agreement",))

    class Meta:
        ordering = ["agreement", "kind", "pk"]
        verbose_name = "agreement relation"
        verbose_name_plural = "agreement relations"
        constraints = [
            models.CheckConstraint(
                condition=(Q(target_agreement__isnull=False) & Q(target_mechanism__isnull=True))
                | (Q(target_agreement__isnull=True) & Q(target_mechanism__isnull=False)),
                name="%(app_label)s_%(class)s_one_target",
                violation_error_message="A relation points to one agreement or one mechanism.",
            ),
            models.CheckConstraint(
                condition=Q(target_mechanism__isnull=True) | Q(kind="implements"),
                name="%(app_label)s_%(class)s_mechanism_only_implemented",
                violation_error_message="An agreement relates to a mechanism only by implementing it.",
            ),
            models.CheckConstraint(
                condition=~Q(target_agreement=models.F("agreement")),
                name="%(app_label)s_%(class)s_not_to_itself",
                violation_error_message="An agreement cannot relate to itself.",
            ),
            models.UniqueConstraint(
                fields=["agreement", "kind", "target_agreement"],
                condition=Q(target_agreement__isnull=False),
                name="%(app_label)s_%(class)s_unique_agreement_target",
                violation_error_message="This relation between these agreements is already recorded.",
            ),
            models.UniqueConstraint(
                fields=["agreement", "kind", "target_mechanism"],
                condition=Q(target_mechanism__isnull=False),
                name="%(app_label)s_%(class)s_unique_mechanism_target",
                violation_error_message="This relation to this mechanism is already recorded.",
            ),
        ]

    @property
    def target(self):
        return self.target_agreement or self.target_mechanism

    @property
    def holder(self):
        """The record the relation is recorded on (and cited on)."""
        return self.agreement

    def __str__(self):
        return f"{self.agreement} {self.get_kind_display()} {self.target}"

    def inverse_label(self) -> str:
        return self.INVERSE[self.kind]

    def natural_key(self):
        return (
            self.agreement.slug,
            self.kind,
            self.target_agreement.slug if self.target_agreement_id else None,
            self.target_mechanism.slug if self.target_mechanism_id else None,
        )

    natural_key.dependencies = ["events.agreement", "events.mechanism"]

    def claim_key(self) -> str:
        """How a citation of the (source) agreement names this relation (see `relation_claim_key`)."""
        return relation_claim_key(self.kind, self.target.slug, to_mechanism=self.target_mechanism_id is not None)


class MechanismRelationManager(models.Manager):
    def get_by_natural_key(self, mechanism, kind, target):
        return self.get(mechanism__slug=mechanism, kind=kind, target__slug=target)


class MechanismRelation(TimeStampedModel):
    """A directed relation between mechanisms: one succeeds another, or may become another (the
    analysis's "possibility of the transformation of the C5 mechanism into the C6": a possibility,
    not a claim that it happened)."""

    class Kind(models.TextChoices):
        SUCCEEDS = "succeeds", "succeeds"
        MAY_BECOME = "may_become", "may become"

    INVERSE = {Kind.SUCCEEDS: "succeeded by", Kind.MAY_BECOME: "possible transformation of"}

    mechanism = models.ForeignKey(Mechanism, on_delete=models.CASCADE, related_name="relations")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    target = models.ForeignKey(Mechanism, on_delete=models.CASCADE, related_name="related_from")
    note = models.TextField(blank=True)

    objects = MechanismRelationManager()
    history = KeyedHistory(keys=("mechanism",))

    class Meta:
        ordering = ["mechanism", "kind", "pk"]
        verbose_name = "mechanism relation"
        verbose_name_plural = "mechanism relations"
        constraints = [
            models.CheckConstraint(
                condition=~Q(target=models.F("mechanism")),
                name="%(app_label)s_%(class)s_not_to_itself",
                violation_error_message="A mechanism cannot relate to itself.",
            ),
            models.UniqueConstraint(
                fields=["mechanism", "kind", "target"],
                name="%(app_label)s_%(class)s_unique_target",
                violation_error_message="This relation between these mechanisms is already recorded.",
            ),
        ]

    @property
    def holder(self):
        """The record the relation is recorded on (and cited on)."""
        return self.mechanism

    def __str__(self):
        return f"{self.mechanism} {self.get_kind_display()} {self.target}"

    def inverse_label(self) -> str:
        return self.INVERSE[self.kind]

    def natural_key(self):
        return (self.mechanism.slug, self.kind, self.target.slug)

    natural_key.dependencies = ["events.mechanism"]

    def claim_key(self) -> str:
        """How a citation of the (source) mechanism names this relation: `relation:may_become:c6`."""
        return relation_claim_key(self.kind, self.target.slug)
