import datetime

from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from .choices import Level
from .dates import DatePrecision, format_partial_date, humanize_partial_date, precision_constraints

SLUG_HELP = "Stable identifier used in URLs, the API, fixtures and CSV files. Do not change it once published."


def date_field(verbose_name: str, **kwargs) -> models.DateField:
    return models.DateField(
        verbose_name,
        null=True,
        blank=True,
        help_text="Stored as the first day of the period when known only to the month or year.",
        **kwargs,
    )


def precision_field(verbose_name: str) -> models.CharField:
    return models.CharField(verbose_name, max_length=5, choices=DatePrecision.choices, blank=True)


class TimeStampedModel(models.Model):
    """Abstract base: when a row was created and last changed."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def partial_date(self, field: str = "date") -> str:
        """The ISO 8601 text of a date field at its precision ("2025-04")."""
        return format_partial_date(getattr(self, field), getattr(self, f"{field}_precision"))

    def partial_date_display(self, field: str = "date") -> str:
        """A date field in words at its precision ("April 2025")."""
        return humanize_partial_date(getattr(self, field), getattr(self, f"{field}_precision"))


class SlugManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class SluggedModel(TimeStampedModel):
    """Abstract base for main records: a unique, stable slug as natural key."""

    slug = models.SlugField(max_length=120, unique=True, help_text=SLUG_HELP)

    objects = SlugManager()

    class Meta:
        abstract = True

    def natural_key(self):
        return (self.slug,)


class Topic(SluggedModel):
    """A subject from a small vocabulary, such as connectivity or critical minerals."""

    name = models.CharField(max_length=120, unique=True)
    description = models.TextField(blank=True)

    history = HistoricalRecords()

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
    published = date_field("published")
    published_precision = precision_field("published precision")
    url = models.URLField("URL", max_length=500, blank=True)
    language = models.CharField(
        max_length=8,
        blank=True,
        help_text="ISO 639-1 code of the document's language, e.g. en, tr.",
        validators=[RegexValidator(r"^[a-z]{2,3}(-[A-Za-z0-9]+)?$", "Use an ISO 639 code such as en or tr.")],
    )
    curator_note = models.TextField(blank=True, help_text="Doubts about the source, marked as a curator's note.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["-published", "title"]
        verbose_name = "source"
        verbose_name_plural = "sources"
        constraints = precision_constraints("published")

    def __str__(self):
        published = self.partial_date("published")
        return f"{self.title} ({self.publisher}, {published})" if published else self.title

    def get_absolute_url(self):
        return reverse("events:source-detail", args=[self.slug])


class Actor(SluggedModel):
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
    description = models.TextField(blank=True)
    curator_note = models.TextField(blank=True, help_text="Doubts about the source, marked as a curator's note.")

    history = HistoricalRecords()

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
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("events:actor-detail", args=[self.slug])


class Mechanism(SluggedModel):
    """A standing framework through which actors deal with each other: a dialogue format,
    an organisation's format, an initiative or a transport corridor."""

    class Kind(models.TextChoices):
        DIALOGUE = "dialogue", "dialogue format"
        ORGANISATION = "organisation", "organisation"
        CONSULTATIVE = "consultative", "consultative format"
        INITIATIVE = "initiative", "initiative"
        CORRIDOR = "corridor", "transport corridor"
        PARTNERSHIP = "partnership", "partnership"

    name = models.CharField(max_length=200)
    acronym = models.CharField(max_length=40, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    founded = date_field("founded")
    founded_precision = precision_field("founded precision")
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

    history = HistoricalRecords()

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
        return reverse("events:mechanism-detail", args=[self.slug])

    def members_as_of(self, day: datetime.date) -> models.QuerySet["Actor"]:
        """Actors that were members on `day`: joined on or before it (or at an unknown time)
        and not yet left (a membership whose end is `day` still counts)."""
        return Actor.objects.filter(memberships__in=Membership.objects.filter(mechanism=self).active_on(day)).distinct()


class MechanismLevelManager(models.Manager):
    def get_by_natural_key(self, mechanism, level, since):
        return self.get(mechanism__slug=mechanism, level=level, since=since)


class MechanismLevel(TimeStampedModel):
    """A step in a mechanism's level history, e.g. elevated to heads of state in 2023."""

    mechanism = models.ForeignKey(Mechanism, on_delete=models.CASCADE, related_name="levels")
    level = models.CharField(max_length=20, choices=Level.choices)
    since = date_field("since")
    since_precision = precision_field("since precision")
    note = models.TextField(blank=True)

    objects = MechanismLevelManager()
    history = HistoricalRecords()

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

    natural_key.dependencies = ["events.mechanism"]


class MembershipQuerySet(models.QuerySet):
    def active_on(self, day: datetime.date):
        return self.filter(Q(start__isnull=True) | Q(start__lte=day), Q(end__isnull=True) | Q(end__gte=day))


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
    start = date_field("start")
    start_precision = precision_field("start precision")
    end = date_field("end")
    end_precision = precision_field("end precision")
    curator_note = models.TextField(blank=True, help_text="Doubts about the source, marked as a curator's note.")

    objects = MembershipManager()
    history = HistoricalRecords()

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
                condition=Q(start__isnull=True) | Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="%(app_label)s_%(class)s_end_not_before_start",
                violation_error_message="A membership cannot end before it starts.",
            ),
        ]

    def __str__(self):
        return f"{self.actor} in {self.mechanism} ({self.get_role_display()})"

    def natural_key(self):
        return (self.actor.slug, self.mechanism.slug, self.start)

    natural_key.dependencies = ["events.actor", "events.mechanism"]


