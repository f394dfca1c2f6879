"""The benchmark on either store (issue 18): it seeds one open room per `--rooms` and reads what
the phones stored back from DuckDB or PostgreSQL alike, so lost and double-counted ballots are
counted the same way on both."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import tally
from bench.room import Burst
from bench.seed import seed
from facilitator.domain import Kind, Role
from facilitator.room import workshops
from facilitator.steps import participants, voting
from facilitator.store.db import Store


@pytest.fixture
def target(store_engine: str, request: pytest.FixtureRequest, tmp_path: Path) -> Path | str:
    """An empty database for the bench: a DuckDB file, or a PostgreSQL schema of its own."""
    if store_engine == "duckdb":
        return tmp_path / "bench.duckdb"
    server = request.getfixturevalue("postgres_server")
    url, schema = server.fresh_url()
    request.addfinalizer(lambda: server.drop(schema))
    return url


def test_the_bench_seeds_a_room_per_rooms_and_tallies_its_ballots_on_either_store(target):
    seeded = seed(target, rooms=2)
    first, second = seeded.room_codes()
    assert first == seeded.code != second
    assert seeded.leading_in(first) == seeded.leading
    # Each room has its own items: a phone's ballot goes to its own room's leading ones.
    assert set(seeded.leading_in(second)["strength"]).isdisjoint(seeded.leading["strength"])

    store = Store(str(target))
    try:
        workshop = workshops.find_by_code(store, second)
        phone, _token = participants.join(store, workshop, Role.FRONTLINE, "bench-001")
        items = seeded.leading_in(second)["strength"]
        voting.submit_ballot(store, phone, Kind.STRENGTH, {items[0]: 2, items[1]: 1})
    finally:
        store.close()

    assert tally.joined(target) == 1  # the demo's own people are not the bench's
    stored = tally.stored_ballots(target)
    burst = Burst(
        "b", "strength", sent={"bench-001": {items[0]: 2, items[1]: 1}}, acknowledged={"bench-001"}
    )
    found = tally.check(burst, stored)
    assert (found["stored"], found["lost"], found["double_counted"]) == (1, 0, 0)
