import datetime
import gc
import sys
from collections import Counter
from types import SimpleNamespace

import pytest
from django.core.cache import caches
from django.core.management import call_command

from events.cache import CACHE_ALIAS
from events.seeding import FIXTURE_FILES
from tests import factories as f
from tests import shared_data
from tests.shared_data import run_order, shared_fixture

# A test run allocates many containers that live for a test or for the whole run; at
# Python's default thresholds (700, 10, 10) the collector's scans of them cost about a tenth of
# the suite's time (docs/testing.md). Collections come rarer, and what was imported while
# collecting the tests is frozen out of them.
gc.set_threshold(50_000, 20, 20)


@pytest.fixture(autouse=True)
def empty_api_cache():
    """Each test starts with an empty API cache (it lives in the test process's memory)."""
    caches[CACHE_ALIAS].clear()


def build_world() -> SimpleNamespace:
    """A small, Tokyo-summit-shaped data set for the public pages."""
    w = SimpleNamespace()
    w.connectivity = f.make_topic(slug="connectivity", name="connectivity")
    w.minerals = f.make_topic(slug="critical-minerals", name="critical minerals")
    w.japan = f.make_actor(slug="japan", name="Japan", iso3="JPN")
    w.kazakhstan = f.make_actor(slug="kazakhstan", name="Kazakhstan", iso3="KAZ")
    w.uzbekistan = f.make_actor(slug="uzbekistan", name="Uzbekistan", iso3="UZB")
    w.azerbaijan = f.make_actor(slug="azerbaijan", name="Azerbaijan", iso3="AZE")
    w.eu = f.make_actor(slug="eu", name="European Union", acronym="EU", kind="union")
    w.takaichi = f.make_actor(
        slug="takaichi", name="Sanae Takaichi", kind="person", represents=w.japan, office="Prime Minister"
    )
    w.cajad = f.make_mechanism(
        slug="ca-jad",
        name="Central Asia plus Japan Dialogue",
        acronym="CA+JAD",
        founded=datetime.date(2004, 1, 1),
        founded_precision="year",
        founded_place="Astana",
        initiator=w.japan,
    )
    w.cajad.topics.add(w.connectivity)
    w.cajad_minerals = f.make_mechanism(slug="ca-jad-minerals", name="CA+JAD Minerals Talks", parent=w.cajad)
    f.make_level(w.cajad, level="ministerial", since=datetime.date(2004, 1, 1), since_precision="year")
    f.make_level(w.cajad, level="heads_of_state", since=datetime.date(2025, 12, 20), since_precision="day")
    w.consultative = f.make_mechanism(
        slug="consultative-meeting",
        name="Consultative Meeting of the Heads of State of Central Asia",
        kind="consultative",
    )
    f.make_membership(w.kazakhstan, w.consultative, role="founding_member")
    f.make_membership(
        w.uzbekistan, w.consultative, role="founding_member", start=datetime.date(2018, 3, 1), start_precision="month"
    )
    f.make_membership(
        w.azerbaijan,
        w.consultative,
        role="full_member",
        start=datetime.date(2025, 11, 1),
        start_precision="month",
        curator_note="The analysis says “full member”; the summit communiqué is not cited.",
    )
    f.make_membership(
        w.japan,
        w.consultative,
        role="observer",
        start=datetime.date(2019, 1, 1),
        start_precision="year",
        end=datetime.date(2020, 1, 1),
        end_precision="year",
    )
    w.tokyo = f.make_summit(
        slug="ca-jad-tokyo-summit-2025",
        name="CA+JAD Tokyo Summit",
        mechanism=w.cajad,
        date=datetime.date(2025, 12, 20),
        date_precision="day",
        city="Tokyo",
        host=w.japan,
        level="heads_of_state",
        ordinal=1,
        outcome="The Declaration of Tokyo and the CA+JAD Tokyo Initiative.",
        curator_note="“Nearly 40 meetings” is the article’s own estimate.",
    )
    w.tokyo.topics.add(w.connectivity, w.minerals)
    f.make_participation(w.tokyo, w.japan, role="host", representative=w.takaichi)
    f.make_participation(w.tokyo, w.kazakhstan)
    f.make_participation(w.tokyo, w.uzbekistan)
    w.cajad_ministers = f.make_summit(
        slug="ca-jad-ministers-2004",
        name="CA+JAD Foreign Ministers' Meeting",
        mechanism=w.cajad,
        date=datetime.date(2004, 8, 1),
        date_precision="month",
        city="Astana",
        level="ministerial",
        ordinal=1,
    )
    w.samarkand = f.make_summit(
        slug="eu-central-asia-samarkand-2025",
        name="EU–Central Asia Summit in Samarkand",
        date=datetime.date(2025, 4, 1),
        date_precision="month",
        city="Samarkand",
        host=w.uzbekistan,
    )
    f.make_participation(w.samarkand, w.eu)
    w.declaration = f.make_agreement(
        slug="declaration-of-tokyo",
        name="Declaration of Tokyo",
        kind="declaration",
        date=datetime.date(2025, 12, 20),
        date_precision="day",
        summit=w.tokyo,
        mechanism=w.cajad,
        value_amount=19_000_000,
        value_currency="USD",
    )
    w.declaration.topics.add(w.connectivity)
    f.make_party(w.declaration, w.japan, role="signatory", representative=w.takaichi)
    f.make_party(w.declaration, w.kazakhstan, role="signatory")
    w.eu_strategy = f.make_agreement(
        slug="eu-strategy-2007",
        name="EU Strategy for Central Asia",
        kind="strategy",
        date=datetime.date(2007, 1, 1),
        date_precision="year",
    )
    f.make_party(w.eu_strategy, w.eu, role="issuer")
    w.analysis = f.make_source(
        slug="avim-2026-11",
        title="The Tokyo Summit of the Central Asia-Japan Dialogue",
        author="Seyda Nur Osmanlı",
        publisher="AVİM",
        published=datetime.date(2026, 3, 25),
        published_precision="day",
        url="https://avim.org.tr/en/Analiz/example",
        language="en",
    )
    w.mofa = f.make_source(
        slug="mofa-ca-jad-summit",
        title="The Summit of the Central Asia plus Japan Dialogue",
        publisher="Ministry of Foreign Affairs of Japan",
        published=datetime.date(2025, 12, 20),
        published_precision="day",
    )
    f.make_citation(
        w.analysis,
        summit=w.tokyo,
        locator="paragraph 1",
        quote="On 20 December 2025, the heads of state…",
        claims=["date"],
    )
    f.make_citation(w.mofa, summit=w.tokyo, locator="footnote 3", claims=["name"])
    f.make_citation(w.analysis, agreement=w.declaration, locator="paragraph 1", claims=["name"])
    f.make_citation(w.analysis, mechanism=w.consultative, locator="footnote 11", claims=["name"])
    f.make_citation(w.analysis, actor=w.azerbaijan, locator="footnote 11", claims=["name"])
    return w


