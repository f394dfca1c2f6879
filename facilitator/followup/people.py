"""Who takes part in the follow-up from a phone: observers (a coach or a mystery shopper at a
store's counter) and staff answering a pulse. Each joins with a follow-up code, as a participant
joins a workshop, and can add only their own visits or answers."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from facilitator.domain import Role, Workshop
from facilitator.errors import InputClosed, InvalidInput, NotFound
from facilitator.followup.units import check_unit
from facilitator.language.text import one_line
from facilitator.room.access import authorise_follow_up
from facilitator.room.workshops import find_by_code
from facilitator.store import clock
from facilitator.store.db import Store
from facilitator.store.security import (
    looks_like_code,
    new_join_code,
    new_token,
    normalise_code,
    token_hash,
)

MAX_NAME = 40
# Staff answer as the front line or as management; the facilitator has no say in a pulse.
PULSE_ROLES = (Role.FRONTLINE, Role.MANAGEMENT)


class Purpose(StrEnum):
    OBSERVE = "observe"
    PULSE = "pulse"


@dataclass(frozen=True)
class Code:
    code: str
    workshop_id: int
    purpose: Purpose
    pulse_id: int | None
    open: bool


@dataclass(frozen=True)
class Person:
    id: int
    workshop_id: int
    purpose: Purpose
    pulse_id: int | None
    name: str
    role: Role | None
    unit_id: int | None


def open_code(store: Store, key: object, purpose: Purpose, pulse_id: int | None = None) -> Code:
    """The open code for observers (one per workshop, the same one on every call) or for a
    pulse; a new one when none is open."""
    workshop_id = authorise_follow_up(store, key)
    return _open_code(store, workshop_id, Purpose(purpose), pulse_id)


def _open_code(store: Store, workshop_id: int, purpose: Purpose, pulse_id: int | None) -> Code:
    if (found := current_code(store, workshop_id, purpose, pulse_id)) is not None:
        return found
    with store.write() as cur:
        while True:
            code = new_join_code()
            taken = cur.execute(
                "SELECT 1 FROM follow_up_codes WHERE code = ?"
                " UNION ALL SELECT 1 FROM workshops WHERE code = ?",
                [code, code],
            ).fetchone()
            if taken is None:
                break
        cur.execute(
            "INSERT INTO follow_up_codes (code, workshop_id, purpose, pulse_id, opened_at)"
            " VALUES (?, ?, ?, ?, ?)",
            [code, workshop_id, purpose.value, pulse_id, clock.now()],
        )
    store.live.bump_state(workshop_id)
    return Code(code, workshop_id, purpose, pulse_id, True)


def close_code(store: Store, key: object, purpose: Purpose, pulse_id: int | None = None) -> None:
    """Nobody new joins with this code; those who joined keep their place and what they sent."""
    workshop_id = authorise_follow_up(store, key)
    with store.write() as cur:
        cur.execute(
            "UPDATE follow_up_codes SET closed_at = ? WHERE workshop_id = ? AND purpose = ?"
            " AND pulse_id IS NOT DISTINCT FROM ? AND closed_at IS NULL",
            [clock.now(), workshop_id, Purpose(purpose).value, pulse_id],
        )
    store.live.bump_state(workshop_id)


def current_code(
    store: Store, workshop_id: int, purpose: Purpose, pulse_id: int | None = None
) -> Code | None:
    """The open code for this purpose, or None."""
    with store.read() as cur:
        row = cur.execute(
            "SELECT code FROM follow_up_codes WHERE workshop_id = ? AND purpose = ?"
            " AND pulse_id IS NOT DISTINCT FROM ? AND closed_at IS NULL",
            [workshop_id, Purpose(purpose).value, pulse_id],
        ).fetchone()
    return Code(row[0], workshop_id, Purpose(purpose), pulse_id, True) if row else None


def find_code(store: Store, raw_code: object, client: str) -> Code:
    """The code a phone typed; wrong guesses are slowed like a workshop's join code."""
    throttle = store.join_throttle
    throttle.check(client)
    found = _lookup(store, raw_code)
    if found is None:
        throttle.fail(client)
        raise NotFound("error.follow_up_code_unknown")
    throttle.succeed(client)
    return found


