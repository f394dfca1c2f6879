"""Two app processes on one PostgreSQL database: a send retried on both at once is stored once,
and the CLI reads the database the app holds open.

Within one process the write lock runs the check for an earlier send and the insert one after
the other. Two processes have a writer each, and under READ COMMITTED neither sees the other's
row before it commits: only the database itself can refuse the second row (the unique indexes
of migration 8). DuckDB has no such case: one process holds its file (test_store.py).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest

from facilitator.data.demo import DEMO_PASSPHRASE, create_demo
from facilitator.domain import Kind, Role
from facilitator.followup import people, pulse, rounds, units
from facilitator.followup.people import Purpose
from facilitator.room import workshops
from facilitator.steps import model, observations, participants, phases, plan, targets, voting
from facilitator.steps.phases import list_phases
from facilitator.store.db import Store
from kohtaamo import cli

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


def test_a_visit_and_a_pulse_answer_sent_to_two_processes_at_once_are_stored_once(
    store: Store, second: Store
) -> None:
    # These tables had their unique index from the start: without ON CONFLICT DO NOTHING the
    # second process's send failed with the database's error instead of hearing it was stored.
    workshop, key = workshops.login(store, create_demo(store, follow_up=False), DEMO_PASSPHRASE)
    unit = units.add_unit(store, key, "Tampere")
    found = people.find_code(
        store, people.open_code(store, key, Purpose.OBSERVE).code, client="test"
    )
    observers = [people.join(store, found, name=f"Observer {n}")[0] for n in range(PAIRS)]
    phase, listed = rounds.checklist(store, workshop.id)[0]
    marks = dict.fromkeys(range(len(listed)), "seen")

    visits = _race(
        store,
        second,
        lambda s, n: rounds.send_visit(s, observers[n], unit.id, phase.id, marks, "", f"v{n}"),
    )

    assert _count(store, "observation_visits", workshop.id) == PAIRS
    assert sum(v is not None for v in visits) == PAIRS, "one of each pair stored it"

    opened, code = pulse.open_pulse(store, key)
    found = people.find_code(store, code, client="test")
    staff = [people.join(store, found, role="frontline", unit_id=unit.id)[0] for _ in range(PAIRS)]
    first_phase = list_phases(store, workshop.id)[0]

    _race(
        store,
        second,
        lambda s, n: pulse.answer(s, staff[n], {first_phase.id: "can"}, 3, f"a{n}"),
    )

    assert _count(store, "pulse_answers", workshop.id) == PAIRS
    assert pulse.fist(store, workshop.id, opened.id)[Role.FRONTLINE][3] == PAIRS


def test_the_cli_reads_the_database_while_the_app_holds_it_open(
    store: Store, make_workshop: Callable[..., tuple], capsys: pytest.CaptureFixture[str]
) -> None:
    # The twin of test_store.py's DuckDB file held by another process (exit 3): on PostgreSQL
    # the app's open store is no obstacle to `kohtaamo show`.
    workshop, _ = make_workshop(store)
    assert cli.main(["show", "--code", workshop.code, "--db", store.path, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["code"] == workshop.code


def test_processes_opening_an_empty_database_together_migrate_in_turn(
    store_engine: str, postgres_server
) -> None:
    # make run-cluster's replicas start at once on a database none has migrated yet: each takes
    # the migrations' lock before its first statement (three at once collided in PostgreSQL's
    # catalog over schema_migrations, every time, while the lock came after it).
    url, schema = postgres_server.fresh_url()
    start = threading.Barrier(3)

    def open_store(_: int) -> Store:
        start.wait()
        return Store(url)

    try:
        with ThreadPoolExecutor(max_workers=3) as pool:
            opened = list(pool.map(open_store, range(3)))
        with opened[0].read() as cur:
            versions = [
                v for (v,) in cur.execute("SELECT version FROM schema_migrations").fetchall()
            ]
        assert sorted(versions) == list(range(1, len(versions) + 1))
        for s in opened:
            s.close()
    finally:
        postgres_server.drop(schema)
