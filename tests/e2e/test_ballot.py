"""The phone's dot ballot as one element (issue 14, point 3), on iPhone 13 and Pixel 7.

Before: a tab and a form per kind. Picks on strengths were lost when the phone opened
weaknesses, each kind needed its own send, the dots left stood still while picking, and a
screen reader read an item as Markdown wrote it ("Äijälä\\-Öberg\\:").
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from facilitator.data.demo import DEMO_PASSPHRASE
from facilitator.domain import Kind, Language, Role, Step
from facilitator.room import workshops
from facilitator.steps import observations, voting
from facilitator.store.db import Store

from .restart import Restartable
from .room import (
    TIMEOUT_MS,
    Person,
    assert_accessible,
    ballot_of,
    dots_for,
    dots_on,
    give,
    open_kind,
    pick,
    sees_sent_ballot,
    send_ballot,
    snap,
    switch_language,
)
from .test_faults import Seeded, facilitator_tab, phone_joins, read_stored, seed

S, W = Kind.STRENGTH, Kind.WEAKNESS
PHONES = ["iPhone 13", "Pixel 7"]
# Typed texts that a screen reader must read as written, and markup that must stay text.
MARKED = "Äijälä-Öberg: *tähti* ja [linkki](x) #1"
HOSTILE = "<img src=x onerror=alert(1)> kiitos"

# The ballot lives in a shadow root: what has the focus there, by the name the ballot gives it.
FOCUSED_JS = """() => {
  const host = document.querySelector('.stBidiComponent [data-testid=stBidiComponentIsolated]');
  const active = host && host.shadowRoot && host.shadowRoot.activeElement;
  return active ? active.dataset.focus || null : null;
}"""
# Every tap target in the ballot, with its size.
TARGETS_JS = """() => {
  const host = document.querySelector('.stBidiComponent [data-testid=stBidiComponentIsolated]');
  return [...host.shadowRoot.querySelectorAll('button')]
    .filter(b => b.offsetParent !== null)
    .map(b => { const r = b.getBoundingClientRect();
                return [b.dataset.focus || b.textContent, r.width, r.height]; });
}"""


@dataclass(frozen=True)
class Room:
    app: Restartable
    seeded: Seeded
    texts: dict[Kind, list[str]]  # the items' texts as typed, in the ballot's order
    ids: dict[Kind, list[int]]


@pytest.fixture
def room(tmp_path: Path) -> Iterator[Room]:
    """The demo workshop at step 2, with an item of Markdown's marks and a hostile one."""
    seeded = seed(tmp_path / "kohtaamo.duckdb", Step.IDENTIFY)
    store = Store(str(seeded.db))
    try:
        _workshop, key = workshops.login(store, seeded.code, DEMO_PASSPHRASE, "seed")
        for kind, text in ((S, MARKED), (W, HOSTILE)):
            draft = observations.draft("experience", kind.value, text)
            observations.add_for(store, key, draft, Role.FRONTLINE)
        visible = observations.list_visible(store, seeded.workshop_id)
        pools = {kind: voting.items(visible, kind) for kind in Kind}
    finally:
        store.close()
    app = Restartable(tmp_path)
    app.start()
    yield Room(
        app,
        seeded,
        {k: [" ".join(i.observation.text.split()) for i in pool] for k, pool in pools.items()},
        {k: [i.id for i in pool] for k, pool in pools.items()},
    )
    app.stop()


def joined(browser: Browser, devices: dict, device: str, room: Room, name: str) -> Person:
    page = browser.new_context(**devices[device]).new_page()
    person = phone_joins(page, room.app, room.seeded.code, Role.FRONTLINE, name)
    person.device = device
    expect(ballot_of(person).get_by_role("tablist")).to_be_visible(timeout=TIMEOUT_MS)
    return person


def left(person: Person, n: int) -> None:
    """The open kind's dots left, as the ballot shows them while picking."""
    text = person.tr("vote.dots_left", left=n, budget=5)
    panel = ballot_of(person).get_by_role("tabpanel")
    expect(panel.get_by_text(text, exact=True)).to_be_visible(timeout=TIMEOUT_MS)


def stored_sends(room: Room, name: str) -> tuple[dict[str, list[dict[int, int]]], list[int]]:
    """After the app stops: the person's ballots by kind, and how many rows each send stored."""
    stored = read_stored(room.seeded, prefix=name)
    by_kind = {kind: ballots for (_, kind), ballots in stored.by_phone.items()}
    return by_kind, sorted(stored.keys.values())


