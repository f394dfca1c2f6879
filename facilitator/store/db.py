"""The one database: a DuckDB file (the default) or a PostgreSQL server (README "Scaling out");
one serialised write path per process, with its group commit, and the migrations for both."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from facilitator.errors import StoreUnavailable
from facilitator.store.dialect import is_postgres
from facilitator.store.live import Live
from facilitator.store.schema import MIGRATIONS
from facilitator.store.security import Throttle

DEFAULT_DB_PATH = "data/kohtaamo.duckdb"


class DatabaseBusy(RuntimeError):
    """Another process (usually the running app) holds the database file."""


@dataclass
class _Job:
    """A statement waiting for the next group commit, and what came of it."""

    sql: str
    params: list[object]
    rows: list[tuple] = field(default_factory=list)
    error: Exception | None = None
    done: bool = False


@dataclass
class Store:
    """Holds the connection; every write goes through `write()`, one at a time."""

    path: str = ":memory:"
    live: Live = field(default_factory=Live)
    login_throttle: Throttle = field(default_factory=Throttle)
    join_throttle: Throttle = field(default_factory=lambda: Throttle(free_attempts=10))

    def __post_init__(self) -> None:
        self._write_lock = threading.Lock()
        self._queue_lock = threading.Lock()
        self._queue: list[_Job] = []
        self._postgres = None
        self._bus = None
        if is_postgres(self.path):
            self.engine = "postgresql"
            # Imported here: a DuckDB installation never needs psycopg to load.
            from facilitator.store import postgres

            self._postgres = postgres.Postgres(self.path)
            try:
                migrate(self)
            except BaseException:  # a store that never opened leaves no connection behind
                self._postgres.close()
                raise
            # Other processes share this database: each change reaches their phones and caches.
            from facilitator.store import bus

            try:
                self._bus = bus.Bus(self.path, self.live)
            except StoreUnavailable:
                self._postgres.close()
                raise
            return
        self.engine = "duckdb"
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        try:
            # One thread: a room's queries are small, and splitting each over DuckDB's pool of
            # two cost a fifth more CPU than running it where it was called (a join 1.75 ->
            # 1.39 ms, the results of a vote 4.7 -> 3.5 ms), on cores the app needs (issue 6).
            self._conn = duckdb.connect(self.path, config={"threads": 1})
        except duckdb.IOException as exc:
            raise DatabaseBusy(str(exc)) from exc
        self._writer = self._conn.cursor()
        migrate(self)

    def _writer_cursor(self) -> duckdb.DuckDBPyConnection:
        return self._postgres.writer() if self._postgres is not None else self._writer

    @contextmanager
    def write(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """One transaction on the single writer; concurrent callers queue here."""
        with self._write_lock, self._losing_the_server():
            cur = self._writer_cursor()
            cur.execute("BEGIN TRANSACTION")
            try:
                yield cur
            except BaseException:
                with contextlib.suppress(Exception):
                    cur.execute("ROLLBACK")
                raise
            cur.execute("COMMIT")

    @contextmanager
    def _losing_the_server(self) -> Iterator[None]:
        # PostgreSQL only: a lost server fails this write; the writer connects anew next time.
        try:
            yield
        except StoreUnavailable:
            if self._postgres is not None:
                self._postgres.writer_lost()
            raise

    def write_one(self, sql: str, params: list[object]) -> list[tuple]:
        """One statement, committed, and the rows it returns; for the inputs a room sends at once.

        Group commit: a caller queues its statement, and whoever holds the write lock runs every
        statement queued by then in one transaction. A commit waits for the disk, so 200 phones
        at the bell share a few commits instead of queueing for 200 (issue 6).
        """
        job = _Job(sql, params)
        with self._queue_lock:
            self._queue.append(job)
        with self._write_lock:
            if not job.done:
                with self._queue_lock:
                    batch, self._queue = self._queue, []
                self._run_batch(batch)
                lost = any(isinstance(j.error, StoreUnavailable) for j in batch)
                if lost and self._postgres is not None:
                    self._postgres.writer_lost()
        if job.error is not None:
            raise job.error
        return job.rows

    def _run_batch(self, batch: list[_Job]) -> None:
        try:
            cur = self._writer_cursor()
        except StoreUnavailable as exc:  # no server to send them to: each sender hears so
            for job in batch:
                job.rows, job.error, job.done = [], exc, True
            return
        try:
            if len(batch) == 1:
                # Alone, a statement commits by itself: one database call instead of three, and
                # each call gives up the GIL and must win it back while the write lock is held.
                _run_alone(cur, batch[0])
                return
            cur.execute("BEGIN TRANSACTION")
            for job in batch:
                job.rows = cur.execute(job.sql, job.params).fetchall()
            cur.execute("COMMIT")
        except Exception:  # one statement failed: none of the batch is in; each runs alone
            with contextlib.suppress(Exception):
                cur.execute("ROLLBACK")
            for job in batch:
                _run_alone(cur, job)
        finally:
            for job in batch:
                job.done = True

    @contextmanager
    def read(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor of its own for this thread; reads never wait for the writer."""
        if self._postgres is not None:
            # A read that finds the server gone marks the writer's connection stale rather than
            # closing it here, on this thread, while a write may be using it (postgres.py).
            with self._postgres.reader() as pg_cur:
                yield pg_cur
            return
        cur = self._conn.cursor()
        try:
            yield cur
        finally:
            cur.close()

    def reachable(self) -> bool:
        """Whether the database answers now: always on DuckDB's file; on PostgreSQL, whether
        the server does."""
        if self._postgres is None:
            return True
        try:
            with self.read() as cur:
                cur.execute("SELECT 1")
        except StoreUnavailable:
            return False
        return True

    def close(self) -> None:
        """Checkpoint and close the database (on PostgreSQL: tell the other processes of the
        last changes first)."""
        if self._bus is not None:
            self._bus.close()
        with self._write_lock:
            if self._postgres is not None:
                self._postgres.close()
                return
            self._writer.close()
            self._conn.close()


