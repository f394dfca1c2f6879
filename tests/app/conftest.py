"""AppTest fixtures: a fresh database file per test, shared with the app through its cache."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

from facilitator.domain import Participant, Role, Step, Workshop
from facilitator.room import workshops
from facilitator.room.workshops import FacilitatorKey
from facilitator.steps import participants
from facilitator.store.db import Store

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "workshop_app.py")
TEST_PASSPHRASE = "tunnuslause testeille"

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pages.widgets.database import _open_store  # noqa: E402 - needs ROOT on sys.path


@pytest.fixture(autouse=True)
def _in_repo_root(monkeypatch: pytest.MonkeyPatch) -> None:
    # The router names its pages by paths relative to the repository root.
    monkeypatch.chdir(ROOT)


@pytest.fixture(autouse=True)
def _router_always_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run every script run through workshop_app.py, as a warmed-up server does.

    A server treats the `pages/` folder as old-style pages only until the first
    st.navigation call. AppTest resets that before every run, so any run after the first,
    which asks for the page the last one ended on, would run that file without the router.
    """
    original = PagesManager.__init__

    def init(self: PagesManager, *args: object, **kwargs: object) -> None:
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    """The very Store the app will open: same path, same st.cache_resource entry."""
    path = str(tmp_path / "k.duckdb")
    monkeypatch.setenv("KOHTAAMO_DB", path)
    opened = _open_store(path)
    opened.login_throttle.failure_delay_s = 0
    opened.join_throttle.failure_delay_s = 0
    yield opened
    _open_store.clear()
    opened.close()


@pytest.fixture
def app() -> Callable[..., AppTest]:
    """A new browser session on the app, with query params and session state seeded."""

    def make(*, key: FacilitatorKey | None = None, **params: str) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=30)
        for name, value in params.items():
            at.query_params[name] = value
        if key is not None:
            at.session_state["facilitator_key"] = key
        return at

    return make


@pytest.fixture
def new_workshop(store: Store) -> Callable[..., tuple[Workshop, FacilitatorKey]]:
    """Create a workshop through the service, optionally moved to a step."""

    def make(
        *,
        title: str = "Palvelupaja",
        language: str = "fi",
        step: Step | None = None,
        passphrase: str = TEST_PASSPHRASE,
    ) -> tuple[Workshop, FacilitatorKey]:
        new = workshops.validate_new(
            title=title,
            organisation="Testi Oy",
            language=language,
            customer_type="consumer",
            industry="retail",
            channels=["in_person"],
            passphrase=passphrase,
        )
        workshop, key = workshops.create(store, new)
        if step is not None:
            workshop = workshops.set_step(store, key, step)
        return workshop, key

    return make


@pytest.fixture
def joined(store: Store) -> Callable[..., tuple[Participant, str]]:
    """Join a workshop as a participant; returns them and their secret token."""

    def make(
        workshop: Workshop, role: Role = Role.FRONTLINE, name: str | None = None
    ) -> tuple[Participant, str]:
        return participants.join(store, workshop, role, name)

    return make


def shown_text(at: AppTest) -> list[str]:
    """Every piece of text the page put on screen, whatever element carries it."""
    kinds = (
        "title",
        "header",
        "subheader",
        "markdown",
        "caption",
        "text",
        "error",
        "warning",
        "info",
        "success",
    )
    values = [str(el.value) for kind in kinds for el in getattr(at, kind)]
    values += [f"{m.label} {m.value}" for m in at.metric]
    values += [str(w.label) for w in at.button]
    return values


@pytest.fixture
def texts() -> Callable[[AppTest], list[str]]:
    return shown_text
