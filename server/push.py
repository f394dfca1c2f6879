"""Phones see the facilitator's change at once: the server starts their check when the room moves.

A phone follows the room in one small fragment (`follow_the_room`): it compares the room's state
version with the one it drew, and redraws the page when they differ. That check ran on the
phone's own timer every 3 s, so a step change reached a phone up to 3 s late, and 200 waiting
phones were 67 script runs a second, a fifth of a core (make bench, issue 6).

Now every change of a room's state (`Live.listen`) starts that same check on each phone that
follows the room, as if its timer had fired. The run is started only on a phone that runs
nothing at the time: a request folded into one in line would drop the values the person sent
with theirs (Streamlit keeps only the newer request's values), so a busy phone is tried again a
moment later. The phone's own timer stays, slow, for a phone that was away when the room moved.
"""

from __future__ import annotations

import logging
import os
import threading
from typing import Any

from streamlit import runtime
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.runtime.scriptrunner_utils.script_run_context import (
    ThreadState,
    get_script_run_ctx,
)

_LOG = logging.getLogger(__name__)
# The phone's own check, for a phone that was away when the room moved; where it offers what
# others send (which is not pushed), it looks for new entries this often instead.
SAFETY_CHECK_EVERY_S = int(os.environ.get("KOHTAAMO_SAFETY_CHECK_S", "15"))
LIST_CHECK_EVERY_S = 3
# A phone busy with a run of its own is asked again after this long, this many times at most
# (10 s); a phone busy for longer than that is left to its own timer.
RETRY_S = 0.25
RETRIES = 40


class Followers:
    """Which session follows which room, and the id of its checking fragment there."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_room: dict[int, dict[str, str]] = {}  # workshop id -> session id -> fragment
        self._room_of: dict[str, int] = {}

    def follow(self, workshop_id: int, session_id: str, fragment_id: str) -> None:
        with self._lock:
            before = self._room_of.get(session_id)
            if before is not None and before != workshop_id:
                self._by_room.get(before, {}).pop(session_id, None)
            self._room_of[session_id] = workshop_id
            self._by_room.setdefault(workshop_id, {})[session_id] = fragment_id

    def of(self, workshop_id: int) -> list[tuple[str, str]]:
        """(session id, fragment id) of each session following the room."""
        with self._lock:
            return list(self._by_room.get(workshop_id, {}).items())

    def drop(self, session_id: str, workshop_id: int) -> None:
        """Forget a session found gone from this room (unless it has just followed another)."""
        with self._lock:
            if self._room_of.get(session_id) == workshop_id:
                del self._room_of[session_id]
            room = self._by_room.get(workshop_id, {})
            room.pop(session_id, None)
            if not room:
                self._by_room.pop(workshop_id, None)


FOLLOWERS = Followers()


def follow(workshop_id: int) -> None:
    """Called inside the phone's checking fragment: its next check comes with the room's changes."""
    ctx = get_script_run_ctx()
    fragment_id = ThreadState.get().fragment_id
    if ctx is not None and fragment_id:
        FOLLOWERS.follow(workshop_id, ctx.session_id, fragment_id)


def push(workshop_id: int) -> None:
    """Start the check on every phone following the room; called on any thread, by
    `Live.bump_state` (the store's listener, see pages/widgets/database.py)."""
    if not runtime.exists():
        return  # no server (a page test): the phones' timers do it
    sessions = runtime.get_instance()._session_mgr
    for session_id, fragment_id in FOLLOWERS.of(workshop_id):
        info = sessions.get_active_session_info(session_id)
        if info is None:  # gone, or away: a phone that comes back runs its page anyway
            FOLLOWERS.drop(session_id, workshop_id)
            continue
        loop = info.session._event_loop
        loop.call_soon_threadsafe(_check_now, info.session, fragment_id, RETRIES)


def _check_now(session: Any, fragment_id: str, retries: int) -> None:
    """On the server's event loop: run the phone's check, once the phone runs nothing else."""
    last = session._client_state  # what the phone last ran: its address and page
    if not last.query_string or not session.has_fragment(fragment_id):
        return  # not drawn yet, or the page has changed: its own run follows the room
    if session._scriptrunner is not None:
        if retries:
            session._event_loop.call_later(RETRY_S, _check_now, session, fragment_id, retries - 1)
        return
    check = ClientState()
    check.CopyFrom(last)
    check.fragment_id = fragment_id
    check.is_auto_rerun = True
    try:
        session.request_rerun(check)
    except Exception:  # a session closing under us; its phone redraws when it comes back
        _LOG.exception("could not start a phone's check")
