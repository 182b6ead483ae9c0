"""Data sets that many tests read (`cainfo_data`, `world`, …), made once for each run of consecutive
tests that ask for the same ones, not once per test. `@shared_fixture` declares one:

    @shared_fixture
    def world():
        return build_world()   # a test asking for `world` gets its own deep copy of this

The set is made inside a transaction of its own, outside the tests' transactions: each test runs in
a savepoint of it that pytest-django rolls back, so a test sees the data as it was made, whatever
the test before it changed. The set's transaction is rolled back before the first test that does
not ask for that set (so no other test ever sees it) and at the end of the run. Tests are ordered so
that those asking for the same set run one after the other (conftest.pytest_collection_modifyitems),
within pytest-django's own order (transactional tests after the others).

Tests that need real commits (`transaction=True`, `transactional_db`, `live_server`) never run
inside a set: their fixtures make the data themselves, committed, and pytest-django flushes it
after them.
"""

import copy
from collections.abc import Callable

import pytest
from django.db import transaction
from pytest_django.fixtures import validate_django_db

from events.search.index import indexing_deferred

#: the shared data sets ("module.fixture name"), each with what makes it, in the order they are
#: made when a test asks for several (the order they were declared in)
BUILDERS: dict[str, Callable[[], object]] = {}


def is_transactional(item: pytest.Item) -> bool:
    """Whether pytest-django runs this test with real commits (as pytest-django itself decides)."""
    marker = item.get_closest_marker("django_db")
    if marker:
        transactional, reset_sequences, *_ = validate_django_db(marker)
        if transactional or reset_sequences:
            return True
    names = getattr(item, "fixturenames", ())
    return "transactional_db" in names or "live_server" in names


def uses_db(item: pytest.Item) -> bool:
    return item.get_closest_marker("django_db") is not None or "db" in getattr(item, "fixturenames", ())


def shared_key(item: pytest.Item) -> tuple[str, ...]:
    """The shared data sets this test reads from a set's transaction: none for a transactional test."""
    if is_transactional(item):
        return ()
    info = getattr(item, "_fixtureinfo", None)
    if info is None:
        return ()
    # the fixture a name resolves to for this test (a module's own `world` overrides conftest's)
    resolved = {
        getattr(definitions[-1].func, "shared_data_id", None)
        for name in item.fixturenames
        if (definitions := info.name2fixturedefs.get(name))
    }
    return tuple(shared_id for shared_id in BUILDERS if shared_id in resolved)


def run_order(item: pytest.Item) -> tuple[int, int]:
    """pytest-django's order (database tests, then transactional ones, then the rest); within the
    first group, tests asking for the same data sets together."""
    if is_transactional(item):
        return (1, 0)
    if not uses_db(item):
        return (2, 0)
    key = shared_key(item)
    return (0, sum(1 << list(BUILDERS).index(name) for name in key))


class SharedData:
    """The data set open now, and the transaction it lives in."""

    def __init__(self, blocker):
        self.blocker = blocker
        self.key: tuple[str, ...] = ()
        self.values: dict[str, object] = {}
        self.atomic = None

    def enter(self, key: tuple[str, ...]) -> None:
        if key == self.key:
            return
        self.leave()
        if not key:
            return
        with self.blocker.unblock():
            self.atomic = transaction.atomic()
            self.atomic.__enter__()
            try:
                with indexing_deferred():  # one search entry per record, as loaddata writes
                    self.values = {name: BUILDERS[name]() for name in key}
            except BaseException:
                self._rollback()
                raise
        self.key = key

    def leave(self) -> None:
        if not self.key:
            return
        with self.blocker.unblock():
            self._rollback()
        self.key, self.values = (), {}

    def _rollback(self) -> None:
        transaction.set_rollback(True)
        self.atomic.__exit__(None, None, None)
        self.atomic = None

    def has(self, name: str) -> bool:
        return name in self.key

    def copy_of(self, name: str):
        """A test's own copy of the objects (the rows are shared, rolled back after each test)."""
        return copy.deepcopy(self.values[name])


#: the data sets open now; None while there is no test database
current: SharedData | None = None


def open_for(item: pytest.Item) -> None:
    """Just before pytest-django opens a test's transaction: the test's data sets, open around it."""
    if current is not None:
        current.enter(shared_key(item))


def close_unless_needed_by(item: pytest.Item | None) -> None:
    if current is not None and (item is None or shared_key(item) != current.key):
        current.leave()


def shared_fixture(builder: Callable[[], object]):
    """A function-scoped fixture named after `builder`, whose value the tests of a run share (each
    a deep copy of it); made by `builder` itself for a test that commits for real."""
    shared_id = f"{builder.__module__}.{builder.__name__}"
    BUILDERS[shared_id] = builder

    def fixture(db):
        if current is not None and current.has(shared_id):
            return current.copy_of(shared_id)
        return builder()

    fixture.shared_data_id = shared_id
    fixture.__doc__ = builder.__doc__
    return pytest.fixture(name=builder.__name__)(fixture)
