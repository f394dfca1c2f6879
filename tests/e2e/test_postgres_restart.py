"""PostgreSQL restarted in the middle of a room (issue 18, point 5): the app, never restarted,
tells the facilitator while the server is away, keeps what a phone was typing, and the room
carries on by itself once the server is back."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from bench import server as app_server
from facilitator.domain import Kind, Language, Role, Step, Viewpoint
from kohtaamo.postgres import LocalPostgres

from .room import TIMEOUT_MS, create_workshop, join, laptop, next_step, observe, phone

TEXT = "Kassalla kysytään aina, löytyikö kaikki."


@pytest.fixture
def app_on_postgres(own_postgres: LocalPostgres, tmp_path: Path) -> Iterator[app_server.App]:
    app = app_server.start(
        own_postgres.url,  # type: ignore[arg-type]
        tmp_path / "app.log",
        timeout_s=90,
        extra_env={"KOHTAAMO_SAFETY_CHECK_S": "600"},
    )
    yield app
    app.stop()


def test_a_postgresql_restart_is_waited_out_and_the_room_carries_on(
    own_postgres: LocalPostgres, app_on_postgres: app_server.App, browser, devices
) -> None:
    app = app_on_postgres
    url = f"http://127.0.0.1:{app.port}"
    host = laptop(browser)
    code = create_workshop(host, url, title="Katkopaja", organisation="Testi Oy")
    aino = phone(browser, devices, "Pixel 7", Role.FRONTLINE, Language.FI)
    join(aino, f"{url}/?code={code}", name="Aino")
    next_step(host, Step.OBSERVE)
    aino.sees_step(Step.OBSERVE)
    observe(aino, Kind.STRENGTH, Viewpoint.EXPERIENCE, "Ovella tervehditään.")

    own_postgres.stop("fast")
    # The console notices by itself, in the workshop's language, and does not sign out.
    host.sees(host.tr("outage.console"))
    # A phone sending meanwhile is told, and keeps its text.
    form = aino.page.get_by_test_id("stForm").first
    form.get_by_role("radiogroup", name=aino.tr("observe.kind")).get_by_text(
        aino.name_of("kind", Kind.WEAKNESS), exact=True
    ).click()
    form.get_by_role("radiogroup", name=aino.tr("observe.viewpoint")).get_by_text(
        aino.name_of("viewpoint", Viewpoint.STRATEGY), exact=True
    ).click()
    form.get_by_role("textbox", name=aino.tr("observe.text")).fill(TEXT)
    form.get_by_role("button", name=aino.tr("observe.submit")).click()
    told = re.compile(
        "|".join(re.escape(aino.tr(k)) for k in ("outage.phone", "error.store_unavailable"))
    )
    expect(aino.page.get_by_text(told).first).to_be_visible(timeout=TIMEOUT_MS)

    own_postgres.start()  # the same port and data: the app is not restarted
    # The console comes back by itself, the notice gone, still signed in.
    expect(host.page.get_by_text(host.tr("outage.console"))).to_have_count(0, timeout=TIMEOUT_MS)
    host.sees_step(Step.OBSERVE)
    # The phone's text is still in its form; sent again, it is stored and the console sees it.
    form = aino.page.get_by_test_id("stForm").first
    box = form.get_by_role("textbox", name=aino.tr("observe.text"))
    expect(box).to_have_value(TEXT, timeout=TIMEOUT_MS)
    form.get_by_role("button", name=aino.tr("observe.submit")).click()
    expect(aino.page.get_by_test_id("stText").filter(has_text=TEXT)).to_be_visible(
        timeout=TIMEOUT_MS
    )
    host.sees(TEXT, exact=False)
    for page in (host.page, aino.page):
        expect(page.get_by_test_id("stException")).to_have_count(0)
    log = app.log.read_text(errors="replace")
    assert "Traceback" not in log, log[-4000:]
