"""Issue 14, points 6-8 in the browser: confirmations where people look, numbers and dates as
the language writes them, and fields that are not cut without a word."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from bench import server as app_server
from facilitator.data.demo import DEMO_PASSPHRASE, create_demo
from facilitator.domain import Kind, Language, Role, Step, Viewpoint
from facilitator.room import workshops
from facilitator.steps import observations, participants
from facilitator.store.db import Store

from .room import (
    LAPTOP,
    PROJECTOR,
    TIMEOUT_MS,
    Person,
    add_table_row,
    observe,
    snap,
)

FI, EN = Language.FI, Language.EN
# Two entries worded alike, so that step 2 offers them as a pair with their likeness.
TWINS = {
    FI: ("Kassalla jonotetaan liian kauan ruuhka-aikaan.", "Kassalla jonotetaan liian kauan."),
    EN: (
        "The queue at the till is far too long at rush hour.",
        "The queue at the till is too long.",
    ),
}


@dataclass(frozen=True)
class Room:
    code: str
    tokens: list[str]  # participants who joined before the test, to open as phones


@dataclass(frozen=True)
class App:
    url: str
    rooms: dict[tuple[Language, Step], Room]


def _room(store: Store, lang: Language, step: Step) -> Room:
    code = create_demo(store, language=lang.value, until=step)
    workshop, key = workshops.login(store, code, DEMO_PASSPHRASE, "seed")
    if step == Step.IDENTIFY:
        for text in TWINS[lang]:
            draft = observations.draft("strategy", "weakness", text)
            observations.add_for(store, key, draft, Role.FRONTLINE)
    workshops.set_input_open(store, key, True)
    workshops.set_joining_open(store, key, True)
    tokens = [participants.join(store, workshop, Role.FRONTLINE)[1] for _ in range(2)]
    return Room(code, tokens)


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[App]:
    """Demo workshops at the steps these tests need, in both languages, and the app on them."""
    folder = tmp_path_factory.mktemp("words")
    db = folder / "kohtaamo.duckdb"
    store = Store(str(db))
    try:
        rooms = {
            (lang, step): _room(store, lang, step)
            for lang in (FI, EN)
            for step in (Step.OBSERVE, Step.IDENTIFY, Step.TARGET, Step.PLAN)
        }
    finally:
        store.close()
    started = app_server.start(db, folder / "app.log", timeout_s=60)
    try:
        yield App(f"http://127.0.0.1:{started.port}", rooms)
    finally:
        started.stop()
        log = (folder / "app.log").read_text(errors="replace")
        assert "Traceback" not in log, log[-4000:]


def _phone(
    browser: Browser, devices: dict, device: str, app: App, room: Room, lang: Language
) -> Person:
    person = Person(browser.new_context(**devices[device]).new_page(), lang, Role.FRONTLINE, device)
    person.page.goto(f"{app.url}/?code={room.code}&p={room.tokens[0]}&lang={lang.value}")
    return person


def _console(browser: Browser, app: App, room: Room, lang: Language, step: Step) -> Person:
    host = Person(browser.new_context(viewport=LAPTOP).new_page(), lang)
    host.page.goto(f"{app.url}/?lang={lang.value}")
    panel = host.tab(host.tr("home.resume_tab"))
    panel.get_by_label(host.tr("home.code")).fill(room.code)
    panel.get_by_label(host.tr("create.passphrase")).fill(DEMO_PASSPHRASE)
    host.button("resume.button").click()
    host.sees(re.compile(re.escape(host.tr(f"step.{step.value}.title"))), exact=False)
    return host


def _in_view(page: Page, element: Locator) -> None:
    """The element is inside the window as it is scrolled now, wholly."""
    box = element.bounding_box()
    viewport = page.viewport_size
    assert box is not None and viewport is not None
    assert box["y"] >= 0, box
    assert box["y"] + box["height"] <= viewport["height"], (box, viewport)


def _scrolled(page: Page) -> int:
    return page.evaluate(
        "() => Math.max(...[...document.querySelectorAll("
        "'[data-testid=stMain], [data-testid=stAppViewContainer], html')].map(e => e.scrollTop))"
    )


# 6. Feedback where people look -------------------------------------------------------------


CASES = [
    pytest.param(FI, "Pixel 7", id="fi-pixel7"),
    pytest.param(EN, "iPhone 13", id="en-iphone13"),
]


@pytest.mark.parametrize(("lang", "device"), CASES)
def test_an_observation_saved_far_down_the_form_is_confirmed_in_view_and_the_note_goes(
    browser: Browser, devices: dict, app: App, artifacts: Path, lang: Language, device: str
) -> None:
    """Guards issue 14.6: the confirmation was a banner at the top of the panel, out of sight
    of a phone scrolled down to Send, and it never went away."""
    person = _phone(browser, devices, device, app, app.rooms[lang, Step.OBSERVE], lang)
    person.sees(person.tr("step.observe.phone"))
    text = f"Asiakas odotti ovella {device}" if lang == FI else f"A customer waited {device}"
    observe(person, Kind.WEAKNESS, Viewpoint.EXPERIENCE, text)
    assert _scrolled(person.page) > 0  # Send was below the fold: the phone scrolled to it

    toast = person.page.get_by_test_id("stToast").filter(has_text=person.tr("observe.saved"))
    expect(toast).to_be_visible(timeout=TIMEOUT_MS)
    _in_view(person.page, toast)
    snap(person, artifacts, f"words-toast-{lang.value}", whole=False)
    # Streamlit's "short" toast: four seconds; then it is gone, nothing to close.
    expect(toast).to_have_count(0, timeout=15_000)
    expect(person.page.get_by_test_id("stAlertContentSuccess")).to_have_count(0)


def test_the_offer_of_new_proposals_is_in_view_wherever_the_phone_has_scrolled(
    browser: Browser, devices: dict, app: App, artifacts: Path
) -> None:
    """Guards issue 14.6: "new proposals: show them" was drawn at the top of a long page."""
    room = app.rooms[FI, Step.TARGET]
    reader = _phone(browser, devices, "Pixel 7", app, room, FI)
    submit = reader.button("target.propose_submit")
    expect(submit).to_be_visible(timeout=TIMEOUT_MS)
    reader.page.get_by_role(
        "button", name=reader.tr("target.vote_submit")
    ).scroll_into_view_if_needed()
    assert _scrolled(reader.page) > 0

    writer = Person(browser.new_context(**devices["iPhone 13"]).new_page(), FI)
    writer.page.goto(f"{app.url}/?code={room.code}&p={room.tokens[1]}")
    writer.page.get_by_role("textbox", name=writer.tr("target.propose_text")).fill(
        "Tervehdimme jokaista asiakasta katsoen silmiin."
    )
    writer.button("target.propose_submit").click()
    expect(writer.page.get_by_test_id("stToast")).to_contain_text(writer.tr("target.proposed"))

    offer = reader.button("phone.show_new")
    expect(offer).to_be_visible(timeout=TIMEOUT_MS)
    _in_view(reader.page, offer)
    snap(reader, artifacts, "words-show-new-fi", whole=False)
    offer.click()
    expect(
        reader.page.get_by_text("Tervehdimme jokaista asiakasta katsoen silmiin.")
    ).to_be_visible(timeout=TIMEOUT_MS)


# 7. Numbers and dates as the language writes them -------------------------------------------


@pytest.mark.parametrize(
    ("lang", "likeness"),
    [(FI, r"^samankaltaisuus \d{1,3}\u00a0%$"), (EN, r"^\d{1,3}% alike$")],
)
def test_the_console_writes_a_likeness_as_a_percentage_the_language_way(
    browser: Browser, app: App, artifacts: Path, lang: Language, likeness: str
) -> None:
    """Guards issue 14.7: "87 % alike" in English, the Finnish spacing written by hand."""
    host = _console(browser, app, app.rooms[lang, Step.IDENTIFY], lang, Step.IDENTIFY)
    host.tab(host.tr("identify.cleanup_tab"))
    shown = host.page.get_by_text(re.compile(likeness)).first
    expect(shown).to_be_visible(timeout=TIMEOUT_MS)
    snap(host, artifacts, f"words-likeness-{lang.value}")


def _milestone_row(host: Person, table: Locator, title: str, due: str) -> None:
    """A new row in the milestones table: its title, then its day typed in the next cell."""
    add_table_row(host, table, title)
    page = host.page
    page.keyboard.press("ArrowUp")  # Enter moved the selection down to the empty row
    page.keyboard.press("ArrowRight")
    cells = table.locator("table")
    for attempt in range(2):
        page.keyboard.type(due)  # typing on a selected cell opens its editor
        editor = page.locator("textarea.gdg-input")
        expect(editor).to_have_value(due, timeout=TIMEOUT_MS)
        editor.press("Enter")
        # In some CI runs the typed day went with its closing editor and the cell stayed
        # empty, in the old and the new code alike (see the closing note of issue 14): the
        # cell is selected again and typed anew, once, so this test checks the refusal.
        try:
            expect(cells).to_contain_text(due, timeout=5_000 if attempt == 0 else TIMEOUT_MS)
            return
        except AssertionError:
            if attempt:
                raise
            page.keyboard.press("ArrowUp")


# Known fault, not yet understood (issue 14's closing note): in some runs of the whole suite the
# day typed into the plan's data editor does not stay in its cell after Enter, in either
# language, old sign-in frame or new. The refusal and the late flag are also proved without the
# grid (tests/unit/test_formats.py, tests/app/test_step_plan.py); this test still runs and is
# reported, as XPASS when the grid keeps the day.
@pytest.mark.xfail(reason="the plan grid sometimes drops a typed day (issue 14 note)", strict=False)
@pytest.mark.parametrize(
    ("lang", "nonsense", "past", "past_shown"),
    [
        (FI, "15.1.20255", "15.1.2025", "15.1.2025"),
        (EN, "31/02/2027", "15/01/2025", "15 January 2025"),
    ],
)
def test_a_nonsense_milestone_date_is_refused_and_a_past_one_is_shown_as_late(
    browser: Browser,
    app: App,
    artifacts: Path,
    lang: Language,
    nonsense: str,
    past: str,
    past_shown: str,
) -> None:
    """Guards issue 14.7: "15.1.2025" was stored as the year 0025 without a word, and a past
    milestone dropped off the projector."""
    room = app.rooms[lang, Step.PLAN]
    host = _console(browser, app, room, lang, Step.PLAN)
    panel = host.tab(host.tr("plan.tab.milestones"))
    table = panel.get_by_test_id("stDataFrame")
    title = "Pilotti" if lang == FI else "Pilot"
    _milestone_row(host, table, title, nonsense)
    panel.get_by_role("button", name=host.tr("plan.save")).click()

    refused = panel.get_by_test_id("stAlertContentError")
    expect(refused).to_contain_text(f"'{nonsense}'", timeout=TIMEOUT_MS)
    expect(table.locator("table")).to_contain_text(nonsense)  # the table keeps what was typed
    snap(host, artifacts, f"words-milestone-refused-{lang.value}")

    # A day that has passed, typed on another laptop (the refused row was never stored):
    # stored, and flagged as late.
    host = _console(browser, app, room, lang, Step.PLAN)
    panel = host.tab(host.tr("plan.tab.milestones"))
    table = panel.get_by_test_id("stDataFrame")
    expect(table.locator("table")).not_to_contain_text(nonsense)
    _milestone_row(host, table, title, past)
    panel.get_by_role("button", name=host.tr("plan.save")).click()
    late = host.page.get_by_test_id("stAlertContentWarning").filter(
        has_text=host.tr("plan.late_heading")
    )
    expect(late).to_contain_text(f"{past_shown} · {title}", timeout=TIMEOUT_MS)
    snap(host, artifacts, f"words-milestone-late-{lang.value}")

    screen = Person(browser.new_context(viewport=PROJECTOR).new_page(), lang)
    screen.page.goto(f"{app.url}/projector?code={room.code}&lang={lang.value}")
    flagged = screen.page.get_by_text(re.compile(re.escape(host.tr("plan.late")))).first
    expect(flagged).to_be_visible(timeout=TIMEOUT_MS)
    expect(screen.page.get_by_text(re.compile(re.escape(past_shown))).first).to_be_visible()
    snap(screen, artifacts, f"words-projector-late-{lang.value}", whole=False)


# 8. Fields not cut without a word ------------------------------------------------------------


@pytest.mark.parametrize(("lang", "device"), CASES)
def test_a_name_over_its_limit_gets_a_message_and_the_field_keeps_it(
    browser: Browser, devices: dict, app: App, artifacts: Path, lang: Language, device: str
) -> None:
    """Guards issue 14.8: a 41-character name was cut to 40 by max_chars without a word."""
    room = app.rooms[lang, Step.OBSERVE]
    person = Person(
        browser.new_context(**devices[device]).new_page(), lang, Role.MANAGEMENT, device
    )
    person.page.goto(f"{app.url}/?code={room.code}&lang={lang.value}")
    expect(person.button("join.button")).to_be_visible(timeout=TIMEOUT_MS)
    roles = person.page.get_by_role("radiogroup", name=person.tr("join.role"))
    roles.get_by_text(person.name_of("role", Role.MANAGEMENT), exact=True).click()
    name = "Anna-Kaisa Äijälä-Öberg-Virtanen-Lindroos"  # 41 characters
    assert len(name) == 41
    field = person.page.get_by_label(person.tr("join.name"))
    field.fill(name)
    person.button("join.button").click()

    message = person.tr("error.too_long", field=person.tr("field.name"), max=40, length=41)
    person.sees(message)
    expect(field).to_have_value(name)
    assert "p=" not in person.page.url  # not joined under a name cut short
    snap(person, artifacts, f"words-long-name-{lang.value}", whole=False)