def find_for_join(store: Store, raw_code: object, client: str) -> Workshop | Code:
    """What a code typed on the join page opens: a workshop, or a follow-up (the same join
    address serves both). A wrong guess counts once against the guesser, not once per kind of
    code, and a workshop's join costs no follow-up look-up."""
    throttle = store.join_throttle
    throttle.check(client)
    try:
        return find_by_code(store, raw_code if isinstance(raw_code, str) else "")
    except NotFound:
        found = _lookup(store, raw_code)
    if found is None:
        throttle.fail(client)
        raise NotFound("error.code_unknown")
    return found


def _lookup(store: Store, raw_code: object) -> Code | None:
    code = normalise_code(raw_code if isinstance(raw_code, str) else "")
    if not looks_like_code(code):
        return None
    with store.read() as cur:
        row = cur.execute(
            "SELECT workshop_id, purpose, pulse_id, closed_at IS NULL FROM follow_up_codes"
            " WHERE code = ?",
            [code],
        ).fetchone()
    return None if row is None else Code(code, row[0], Purpose(row[1]), row[2], bool(row[3]))


def join(
    store: Store,
    code: Code,
    *,
    name: object = None,
    role: object = None,
    unit_id: object = None,
) -> tuple[Person, str]:
    """A person joins with an open code; returns them and their secret token (kept only in
    their phone's address). Staff give their role and unit, an observer may give a name."""
    if not code.open:
        raise InputClosed("error.follow_up_code_closed")
    clean_name = one_line(name, field="name", max_len=MAX_NAME, required=False)
    chosen_role = None
    if code.purpose == Purpose.PULSE:
        try:
            chosen_role = Role(role)
        except ValueError as exc:
            raise InvalidInput("error.choice", field="role") from exc
        if chosen_role not in PULSE_ROLES:
            raise InvalidInput("error.choice", field="role")
    unit = None
    if unit_id is not None:
        unit = check_unit(store, code.workshop_id, unit_id)
    token = new_token()
    rows = store.write_one(
        "INSERT INTO follow_up_people (workshop_id, token_hash, purpose, pulse_id, name, role,"
        " unit_id, joined_at) SELECT workshop_id, ?, purpose, pulse_id, ?, ?, ?, ?"
        " FROM follow_up_codes WHERE code = ? AND closed_at IS NULL RETURNING id",
        [
            token_hash(token),
            clean_name,
            chosen_role.value if chosen_role else None,
            unit,
            clock.now(),
            code.code,
        ],
    )
    if not rows:
        raise InputClosed("error.follow_up_code_closed")
    store.live.bump_data(code.workshop_id)
    return (
        Person(
            rows[0][0], code.workshop_id, code.purpose, code.pulse_id, clean_name, chosen_role, unit
        ),
        token,
    )


def by_token(store: Store, token: object) -> Person:
    """The person a phone's token belongs to; NotFound otherwise."""
    if not isinstance(token, str) or not token:
        raise NotFound("error.participant_unknown")
    with store.read() as cur:
        row = cur.execute(
            "SELECT id, workshop_id, purpose, pulse_id, name, role, unit_id"
            " FROM follow_up_people WHERE token_hash = ?",
            [token_hash(token)],
        ).fetchone()
    if row is None:
        raise NotFound("error.participant_unknown")
    i, workshop_id, purpose, pulse_id, name, role, unit_id = row
    return Person(
        i, workshop_id, Purpose(purpose), pulse_id, name, Role(role) if role else None, unit_id
    )


def joined(store: Store, workshop_id: int, purpose: Purpose, pulse_id: int | None = None) -> int:
    """How many have joined for this purpose (and pulse)."""
    with store.read() as cur:
        (count,) = cur.execute(
            "SELECT count(*) FROM follow_up_people WHERE workshop_id = ? AND purpose = ?"
            " AND pulse_id IS NOT DISTINCT FROM ?",
            [workshop_id, Purpose(purpose).value, pulse_id],
        ).fetchone()
    return count
