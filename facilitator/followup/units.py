"""Units (stores, teams, locations): defined once, used by every result, visit and answer."""

from __future__ import annotations

from dataclasses import dataclass

from facilitator.errors import InvalidInput, NotFound
from facilitator.language.text import one_line
from facilitator.room.access import authorise_follow_up
from facilitator.store import clock
from facilitator.store.db import Store

MAX_NAME = 60
MAX_UNITS = 50
# A result for the organisation as a whole, not one unit's (stored as unit 0, so the
# once-per-period index holds for it too: an index lets NULLs repeat).
WHOLE = 0


@dataclass(frozen=True)
class Unit:
    id: int
    name: str


def list_units(store: Store, workshop_id: int) -> list[Unit]:
    """The workshop's units in the order they were given.

    Read from memory until the room's state moves (every change of a unit moves it): each of
    fifty observers' saves reads them twice (make bench, the observation round).
    """

    def load() -> tuple[Unit, ...]:
        with store.read() as cur:
            rows = cur.execute(
                "SELECT id, name FROM units WHERE workshop_id = ? ORDER BY position, id",
                [workshop_id],
            ).fetchall()
        return tuple(Unit(i, n) for i, n in rows)

    return list(store.live.cached(workshop_id, "units", load, on_state=True))


def add_unit(store: Store, key: object, name: object) -> Unit:
    """A new unit; a name the workshop already has (in any case) is refused."""
    workshop_id = authorise_follow_up(store, key)
    clean = one_line(name, field="unit", max_len=MAX_NAME)
    existing = list_units(store, workshop_id)
    if any(u.name.casefold() == clean.casefold() for u in existing):
        raise InvalidInput("error.unit_twice", name=clean)
    if len(existing) >= MAX_UNITS:
        raise InvalidInput("error.too_many_units", max=MAX_UNITS)
    with store.write() as cur:
        (new_id,) = cur.execute(
            "INSERT INTO units (workshop_id, name, position, created_at) VALUES (?, ?, ?, ?)"
            " RETURNING id",
            [workshop_id, clean, len(existing), clock.now()],
        ).fetchone()
    store.live.bump_state(workshop_id)
    return Unit(new_id, clean)


def rename_unit(store: Store, key: object, unit_id: int, name: object) -> Unit:
    """A unit's new name; what was recorded for it stays with it."""
    workshop_id = authorise_follow_up(store, key)
    clean = one_line(name, field="unit", max_len=MAX_NAME)
    units = list_units(store, workshop_id)
    if unit_id not in {u.id for u in units}:
        raise NotFound("error.unit_not_found")
    if any(u.name.casefold() == clean.casefold() and u.id != unit_id for u in units):
        raise InvalidInput("error.unit_twice", name=clean)
    with store.write() as cur:
        cur.execute("UPDATE units SET name = ? WHERE id = ?", [clean, unit_id])
    store.live.bump_state(workshop_id)
    return Unit(unit_id, clean)


def remove_unit(store: Store, key: object, unit_id: int) -> None:
    """Remove a unit nothing has been recorded for; one with results, visits, answers or
    coaching is refused, so nothing stored loses its place."""
    workshop_id = authorise_follow_up(store, key)
    if unit_id not in {u.id for u in list_units(store, workshop_id)}:
        raise NotFound("error.unit_not_found")
    with store.write() as cur:
        (used,) = cur.execute(
            "SELECT (SELECT count(*) FROM metric_results WHERE unit_id = ?)"
            " + (SELECT count(*) FROM observation_visits WHERE unit_id = ?)"
            " + (SELECT count(*) FROM follow_up_people WHERE unit_id = ?)"
            " + (SELECT count(*) FROM coaching_log WHERE unit_id = ?)",
            [unit_id] * 4,
        ).fetchone()
        if used:
            raise InvalidInput("error.unit_in_use")
        cur.execute("DELETE FROM units WHERE id = ? AND workshop_id = ?", [unit_id, workshop_id])
    store.live.bump_state(workshop_id)


def unit_names(store: Store, workshop_id: int, whole: str) -> dict[int, str]:
    """Unit id -> name, with WHOLE named `whole` (e.g. "Koko organisaatio")."""
    return {WHOLE: whole, **{u.id: u.name for u in list_units(store, workshop_id)}}


def check_unit(store: Store, workshop_id: int, unit_id: object, *, whole: bool = False) -> int:
    """A unit id of this workshop (or WHOLE where allowed), else NotFound."""
    if whole and unit_id == WHOLE:
        return WHOLE
    if not isinstance(unit_id, int) or unit_id not in {
        u.id for u in list_units(store, workshop_id)
    }:
        raise NotFound("error.unit_not_found")
    return unit_id
