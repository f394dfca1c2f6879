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
import hashlib
import logging
import os
import re
import secrets
import select
import threading
import time
from collections.abc import Iterable, Mapping

import psycopg
from psycopg import sql

from facilitator.errors import StoreUnavailable
from facilitator.store.live import CONTENT, DATA, FORGET, STATE, Live

_LOG = logging.getLogger(__name__)

# How long the sender gathers changes before it sends them in one notification.
GATHER_S = 0.005
# PostgreSQL refuses a payload of 8,000 bytes or more; a longer batch goes in several.
PAYLOAD_LIMIT = 7_900
# A lost connection is tried again after 0.05 s, then twice as long each time, up to 5 s.
FIRST_RETRY_S = 0.05
LAST_RETRY_S = 5.0
# The order a payload names the kinds in, and the order a receiver applies them: a forget last.
KINDS = (STATE, CONTENT, DATA, FORGET)
# A change of a stronger kind moves the counters of the weaker ones too (Live.apply).
_WEAKER = {STATE: (CONTENT, DATA), CONTENT: (DATA,)}
_TOKEN = re.compile(r"[0-9a-f]{16}")
_IDS = re.compile(r"[0-9]+(,[0-9]+)*")
# Everything a payload may hold: the token, then kinds with their workshop ids.
PAYLOAD_SHAPE = re.compile(r"[0-9a-f]{16}(;[scdf][0-9]+(,[0-9]+)*)+")
# A silent network (no reset) is noticed within about 20 s instead of never.
_CONNECTION = {
    "autocommit": True,
    "connect_timeout": 5,
    "keepalives": 1,
    "keepalives_idle": 10,
    "keepalives_interval": 3,
    "keepalives_count": 3,
}


def channel_for(schema: str) -> str:
    """The channel of one schema's stores: two apps in two schemas of a database stay apart."""
    name = "kohtaamo_changes" if schema == "public" else f"kohtaamo_changes_{schema}"
    if len(name.encode()) > 63:  # PostgreSQL's longest identifier
        name = "kohtaamo_changes_" + hashlib.sha256(schema.encode()).hexdigest()[:32]
    return name


def encode(token: str, changes: Mapping[str, Iterable[int]]) -> list[str]:
    """The payloads that tell of `changes` (kind -> workshop ids): `token;s1,2;d7`, each under
    PostgreSQL's limit. Nothing else goes in: no rows, no codes, no names."""
    payloads: list[str] = []
    current = token
    for kind in KINDS:
        opened = False
        for workshop_id in sorted(changes.get(kind, ())):
            piece = f",{workshop_id:d}" if opened else f";{kind}{workshop_id:d}"
            if len(current) + len(piece) > PAYLOAD_LIMIT:
                payloads.append(current)
                current, piece = token, f";{kind}{workshop_id:d}"
            current += piece
            opened = True
    if current != token:
        payloads.append(current)
    return payloads


def decode(payload: str) -> tuple[str, list[tuple[str, int]]]:
    """The sender's token and its changes, in the order to apply them; ValueError for a payload
    that is not one of ours."""
    token, *parts = payload.split(";")
    if not _TOKEN.fullmatch(token):
        raise ValueError("not a change notification")
    changes: list[tuple[str, int]] = []
    for part in parts:
        kind, ids = part[:1], part[1:]
        if kind not in KINDS or not _IDS.fullmatch(ids):
            raise ValueError("not a change notification")
        changes.extend((kind, int(i)) for i in ids.split(","))
    return token, sorted(changes, key=lambda change: KINDS.index(change[0]))


def coalesce(changes: Mapping[str, set[int]]) -> dict[str, set[int]]:
    """The same changes without those a stronger one of the same workshop already makes."""
    kept = {kind: set(ids) for kind, ids in changes.items()}
    for strong, weaker in _WEAKER.items():
        for weak in weaker:
            kept[weak] = kept.get(weak, set()) - kept.get(strong, set())
    return {kind: ids for kind, ids in kept.items() if ids}


