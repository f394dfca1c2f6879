"""The project lead's own sign-in: the facilitator gives the client's project lead a passphrase
of their own for the follow-up, and can take it back.

A lead signs in on the same form as the facilitator, with the workshop's code and their own
passphrase (room/workshops.login tells the two apart); the sign-in opens the follow-up and
nothing of the workshop's steering (`workshops.authorise` refuses it).
"""

from __future__ import annotations

from datetime import datetime

import duckdb

from facilitator.errors import InvalidInput, NotAuthorised
from facilitator.room.workshops import FACILITATOR, LEAD, authorise, check_passphrase, signed_in
from facilitator.store import clock
from facilitator.store.db import Store
from facilitator.store.security import hash_passphrase, verify_passphrase


def grant_lead(store: Store, key: object, passphrase: object) -> None:
    """Give the project lead a passphrase (a new one replaces the old, and signs out every
    sign-in made with it); the facilitator's own passphrase is refused."""
    workshop_id = authorise(store, key)
    typed = check_passphrase(passphrase)
    with store.read() as cur:
        (facilitators,) = cur.execute(
            "SELECT passphrase_hash FROM workshops WHERE id = ?", [workshop_id]
        ).fetchone()
    if verify_passphrase(typed, facilitators):
        raise InvalidInput("error.lead_same_passphrase")
    hashed = hash_passphrase(typed)
    with store.write() as cur:
        _sign_out_leads(cur, workshop_id)
        cur.execute("DELETE FROM follow_up_leads WHERE workshop_id = ?", [workshop_id])
        cur.execute(
            "INSERT INTO follow_up_leads VALUES (?, ?, ?)", [workshop_id, hashed, clock.now()]
        )


def revoke_lead(store: Store, key: object) -> None:
    """Take the lead's passphrase back: it opens nothing from now on, and every sign-in made
    with it ends at its next click."""
    workshop_id = authorise(store, key)
    with store.write() as cur:
        _sign_out_leads(cur, workshop_id)
        cur.execute("DELETE FROM follow_up_leads WHERE workshop_id = ?", [workshop_id])


def lead_since(store: Store, workshop_id: int) -> datetime | None:
    """When the project lead was given their passphrase; None when they have none."""
    with store.read() as cur:
        row = cur.execute(
            "SELECT granted_at FROM follow_up_leads WHERE workshop_id = ?", [workshop_id]
        ).fetchone()
    return row[0] if row else None


def authorise_follow_up(store: Store, key: object) -> int:
    """The workshop whose follow-up this sign-in opens: the facilitator's or the lead's."""
    workshop_id, role = signed_in(store, key)
    if role not in (FACILITATOR, LEAD):
        raise NotAuthorised()
    return workshop_id


def is_lead(store: Store, key: object) -> bool:
    """Whether this sign-in is the project lead's (who sees the follow-up only)."""
    return signed_in(store, key)[1] == LEAD


def _sign_out_leads(cur: duckdb.DuckDBPyConnection, workshop_id: int) -> None:
    cur.execute(
        "DELETE FROM facilitator_sessions WHERE workshop_id = ? AND role = ?", [workshop_id, LEAD]
    )