@shared_fixture
def cainfo_data():
    """The fixtures transcribed from the AVİM analysis (every file the seed command loads)."""
    call_command("loaddata", *FIXTURE_FILES, verbosity=0)


@shared_fixture
def world():
    """build_world()'s records; each test has its own copy of the objects."""
    return build_world()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database, and the shared data sets made in it (tests/shared_data.py), rolled back
    before the database goes."""
    shared_data.current = shared_data.SharedData(django_db_blocker)
    yield
    shared_data.current.leave()
    shared_data.current = None


def pytest_collection_finish(session):
    gc.collect()
    gc.freeze()


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Tests asking for the same shared data sets run one after the other, so each set is made
    once per run of them; pytest-django's order is kept around that."""
    items.sort(key=run_order)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    shared_data.close_unless_needed_by(item)


@pytest.hookimpl(tryfirst=True)
def pytest_fixture_setup(fixturedef, request):
    if fixturedef.argname == "_django_db_helper":
        shared_data.open_for(request.node)


#: requests schemathesis sent per operation, gathered from the xdist workers that ran the fuzz test
WORKER_FUZZ_CALLS: Counter = Counter()


def fuzz_calls() -> Counter:
    fuzz = sys.modules.get("tests.test_api_fuzz")
    return fuzz.CALLS if fuzz is not None else Counter()


def pytest_sessionfinish(session):
    workeroutput = getattr(session.config, "workeroutput", None)  # set in an xdist worker
    if workeroutput is not None:
        workeroutput["fuzz_calls"] = dict(fuzz_calls())


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    WORKER_FUZZ_CALLS.update(getattr(node, "workeroutput", {}).get("fuzz_calls", {}))


def pytest_terminal_summary(terminalreporter):
    calls = fuzz_calls() + WORKER_FUZZ_CALLS
    if calls:
        terminalreporter.write_line(
            f"Schemathesis: {len(calls)} operations, {sum(calls.values())} requests "
            f"(fewest for one operation: {min(calls.values())})"
        )
