"""In-memory version counters and the read cache they key: a waiting phone compares one integer
instead of querying, and a tap reads the shared lists from memory instead of the database."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import TypeVar

T = TypeVar("T")
_LOG = logging.getLogger(__name__)

# The kinds of change, as another process is told of them (facilitator/store/bus.py).
STATE, CONTENT, DATA, FORGET = "s", "c", "d", "f"


@dataclass
class Live:
    """Three counters per workshop, each moving with everything below it.

    - `state` moves when the facilitator changes anything the phones show (the step, the locks,
      the timer, the items, the phases): phones redraw when it moves.
    - `content` moves when the shared lists change (observations, settings): cached reads of
      them are keyed on it. A participant's own observation moves it but not `state`.
    - `data` moves on any input at all, a dot ballot included: result views follow it.
    """

    _state: dict[int, int] = field(default_factory=dict)
    _content: dict[int, int] = field(default_factory=dict)
    _data: dict[int, int] = field(default_factory=dict)
    _cache: dict[tuple[int, str], tuple[int, object]] = field(default_factory=dict)
    _codes: dict[str, int] = field(default_factory=dict)  # join code -> workshop id
    _rows: dict[tuple[int, Hashable], tuple[int, object]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _listeners: list[Callable[[int], None]] = field(default_factory=list)
    # Where this process's own changes are also sent (the other processes, on PostgreSQL).
    _relay: Callable[[str, int], None] | None = None

    def state_version(self, workshop_id: int) -> int:
        """The version of what the facilitator has set for the room."""
        return self._state.get(workshop_id, 0)

    def content_version(self, workshop_id: int) -> int:
        """The version of the shared lists (observations, settings)."""
        return self._content.get(workshop_id, 0)

    def data_version(self, workshop_id: int) -> int:
        """The version of everything, the participants' inputs included."""
        return self._data.get(workshop_id, 0)

    def bump_state(self, workshop_id: int) -> None:
        """Tell every phone, projector and cache of this workshop that the room changed."""
        self.apply(STATE, workshop_id)
        self._send(STATE, workshop_id)

    def listen(self, listener: Callable[[int], None]) -> None:
        """Call `listener(workshop_id)` after each change of a room's state (once per listener)."""
        with self._lock:
            if listener not in self._listeners:
                self._listeners.append(listener)

    def bump_content(self, workshop_id: int) -> None:
        """A shared list changed in a way the phones need not redraw for (someone's own entry)."""
        self.apply(CONTENT, workshop_id)
        self._send(CONTENT, workshop_id)

    def bump_data(self, workshop_id: int) -> None:
        """Tell the result views of this workshop that an input arrived."""
        self.apply(DATA, workshop_id)
        self._send(DATA, workshop_id)

    def relay_to(self, send: Callable[[str, int], None] | None) -> None:
        """Also hand each own change, `send(kind, workshop_id)`, to the other processes; the
        call must be quick, it runs on the thread that made the change."""
        self._relay = send

    def _send(self, kind: str, workshop_id: int) -> None:
        send = self._relay
        if send is not None:
            send(kind, workshop_id)

    def apply(self, kind: str, workshop_id: int) -> None:
        """Move this process's counters (and tell its listeners) as a change of `kind` does,
        without sending it anywhere: for a change another process made, or one this process
        may have missed."""
        if kind == FORGET:
            self._forget(workshop_id)
            return
        if kind == STATE:
            counters: tuple[dict[int, int], ...] = (self._state, self._content, self._data)
        elif kind == CONTENT:
            counters = (self._content, self._data)
        else:
            counters = (self._data,)
        with self._lock:
            for counter in counters:
                counter[workshop_id] = counter.get(workshop_id, 0) + 1
        if kind != STATE:
            return
        for listener in list(self._listeners):
            try:
                listener(workshop_id)
            except Exception:  # telling the phones sooner must never undo the change itself
                _LOG.exception("a listener to the room's state failed")

    def workshops(self) -> set[int]:
        """Every workshop this process holds anything of (a counter, a code, a cached read)."""
        with self._lock:
            held = set(self._state) | set(self._content) | set(self._data)
            held |= set(self._codes.values())
            held |= {key[0] for key in self._cache} | {key[0] for key in self._rows}
        return held

    def cached(
        self, workshop_id: int, name: str, load: Callable[[], T], *, on_state: bool = False
    ) -> T:
        """`load()`'s value, reused until the workshop's content version moves (or its state
        version, with `on_state`: for what only the facilitator changes, which a participant's
        own entry must not reload).

        The version is read before loading, so a write that lands during the load leaves an
        entry that is already stale and is loaded again next time. Values must be immutable.
        """
        version = (self.state_version if on_state else self.content_version)(workshop_id)
        hit = self._cache.get((workshop_id, name))
        if hit is not None and hit[0] == version:
            return hit[1]  # type: ignore[return-value]
        value = load()
        with self._lock:
            self._cache[(workshop_id, name)] = (version, value)
        return value

    def workshop_with_code(self, code: str) -> int | None:
        """The id of the workshop a join code was last found for (codes never change)."""
        return self._codes.get(code)

    def remember_code(self, code: str, workshop_id: int) -> None:
        with self._lock:
            self._codes[code] = workshop_id

    def row(self, workshop_id: int, key: Hashable) -> tuple[int, object] | None:
        """A row kept by `keep_row`, with its version; None when none is kept."""
        return self._rows.get((workshop_id, key))

    def keep_row(self, workshop_id: int, key: Hashable, value: object, version: int = 0) -> None:
        """Keep a row that never changes in place, only gives way to a newer one: a participant
        (never changed), a participant's latest ballot (replaced by a later one, whose id is
        its version). A row kept already stays unless this one is newer, so a read that raced
        a write cannot put back what the write replaced. Values must be immutable."""
        with self._lock:
            held = self._rows.get((workshop_id, key))
            if held is None or held[0] < version:
                self._rows[(workshop_id, key)] = (version, value)

    def forget(self, workshop_id: int) -> None:
        """A workshop is gone: its code, cached reads and kept rows go with it."""
        self._forget(workshop_id)
        self._send(FORGET, workshop_id)

    def _forget(self, workshop_id: int) -> None:
        with self._lock:
            self._codes = {c: i for c, i in self._codes.items() if i != workshop_id}
            self._cache = {k: v for k, v in self._cache.items() if k[0] != workshop_id}
            self._rows = {k: v for k, v in self._rows.items() if k[0] != workshop_id}
