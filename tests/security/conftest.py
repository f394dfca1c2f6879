"""Security fixtures: a clock the throttles can be told about, and the app on a fresh database."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

from facilitator.store.db import Store
from facilitator.store.security import Throttle

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "workshop_app.py")

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pages.widgets.database import _open_store  # noqa: E402 - needs ROOT on sys.path


class FakeTime:
    """A clock that moves only when someone sleeps or the test says so."""

    def __init__(self) -> None:
        self.now = 10_000.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


def on_fake_time(store: Store, fake_time: FakeTime) -> Store:
    """Put a store's throttles on the fake clock, with the wrong-guess delay they ship with."""
    shipped = Throttle().failure_delay_s
    for throttle in (store.login_throttle, store.join_throttle):
        throttle.clock = fake_time.clock
        throttle.sleep = fake_time.sleep
        throttle.failure_delay_s = shipped
    return store


@pytest.fixture
def timed_store(store: Store, fake_time: FakeTime) -> Store:
    """The in-memory store, its throttles on the fake clock."""
    return on_fake_time(store, fake_time)


@pytest.fixture
def page_store(
    database: str, monkeypatch: pytest.MonkeyPatch, fake_time: FakeTime
) -> Iterator[Store]:
    """The very store the app opens (same database, same cache entry), throttles on the fake
    clock; on each engine in turn."""
    monkeypatch.chdir(ROOT)  # the router names its pages relative to the repository root
    path = database
    monkeypatch.setenv("KOHTAAMO_DB", path)
    opened = on_fake_time(_open_store(path), fake_time)
    yield opened
    _open_store.clear()
    opened.close()


@pytest.fixture
def page(page_store: Store, monkeypatch: pytest.MonkeyPatch) -> Callable[..., AppTest]:
    """A new browser session on the app with these query params (see tests/app/conftest.py)."""
    original = PagesManager.__init__

    def init(self: PagesManager, *args: object, **kwargs: object) -> None:
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)

    def make(**params: str) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=30)
        for name, value in params.items():
            at.query_params[name] = value
        return at

    return make
