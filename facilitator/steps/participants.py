"""Participants: joining from a phone, and finding the same person again after a reload."""

from __future__ import annotations

from facilitator.domain import Participant, Role, Workshop
from facilitator.errors import InputClosed, InvalidInput, NotFound
from facilitator.language.text import one_line
from facilitator.room.workshops import authorise, find_by_code, get
from facilitator.steps import voting
from facilitator.store import clock
from facilitator.store.db import Store
from facilitator.store.security import new_token, token_hash

MAX_NAME = 40


def _row(row: tuple) -> Participant:
    return Participant(
        id=row[0], workshop_id=row[1], role=Role(row[2]), name=row[3], joined_at=row[4]
    )


def find_for_join(store: Store, raw_code: str, client: str) -> Workshop:
    """Look up a typed join code; a client that guesses many wrong codes must wait."""
    store.join_throttle.check(client)
    try:
        workshop = find_by_code(store, raw_code)
    except NotFound:
        store.join_throttle.fail(client)
        raise
    return workshop


def join(
    store: Store, workshop: Workshop, role: object, name: object = None
) -> tuple[Participant, str]:
    """Add a participant; returns them and their secret token (kept only in their URL)."""
    try:
        chosen = Role(role)
    except ValueError as exc:
        raise InvalidInput("error.choice", field="role") from exc
    clean_name = one_line(name, field="name", max_len=MAX_NAME, required=False) or None
    token = new_token()
    # One statement under the write lock: a room joins in a storm (see voting.submit_ballot).
    rows = store.write_one(
        "INSERT INTO participants (workshop_id, token_hash, role, name, joined_at)"
        " SELECT id, ?, ?, ?, ? FROM workshops WHERE id = ? AND joining_open"
        " RETURNING id, workshop_id, role, name, joined_at",
        [token_hash(token), chosen.value, clean_name, clock.now(), workshop.id],
    )
    if not rows:
        get(store, workshop.id)  # NotFound when the workshop is gone
        raise InputClosed("error.joining_closed")
    (row,) = rows
    participant = _row(row)
    # The phone's first page asks for this person by token, then for their ballots: known now.
    store.live.keep_row(workshop.id, _participant_key(token), participant)
    voting.no_ballots_yet(store, participant)
    store.live.bump_data(workshop.id)
    return participant, token


def by_token(store: Store, workshop_id: int, token: object) -> Participant:
    """The participant a token belongs to, in this workshop; NotFound otherwise."""
    if not isinstance(token, str) or not token:
        raise NotFound("error.participant_unknown")
    # Every run of a phone's page starts here; a participant never changes, so it is read
    # from the database once (make bench, issue 6: a twelfth of the join storm's samples).
    key = _participant_key(token)
    if (kept := store.live.row(workshop_id, key)) is not None:
        return kept[1]  # type: ignore[return-value]
    with store.read() as cur:
        row = cur.execute(
            "SELECT id, workshop_id, role, name, joined_at FROM participants"
            " WHERE token_hash = ? AND workshop_id = ?",
            [key[1], workshop_id],
        ).fetchone()
    if row is None:
        raise NotFound("error.participant_unknown")
    participant = _row(row)
    store.live.keep_row(workshop_id, key, participant)
    return participant


def _participant_key(token: str) -> tuple[str, str]:
    return ("participant", token_hash(token))


def counts_by_role(store: Store, workshop_id: int) -> dict[Role, int]:
    """How many have joined, per role (every role present, zero included)."""
    with store.read() as cur:
        rows = cur.execute(
            "SELECT role, count(*) FROM participants WHERE workshop_id = ? GROUP BY role",
            [workshop_id],
        ).fetchall()
    counts = dict.fromkeys(Role, 0)
    counts.update({Role(role): n for role, n in rows})
    return counts


def list_for_facilitator(store: Store, key: object) -> list[Participant]:
    """Everyone who joined, for the console."""
    workshop_id = authorise(store, key)
    with store.read() as cur:
        rows = cur.execute(
            "SELECT id, workshop_id, role, name, joined_at FROM participants"
            " WHERE workshop_id = ? ORDER BY joined_at",
            [workshop_id],
        ).fetchall()
    return [_row(r) for r in rows]
