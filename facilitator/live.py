"""In-memory version counters: a waiting phone compares one integer instead of querying."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field


@dataclass
class Live:
    """Per workshop, `state` moves when the facilitator changes the room, `data` on any input."""

    _state: dict[int, int] = field(default_factory=dict)
    _data: dict[int, int] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def state_version(self, workshop_id: int) -> int:
        """The version of what the facilitator has set (step, locks, timer)."""
        return self._state.get(workshop_id, 0)

    def data_version(self, workshop_id: int) -> int:
        """The version of the participants' inputs, for views that show results."""
        return self._data.get(workshop_id, 0)

    def bump_state(self, workshop_id: int) -> None:
        """Tell every phone and projector of this workshop that the room changed."""
        with self._lock:
            self._state[workshop_id] = self._state.get(workshop_id, 0) + 1
            self._data[workshop_id] = self._data.get(workshop_id, 0) + 1

    def bump_data(self, workshop_id: int) -> None:
        """Tell the result views of this workshop that an input arrived."""
        with self._lock:
            self._data[workshop_id] = self._data.get(workshop_id, 0) + 1
