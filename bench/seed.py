"""The database the benchmark starts from, written through the services before the app starts.

Two demo workshops: one in step 2 (identify) with input open and results on the projector, for
the phones (or one such room per `rooms`, issue 18); one finished, whose three Word documents
the facilitator downloads under load, and which is in its follow-up: three units and an open
code for observers (issue 17).
"""

from __future__ import annotations

from dataclasses import dataclass, field
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
    # Every room in step 2 (`code` is the first), and each one's leading items by kind.
    rooms: tuple[str, ...] = ()
    rooms_leading: dict[str, dict[str, list[int]]] = field(default_factory=dict)

    def room_codes(self) -> tuple[str, ...]:
        """The codes of the rooms the phones are split between."""
        return self.rooms or (self.code,)

    def leading_in(self, code: str) -> dict[str, list[int]]:
        """The leading items, by kind, of the room with this code."""
        return self.rooms_leading.get(code, self.leading)


def seed(path: Path | str, language: str = "fi", rooms: int = 1) -> Seeded:
    """Create `rooms` demo workshops in step 2 and the finished one (in follow-up) in a fresh
    DuckDB file, or in an empty PostgreSQL database given by its URL, and close it."""
    if isinstance(path, Path) and path.exists():
        raise FileExistsError(path)
    store = Store(str(path))
    try:
        codes = [create_demo(store, language=language, until=Step.IDENTIFY) for _ in range(rooms)]
        # The finished demo without its own follow-up: the bench gives it units of its own.
        finished_code = create_demo(store, language=language, follow_up=False)
        leading = {code: _leading(store, code) for code in codes}
        _, key = workshops.login(store, finished_code, DEMO_PASSPHRASE)
        for name in UNITS:
            units.add_unit(store, key, name)
        observer_code = people.open_code(store, key, Purpose.OBSERVE).code
    finally:
        store.close()
    return Seeded(
        codes[0],
        finished_code,
        DEMO_PASSPHRASE,
        leading[codes[0]],
        observer_code,
        UNITS,
        tuple(codes),
        leading,
    )


def _leading(store: Store, code: str) -> dict[str, list[int]]:
    """The room's leading items by kind, once it is known to be open for the phones."""
    workshop = workshops.find_by_code(store, code)
    if not (workshop.step == Step.IDENTIFY and workshop.input_open):
        raise RuntimeError("the demo did not stop in step 2 with input open")
    if not (workshop.results_visible and workshop.joining_open):
        raise RuntimeError("the demo's results are hidden or its joining is closed")
    return {
        kind.value: [r.item.id for r in voting.results(store, workshop.id, kind)[:LEADING]]
        for kind in Kind
    }