@pytest.mark.parametrize("device", PHONES)
def test_picks_of_both_kinds_outlive_switching_and_go_in_one_send(
    room, browser, devices, artifacts, device
):
    """Guards: picks on strengths kept when weaknesses open; the dots left move with each tap;
    one send stores both kinds (one send key for both rows); every tap target >= 44 px."""
    name = f"Vaihtaja {device}"
    person = joined(browser, devices, device, room, name)
    strengths, weaknesses = room.texts[S], room.texts[W]
    open_kind(person, S)
    left(person, 5)
    give(person, strengths[0], 2)
    left(person, 3)  # live, before any send
    give(person, strengths[1], 1)
    left(person, 2)
    open_kind(person, W)
    left(person, 5)  # each kind has its own budget
    give(person, weaknesses[0], 3)
    left(person, 2)
    open_kind(person, S)
    assert [dots_on(person, text) for text in strengths[:2]] == [2, 1]
    left(person, 2)
    sizes = person.page.evaluate(TARGETS_JS)
    small = [s for s in sizes if s[1] < 43.5 or s[2] < 43.5]
    assert sizes and not small, small
    snap(person, artifacts, f"ballot-fi-{device.replace(' ', '-')}")
    send_ballot(person)
    # Send stands at the foot of a long list: what came of it is said where the thumb is.
    toast = person.page.get_by_test_id("stToast").filter(has_text=person.tr("vote.saved"))
    expect(toast).to_be_visible()
    box, screen = toast.bounding_box(), person.page.viewport_size
    assert box and screen and 0 <= box["y"] <= box["y"] + box["height"] <= screen["height"]
    sees_sent_ballot(person, {S: {strengths[0]: 2, strengths[1]: 1}, W: {weaknesses[0]: 3}})
    snap(person, artifacts, f"ballot-fi-sent-{device.replace(' ', '-')}")
    room.app.stop()
    by_kind, rows_per_send = stored_sends(room, name)
    assert by_kind == {
        "strength": [{room.ids[S][0]: 2, room.ids[S][1]: 1}],
        "weakness": [{room.ids[W][0]: 3}],
    }
    assert rows_per_send == [2], "both kinds went in with one send"


@pytest.mark.parametrize("device", PHONES)
def test_a_tap_past_the_cap_or_the_budget_is_refused_where_it_was_made(
    room, browser, devices, device
):
    """Guards: the per-item cap (3) and the budget (5) refuse the tap itself, with the reason
    next to the item, and the dots stay as they were."""
    person = joined(browser, devices, device, room, f"Ahne {device}")
    first, second = room.texts[S][:2]
    open_kind(person, S)
    give(person, first, 3)
    add = person.tr("vote.add")
    dots_for(person, first).get_by_role("button", name=add, exact=True).click()
    expect(ballot_of(person).get_by_text(person.tr("vote.item_full", max=3))).to_be_visible()
    assert dots_on(person, first) == 3
    give(person, second, 2)
    left(person, 0)
    dots_for(person, second).get_by_role("button", name=add, exact=True).click()
    spent = person.tr("vote.budget_spent", budget=5)
    expect(ballot_of(person).get_by_text(spent)).to_be_visible()
    assert (dots_on(person, first), dots_on(person, second)) == (3, 2)
    left(person, 0)
    # Taking a dot away frees it, and the note goes.
    give(person, first, 2)
    left(person, 1)
    expect(ballot_of(person).get_by_text(spent)).to_have_count(0)


def test_a_rerun_with_new_data_keeps_the_picks_and_speaks_english(
    room, browser, devices, artifacts
):
    """Guards: a Streamlit rerun that hands the ballot new data (here the phone's language, its
    every word) keeps the picks of both kinds; the ballot then speaks English."""
    person = joined(browser, devices, "Pixel 7", room, "Kielivaihto")
    pick(person, {S: {room.texts[S][0]: 1}, W: {room.texts[W][1]: 2}})
    switch_language(person, Language.EN)
    expect(ballot_of(person).get_by_role("button", name=person.tr("vote.submit"))).to_be_visible(
        timeout=TIMEOUT_MS
    )
    open_kind(person, W)
    assert dots_on(person, room.texts[W][1]) == 2
    left(person, 3)
    open_kind(person, S)
    assert dots_on(person, room.texts[S][0]) == 1
    left(person, 4)
    snap(person, artifacts, "ballot-en-Pixel-7")
    send_ballot(person)
    sees_sent_ballot(person, {S: {room.texts[S][0]: 1}, W: {room.texts[W][1]: 2}})
    snap(person, artifacts, "ballot-en-sent-Pixel-7")


def test_an_english_ballot_on_an_iphone(room, browser, devices, artifacts):
    """The English ballot on the other phone, for the screenshots (and its accessibility)."""
    person = joined(browser, devices, "iPhone 13", room, "English iPhone")
    switch_language(person, Language.EN)
    pick(person, {S: {room.texts[S][2]: 2}})
    assert_accessible(person, "phone, the ballot, English")
    snap(person, artifacts, "ballot-en-iPhone-13")


