"""The staff pulse: each phase's achievability rated again, and the fist of five, on staff's
phones; compared with the workshop's by role and unit, so old habits coming back show early."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from facilitator.domain import Role
from facilitator.errors import InputClosed, InvalidInput, NotAuthorised, NotFound
from facilitator.followup.people import Person, Purpose, _open_code, close_code
from facilitator.room.access import authorise_follow_up
from facilitator.steps import model
from facilitator.steps.model import Rating
from facilitator.steps.phases import list_phases
from facilitator.store import clock
from facilitator.store.db import Store

MAX_KEY = 100
FINGERS = range(6)


@dataclass(frozen=True)
class Pulse:
    id: int
    open: bool


def open_pulse(store: Store, key: object) -> tuple[Pulse, str]:
    """A new pulse with its own code, or the one already open; returns it and its code."""
    workshop_id = authorise_follow_up(store, key)
    if (found := current(store, workshop_id)) is None:
        with store.write() as cur:
            (new_id,) = cur.execute(
                "INSERT INTO pulses (workshop_id, opened_at) VALUES (?, ?) RETURNING id",
                [workshop_id, clock.now()],
            ).fetchone()
        found = Pulse(new_id, True)
    code = _open_code(store, workshop_id, Purpose.PULSE, found.id)
    return found, code.code


def close_pulse(store: Store, key: object) -> None:
    """No more answers to the open pulse; what was answered stays."""
    workshop_id = authorise_follow_up(store, key)
    if (found := current(store, workshop_id)) is None:
        return
    close_code(store, key, Purpose.PULSE, found.id)
    with store.write() as cur:
        cur.execute("UPDATE pulses SET closed_at = ? WHERE id = ?", [clock.now(), found.id])
    store.live.bump_state(workshop_id)


def current(store: Store, workshop_id: int) -> Pulse | None:
    """The open pulse, if any."""
    with store.read() as cur:
        row = cur.execute(
            "SELECT id FROM pulses WHERE workshop_id = ? AND closed_at IS NULL ORDER BY id DESC",
            [workshop_id],
        ).fetchone()
    return Pulse(row[0], True) if row else None


def pulses(store: Store, workshop_id: int) -> list[Pulse]:
    """Every pulse, oldest first."""
    with store.read() as cur:
        rows = cur.execute(
            "SELECT id, closed_at IS NULL FROM pulses WHERE workshop_id = ? ORDER BY id",
            [workshop_id],
        ).fetchall()
    return [Pulse(i, bool(o)) for i, o in rows]


_INSERT_ANSWER = (
    "INSERT INTO pulse_answers (workshop_id, pulse_id, person_id, phase_ids, ratings, fingers,"
    " submission_key, created_at)"
    " SELECT ?, id, ?, ?::BIGINT[], ?::VARCHAR[], ?, ?, ? FROM pulses"
    " WHERE id = ? AND closed_at IS NULL AND NOT EXISTS ("
    "  SELECT 1 FROM pulse_answers WHERE workshop_id = ? AND submission_key = ?)"
    " ON CONFLICT DO NOTHING RETURNING id"  # the same send stored by another process
)


def answer(
    store: Store,
    person: Person,
    ratings: dict[int, object],
    fingers: object,
    submission_key: object,
) -> int | None:
    """A staff member's answer: a rating for each phase they rated, and the fist of five. A
    later answer from the same phone replaces the earlier one (the latest counts); a retried
    send is stored once. Returns the new answer's id, None for a retry already stored."""
    if person.purpose != Purpose.PULSE or person.pulse_id is None:
        raise NotAuthorised()
    phase_ids = {p.id for p in list_phases(store, person.workshop_id)}
    try:
        checked = {int(p): Rating(r) for p, r in ratings.items()}
    except (TypeError, ValueError) as exc:
        raise InvalidInput("error.choice", field="rating") from exc
    if not set(checked) <= phase_ids:
        raise NotFound("error.phase_not_found")
    if fingers is not None and (isinstance(fingers, bool) or fingers not in FINGERS):
        raise InvalidInput("error.choice", field="fingers")
    if not checked and fingers is None:
        raise InvalidInput("error.pulse_empty")
    if not isinstance(submission_key, str) or not 0 < len(submission_key) <= MAX_KEY:
        raise InvalidInput("error.invalid")
    ids = sorted(checked)
    rows = store.write_one(
        _INSERT_ANSWER,
        [
            person.workshop_id,
            person.id,
            ids,
            [checked[i].value for i in ids],
            fingers,
            submission_key,
            clock.now(),
            person.pulse_id,
            person.workshop_id,
            submission_key,
        ],
    )
    if not rows and not _stored(store, person.workshop_id, submission_key):
        raise InputClosed()
    store.live.bump_data(person.workshop_id)
    return rows[0][0] if rows else None


