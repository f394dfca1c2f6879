"""Accessibility in a real browser: axe-core on the pages the room step walk does not cover, and
the console driven by the keyboard alone.

The participant's phone in every step, the console and the projector are checked with axe-core
step by step in test_workshop.py; the allow-list for Streamlit's own components is in room.py.
"""

from __future__ import annotations

from playwright.sync_api import expect

from facilitator.domain import Kind, Language, Role, Step

from .room import (
    TIMEOUT_MS,
    Person,
    assert_accessible,
    assert_fits,
    assert_tappable,
    create_workshop,
    dots_for,
    give,
    laptop,
    open_kind,
    phone,
    snap,
    step_title,
    switch_language,
)
from .test_ballot import joined, room  # noqa: F401 (a fixture)


def test_the_start_page_has_no_serious_violations_on_any_tab_in_either_language(browser, app_url):
    visitor = laptop(browser)
    visitor.page.goto(app_url)
    for lang in (Language.FI, Language.EN):
        if visitor.lang != lang:
            switch_language(visitor, lang)
        for tab in ("home.join_tab", "home.create_tab", "home.resume_tab"):
            visitor.tab(visitor.tr(tab))
            assert_accessible(visitor, f"start page, {lang}, {tab}")


def test_the_join_page_and_its_errors_have_no_serious_violations(browser, devices, app_url):
    host = laptop(browser)
    code = create_workshop(host, app_url, title="Saavutettava paja", organisation="Testi Oy")
    guest = phone(browser, devices, "iPhone SE", Role.FRONTLINE, Language.FI)
    guest.page.goto(f"{app_url}/?code={code}")
    expect(guest.button("join.button")).to_be_visible(timeout=TIMEOUT_MS)
    assert_accessible(guest, "join page")
    assert_tappable(guest, "join page")

    # Joining without a role: the error message itself must be readable too.
    guest.button("join.button").click()
    guest.sees(guest.tr("error.role_missing"))
    assert_accessible(guest, "join page with an error")

    guest.page.goto(f"{app_url}/?code=XXXXXX")
    guest.sees(guest.tr("error.code_unknown"))
    assert_accessible(guest, "join page for an unknown code")

    # And the join page in the other language.
    guest.page.goto(f"{app_url}/?code={code}")
    expect(guest.button("join.button")).to_be_visible(timeout=TIMEOUT_MS)
    switch_language(guest, Language.EN)
    expect(guest.button("join.button")).to_be_visible(timeout=TIMEOUT_MS)
    assert_accessible(guest, "join page in English")


def _focused_name(person: Person) -> str:
    return person.page.evaluate("() => (document.activeElement?.innerText || '').trim()")


def test_the_console_moves_to_the_next_step_by_keyboard_alone(browser, app_url):
    host = laptop(browser)
    create_workshop(host, app_url, title="Näppäimistöpaja", organisation="Testi Oy")
    host.sees_step(Step.LOBBY)
    next_label = host.tr("console.next") + " →"

    # From the top of the page, Tab until the Next button has the focus: no mouse at all.
    host.page.locator("body").focus()
    presses = 0
    while _focused_name(host) != next_label:
        assert presses < 60, f"Next is not reachable by Tab; focus is on {_focused_name(host)!r}"
        host.page.keyboard.press("Tab")
        presses += 1

    # The focus can be seen, not just found: the focused button draws a ring.
    ring = host.page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, s.boxShadow]; }"
    )
    assert ring != ["none", "none"], ring

    host.page.keyboard.press("Enter")
    heading = host.page.get_by_role("heading", name=step_title(host.lang, Step.OBSERVE))
    expect(heading).to_be_visible(timeout=TIMEOUT_MS)


def test_the_ballot_on_the_smallest_phone_is_accessible_fits_and_is_tappable(
    room,  # noqa: F811 (test_ballot's fixture: the demo workshop at step 2)
    browser,
    devices,
    artifacts,
):
    """The phone's ballot (issue 14) on a 320 px iPhone SE, with a refused tap's note shown:
    no serious axe violation inside it, nothing runs off sideways, every target 44 px."""
    person = joined(browser, devices, "iPhone SE", room, "Pieni puhelin")
    open_kind(person, Kind.STRENGTH)
    first = room.texts[Kind.STRENGTH][0]
    give(person, first, 3)
    dots_for(person, first).get_by_role("button", name=person.tr("vote.add"), exact=True).click()
    person.sees(person.tr("vote.item_full", max=3))
    assert_accessible(person, "phone, the ballot with a note, iPhone SE")
    assert_fits(person, "phone, the ballot, iPhone SE", first)
    assert_tappable(person, "phone, the ballot, iPhone SE")
    snap(person, artifacts, "ballot-fi-iPhone-SE-refused-tap", whole=False)
