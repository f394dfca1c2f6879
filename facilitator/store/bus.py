"""Changes reach every process: on PostgreSQL, each store tells the other processes of its own
changes (its `Live`'s bumps and forgets) with NOTIFY, and applies theirs to its `Live`, so their
phones are pushed and their cached reads reload as if the change had been made there.

A notification carries kinds, workshop ids and the sending store's token, never rows: a process
that hears of a change reads it from the database as it reads its own. The sender gathers a few
milliseconds of changes into one NOTIFY on a thread of its own, so an input pays for a set
insertion, not a round trip (a ballot burst is hundreds of changes a second). A listener that
lost its connection cannot know what it missed: once back, it moves the state of every workshop
the process holds, so every phone looks again and every cached read reloads.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import secrets
import selectors
import threading
import time
from collections.abc import Mapping

import psycopg
from psycopg import sql

from facilitator.errors import StoreUnavailable
from facilitator.store import notices
from facilitator.store.live import FORGET, STATE, Live

_LOG = logging.getLogger(__name__)

# How long the sender gathers changes before it sends them in one notification: a few
# milliseconds for a change phones redraw for; inputs alone (content, data: a ballot burst) wait
# longer, which cut the notifications of a burst of 1,000 ballots a second from ~195 to ~23 and
# the CPU both ends spend on them from ~9 % of a core to ~1.5 % (bench/bus.py).
GATHER_S = 0.005
GATHER_INPUTS_S = 0.05
# A lost connection is tried again after 0.05 s, then twice as long each time, up to 2 s.
FIRST_RETRY_S = 0.05
LAST_RETRY_S = 2.0
# A silent network (no reset) is noticed within about 20 s instead of never.
_CONNECTION = {
    "autocommit": True,
    "connect_timeout": 5,
    "keepalives": 1,
    "keepalives_idle": 10,
    "keepalives_interval": 3,
    "keepalives_count": 3,
}


class Bus:
    """One store's sender and listener; `close()` sends what is gathered and stops both."""

    def __init__(
        self,
        url: str,
        live: Live,
        *,
        gather_s: float = GATHER_S,
        gather_inputs_s: float = GATHER_INPUTS_S,
    ) -> None:
        self._url = url
        self._live = live
        self._gather_s = gather_s
        self._gather_inputs_s = gather_inputs_s
        self.token = secrets.token_hex(8)
        self._lock = threading.Lock()
        self._pending: dict[str, set[int]] = {kind: set() for kind in notices.KINDS}
        self._wake_sender = threading.Event()
        self._urgent = threading.Event()  # a change phones redraw for is gathered (or a close)
        self._stopping = threading.Event()
        self._closed = False
        self._sender_conn: psycopg.Connection | None = None
        self._sending_failed = False
        # Listening before the store is handed out: no change made after it opened is missed.
        try:
            conn = psycopg.connect(url, **_CONNECTION)
        except psycopg.OperationalError as exc:
            raise StoreUnavailable(str(exc)) from exc
        try:
            schema = conn.execute("SELECT current_schema()").fetchone()
            self.channel = notices.channel_for(schema[0] if schema and schema[0] else "public")
            self._listen(conn)
        except psycopg.Error as exc:
            conn.close()
            raise StoreUnavailable(str(exc)) from exc
        self._listener_conn: psycopg.Connection | None = conn
        self._wake_r, self._wake_w = os.pipe()  # a close wakes the listener out of its wait
        self.reconnections = 0  # how often the listener came back (for tests and benchmarks)
        self.notifications = 0  # how many notifications were sent
        self._sender = threading.Thread(target=self._send_loop, name="kohtaamo-bus-send")
        self._listener = threading.Thread(target=self._listen_loop, name="kohtaamo-bus-listen")
        self._sender.daemon = self._listener.daemon = True
        self._sender.start()
        self._listener.start()
        # A script that ends without closing its store still tells the others of its changes.
        atexit.register(self.close)
        live.relay_to(self.send)

    # The sending side.

    def send(self, kind: str, workshop_id: int) -> None:
        """Gather one change for the next notification (on the caller's thread: no I/O)."""
        with self._lock:
            self._pending[kind].add(workshop_id)
        if not self._wake_sender.is_set():
            self._wake_sender.set()
        if (kind == STATE or kind == FORGET) and not self._urgent.is_set():
            self._urgent.set()

    def _take(self) -> dict[str, set[int]]:
        with self._lock:
            self._wake_sender.clear()
            self._urgent.clear()
            taken = {kind: ids for kind, ids in self._pending.items() if ids}
            self._pending = {kind: set() for kind in notices.KINDS}
        return taken

    def _put_back(self, changes: Mapping[str, set[int]]) -> None:
        with self._lock:
            for kind, ids in changes.items():
                self._pending[kind] |= ids
        if changes.get(STATE) or changes.get(FORGET):
            self._urgent.set()
        self._wake_sender.set()

    def _send_loop(self) -> None:
        delay = FIRST_RETRY_S
        while True:
            self._wake_sender.wait()
            stopping = self._stopping.is_set()
            if not stopping:
                self._stopping.wait(self._gather_s)  # gather; a close cuts it short
                if not self._urgent.is_set():  # inputs alone: gather longer
                    self._urgent.wait(self._gather_inputs_s - self._gather_s)
            changes = self._take()
            if changes:
                try:
                    self._notify(notices.coalesce(changes))
                    delay, self._sending_failed = FIRST_RETRY_S, False
                except psycopg.Error as exc:
                    self._drop_sender()
                    if self._stopping.is_set():
                        count = sum(len(ids) for ids in changes.values())
                        _LOG.warning("%d changes were not told to other processes: %s", count, exc)
                        return
                    if not self._sending_failed:  # one line an outage, not one a retry
                        _LOG.warning("telling other processes of changes failed, retrying: %s", exc)
                        self._sending_failed = True
                    self._put_back(changes)  # the server is away: tell them once it is back
                    self._stopping.wait(delay)
                    delay = min(delay * 2, LAST_RETRY_S)
                    continue
            if self._stopping.is_set():
                self._drop_sender()
                return

    def _notify(self, changes: Mapping[str, set[int]]) -> None:
        payloads = notices.encode(self.token, changes)
        if not payloads:
            return
        calls = sql.SQL(", ").join([sql.SQL("pg_notify(%s, %s)")] * len(payloads))
        params: list[str] = []
        for payload in payloads:
            params += [self.channel, payload]
        statement = sql.SQL("SELECT {}").format(calls)
        if self._sender_conn is not None and not self._sender_conn.closed:
            try:
                self._sender_conn.execute(statement, params)
                self.notifications += len(payloads)
                return
            except psycopg.OperationalError:  # idle through a restart: a new connection may do
                self._drop_sender()
        self._sender_conn = psycopg.connect(self._url, **_CONNECTION)
        self._sender_conn.execute(statement, params)
        self.notifications += len(payloads)

    def _drop_sender(self) -> None:
        conn, self._sender_conn = self._sender_conn, None
        if conn is not None:
            with contextlib.suppress(Exception):
                conn.close()

    # The listening side.

    def _listen(self, conn: psycopg.Connection) -> None:
        conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(self.channel)))

    def _listen_loop(self) -> None:
        conn = self._listener_conn
        lost_at: float | None = None
        delay = FIRST_RETRY_S
        fresh = True
        # poll, not select: a server holding a thousand phones' sockets has descriptors past
        # select's limit of 1,024.
        waiting = selectors.DefaultSelector()
        waiting.register(self._wake_r, selectors.EVENT_READ)
        while not self._stopping.is_set():
            if conn is None:
                try:
                    conn = psycopg.connect(self._url, **_CONNECTION)
                    self._listen(conn)
                except psycopg.Error:
                    if conn is not None:
                        conn.close()
                    conn = None
                    self._stopping.wait(delay)
                    delay = min(delay * 2, LAST_RETRY_S)
                    continue
                self._listener_conn, delay = conn, FIRST_RETRY_S
                self._catch_up(time.monotonic() - (lost_at or time.monotonic()))
                fresh = True
            try:
                if fresh:
                    waiting.register(conn.fileno(), selectors.EVENT_READ)
                else:  # what came with LISTEN's own answer is already read and waits in psycopg
                    ready = {key.fd for key, _ in waiting.select()}
                    if self._wake_r in ready:
                        break
                fresh = False
                for note in conn.notifies(timeout=0):
                    self._receive(note.payload)
            except (psycopg.Error, OSError) as exc:
                _LOG.debug("the change listener lost PostgreSQL: %s", exc)
                self._unregister(waiting)
                with contextlib.suppress(Exception):
                    conn.close()
                conn = self._listener_conn = None
                lost_at = time.monotonic()
        waiting.close()
        if conn is not None:
            with contextlib.suppress(Exception):
                conn.close()

    def _unregister(self, waiting: selectors.BaseSelector) -> None:
        # The lost connection's descriptor may be closed already: find it by its registration.
        for key in list(waiting.get_map().values()):
            if key.fd != self._wake_r:
                waiting.unregister(key.fileobj)

    def _receive(self, payload: str) -> None:
        try:
            token, changes = notices.decode(payload)
        except ValueError:
            _LOG.warning("ignored a notification on %s that is not a change", self.channel)
            return
        if token == self.token:
            return  # this store's own change, applied when it was made
        for kind, workshop_id in changes:
            try:
                self._live.apply(kind, workshop_id)
            except Exception:  # one change that fails must not stop the others being heard
                _LOG.exception("applying another process's change failed")

    def _catch_up(self, away_s: float) -> None:
        # Whatever changed while the listener was away was not heard: every phone looks again.
        held = sorted(self._live.workshops())
        for workshop_id in held:
            self._live.apply(STATE, workshop_id)
        self.reconnections += 1
        _LOG.warning(
            "the change listener was away from PostgreSQL for %.1f s; %d workshops redrawn",
            away_s,
            len(held),
        )

    def close(self) -> None:
        """Send the changes gathered so far, then stop both threads and close their connections."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
        atexit.unregister(self.close)
        self._live.relay_to(None)
        self._stopping.set()
        self._urgent.set()
        self._wake_sender.set()
        with contextlib.suppress(OSError):
            os.write(self._wake_w, b"x")
        self._sender.join(timeout=10)
        self._listener.join(timeout=10)
        os.close(self._wake_r)
        os.close(self._wake_w)
