"""The main records, each with a slug, a page and an API endpoint: topics, sources, actors, mechanisms,
summits and agreements."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q

from ..choices import Level
from ..dates import precision_constraints
from .base import CitedRecord, KeyedHistory, PartialDate, SluggedModel, date_order_indexes, page_url

SMALLINT_MAX = 32767

#: the database trigger that refuses a cycle in mechanisms' parent chains (migration 0012), and its message
PARENT_CYCLE_TRIGGER = "events_mechanism_parent_acyclic"
PARENT_CYCLE_MESSAGE = "A mechanism cannot sit under itself: this parent would make its parent chain a cycle."


class Topic(SluggedModel):
    """A subject from a small vocabulary, such as connectivity or critical minerals."""

    name = models.CharField(max_length=120, unique=True)
    description = models.TextField(blank=True)

    history = KeyedHistory()

    class Meta:
        ordering = ["name"]
        verbose_name = "topic"
        verbose_name_plural = "topics"

    def __str__(self):
        return self.name


class Source(SluggedModel):
    """A cited document: the analysis itself or a reference in its footnotes."""

    title = models.CharField(max_length=500)
    author = models.CharField(max_length=300, blank=True)
    publisher = models.CharField(max_length=300, blank=True)
    published = PartialDate("published")
    url = models.URLField("URL", max_length=500, blank=True)
    language = models.CharField(
        max_length=8,
        blank=True,
        help_text="ISO 639-1 code of the document's language, e.g. en, tr.",
        validators=[RegexValidator(r"^[a-z]{2,3}(-[A-Za-z0-9]+)?$", "Use an ISO 639 code such as en or tr.")],
    )
    curator_note = models.TextField(blank=True, help_text="Doubts about the source, marked as a curator's note.")

    history = KeyedHistory()

    class Meta:
        ordering = ["-published", "title"]
        verbose_name = "source"
        verbose_name_plural = "sources"
        constraints = precision_constraints("published")

    def __str__(self):
        published = self.partial_date("published")
        return f"{self.title} ({self.publisher}, {published})" if published else self.title

    def get_absolute_url(self):
        return page_url("events:source-detail", self.slug)


class Actor(CitedRecord):
    """Who acts: a state, an intergovernmental organisation, a union, a person or a group."""

    class Kind(models.TextChoices):
        STATE = "state", "state"
        ORGANISATION = "organisation", "intergovernmental organisation"
        UNION = "union", "union of states"
        PERSON = "person", "person"
        GROUP = "group", "group of states"

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    acronym = models.CharField(max_length=40, blank=True)
    iso3 = models.CharField(
        "ISO 3166 alpha-3",
        max_length=3,
        blank=True,
        validators=[RegexValidator(r"^[A-Z]{3}$", "Use the three capital letters of ISO 3166-1 alpha-3, e.g. JPN.")],
        help_text="States only.",
    )
    represents = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="representatives",
        help_text="For a person: the state or organisation they represent.",
    )
    office = models.CharField(max_length=200, blank=True, help_text="For a person: their office, e.g. Prime Minister.")
    # the time the person holds `office` and represents `represents`; empty where the sources do not say
    office_start = PartialDate("in office from")
    office_end = PartialDate("in office until")
    description = models.TextField(blank=True)
    curator_note = models.TextField(blank=True, help_text="Doubts about the source, marked as a curator's note.")

    history = KeyedHistory()

    class Meta:
        ordering = ["name"]
        verbose_name = "actor"
        verbose_name_plural = "actors"
        indexes = [models.Index(fields=["kind", "name"], name="events_actor_kind_name_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["iso3"],
                condition=~Q(iso3=""),
                name="%(app_label)s_%(class)s_unique_iso3",
                violation_error_message="Another actor already has this ISO 3166 code.",
            ),
            models.CheckConstraint(
                condition=Q(iso3="") | Q(kind="state"),
                name="%(app_label)s_%(class)s_iso3_only_for_states",
                violation_error_message="Only a state has an ISO 3166 code.",
            ),
            models.CheckConstraint(
                condition=(Q(represents__isnull=True) & Q(office="")) | Q(kind="person"),
                name="%(app_label)s_%(class)s_office_only_for_people",
                violation_error_message="Only a person represents another actor or holds an office.",
            ),
            *precision_constraints("office_start"),
            *precision_constraints("office_end"),
            models.CheckConstraint(
                condition=Q(office_start__isnull=True, office_end__isnull=True)
                | ~Q(office="")
                | Q(represents__isnull=False),
                name="%(app_label)s_%(class)s_office_dates_need_an_office",
                violation_error_message="Office dates need an office or whom the person represents.",
            ),
            models.CheckConstraint(
                # on bounds, as for memberships: in office from 2019-06 until 2019 is valid
                condition=Q(office_start_earliest__isnull=True)
                | Q(office_end_latest__isnull=True)
                | Q(office_end_latest__gte=models.F("office_start_earliest")),
                name="%(app_label)s_%(class)s_office_end_not_before_start",
                violation_error_message="A person cannot leave office before taking it.",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return page_url("events:actor-detail", self.slug)


class Mechanism(CitedRecord):
    """A standing framework through which actors deal with each other: a dialogue format,
    an organisation's format, an initiative or a transport corridor."""

    class Kind(models.TextChoices):
        DIALOGUE = "dialogue", "dialogue format"
        ORGANISATION = "organisation", "organisation"
        CONSULTATIVE = "consultative", "consultative format"
        INITIATIVE = "initiative", "initiative"
        CORRIDOR = "corridor", "transport corridor"
        PARTNERSHIP = "partnership", "partnership"
        PROJECT = "project", "project"

    name = models.CharField(max_length=200)
    acronym = models.CharField(max_length=40, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    founded = PartialDate("founded")
    founded_place = models.CharField(max_length=120, blank=True)
    initiator = models.ForeignKey(
        Actor, on_delete=models.PROTECT, null=True, blank=True, related_name="initiated_mechanisms"
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text="The mechanism this one sits under, e.g. C5+1 for the C5+1 Critical Minerals Dialogue.",
    )
    description = models.TextField(blank=True)
    curator_note = models.TextField(blank=True, help_text="Doubts about the source, marked as a curator's note.")
    topics = models.ManyToManyField(Topic, blank=True, related_name="mechanisms")

    history = KeyedHistory()

    class Meta:
        ordering = ["name"]
        verbose_name = "mechanism"
        verbose_name_plural = "mechanisms"
        indexes = [models.Index(fields=["kind", "name"], name="events_mechanism_kind_name_idx")]
        constraints = [
            *precision_constraints("founded"),
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")),
                name="%(app_label)s_%(class)s_not_own_parent",
                violation_error_message="A mechanism cannot be its own parent.",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def get_absolute_url(self):
        return page_url("events:mechanism-detail", self.slug)

    def clean(self):
        super().clean()
        if self.pk and self.parent_id and self.pk in self.parent_chain_ids(self.parent_id):
            raise ValidationError({"parent": PARENT_CYCLE_MESSAGE})

    @classmethod
    def parent_chain_ids(cls, start_id: int) -> list[int]:
        """The ids from `start_id` up its parents to the top (stops where a chain already loops)."""
        chain, current = [], start_id
        while current is not None and current not in chain:
            chain.append(current)
            current = cls.objects.filter(pk=current).values_list("parent_id", flat=True).first()
        return chain

    def members_as_of(self, day: datetime.date) -> models.QuerySet["Actor"]:
        """Actors that were members on `day`: joined on or before it (or at an unknown time)
        and not yet left (a membership whose end is `day` still counts)."""
        membership = self.memberships.model  # Membership, defined with the relations that import this module
        return Actor.objects.filter(memberships__in=membership.objects.filter(mechanism=self).active_on(day)).distinct()


class Summit(CitedRecord):
    """One meeting: when and where, at what level, within which mechanism, and who attended."""

    name = models.CharField(max_length=200)
    mechanism = models.ForeignKey(Mechanism, on_delete=models.PROTECT, null=True, blank=True, related_name="summits")
    date = PartialDate("date")
    city = models.CharField(max_length=120, blank=True)
    host = models.ForeignKey(Actor, on_delete=models.PROTECT, null=True, blank=True, related_name="hosted_summits")
    level = models.CharField(max_length=20, choices=Level.choices, blank=True)
    ordinal = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        # the column's range on PostgreSQL (smallint), checked on SQLite too, which stores any integer
        validators=[MinValueValidator(1), MaxValueValidator(SMALLINT_MAX)],
        help_text="Which summit of its mechanism at this level this was: 1 for the first.",
    )
    participants = models.ManyToManyField(
        Actor, through="Participation", through_fields=("summit", "actor"), related_name="summits"
    )
    topics = models.ManyToManyField(Topic, blank=True, related_name="summits")
    outcome = models.TextField("outcome summary", blank=True)
    curator_note = models.TextField(blank=True, help_text="Doubts about the source, marked as a curator's note.")

    history = KeyedHistory()

    class Meta:
        ordering = ["date", "name"]
        verbose_name = "summit"
        verbose_name_plural = "summits"
        indexes = [
            *date_order_indexes("events_summit"),
            models.Index(fields=["level", "date"], name="events_summit_level_date_idx"),
        ]
        constraints = [
            *precision_constraints("date"),
            models.UniqueConstraint(
                fields=["mechanism", "level", "ordinal"],
                condition=Q(mechanism__isnull=False, ordinal__isnull=False),
                name="%(app_label)s_%(class)s_unique_ordinal",
                violation_error_message="This mechanism already has a summit with this ordinal at this level.",
            ),
            models.CheckConstraint(
                condition=Q(ordinal__isnull=True) | Q(ordinal__gte=1),
                name="%(app_label)s_%(class)s_ordinal_positive",
                violation_error_message="The ordinal starts at 1.",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return page_url("events:summit-detail", self.slug)


class Agreement(CitedRecord):
    """A document or commitment: a declaration, treaty, roadmap, strategy, initiative,
    investment plan or proposal."""

    class Kind(models.TextChoices):
        DECLARATION = "declaration", "declaration"
        TREATY = "treaty", "treaty"
        AGREEMENT = "agreement", "agreement"
        ROADMAP = "roadmap", "roadmap"
        STRATEGY = "strategy", "strategy"
        VISION = "vision", "vision document"
        INITIATIVE = "initiative", "initiative"
        INVESTMENT_PLAN = "investment_plan", "investment plan"
        PROJECT = "project", "project"
        PROPOSAL = "proposal", "proposal"

    name = models.CharField(max_length=250)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    date = PartialDate("date")
    summit = models.ForeignKey(Summit, on_delete=models.PROTECT, null=True, blank=True, related_name="agreements")
    mechanism = models.ForeignKey(Mechanism, on_delete=models.PROTECT, null=True, blank=True, related_name="agreements")
    parties = models.ManyToManyField(
        Actor, through="AgreementParty", through_fields=("agreement", "actor"), related_name="agreements"
    )
    value_amount = models.DecimalField(
        "value", max_digits=20, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    value_currency = models.CharField(
        "currency",
        max_length=3,
        blank=True,
        validators=[RegexValidator(r"^[A-Z]{3}$", "Use an ISO 4217 code such as USD.")],
    )
    topics = models.ManyToManyField(Topic, blank=True, related_name="agreements")
    description = models.TextField(blank=True)
    curator_note = models.TextField(blank=True, help_text="Doubts about the source, marked as a curator's note.")

    history = KeyedHistory()

    class Meta:
        ordering = ["date", "name"]
        verbose_name = "agreement"
        verbose_name_plural = "agreements"
        indexes = [
            *date_order_indexes("events_agreement"),
            models.Index(fields=["kind", "date"], name="events_agreement_kind_date_idx"),
        ]
        constraints = [
            *precision_constraints("date"),
            models.CheckConstraint(
                condition=(Q(value_amount__isnull=True) & Q(value_currency=""))
                | (Q(value_amount__isnull=False) & ~Q(value_currency="")),
                name="%(app_label)s_%(class)s_value_has_currency",
                violation_error_message="A value needs a currency, and a currency needs a value.",
            ),
            models.CheckConstraint(
                condition=Q(value_amount__isnull=True) | Q(value_amount__gte=0),
                name="%(app_label)s_%(class)s_value_not_negative",
                violation_error_message="A value cannot be negative.",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return page_url("events:agreement-detail", self.slug)
