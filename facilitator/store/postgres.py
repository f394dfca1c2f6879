"""The PostgreSQL engine: the same cursors the services use on DuckDB, over psycopg 3.

The store keeps one connection for its writer (its group commit runs there, as on DuckDB) and a
pool for reads. Every connection is in autocommit mode, so `BEGIN TRANSACTION` / `COMMIT` in
the store's write path mean on PostgreSQL what they mean on DuckDB. A lost server (restarted,
unreachable) is `StoreUnavailable`: the connection is dropped, and the next call connects anew,
so the app recovers by itself once the server is back.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import psycopg
from psycopg.adapt import Loader
from psycopg_pool import ConnectionPool, PoolClosed, PoolTimeout

from facilitator.errors import StoreUnavailable
from facilitator.store.dialect import to_postgres

_LOG = logging.getLogger(__name__)

# Enough for the script threads of one process that read at the same time; the reads are short.
POOL_SIZE = 8
# How long a read waits for a connection (or for a server that is restarting) before it gives up.
WAIT_S = 5.0
# Every migration holds this lock: processes that start at once migrate one after the other.
_MIGRATION_LOCK = 18_2026


class _Numeric(Loader):
    """PostgreSQL's sums and averages are `numeric`; DuckDB gives ints and floats, and so does
    this (psycopg would give Decimals, which do not mix with the floats the services compute)."""

    def load(self, data: bytes | bytearray | memoryview) -> int | float:
        text = bytes(data).decode()
        return int(text) if text.lstrip("-").isdigit() else float(text)


# Parameters are bound in the client, as DuckDB binds them: the services' SQL passes None and
# lists where PostgreSQL's server-side binding could not tell their type (`? IS NULL`).
_OPTIONS: dict = {
    "autocommit": True,
    "cursor_factory": psycopg.ClientCursor,
    "connect_timeout": int(WAIT_S),
}


def _configure(conn: psycopg.Connection) -> None:
    conn.adapters.register_loader("numeric", _Numeric)


def connect(url: str) -> psycopg.Connection:
    """One autocommit connection, as the store uses them."""
    try:
        conn = psycopg.connect(url, **_OPTIONS)
    except psycopg.OperationalError as exc:
        raise StoreUnavailable(str(exc)) from exc
    _configure(conn)
    return conn


def _lost_or_not(exc: psycopg.OperationalError, conn: psycopg.Connection) -> Exception:
    """StoreUnavailable for a server that is gone (a broken connection, a connection error
    08xxx, a shutdown 57P0x); the error itself for what a query may meet on a living server (a
    statement timeout, a deadlock, a lock not granted), which must not drop every connection."""
    code = exc.sqlstate or ""
    if conn.broken or conn.closed or not code or code.startswith(("08", "57P")):
        return StoreUnavailable(str(exc))
    return exc


class Cursor:
    """A psycopg cursor that reads the store's SQL (DuckDB's dialect, `?` placeholders) and
    answers as a DuckDB cursor does: `execute` returns the cursor, a statement without rows
    fetches none."""

    def __init__(self, cursor: psycopg.Cursor) -> None:
        self._cursor = cursor

    def execute(self, sql: str, params: Sequence[object] | None = None) -> Cursor:
        try:
            if params is None:
                self._cursor.execute(to_postgres(sql, bound=False))
            else:
                self._cursor.execute(to_postgres(sql), params)
        except psycopg.OperationalError as exc:
            raise _lost_or_not(exc, self._cursor.connection) from exc
        return self

    def executemany(self, sql: str, rows: Sequence[Sequence[object]]) -> Cursor:
        try:
            self._cursor.executemany(to_postgres(sql), rows)
        except psycopg.OperationalError as exc:
            raise _lost_or_not(exc, self._cursor.connection) from exc
        return self

    def fetchall(self) -> list[tuple]:
        return self._cursor.fetchall() if self._cursor.description is not None else []

    def fetchone(self) -> tuple | None:
        return self._cursor.fetchone() if self._cursor.description is not None else None

    @property
    def description(self) -> object:
        return self._cursor.description

    def close(self) -> None:
        self._cursor.close()


class Postgres:
    """One process's connections to one PostgreSQL database."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._writer_conn: psycopg.Connection | None = connect(url)
        self._pool = self._new_pool()
        # Set when a call found the server gone. The pool would then make every read wait
        # WAIT_S for a connection it cannot open, and once the server is back it tries again
        # only after its backoff (4 s after a 20 s outage, longer after longer ones); instead a
        # read asks the server directly, at once, and a server that answers gets a fresh pool.
        self._lost = False
        self._reviving = threading.Lock()
        # Set by a read that found the server gone: the writer's connection, idle meanwhile,
        # went with it, and the next write connects anew instead of failing once on it.
        self._writer_stale = False

    def _new_pool(self) -> ConnectionPool:
        return ConnectionPool(
            self.url,
            min_size=1,
            max_size=POOL_SIZE,
            kwargs=_OPTIONS,
            configure=_configure,
            timeout=WAIT_S,
            open=True,
            name="kohtaamo-reads",
        )

    def writer(self) -> Cursor:
        """The writer's cursor (the caller holds the store's write lock); reconnects when the
        last one was lost."""
        conn = self._writer_conn
        if conn is None or conn.closed or conn.broken or self._writer_stale:
            if conn is not None:
                conn.close()
            self._writer_conn = None
            self._writer_conn = conn = connect(self.url)
            self._writer_stale = False
        return Cursor(conn.cursor())

    def writer_lost(self) -> None:
        """The writer's server went away: connect anew on the next write and the next read."""
        conn, self._writer_conn = self._writer_conn, None
        if conn is not None:
            conn.close()
        self._lost = True

    @contextmanager
    def reader(self) -> Iterator[Cursor]:
        if self._lost:
            self._revive()
        try:
            with self._pool.connection() as conn, conn.cursor() as cur:
                yield Cursor(cur)
        except StoreUnavailable:
            self._lost = self._writer_stale = True
            raise
        except PoolTimeout as exc:
            # No connection for WAIT_S: a server under load keeps its pool; a lost one does not.
            try:
                connect(self.url).close()
            except StoreUnavailable:
                self._lost = self._writer_stale = True
            raise StoreUnavailable(str(exc)) from exc
        except PoolClosed as exc:
            # A read that waited on the pool a revival replaced: the next read takes the new one.
            raise StoreUnavailable(str(exc)) from exc

    def _revive(self) -> None:
        """Ask the server whether it is back (StoreUnavailable at once if not); if it is,
        read through a fresh pool, the old one's connections being those of the lost server."""
        with self._reviving:
            if not self._lost:  # another thread revived it while this one waited
                return
            connect(self.url).close()
            old, self._pool = self._pool, self._new_pool()
            self._lost = False
        # Closed off the caller's thread: a read still holding one of its connections ends first.
        threading.Thread(
            target=_close_pool, args=(old,), name="kohtaamo-pool-close", daemon=True
        ).start()

    def lock_for_migrations(self, cur: Cursor) -> None:
        """Inside the migrations' transaction: one process migrates at a time."""
        cur.execute("SELECT pg_advisory_xact_lock(?)", [_MIGRATION_LOCK])

    def close(self) -> None:
        if self._writer_conn is not None:
            self._writer_conn.close()
        self._pool.close()


def _close_pool(pool: ConnectionPool) -> None:
    try:
        pool.close(timeout=WAIT_S)
    except Exception:  # a pool that will not close quietly is left to the garbage collector
        _LOG.warning("closing a PostgreSQL pool failed", exc_info=True)
