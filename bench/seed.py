"""The database the benchmark starts from, written through the services before the app starts.

Two demo workshops: one in step 2 (identify) with input open and results on the projector, for
the phones; one finished, whose three Word documents the facilitator downloads under load, and
which is in its follow-up: three units and an open code for observers (issue 17).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from facilitator.data.demo import DEMO_PASSPHRASE, create_demo
from facilitator.domain import Kind, Step
from facilitator.followup import people, units
from facilitator.followup.people import Purpose
from facilitator.room import workshops
from facilitator.steps import voting
from facilitator.store.db import Store

# The phones put their dots only on the demo's three leading items of each kind, so those stay
# among the eight bars the projector draws and its total is known in advance.
LEADING = 3
UNITS = ("Tampere", "Oulu", "Turku")  # the finished workshop's units in its follow-up


@dataclass(frozen=True)
class Seeded:
    """What the harness needs to know about the seeded database."""

    code: str
    finished_code: str
    passphrase: str
    leading: dict[str, list[int]]
    observer_code: str = ""  # the finished workshop's follow-up code for observers
    units: tuple[str, ...] = ()


def seed(path: Path, language: str = "fi") -> Seeded:
    """Create the two demo workshops (the finished one in follow-up) in a fresh DuckDB file
    and close it."""
    if path.exists():
        raise FileExistsError(path)
    store = Store(str(path))
    try:
        code = create_demo(store, language=language, until=Step.IDENTIFY)
        # The finished demo without its own follow-up: the bench gives it units of its own.
        finished_code = create_demo(store, language=language, follow_up=False)
        workshop = workshops.find_by_code(store, code)
        if not (workshop.step == Step.IDENTIFY and workshop.input_open):
            raise RuntimeError("the demo did not stop in step 2 with input open")
        if not (workshop.results_visible and workshop.joining_open):
            raise RuntimeError("the demo's results are hidden or its joining is closed")
        _, key = workshops.login(store, finished_code, DEMO_PASSPHRASE)
        for name in UNITS:
            units.add_unit(store, key, name)
        observer_code = people.open_code(store, key, Purpose.OBSERVE).code
        leading = {
            kind.value: [r.item.id for r in voting.results(store, workshop.id, kind)[:LEADING]]
            for kind in Kind
        }
    finally:
        store.close()
    return Seeded(code, finished_code, DEMO_PASSPHRASE, leading, observer_code, UNITS)