def test_keyboard_alone_gives_dots_of_both_kinds_and_sends_them(room, browser, devices):
    """Guards: Tab reaches the ballot, arrows switch kinds, Enter and Space give dots, and
    Enter on the send stores both kinds."""
    person = joined(browser, devices, "Pixel 7", room, "Näppäimistö")
    page = person.page

    def focused() -> str | None:
        return page.evaluate(FOCUSED_JS)

    def tab_to(wanted: str, key: str = "Tab") -> None:
        for _ in range(80):
            if focused() == wanted:
                return
            page.keyboard.press(key)
        raise AssertionError(f"Tab never reached {wanted}; at {focused()}")

    s_first, w_first = room.ids[S][0], room.ids[W][0]
    tab_to("tab-strength")
    page.keyboard.press("ArrowRight")
    assert focused() == "tab-weakness"
    tab_to(f"plus-weakness-{w_first}")
    page.keyboard.press("Enter")
    page.keyboard.press("Space")
    left(person, 3)
    tab_to("tab-weakness", "Shift+Tab")
    page.keyboard.press("ArrowLeft")
    assert focused() == "tab-strength"
    tab_to(f"plus-strength-{s_first}")
    page.keyboard.press("Enter")
    left(person, 4)
    tab_to("send")
    page.keyboard.press("Enter")
    sees_sent_ballot(person, {S: {room.texts[S][0]: 1}, W: {room.texts[W][0]: 2}})
    room.app.stop()
    by_kind, _ = stored_sends(room, "Näppäimistö")
    assert by_kind == {"strength": [{s_first: 1}], "weakness": [{w_first: 2}]}


@pytest.mark.parametrize("device", PHONES)
def test_items_are_named_by_their_text_as_typed_and_hostile_text_stays_text(
    room, browser, devices, device
):
    """Guards: an item's accessible name is its text as typed (no Markdown backslashes), and
    markup in a text is shown as text, never run."""
    person = joined(browser, devices, device, room, f"Lukija {device}")
    dialogs: list[str] = []
    person.page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for kind in Kind:
        open_kind(person, kind)
        for text in room.texts[kind]:
            expect(dots_for(person, text)).to_have_count(1)
            expect(dots_for(person, text)).to_have_accessible_name(text)
    open_kind(person, W)
    expect(ballot_of(person).get_by_text(HOSTILE, exact=True)).to_be_visible()
    expect(ballot_of(person).locator("img")).to_have_count(0)
    open_kind(person, S)
    expect(dots_for(person, MARKED)).to_be_visible()
    assert "\\" not in (ballot_of(person).get_by_text(MARKED, exact=True).inner_text())
    assert not dialogs
    assert_accessible(person, f"phone, the ballot, {device}")


def test_a_sent_ballot_reopens_with_its_picks_and_is_read_only_once_input_closes(
    room, browser, devices
):
    """Guards: "change my dots" brings the ballot back holding what was sent; a change sent
    replaces the stored ballot; nothing is counted twice."""
    person = joined(browser, devices, "iPhone 13", room, "Muuttaja")
    first, second = room.texts[S][:2]
    pick(person, {S: {first: 2}})
    send_ballot(person)
    sees_sent_ballot(person, {S: {first: 2}})
    person.button("vote.change").click()
    open_kind(person, S)
    assert dots_on(person, first) == 2
    left(person, 3)
    give(person, first, 0)
    give(person, second, 1)
    send_ballot(person)
    sees_sent_ballot(person, {S: {second: 1}})
    room.app.stop()
    by_kind, rows_per_send = stored_sends(room, "Muuttaja")
    assert by_kind == {"strength": [{room.ids[S][0]: 2}, {room.ids[S][1]: 1}]}
    assert rows_per_send == [1, 1]


def test_picks_outlive_the_facilitators_change_and_a_lowered_budget_is_told_before_sending(
    room, browser, devices
):
    """Guards: a rerun the server pushes when the facilitator changes the dot budget keeps the
    phone's picks; picks over the new budget are not sent, with the reason on the phone."""
    person = joined(browser, devices, "Pixel 7", room, "Budjetti")
    first, second = room.texts[S][:2]
    pick(person, {S: {first: 3, second: 1}, W: {room.texts[W][0]: 1}})
    host = facilitator_tab(browser, room.app, room.seeded.code, Step.IDENTIFY)
    host.page.get_by_label(host.tr("identify.budget")).fill("3")
    host.page.get_by_test_id("stForm").filter(
        has=host.page.get_by_label(host.tr("identify.budget"))
    ).get_by_role("button", name=host.tr("observe.save")).click()
    # The phone follows: its ballot now counts against 3, with every pick still there.
    open_kind(person, W)
    expect(
        ballot_of(person)
        .get_by_role("tabpanel")
        .get_by_text(person.tr("vote.dots_left", left=2, budget=3))
    ).to_be_visible(timeout=TIMEOUT_MS)
    open_kind(person, S)
    assert (dots_on(person, first), dots_on(person, second)) == (3, 1)
    send_ballot(person)
    over = person.tr("error.dots_over_budget", budget=3)
    expect(ballot_of(person).get_by_text(over)).to_be_visible(timeout=TIMEOUT_MS)
    give(person, second, 0)
    send_ballot(person)
    sees_sent_ballot(person, {S: {first: 3}, W: {room.texts[W][0]: 1}})
