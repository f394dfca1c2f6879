"""The follow-up's phones as browser actions (issue 17), and the database they start from.

The follow-up's console is not what these tests drive: the database is seeded through the
services before the app starts (a finished demo workshop with units, an observer code and an
open pulse), and read through them after the app has stopped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Browser, expect

from facilitator.data.demo import DEMO_PASSPHRASE, create_demo
from facilitator.domain import Language, Role
from facilitator.followup import people, pulse, units
from facilitator.followup.people import Purpose
from facilitator.room import workshops
from facilitator.steps.phases import list_phases
from facilitator.store.db import Store

from .room import TIMEOUT_MS, Person, choose

IPHONE = {"width": 390, "height": 844}  # the brief's phone: an iPhone 12-15's CSS pixels
UNITS = ("Tampere", "Oulu", "Turku")


@dataclass(frozen=True)
class Seeded:
    code: str  # the workshop's own join code
    observer_code: str
    pulse_code: str
    pulse_id: int
    unit_ids: dict[str, int]


def seed(db_path: Path) -> Seeded:
    """The finished Finnish demo with three units, an open observer code and an open pulse."""
    store = Store(str(db_path))
    try:
        # The demo without its own months of follow-up: these units are the test's.
        code = create_demo(store, language="fi", follow_up=False)
        workshop, key = workshops.login(store, code, DEMO_PASSPHRASE)
        unit_ids = {name: units.add_unit(store, key, name).id for name in UNITS}
        observer_code = people.open_code(store, key, Purpose.OBSERVE).code
        opened, pulse_code = pulse.open_pulse(store, key)
        del workshop
    finally:
        store.close()
    return Seeded(code, observer_code, pulse_code, opened.id, unit_ids)


def iphone(browser: Browser, lang: Language = Language.FI) -> Person:
    """A phone of the brief's size (390x844) with touch, as an observer or staff carry."""
    context = browser.new_context(
        viewport=IPHONE, device_scale_factor=3, is_mobile=True, has_touch=True
    )
    return Person(context.new_page(), lang, device="iPhone 390x844")


def join_as_observer(person: Person, app_url: str, code: str, name: str = "") -> None:
    page = person.page
    page.goto(f"{app_url}/?code={code}")
    person.sees(person.tr("follow_phone.observer_intro"))
    if name:
        page.get_by_label(person.tr("follow_phone.name")).fill(name)
    person.button("follow_phone.join_observer").click()
    expect(page).to_have_url(re.compile(r"[?&]f="), timeout=TIMEOUT_MS)
    person.sees(person.tr("follow_phone.visit_title"))


def join_as_staff(person: Person, app_url: str, code: str, role: Role, unit: str) -> None:
    page = person.page
    page.goto(f"{app_url}/?code={code}")
    person.sees(person.tr("follow_phone.staff_intro"))
    roles = page.get_by_role("radiogroup", name=person.tr("follow_phone.role"))
    roles.get_by_text(person.name_of("role", role), exact=True).click()
    choose(person, page.get_by_role("combobox", name=person.tr("follow_phone.unit")), unit)
    person.button("follow_phone.join_staff").click()
    expect(page).to_have_url(re.compile(r"[?&]f="), timeout=TIMEOUT_MS)
    person.sees(person.tr("follow_phone.pulse_title"))


def rated_phases(store: Store, code: str) -> list:
    workshop = workshops.find_by_code(store, code)
    return [p for p in list_phases(store, workshop.id) if p.target_state]
