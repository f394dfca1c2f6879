"""The one DuckDB database: a connection per process, one serialised write path, migrations."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from facilitator.live import Live
from facilitator.schema import MIGRATIONS
from facilitator.security import Throttle

DEFAULT_DB_PATH = "data/kohtaamo.duckdb"


class DatabaseBusy(RuntimeError):
    """Another process (usually the running app) holds the database file."""


@dataclass
class Store:
    """Holds the connection; every write goes through `write()`, one at a time."""

    path: str = ":memory:"
    live: Live = field(default_factory=Live)
    login_throttle: Throttle = field(default_factory=Throttle)
    join_throttle: Throttle = field(default_factory=lambda: Throttle(free_attempts=10))

    def __post_init__(self) -> None:
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        try:
            self._conn = duckdb.connect(self.path)
        except duckdb.IOException as exc:
            raise DatabaseBusy(str(exc)) from exc
        self._write_lock = threading.Lock()
        self._writer = self._conn.cursor()
        migrate(self)

    @contextmanager
    def write(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """One transaction on the single writer; concurrent callers queue here."""
        with self._write_lock:
            cur = self._writer
            cur.execute("BEGIN TRANSACTION")
            try:
                yield cur
            except BaseException:
                cur.execute("ROLLBACK")
                raise
            cur.execute("COMMIT")

    def write_one(self, sql: str, params: list[object]) -> list[tuple]:
        """One statement, committed on its own, and the rows it returns.

        For the hot paths of a full room: the write lock is held for a single database call,
        where `write()` needs at least three (BEGIN, the statement, COMMIT).
        """
        with self._write_lock:
            return self._writer.execute(sql, params).fetchall()

    @contextmanager
    def read(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor of its own for this thread; reads never wait for the writer."""
        cur = self._conn.cursor()
        try:
            yield cur
        finally:
            cur.close()

    def close(self) -> None:
        """Checkpoint and close the database."""
        with self._write_lock:
            self._writer.close()
            self._conn.close()


def migrate(store: Store) -> list[int]:
    """Apply the migrations not yet recorded; returns the versions applied now."""
    applied: list[int] = []
    with store.write() as cur:
        cur.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL,"
            " applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)"
        )
        done = {row[0] for row in cur.execute("SELECT version FROM schema_migrations").fetchall()}
        for version, name, statements in MIGRATIONS:
            if version in done:
                continue
            for statement in statements:
                cur.execute(statement)
            cur.execute(
                "INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [version, name]
            )
            applied.append(version)
    return applied
