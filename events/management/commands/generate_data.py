import datetime
import random
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from events import bulk_sql
from events.cache import data_changed
from events.dates import DatePrecision, truncate_to_precision
from events.models import (
    Actor,
    Agreement,
    AgreementParty,
    Citation,
    Mechanism,
    Membership,
    Participation,
    Source,
    Summit,
    Topic,
    fill_date_bounds,
)
from events.progress import progress_bar
from events.search import rebuild

PREFIX = "gen-"
BATCH = 2000
# generate() reports progress after each of its stages: memberships, participations, parties, citations.
STAGES = 4
AT_SCALE_1 = {
    "actors": 500,
    "topics": 40,
    "sources": 2_000,
    "mechanisms": 2_000,
    "summits": 50_000,
    "agreements": 50_000,
    "citations": 100_000,
}
CITIES = ["Astana", "Tashkent", "Bishkek", "Dushanbe", "Ashgabat", "Samarkand", "Tokyo", "Brussels", "Xi'an", "Baku"]
FIRST_DAY = datetime.date(1991, 12, 1)
DAYS = (datetime.date(2026, 11, 1) - FIRST_DAY).days


class Command(BaseCommand):
    help = (
        "Add deterministic synthetic data on top of the fixtures for benchmarks: at --scale 1 about "
        "500 actors, 2,000 mechanisms with memberships, 50,000 summits with 3-12 participants, "
        "50,000 agreements with 2-6 parties and 100,000 citations. Uses bulk inserts, so no history "
        "entries are written for generated rows."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="Multiplier of the sizes above (default 1).")
        parser.add_argument("--seed", type=int, default=2026, help="Random seed (default 2026).")

    def handle(self, *args, scale, seed, **options):
        if scale <= 0:
            raise CommandError("--scale must be greater than 0.")
        if Actor.objects.filter(slug__startswith=PREFIX).exists():
            raise CommandError(
                f"Generated data (slugs starting with {PREFIX!r}) is already in this database; "
                "use a fresh database to generate again."
            )
        sizes = {name: max(1, round(count * scale)) for name, count in AT_SCALE_1.items()}
        sizes["actors"] = max(sizes["actors"], 13)  # a summit needs up to 12 participants plus a host
        started = time.perf_counter()
        with progress_bar(self.stderr, "Generating", total=STAGES, unit="stages") as bar, transaction.atomic():
            counts = generate(random.Random(seed), sizes, progress=bar.advance)
            data_changed()  # bulk inserts send no signals
            indexed = rebuild()  # nor do they index anything
        elapsed = time.perf_counter() - started
        summary = ", ".join(f"{count:,} {name}" for name, count in counts.items())
        self.stdout.write(
            self.style.SUCCESS(f"Generated {summary} in {elapsed:.1f} s (the search index: {indexed['seconds']} s).")
        )


def with_date_bounds(instances: list) -> list:
    """bulk_create sends no pre_save: fill each date's text and bounds here."""
    for instance in instances:
        fill_date_bounds(instance=instance)
    return instances


def random_partial_date(rng: random.Random) -> tuple[datetime.date, str]:
    day = FIRST_DAY + datetime.timedelta(days=rng.randrange(DAYS))
    precision = rng.choices(DatePrecision.values, weights=[75, 18, 7])[0]
    return truncate_to_precision(day, precision), precision


