"""Shared fixtures: a fresh database per test, and small factories for the usual setup."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NoReturn

import postgres_leg  # tests/ is on sys.path (no __init__.py): the leg's server
import pytest

from facilitator.domain import Observation, Participant, Role, Workshop
from facilitator.room import workshops
from facilitator.room.workshops import FacilitatorKey
from facilitator.steps import observations, participants
from facilitator.store import security
from facilitator.store.db import Store
from kohtaamo.postgres import LocalPostgres

PASSPHRASE = "a long enough passphrase"


def _wait_until(condition: Callable[[], object], timeout_s: float = 10) -> bool:
    """Polls `condition` until it holds or `timeout_s` passes; whether it held. For what
    another thread or process does in its own time: a test then asserts the outcome."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.02)
    return True


@pytest.fixture
def wait_until() -> Callable[..., bool]:
    """`wait_until(condition)`: waits up to 10 s for it, instead of a sleep sized for a fast
    machine."""
    return _wait_until


ENGINES = ("duckdb", "postgresql")
_POSTGRES_SKIPPED: list[str] = []


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """The integration, security and property tests that open a store run on both engines."""
    folder = Path(str(metafunc.definition.fspath)).relative_to(Path(__file__).parent).parts[0]
    if folder not in postgres_leg.BOTH_ENGINES:
        return
    if "module_store_engine" in metafunc.fixturenames:
        # A store kept for a whole module (a demo built once): its tests run once per engine,
        # grouped, and a per-test store in the same test follows the module's engine.
        metafunc.parametrize("module_store_engine", ENGINES, indirect=True, scope="module")
        return
    if "store_engine" not in metafunc.fixturenames:
        return
    # A test may name its engines itself (a property of one engine, e.g. two processes on one
    # PostgreSQL database): its own parametrisation stands.
    named = any(
        "store_engine" in m.args[0] for m in metafunc.definition.iter_markers("parametrize")
    )
    if not named:
        metafunc.parametrize("store_engine", ENGINES, indirect=True)


def _no_postgres(reason: str) -> NoReturn:
    """No PostgreSQL to be had: a skip that says why, except in CI, where it fails the test."""
    reason = reason.splitlines()[0]
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI must run it)", pytrace=False)
    _POSTGRES_SKIPPED.append(reason)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[postgres_leg.Server]:
    """The session's PostgreSQL server (tests/postgres_leg.py); skips the leg when there is
    none, and fails in CI, where a missing server must never pass as green."""
    try:
        server = postgres_leg.start()
    except Exception as exc:  # no server: say why, once
        _no_postgres(f"{_LEG_SKIPPED}: {exc}")
    yield server
    server.close()


@pytest.fixture(scope="module")
def own_postgres() -> Iterator[LocalPostgres]:
    """A PostgreSQL server of this module's own, for tests that stop and start it (the session's
    server is shared). Skipped with the reason when none can be started, failed in CI."""
    local = LocalPostgres(Path(tempfile.mkdtemp(prefix="kohtaamo-test-own-postgres-")))
    try:
        local.start()
    except Exception as exc:  # no server: say why
        shutil.rmtree(local.folder, ignore_errors=True)
        _no_postgres(f"PostgreSQL restart tests skipped: {exc}")
    yield local
    local.stop("immediate")
    shutil.rmtree(local.folder, ignore_errors=True)


@pytest.fixture
def store_engine(request: pytest.FixtureRequest) -> str:
    """The engine this test's stores run on: DuckDB, unless parametrised for both."""
    if "module_store_engine" in request.fixturenames:
        return request.getfixturevalue("module_store_engine")
    return getattr(request, "param", "duckdb")


@pytest.fixture(scope="module")
def module_store_engine(request: pytest.FixtureRequest) -> str:
    """The engine of a module's shared stores: DuckDB, unless parametrised for both."""
    return getattr(request, "param", "duckdb")


