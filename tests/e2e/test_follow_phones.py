"""The follow-up on phones (issue 17), in a real browser at 390x844: an observer's round, a staff
pulse from three phones compared with the workshop, and a wrong code refused in Finnish."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from facilitator.domain import Language, Role
from facilitator.followup import people, pulse, rounds
from facilitator.followup.people import Purpose
from facilitator.followup.rounds import Mark
from facilitator.room import workshops
from facilitator.store.db import Store
from pages.widgets.words import hidden_label

from . import follow_room
from .restart import Restartable
from .room import (
    TIMEOUT_MS,
    Person,
    assert_accessible,
    assert_fits,
    assert_tappable,
    choose,
    snap,
)

NOTE = "Tervehdys tuli vasta jonon jälkeen."


@pytest.fixture
def follow_up(tmp_path: Path) -> Iterator[tuple[Restartable, follow_room.Seeded]]:
    """The app on a database seeded with a finished workshop in follow-up."""
    seeded = follow_room.seed(tmp_path / "kohtaamo.duckdb")
    app = Restartable(tmp_path)
    app.start()
    yield app, seeded
    app.stop()
    assert not app.tracebacks(), app.tracebacks()


def _read(app: Restartable) -> Store:
    """The database, once the app has stopped (DuckDB lets one process open the file)."""
    app.stop()
    return Store(str(app.folder / "kohtaamo.duckdb"))


def test_an_observer_joins_with_the_follow_up_code_and_a_visit_is_stored(
    browser, follow_up, artifacts
):
    app, seeded = follow_up
    observer = follow_room.iphone(browser)
    follow_room.join_as_observer(observer, app.url, seeded.observer_code, "Mirja")
    observer.sees(observer.tr("follow_phone.you_are", who="Havainnoija · Mirja"))
    page = observer.page
    choose(
        observer, page.get_by_role("combobox", name=observer.tr("follow_phone.visit_unit")), "Oulu"
    )
    choose(
        observer,
        page.get_by_role("combobox", name=observer.tr("follow_phone.visit_phase")),
        re.compile(r"^1\. "),
    )
    groups = page.get_by_role("radiogroup", name=re.compile("^" + observer.tr("field.mark") + ": "))
    expect(groups.first).to_be_visible(timeout=TIMEOUT_MS)
    count = groups.count()
    assert count >= 2
    # Each behaviour's marks are named for a screen reader by the behaviour's words.
    labels = [groups.nth(i).get_attribute("aria-label") for i in range(count)]
    wanted = [Mark.SEEN, Mark.NOT_SEEN, Mark.NOT_APPLICABLE]
    for i in range(count):
        option = groups.nth(i).get_by_role(
            "radio", name=observer.name_of("mark", wanted[i % 3]), exact=True
        )
        option.click()
        expect(option).to_be_checked(timeout=TIMEOUT_MS)
    page.get_by_label(observer.tr("follow_phone.note")).fill(NOTE)
    # Streamlit's hint under a form's text area is English only: a Finnish phone goes without.
    expect(page.get_by_text(re.compile(r"Press .*Enter"))).to_have_count(0, timeout=TIMEOUT_MS)
    # Marked in a store with one thumb: every mark a full touch target, nothing off the screen.
    assert_accessible(observer, "observer's checklist")
    assert_tappable(observer, "observer's checklist")
    assert_fits(observer, "observer's checklist")
    snap(observer, artifacts, "follow-observer-fi-390x844")
    observer.button("follow_phone.send_visit").click()
    observer.sees(observer.tr("follow_phone.visit_saved_count", n=1))
    # The next visit starts afresh: no marks on screen until a phase is picked again.
    expect(groups).to_have_count(0, timeout=TIMEOUT_MS)
    # A reload is the same observer, with their visit listed.
    page.reload()
    observer.sees(re.compile(r"^Oulu · "), exact=False)

    store = _read(app)
    try:
        workshop = workshops.find_by_code(store, seeded.code)
        (visit,) = rounds.visits(store, workshop.id)
        phase, listed = rounds.checklist(store, workshop.id)[0]
        assert (visit.unit_id, visit.phase_id, visit.note) == (
            seeded.unit_ids["Oulu"],
            phase.id,
            NOTE,
        )
        assert [visit.marks[b.text] for b in listed] == [wanted[i % 3] for i in range(count)]
        assert [hidden_label(observer.tr("field.mark"), b.text) for b in listed] == labels
        person = people.by_token(store, _token(page.url))
        assert (person.purpose, person.name) == (Purpose.OBSERVE, "Mirja")
    finally:
        store.close()


def _token(url: str) -> str:
    found = re.search(r"[?&]f=([^&]+)", url)
    assert found, url
    return found.group(1)


def test_a_staff_pulse_from_three_phones_is_compared_with_the_workshop(
    browser, follow_up, artifacts
):
    app, seeded = follow_up
    staff = [
        (Role.FRONTLINE, "Tampere", 2),
        (Role.FRONTLINE, "Oulu", 1),
        (Role.MANAGEMENT, "Turku", 4),
    ]
    phones: list[Person] = []
    for role, unit, fingers in staff:
        phone = follow_room.iphone(browser)
        follow_room.join_as_staff(phone, app.url, seeded.pulse_code, role, unit)
        page = phone.page
        first = page.get_by_role(
            "radiogroup", name=re.compile("^" + phone.tr("field.rating") + ": ")
        ).first
        first.get_by_role("radio", name=phone.tr("condense.rating_unrealistic"), exact=True).click()
        hand = page.get_by_role("radiogroup", name=phone.tr("condense.fingers"), exact=True)
        hand.get_by_role("radio", name=str(fingers), exact=True).click()
        if not phones:
            assert_accessible(phone, "staff pulse")
            assert_tappable(phone, "staff pulse")
            assert_fits(phone, "staff pulse")
            snap(phone, artifacts, "follow-pulse-fi-390x844")
        phone.button("follow_phone.send_pulse").click()
        phone.sees(phone.tr("follow_phone.pulse_saved"))
        phones.append(phone)

    store = _read(app)
    try:
        workshop = workshops.find_by_code(store, seeded.code)
        first_phase = follow_room.rated_phases(store, seeded.code)[0]
        assert len(pulse.answers(store, workshop.id, seeded.pulse_id)) == 3
        shifts = {
            (s.phase_id, s.role): s for s in pulse.compare(store, workshop.id, seeded.pulse_id)
        }
        frontline = shifts[(first_phase.id, Role.FRONTLINE)]
        assert (frontline.pulse_share, frontline.pulse_ratings) == (1.0, 2)
        assert frontline.slipping  # the demo's front line found it achievable in the workshop
        assert shifts[(first_phase.id, Role.MANAGEMENT)].pulse_ratings == 1
        fist = pulse.fist(store, workshop.id, seeded.pulse_id)
        assert fist[Role.FRONTLINE] == {2: 1, 1: 1} and fist[Role.MANAGEMENT] == {4: 1}
    finally:
        store.close()


def test_a_wrong_code_is_refused_in_finnish(browser, follow_up):
    app, _ = follow_up
    phone = follow_room.iphone(browser, Language.FI)
    phone.page.goto(f"{app.url}/?code=ZZZ999")
    phone.sees(phone.tr("error.code_unknown"))
    expect(phone.page.locator("html")).to_have_attribute("lang", "fi", timeout=TIMEOUT_MS)
    phone.button("join.try_again").click()
    expect(phone.page).not_to_have_url(re.compile(r"code="), timeout=TIMEOUT_MS)
