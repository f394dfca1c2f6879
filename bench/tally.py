"""What reached the database: read after the app has stopped, and compared with what was sent.

A burst's ballots are told apart by their content: each burst sends a different number of dots
(or another kind), so a phone's ballot of a burst is stored once, lost, or stored twice.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from bench.room import Burst
from facilitator.store.dialect import is_postgres

Key = tuple[str, str, tuple[tuple[int, int], ...]]  # participant name, kind, dots


@contextmanager
def reading(db: Path | str) -> Iterator[Any]:
    """A cursor on the benchmark's database, in the store's SQL: the DuckDB file read-only (the
    app has stopped), or a connection of its own to the PostgreSQL database."""
    if is_postgres(str(db)):
        from facilitator.store import postgres  # as the store does: DuckDB runs need no psycopg

        conn = postgres.connect(str(db))
        try:
            yield postgres.Cursor(conn.cursor())
        finally:
            conn.close()
        return
    with duckdb.connect(str(db), read_only=True) as conn:
        yield conn


def stored_ballots(db_path: Path | str, prefix: str = "bench-") -> dict[Key, list[datetime]]:
    """When each (participant name, kind, dots) ballot was stored, once per stored copy."""
    with reading(db_path) as conn:
        rows = conn.execute(
            "SELECT p.name, b.kind, b.submitted_at, b.dot_items, b.dot_counts"
            " FROM ballots b JOIN participants p ON p.id = b.participant_id"
            " WHERE starts_with(p.name, ?)",
            [prefix],
        ).fetchall()
    found: dict[Key, list[datetime]] = defaultdict(list)
    for name, kind, at, items, counts in rows:
        found[(name, kind, _key(dict(zip(items, counts, strict=True))))].append(at)
    return found


def joined(db_path: Path | str, prefix: str = "bench-") -> int:
    """How many benchmark phones are stored as participants."""
    with reading(db_path) as conn:
        (count,) = conn.execute(
            "SELECT count(*) FROM participants WHERE starts_with(name, ?)", [prefix]
        ).fetchone()
    return count


def _key(dots: dict[int, int]) -> tuple[tuple[int, int], ...]:
    return tuple(sorted((item, n) for item, n in dots.items() if n))


def check(burst: Burst, stored: dict[Key, list[datetime]]) -> dict:
    """Stored, lost (confirmed but not stored), double-counted and never-stored ballots of one
    burst; how long the single writer took from its first stored ballot to its last, and when
    (epoch s; the app stores naive UTC) the last one was stored."""
    copies = {
        name: stored.get((name, burst.kind, _key(dots)), []) for name, dots in burst.sent.items()
    }
    times = sorted(at for found in copies.values() for at in found)
    return {
        "stored": sum(1 for found in copies.values() if found),
        "lost": sum(1 for name in burst.acknowledged if not copies[name]),
        "double_counted": sum(len(found) - 1 for found in copies.values() if len(found) > 1),
        "sent_not_stored": sum(1 for found in copies.values() if not found),
        "writes_span_s": round((times[-1] - times[0]).total_seconds(), 2) if times else None,
        "last_stored_epoch": times[-1].replace(tzinfo=UTC).timestamp() if times else None,
    }


def stored_visits(db_path: Path | str, prefix: str = "bench-") -> dict[str, int]:
    """How many observation visits each benchmark observer (by name) has stored."""
    with reading(db_path) as conn:
        rows = conn.execute(
            "SELECT p.name, count(*) FROM observation_visits v"
            " JOIN follow_up_people p ON p.id = v.person_id"
            " WHERE starts_with(p.name, ?) GROUP BY p.name",
            [prefix],
        ).fetchall()
    return dict(rows)


def check_visits(observed: dict[str, bool], stored: dict[str, int]) -> dict:
    """Each observer sent one visit: stored, lost (confirmed but not stored), stored twice, and
    sent but never stored (unconfirmed)."""
    return {
        "stored": sum(1 for name in observed if stored.get(name)),
        "lost": sum(
            1 for name, confirmed in observed.items() if confirmed and not stored.get(name)
        ),
        "stored_twice": sum(
            stored.get(name, 0) - 1 for name in observed if stored.get(name, 0) > 1
        ),
        "sent_not_stored": sum(1 for name in observed if not stored.get(name)),
    }