@pytest.fixture
def make_store(
    store_engine: str, request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[postgres_leg.Stores]:
    """`make_store()`: a new empty store on this test's engine (DuckDB in memory, or a schema
    of its own on the PostgreSQL server); `make_store(file=True)`: on DuckDB, a file;
    `make_store.target()`: a new database for the CLI's --db. Each is closed (and its schema
    dropped) after the test."""
    server = request.getfixturevalue("postgres_server") if store_engine == "postgresql" else None
    stores = postgres_leg.Stores(server, tmp_path)
    yield stores
    stores.close()


@pytest.fixture(scope="module")
def make_module_store(
    module_store_engine: str,
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[postgres_leg.Stores]:
    """`make_store` for a module's shared fixtures (a demo built once and read by many tests):
    the stores live until the module's last test, on each engine in turn."""
    server = (
        request.getfixturevalue("postgres_server") if module_store_engine == "postgresql" else None
    )
    stores = postgres_leg.Stores(server, tmp_path_factory.mktemp("module-stores"))
    yield stores
    stores.close()


@pytest.fixture
def store(make_store: Callable[..., Store]) -> Store:
    """A fresh database on this test's engine (DuckDB in memory by default)."""
    return make_store()


@pytest.fixture
def database(make_store: postgres_leg.Stores) -> str:
    """A new empty database on this test's engine for what opens its own store (the CLI's
    --db, a store closed and reopened): a DuckDB file, or a URL on a schema of its own."""
    return make_store.target()


@pytest.fixture
def file_store_path(tmp_path: Path) -> str:
    """A DuckDB file, for what is about DuckDB's file itself; else use `database`."""
    return str(tmp_path / "db" / "kohtaamo.duckdb")


@pytest.fixture(params=["memory", "file"])
def any_store(request: pytest.FixtureRequest, make_store: Callable[..., Store]) -> Store:
    """The same test on an in-memory database and on a database file (on PostgreSQL: twice on
    a schema of its own)."""
    return make_store(file=request.param == "file")


_LEG_SKIPPED = "PostgreSQL leg skipped"
_skipped_on_postgres = 0


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item) -> Iterator[None]:
    """Every test the missing server skips is reported at one place, so that `-ra` folds them
    into one line instead of hundreds that say the same."""
    global _skipped_on_postgres
    outcome = yield
    report = outcome.get_result()
    if report.skipped and isinstance(report.longrepr, tuple):
        _, _, reason = report.longrepr
        if reason.startswith(f"Skipped: {_LEG_SKIPPED}") or reason.startswith(_LEG_SKIPPED):
            _skipped_on_postgres += 1
            report.longrepr = (__file__, None, reason)


def pytest_unconfigure(config: pytest.Config) -> None:
    # The very last line of the run: a green DuckDB-only run must not pass for the whole suite.
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if _POSTGRES_SKIPPED and reporter is not None:
        reporter.write_line(
            f"{_LEG_SKIPPED} ({_skipped_on_postgres} tests):"
            f" {_POSTGRES_SKIPPED[0].removeprefix(_LEG_SKIPPED + ': ')}."
            ' Only the DuckDB leg ran; README "Tests" says how to run both.',
            yellow=True,
            bold=True,
        )


@pytest.fixture
def passphrase() -> str:
    """The facilitator passphrase of every workshop made by `make_workshop`."""
    return PASSPHRASE


@pytest.fixture
def new_workshop_form() -> Callable[..., dict]:
    """A valid creation form as a page would send it; override any field."""

    def form(**overrides: object) -> dict:
        fields: dict = {
            "title": "Encounter model 2027",
            "organisation": "Kotipuoti Oy",
            "language": "en",
            "customer_type": "consumer",
            "industry": "retail",
            "channels": ["in_person", "web"],
            "passphrase": PASSPHRASE,
        }
        fields.update(overrides)
        return fields

    return form


@pytest.fixture
def cheap_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """A low scrypt cost for tests that only need *a* hash, as Django tests swap in MD5.

    The hash names its own cost, so verifying still works; tests/unit/test_security.py checks
    the real cost.
    """
    monkeypatch.setitem(security._SCRYPT, "n", 2**4)


@pytest.fixture
def make_workshop(
    new_workshop_form: Callable[..., dict], cheap_hashing: None
) -> Callable[..., tuple]:
    """Create a workshop in a store; returns (workshop, facilitator key)."""

    def make(s: Store, **overrides: object) -> tuple[Workshop, FacilitatorKey]:
        return workshops.create(s, workshops.validate_new(**new_workshop_form(**overrides)))

    return make


@pytest.fixture
def room(store: Store, make_workshop: Callable[..., tuple]) -> tuple[Workshop, FacilitatorKey]:
    """A workshop in the observe step, input open."""
    _, key = make_workshop(store)
    return workshops.set_step(store, key, "observe"), key


@pytest.fixture
def make_participant() -> Callable[..., tuple]:
    """Join a workshop; returns (participant, token)."""

    def make(
        s: Store, workshop: Workshop, role: Role | str = Role.FRONTLINE, name: str | None = None
    ) -> tuple[Participant, str]:
        return participants.join(s, workshop, role, name)

    return make


@pytest.fixture
def submit() -> Callable[..., Observation]:
    """Submit one observation for a participant."""

    def send(
        s: Store,
        who: Participant,
        text: str = "Customers are greeted at the door",
        viewpoint: str = "experience",
        kind: str = "strength",
        submission_key: str | None = None,
    ) -> Observation:
        draft = observations.draft(viewpoint, kind, text)
        return observations.submit(s, who, draft, submission_key=submission_key)

    return send


@pytest.fixture
def run_apart():
    """Runs a coroutine to the end on an event loop of its own, in another thread: once a
    browser test has run, Playwright's sync API keeps a loop running in the main thread."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    def run(coroutine):
        with ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(asyncio.run, coroutine).result()

    return run


@pytest.fixture
def rendered() -> Callable[[object], str]:
    """The raw protobuf of every element on an AppTest page: text, images, links and widgets."""

    def everything(at: object) -> str:
        parts: list[str] = []

        def walk(node: object) -> None:
            proto = getattr(node, "proto", None)
            if proto is not None:
                parts.append(str(proto))
            for child in getattr(node, "children", {}).values():
                walk(child)

        walk(at.main)  # type: ignore[attr-defined]
        walk(at.sidebar)  # type: ignore[attr-defined]
        return "\n".join(parts)

    return everything
