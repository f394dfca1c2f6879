"""A real app on a free loopback port and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench import server

from .restart import Restartable

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def _need(condition: bool, why: str) -> None:
    # In CI a missing browser is a failure; on a developer's machine it is a visible skip.
    if not condition:
        if os.environ.get("CI"):
            pytest.fail(f"{why} (CI must run the browser tests)")
        pytest.skip(why)


@pytest.fixture(scope="session")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("app")
    # The phones' own safety timer is set beyond any test's length, so every step change a
    # phone shows here reached it by the server's push (server/push.py).
    app = server.start(
        folder / "kohtaamo.duckdb",
        folder / "app.log",
        timeout_s=60,
        extra_env={"KOHTAAMO_SAFETY_CHECK_S": "600"},
    )
    try:
        yield f"http://127.0.0.1:{app.port}"
    finally:
        app.stop()
        log = (folder / "app.log").read_text(errors="replace")
        assert "Traceback" not in log, log[-4000:]


@pytest.fixture(scope="session")
def playwright_instance():  # type: ignore[no-untyped-def]
    _need(Path(CHROMIUM).exists() or shutil.which("chromium") is not None, "no Chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    from .room import TIMEOUT_MS  # room imports Playwright

    # Every check waits as long as the tests' own waits, also where a test names no timeout:
    # Playwright's 5 s default is short for a console run on a slow, shared machine.
    sync_api.expect.set_options(timeout=TIMEOUT_MS)
    with sync_api.sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(playwright_instance):  # type: ignore[no-untyped-def]
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def devices(playwright_instance):  # type: ignore[no-untyped-def]
    return playwright_instance.devices


@pytest.fixture
def artifacts() -> Path:
    folder = ROOT / "artifacts"
    folder.mkdir(exist_ok=True)
    return folder


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    """On a failure, every open page as a screenshot in artifacts/, to see what people saw."""
    outcome = yield
    report = outcome.get_result()
    browser = getattr(item, "funcargs", {}).get("browser")
    if report.when != "call" or not report.failed or browser is None:
        return
    folder = ROOT / "artifacts"
    folder.mkdir(exist_ok=True)
    for i, context in enumerate(browser.contexts):
        for j, page in enumerate(context.pages):
            try:
                page.screenshot(path=folder / f"failed-{item.name}-{i}-{j}.png")
            except Exception as err:  # a closed page must not hide the failure
                report.sections.append(("screenshot", f"{i}-{j}: {err}"))


@pytest.fixture(autouse=True)
def _close_browser_contexts(request: pytest.FixtureRequest) -> Iterator[None]:
    # Each test opens its own laptop, projector and phones: closed after it, the session's
    # one browser does not carry a room's worth of pages into the next test.
    yield
    if "browser" in request.fixturenames:
        for context in request.getfixturevalue("browser").contexts:
            context.close()


@pytest.fixture
def restartable(tmp_path: Path) -> Iterator[Restartable]:
    """The app on a fresh database file, for a test that stops and starts it."""
    app = Restartable(tmp_path)
    app.start()
    yield app
    app.stop()
    assert "Traceback" not in app.log_text(), app.log_text()[-4000:]