class Bus:
    """One store's sender and listener; `close()` sends what is gathered and stops both."""

    def __init__(self, url: str, live: Live, *, gather_s: float = GATHER_S) -> None:
        self._url = url
        self._live = live
        self._gather_s = gather_s
        self.token = secrets.token_hex(8)
        self._lock = threading.Lock()
        self._pending: dict[str, set[int]] = {kind: set() for kind in KINDS}
        self._wake_sender = threading.Event()
        self._stopping = threading.Event()
        self._wake_r, self._wake_w = os.pipe()  # a close wakes the listener out of its select
        self._sender_conn: psycopg.Connection | None = None
        # Listening before the store is handed out: no change made after it opened is missed.
        try:
            conn = psycopg.connect(url, **_CONNECTION)
            schema = conn.execute("SELECT current_schema()").fetchone()
            self.channel = channel_for(schema[0] if schema and schema[0] else "public")
            self._listen(conn)
        except psycopg.OperationalError as exc:
            raise StoreUnavailable(str(exc)) from exc
        self._listener_conn: psycopg.Connection | None = conn
        self.reconnections = 0
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

    def _take(self) -> dict[str, set[int]]:
        with self._lock:
            self._wake_sender.clear()
            taken = {kind: ids for kind, ids in self._pending.items() if ids}
            self._pending = {kind: set() for kind in KINDS}
        return taken

    def _put_back(self, changes: Mapping[str, set[int]]) -> None:
        with self._lock:
            for kind, ids in changes.items():
                self._pending[kind] |= ids
        self._wake_sender.set()

    def _send_loop(self) -> None:
        delay = FIRST_RETRY_S
        while True:
            self._wake_sender.wait()
            stopping = self._stopping.is_set()
            if not stopping:
                self._stopping.wait(self._gather_s)  # gather; a close cuts it short
            changes = self._take()
            if changes:
                try:
                    self._notify(coalesce(changes))
                    delay = FIRST_RETRY_S
                except psycopg.Error as exc:
                    self._drop_sender()
                    if self._stopping.is_set():
                        count = sum(len(ids) for ids in changes.values())
                        _LOG.warning("%d changes were not told to other processes: %s", count, exc)
                        return
                    self._put_back(changes)  # the server is away: tell them once it is back
                    self._stopping.wait(delay)
                    delay = min(delay * 2, LAST_RETRY_S)
                    continue
            if self._stopping.is_set():
                self._drop_sender()
                return

    def _notify(self, changes: Mapping[str, set[int]]) -> None:
        payloads = encode(self.token, changes)
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
                return
            except psycopg.OperationalError:  # idle through a restart: a new connection may do
                self._drop_sender()
        self._sender_conn = psycopg.connect(self._url, **_CONNECTION)
        self._sender_conn.execute(statement, params)

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
                # What came with LISTEN's own answer is already read and waits in psycopg.
                if not fresh:
                    ready, _, _ = select.select([conn.fileno(), self._wake_r], [], [])
                    if self._wake_r in ready:
                        break
                fresh = False
                for note in conn.notifies(timeout=0):
                    self._receive(note.payload)
            except (psycopg.Error, OSError) as exc:
                _LOG.debug("the change listener lost PostgreSQL: %s", exc)
                with contextlib.suppress(Exception):
                    conn.close()
                conn = self._listener_conn = None
                lost_at = time.monotonic()
        if conn is not None:
            with contextlib.suppress(Exception):
                conn.close()

    def _receive(self, payload: str) -> None:
        try:
            token, changes = decode(payload)
        except ValueError:
            _LOG.warning("ignored a notification on %s that is not a change", self.channel)
            return
        if token == self.token:
            return  # this store's own change, applied when it was made
        for kind, workshop_id in changes:
            self._live.apply(kind, workshop_id)

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
        if self._stopping.is_set():
            return
        atexit.unregister(self.close)
        self._live.relay_to(None)
        self._stopping.set()
        self._wake_sender.set()
        with contextlib.suppress(OSError):
            os.write(self._wake_w, b"x")
        self._sender.join(timeout=10)
        self._listener.join(timeout=10)
        os.close(self._wake_r)
        os.close(self._wake_w)