def _stored(store: Store, workshop_id: int, submission_key: str) -> bool:
    with store.read() as cur:
        return (
            cur.execute(
                "SELECT 1 FROM pulse_answers WHERE workshop_id = ? AND submission_key = ?",
                [workshop_id, submission_key],
            ).fetchone()
            is not None
        )


@dataclass(frozen=True)
class Answer:
    person_id: int
    role: Role
    unit_id: int | None
    ratings: dict[int, Rating]
    fingers: int | None


def answers(store: Store, workshop_id: int, pulse_id: int) -> list[Answer]:
    """Each person's latest answer to a pulse."""
    with store.read() as cur:
        rows = cur.execute(
            "SELECT a.person_id, p.role, p.unit_id, a.phase_ids, a.ratings, a.fingers"
            " FROM pulse_answers a JOIN follow_up_people p ON p.id = a.person_id"
            " WHERE a.workshop_id = ? AND a.pulse_id = ? ORDER BY a.id",
            [workshop_id, pulse_id],
        ).fetchall()
    latest: dict[int, Answer] = {}
    for person_id, role, unit_id, ids, ratings, fingers in rows:
        latest[person_id] = Answer(
            person_id,
            Role(role),
            unit_id,
            {i: Rating(r) for i, r in zip(ids, ratings, strict=True)},
            fingers,
        )
    return list(latest.values())


@dataclass(frozen=True)
class PhaseShift:
    """A phase's "unrealistic" share in the workshop and in the pulse, for one role."""

    phase_id: int
    role: Role
    workshop_share: float | None
    pulse_share: float | None
    pulse_ratings: int

    @property
    def slipping(self) -> bool:
        """More of this role find the phase unrealistic now than in the workshop."""
        return (
            self.pulse_share is not None and self.pulse_share > (self.workshop_share or 0.0) + 0.1
        )


def _share(counts: Counter[Rating]) -> float | None:
    total = sum(counts.values())
    return counts[Rating.UNREALISTIC] / total if total else None


def compare(
    store: Store, workshop_id: int, pulse_id: int, unit_id: int | None = None
) -> list[PhaseShift]:
    """Per phase and role, the share finding it unrealistic: the workshop against the pulse
    (of one unit, or all)."""
    then = {a.phase.id: a.by_role for a in model.achievability(store, workshop_id)}
    now: dict[tuple[int, Role], Counter[Rating]] = defaultdict(Counter)
    for a in answers(store, workshop_id, pulse_id):
        if unit_id is None or a.unit_id == unit_id:
            for phase_id, rating in a.ratings.items():
                now[(phase_id, a.role)][rating] += 1
    shifts = []
    for phase in list_phases(store, workshop_id):
        for role in (Role.FRONTLINE, Role.MANAGEMENT):
            counts = now.get((phase.id, role), Counter())
            shifts.append(
                PhaseShift(
                    phase.id,
                    role,
                    _share(then.get(phase.id, {}).get(role, Counter())),
                    _share(counts),
                    sum(counts.values()),
                )
            )
    return shifts


def fist(store: Store, workshop_id: int, pulse_id: int) -> dict[Role, Counter[int]]:
    """The pulse's fist of five by role (as the workshop's `model.consent`)."""
    counts: dict[Role, Counter[int]] = defaultdict(Counter)
    for a in answers(store, workshop_id, pulse_id):
        if a.fingers is not None:
            counts[a.role][a.fingers] += 1
    return dict(counts)
