"""A PostgreSQL restart in the middle of a room: the store says so at once, and carries on
with the same Store object once the server is back (point 5 of issue 18)."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from facilitator.domain import Role, Workshop
from facilitator.errors import StoreUnavailable
from facilitator.room import workshops
from facilitator.steps import participants
from facilitator.store.db import Store
from kohtaamo.postgres import LocalPostgres


def _titles(store: Store) -> list[str]:
    # Straight to the server: the services' reads may be answered from the in-process caches.
    with store.read() as cur:
        return [row[0] for row in cur.execute("SELECT title FROM workshops").fetchall()]


def _new_workshop(store: Store, form: dict) -> Workshop:
    workshop, _ = workshops.create(store, workshops.validate_new(**form))
    return workshop


def test_a_restarted_server_is_read_and_written_again_by_the_same_store(
    own_postgres: LocalPostgres, new_workshop_form: Callable[..., dict]
) -> None:
    store = Store(own_postgres.url)
    try:
        workshop = _new_workshop(store, new_workshop_form())
        own_postgres.stop("fast")

        # Down: every call says so, at once, rather than an internal error or a page that hangs
        # for the pool's timeout.
        with pytest.raises(StoreUnavailable):  # the room's inputs' path, the group commit
            store.write_one("UPDATE workshops SET title = title", [])
        with pytest.raises(StoreUnavailable):
            participants.join(store, workshop, Role.FRONTLINE, "Aino")
        started = time.perf_counter()
        for _ in range(3):
            with pytest.raises(StoreUnavailable):
                _titles(store)
        # Not the pool's 5 s wait, three times over (generous: a shared machine is slow).
        assert time.perf_counter() - started < 4.0

        own_postgres.start()
        # Back: the very first read and write succeed, without a new Store or a wait.
        assert _titles(store) == [workshop.title]
        me, _ = participants.join(store, workshop, Role.FRONTLINE, "Aino")
        assert participants.counts_by_role(store, workshop.id)[me.role] == 1
    finally:
        store.close()


def test_after_a_restart_seen_by_a_read_the_first_write_connects_anew(
    own_postgres: LocalPostgres, new_workshop_form: Callable[..., dict]
) -> None:
    """The console asks the server every few seconds (pages/widgets/outage.py): a restart it
    saw must not cost the room's first send after it, on the writer's dead connection."""
    store = Store(own_postgres.url)
    try:
        workshop = _new_workshop(store, new_workshop_form(title="Toinen"))
        own_postgres.stop("fast")
        assert not store.reachable()
        own_postgres.start()
        store.write_one("UPDATE workshops SET title = title", [])  # no StoreUnavailable
        assert store.reachable()
        participants.join(store, workshop, Role.FRONTLINE, "Eino")
    finally:
        store.close()