def _run_alone(cur: duckdb.DuckDBPyConnection, job: _Job) -> None:
    """One statement in its own (auto-committed) transaction; an error goes to its sender."""
    try:
        job.rows = cur.execute(job.sql, job.params).fetchall()
    except Exception as exc:  # handed to the caller that sent it
        job.rows, job.error = [], exc


def migrate(store: Store) -> list[int]:
    """Apply the migrations not yet recorded; returns the versions applied now."""
    applied: list[int] = []
    with store.write() as cur:
        # Processes that start together migrate in turn: the lock comes before the first
        # statement, for two creating schema_migrations at once collide in PostgreSQL's catalog.
        if store._postgres is not None:
            store._postgres.lock_for_migrations(cur)
        cur.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL,"
            " applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)"
        )
        for version, name, statements in MIGRATIONS:
            # Asked anew under each version's lock: another process may have applied it since.
            if cur.execute(
                "SELECT 1 FROM schema_migrations WHERE version = ?", [version]
            ).fetchone():
                continue
            for statement in statements:
                cur.execute(statement)
            cur.execute(
                "INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [version, name]
            )
            applied.append(version)
            # Each version committed by itself: DuckDB builds no index on a table with updates
            # not yet committed, and a later version may index what an earlier one updated.
            cur.execute("COMMIT")
            cur.execute("BEGIN TRANSACTION")
            if store._postgres is not None:
                store._postgres.lock_for_migrations(cur)
    return applied


# The tables whose rows a phone sends with a submission key (named here, never from input).
SENT_WITH_KEYS = frozenset({"observations", "proposals", "contributions"})


def sent_before(
    cur: duckdb.DuckDBPyConnection, table: str, workshop_id: int, submission_key: str | None
) -> int | None:
    """The id of the row a send with this key already stored, inside the send's own write.

    A retry of a stored send is answered as the first one was, even if input was locked in
    between: "closed" would tell the person that what they sent was lost.
    """
    if table not in SENT_WITH_KEYS:
        raise ValueError(f"{table} keeps no submission keys")
    if not submission_key:
        return None
    found = cur.execute(
        f"SELECT id FROM {table} WHERE workshop_id = ? AND submission_key = ?",  # noqa: S608
        [workshop_id, submission_key],
    ).fetchone()
    return found[0] if found else None


def stored_by_another(
    cur: duckdb.DuckDBPyConnection, table: str, workshop_id: int, submission_key: str | None
) -> int:
    """The id of the row another app process stored for this very send while this one checked
    for it: its insert met the key in a unique index (migration 8) and stored nothing."""
    found = sent_before(cur, table, workshop_id, submission_key)
    if found is None:  # a conflict on anything but the key: no send of this one's to answer with
        raise LookupError(f"{table}: an insert stored nothing, and no send has its key")
    return found