class Summit(SluggedModel):
    """One meeting: when and where, at what level, within which mechanism, and who attended."""

    name = models.CharField(max_length=200)
    mechanism = models.ForeignKey(Mechanism, on_delete=models.PROTECT, null=True, blank=True, related_name="summits")
    date = date_field("date")
    date_precision = precision_field("date precision")
    city = models.CharField(max_length=120, blank=True)
    host = models.ForeignKey(Actor, on_delete=models.PROTECT, null=True, blank=True, related_name="hosted_summits")
    level = models.CharField(max_length=20, choices=Level.choices, blank=True)
    ordinal = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="Which summit of its mechanism at this level this was: 1 for the first.",
    )
    participants = models.ManyToManyField(
        Actor, through="Participation", through_fields=("summit", "actor"), related_name="summits"
    )
    topics = models.ManyToManyField(Topic, blank=True, related_name="summits")
    outcome = models.TextField("outcome summary", blank=True)
    curator_note = models.TextField(blank=True, help_text="Doubts about the source, marked as a curator's note.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "name"]
        verbose_name = "summit"
        verbose_name_plural = "summits"
        indexes = [
            models.Index(fields=["date", "name"], name="events_summit_date_name_idx"),
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
        return reverse("events:summit-detail", args=[self.slug])


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
    history = HistoricalRecords()

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

    def __str__(self):
        return f"{self.actor} at {self.summit} ({self.get_role_display()})"

    def natural_key(self):
        return (self.summit.slug, self.actor.slug)

    natural_key.dependencies = ["events.summit", "events.actor"]


class Agreement(SluggedModel):
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
    date = date_field("date")
    date_precision = precision_field("date precision")
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

    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "name"]
        verbose_name = "agreement"
        verbose_name_plural = "agreements"
        indexes = [
            models.Index(fields=["date", "name"], name="events_agreement_date_name_idx"),
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
        return reverse("events:agreement-detail", args=[self.slug])


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
    history = HistoricalRecords()

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

    def __str__(self):
        return f"{self.actor}: {self.get_role_display()} of {self.agreement}"

    def natural_key(self):
        return (self.agreement.slug, self.actor.slug)

    natural_key.dependencies = ["events.agreement", "events.actor"]


CITING_FIELDS = ("summit", "mechanism", "agreement", "actor")


class CitationManager(models.Manager):
    def get_by_natural_key(self, source, record_type, record, locator):
        if record_type not in CITING_FIELDS:
            raise self.model.DoesNotExist(f"Unknown cited record type {record_type!r}.")
        return self.get(source__slug=source, locator=locator, **{f"{record_type}__slug": record})


class Citation(TimeStampedModel):
    """A main record citing a source, with a locator (footnote) and an optional quote."""

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="citations")
    summit = models.ForeignKey(Summit, on_delete=models.CASCADE, null=True, blank=True, related_name="citations")
    mechanism = models.ForeignKey(Mechanism, on_delete=models.CASCADE, null=True, blank=True, related_name="citations")
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, null=True, blank=True, related_name="citations")
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, null=True, blank=True, related_name="citations")
    locator = models.CharField(max_length=100, blank=True, help_text='Where in the source, e.g. "footnote 3".')
    quote = models.TextField(blank=True)

    objects = CitationManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["source", "locator", "pk"]
        verbose_name = "citation"
        verbose_name_plural = "citations"
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    *[Q(**{f"{cited}__isnull": cited != field for cited in CITING_FIELDS}) for field in CITING_FIELDS],
                    _connector=Q.OR,
                ),
                name="%(app_label)s_%(class)s_cites_exactly_one_record",
                violation_error_message="A citation belongs to exactly one summit, mechanism, agreement or actor.",
            ),
            *[
                models.UniqueConstraint(
                    fields=[field, "source", "locator"],
                    condition=Q(**{f"{field}__isnull": False}),
                    name=f"%(app_label)s_%(class)s_unique_{field}_locator",
                    violation_error_message=f"This {field} already cites this source at this locator.",
                )
                for field in CITING_FIELDS
            ],
        ]

    def __str__(self):
        where = f", {self.locator}" if self.locator else ""
        return f"{self.record} cites {self.source}{where}"

    @property
    def record_type(self) -> str:
        return next((field for field in CITING_FIELDS if getattr(self, f"{field}_id")), "")

    @property
    def record(self):
        return getattr(self, self.record_type) if self.record_type else None

    def natural_key(self):
        return (self.source.slug, self.record_type, self.record.slug, self.locator)

    natural_key.dependencies = [
        "events.source",
        "events.summit",
        "events.mechanism",
        "events.agreement",
        "events.actor",
    ]


class DataVersion(models.Model):
    """One row whose token changes after every committed change to the records (events.cache),
    so that cached API responses are not served once the data they show has changed."""

    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField()

    class Meta:
        verbose_name = "data version"

    def __str__(self):
        return f"{self.token} ({self.changed_at:%Y-%m-%d %H:%M:%S})"
