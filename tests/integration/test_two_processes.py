"""Two app processes on one PostgreSQL database: a send retried on both at once is stored once.

Within one process the write lock runs the check for an earlier send and the insert one after
the other. Two processes have a writer each, and under READ COMMITTED neither sees the other's
row before it commits: only the database itself can refuse the second row (the unique indexes
of migration 7). DuckDB has no such case: one process holds its file (test_store.py).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest

from facilitator.domain import Kind, Role
from facilitator.room import workshops
from facilitator.steps import model, observations, participants, phases, plan, targets, voting
from facilitator.store.db import Store

# Many pairs, each started together: the window between the check and the insert is short.
PAIRS = 40

pytestmark = pytest.mark.parametrize("store_engine", ["postgresql"], indirect=True)


@pytest.fixture
def second(store: Store) -> Store:
    """Another process's store on the same database (its own writer and pool)."""
    other = Store(store.path)
    other.login_throttle.failure_delay_s = 0
    yield other
    other.close()


def _race(first: Store, second: Store, send: Callable[[Store, int], object]) -> list[object]:
    """Each pair n: `send(first, n)` and `send(second, n)` started at the same moment."""
    barriers = [threading.Barrier(2) for _ in range(PAIRS)]

    def one(store: Store, n: int) -> object:
        barriers[n].wait()
        return send(store, n)

    with ThreadPoolExecutor(max_workers=2 * PAIRS) as pool:
        futures = [pool.submit(one, s, n) for n in range(PAIRS) for s in (first, second)]
        return [f.result(timeout=60) for f in futures]


def _count(store: Store, table: str, workshop_id: int) -> int:
    with store.read() as cur:
        sql = f"SELECT count(*) FROM {table} WHERE workshop_id = ?"  # noqa: S608
        return cur.execute(sql, [workshop_id]).fetchone()[0]


def test_an_observation_sent_to_two_processes_at_once_is_stored_once_and_both_hear_so(
    store: Store, second: Store, make_workshop: Callable[..., tuple]
) -> None:
    workshop, key = make_workshop(store)
    workshop = workshops.set_step(store, key, "observe")
    people = [participants.join(store, workshop, Role.FRONTLINE)[0] for _ in range(PAIRS)]
    draft = observations.draft("experience", "strength", "Greeted at the door")

    got = _race(
        store,
        second,
        lambda s, n: observations.submit(s, people[n], draft, submission_key=f"k{n}").id,
    )

    assert _count(store, "observations", workshop.id) == PAIRS
    assert got[0::2] == got[1::2], "both processes answer with the one stored row"


def test_a_ballot_sent_to_two_processes_at_once_is_stored_once(
    store: Store, second: Store, make_workshop: Callable[..., tuple]
) -> None:
    workshop, key = make_workshop(store)
    workshops.set_step(store, key, "observe")
    clerk, _ = participants.join(store, workshop, Role.FRONTLINE)
    item = observations.submit(
        store, clerk, observations.draft("experience", "weakness", "Long queues")
    ).id
    workshop = workshops.set_step(store, key, "identify")
    people = [participants.join(store, workshop, Role.FRONTLINE)[0] for _ in range(PAIRS)]

    got = _race(
        store,
        second,
        lambda s, n: voting.submit_ballot(s, people[n], Kind.WEAKNESS, {item: 1}, f"k{n}"),
    )

    assert got == [{item: 1}] * (2 * PAIRS)
    assert _count(store, "ballots", workshop.id) == PAIRS
    assert {r.item.id: r.dots for r in voting.results(store, workshop.id, Kind.WEAKNESS)} == {
        item: PAIRS
    }


def test_a_proposal_sent_to_two_processes_at_once_is_stored_once(
    store: Store, second: Store, make_workshop: Callable[..., tuple]
) -> None:
    workshop, key = make_workshop(store)
    made = phases.apply_preset(store, key, "themes", "en")
    workshop = workshops.set_step(store, key, "target")
    people = [participants.join(store, workshop, Role.FRONTLINE)[0] for _ in range(PAIRS)]

    got = _race(
        store,
        second,
        lambda s, n: targets.propose(s, people[n], made[0].id, f"Proposal {n}", f"k{n}"),
    )

    assert _count(store, "proposals", workshop.id) == PAIRS
    assert got[0::2] == got[1::2]


def test_a_contribution_sent_to_two_processes_at_once_is_stored_once(
    store: Store, second: Store, make_workshop: Callable[..., tuple]
) -> None:
    workshop, key = make_workshop(store)
    made = phases.save_phases(store, key, [(None, "Greet"), (None, "Ask")])
    model.set_critical(store, key, [made[1].id])
    workshop = workshops.set_step(store, key, "plan")
    people = [participants.join(store, workshop, Role.FRONTLINE)[0] for _ in range(PAIRS)]

    got = _race(
        store,
        second,
        lambda s, n: plan.contribute(s, people[n], "hard", f"Hard thing {n}", f"k{n}"),
    )

    assert _count(store, "contributions", workshop.id) == PAIRS
    assert got[0::2] == got[1::2]