def generate(rng: random.Random, sizes: dict[str, int], progress=lambda stages: None) -> dict[str, int]:
    """Fill the tables in STAGES stages, calling `progress(1)` after each."""
    counts = {}

    topics = Topic.objects.bulk_create(
        Topic(slug=f"{PREFIX}topic-{i}", name=f"Synthetic topic {i}") for i in range(sizes["topics"])
    )
    kinds = rng.choices(Actor.Kind.values, weights=[60, 10, 3, 20, 7], k=sizes["actors"])
    actors = Actor.objects.bulk_create(
        [Actor(slug=f"{PREFIX}actor-{i}", name=f"Synthetic actor {i}", kind=kind) for i, kind in enumerate(kinds)],
        batch_size=BATCH,
    )
    sources = []
    for i in range(sizes["sources"]):
        published, precision = random_partial_date(rng)
        sources.append(
            Source(
                slug=f"{PREFIX}source-{i}",
                title=f"Synthetic source {i}",
                publisher=f"Publisher {i % 50}",
                published=published,
                published_precision=precision,
                language=rng.choice(["en", "tr", "ru", "zh"]),
            )
        )
    sources = Source.objects.bulk_create(with_date_bounds(sources), batch_size=BATCH)

    mechanisms = []
    for i in range(sizes["mechanisms"]):
        founded, precision = random_partial_date(rng)
        mechanisms.append(
            Mechanism(
                slug=f"{PREFIX}mechanism-{i}",
                name=f"Synthetic mechanism {i}",
                acronym=f"SM{i}",
                kind=rng.choice(Mechanism.Kind.values),
                founded=founded,
                founded_precision=precision,
                initiator=rng.choice(actors),
            )
        )
    mechanisms = Mechanism.objects.bulk_create(with_date_bounds(mechanisms), batch_size=BATCH)
    memberships = []
    for mechanism in mechanisms:
        for actor in rng.sample(actors, rng.randint(3, min(10, len(actors)))):
            start, precision = random_partial_date(rng) if rng.random() < 0.7 else (None, "")
            memberships.append(Membership(actor=actor, mechanism=mechanism, start=start, start_precision=precision))
    Membership.objects.bulk_create(with_date_bounds(memberships), batch_size=BATCH)
    counts["memberships"] = len(memberships)
    progress(1)

    summits, participant_lists = [], []
    for i in range(sizes["summits"]):
        date, precision = random_partial_date(rng)
        participants = rng.sample(actors, rng.randint(3, 12))
        participant_lists.append(participants)
        summits.append(
            Summit(
                slug=f"{PREFIX}summit-{i}",
                name=f"Synthetic summit {i}",
                mechanism=rng.choice(mechanisms) if rng.random() < 0.8 else None,
                date=date,
                date_precision=precision,
                city=rng.choice(CITIES),
                host=participants[0],
                level=rng.choice(["heads_of_state", "ministerial", "senior_officials", ""]),
                outcome=f"Outcome of synthetic summit {i}.",
            )
        )
    summits = Summit.objects.bulk_create(with_date_bounds(summits), batch_size=BATCH)
    participations = [
        (summit.pk, actor.pk, "host" if n == 0 else "participant")
        for summit, participants in zip(summits, participant_lists, strict=True)
        for n, actor in enumerate(participants)
    ]
    counts["participations"] = insert_rows(Participation, ("summit_id", "actor_id", "role"), participations)
    progress(1)
    link_topics(rng, Summit.topics.through, "summit", summits, topics)

    agreements, party_lists = [], []
    for i in range(sizes["agreements"]):
        date, precision = random_partial_date(rng)
        party_lists.append(rng.sample(actors, rng.randint(2, 6)))
        has_value = rng.random() < 0.2
        agreements.append(
            Agreement(
                slug=f"{PREFIX}agreement-{i}",
                name=f"Synthetic agreement {i}",
                kind=rng.choice(Agreement.Kind.values),
                date=date,
                date_precision=precision,
                summit=rng.choice(summits) if rng.random() < 0.5 else None,
                mechanism=rng.choice(mechanisms) if rng.random() < 0.6 else None,
                value_amount=rng.randrange(1, 10_000) * 10_000 if has_value else None,
                value_currency="USD" if has_value else "",
            )
        )
    agreements = Agreement.objects.bulk_create(with_date_bounds(agreements), batch_size=BATCH)
    party_roles = AgreementParty.Role.values
    parties = [
        (agreement.pk, actor.pk, rng.choice(party_roles))
        for agreement, actors_of_agreement in zip(agreements, party_lists, strict=True)
        for actor in actors_of_agreement
    ]
    counts["agreement parties"] = insert_rows(AgreementParty, ("agreement_id", "actor_id", "role"), parties)
    progress(1)
    link_topics(rng, Agreement.topics.through, "agreement", agreements, topics)

    citations = []
    for i in range(sizes["citations"]):
        summit = summits[i % len(summits)].pk if i % 2 == 0 else None
        agreement = agreements[i % len(agreements)].pk if i % 2 else None
        citations.append((rng.choice(sources).pk, summit, agreement, f"footnote {i}", "", '["name"]'))
    columns = ("source_id", "summit_id", "agreement_id", "locator", "quote", "claims")
    counts["citations"] = insert_rows(Citation, columns, citations)
    progress(1)

    counts = {
        "actors": len(actors),
        "topics": len(topics),
        "sources": len(sources),
        "mechanisms": len(mechanisms),
        "summits": len(summits),
        "agreements": len(agreements),
        **counts,
    }
    return counts


def link_topics(rng, through, field, records, topics):
    rows = [
        (record.pk, topic.pk) for record in records for topic in rng.sample(topics, rng.randint(1, min(3, len(topics))))
    ]
    insert_rows(through, (f"{field}_id", "topic_id"), rows, timestamps=False)


def insert_rows(model, columns: tuple[str, ...], rows: list[tuple], *, timestamps: bool = True) -> int:
    """The large relation tables' rows, raw (events.bulk_sql: COPY on PostgreSQL): Django's
    bulk_create spends most of its time preparing each value, which these rows of ids and short
    generated strings do not need."""
    if timestamps:
        now = timezone.now()
        columns = (*columns, "created_at", "updated_at")
        rows = [(*row, now, now) for row in rows]
    return bulk_sql.insert_rows(model, columns, rows, copy=True)
