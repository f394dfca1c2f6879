"""Streamlit's message loop visits only the sessions that have something to send (issue 6).

Streamlit's runtime loop wakes each time a message is queued for any browser, sends it, and on
each wake-up asks every connected session for its queue: with 200 phones in the room, 200
calls per wake-up, most of them for an empty queue, and the loop wakes up to 200 times a
second while a room joins or votes (a fifth of the event loop's time in a serial join, yappi).

Here each session says when it has news, and the loop is handed only those sessions; a
session that connects again counts as news, for what was queued while it was away. On the
first wake-up after a second without one, the loop still visits them all, as Streamlit does,
as a safety net for a path not covered here.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from streamlit.runtime import Runtime
from streamlit.runtime.app_session import AppSession

# How often the loop still visits every session.
EVERY_SESSION_EVERY_S = 1.0


class News:
    """The ids of the sessions that queued something since the loop last looked."""

    def __init__(self) -> None:
        self._ids: set[str] = set()
        self._lock = threading.Lock()

    def add(self, session_id: str) -> None:
        with self._lock:
            self._ids.add(session_id)

    def take(self) -> set[str]:
        with self._lock:
            taken, self._ids = self._ids, set()
        return taken


class OnlyWithNews:
    """Streamlit's session manager as the runtime loop sees it: its list of active sessions
    holds those with news, and once a second all of them. Everything else is the manager's."""

    def __init__(
        self, manager: Any, news: News, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.manager = manager
        self.news = news
        self._clock = clock
        self._visit_all_at = clock()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.manager, name)

    def connect_session(self, *args: Any, **kwargs: Any) -> str:
        """A new session, or one back after a lost connection with messages waiting."""
        session_id: str = self.manager.connect_session(*args, **kwargs)
        self.news.add(session_id)
        return session_id

    def list_active_sessions(self) -> list[Any]:
        taken = self.news.take()
        if (now := self._clock()) >= self._visit_all_at:
            self._visit_all_at = now + EVERY_SESSION_EVERY_S
            return self.manager.list_active_sessions()
        found = (self.manager.get_active_session_info(session_id) for session_id in taken)
        return [info for info in found if info is not None]


def flush_only_sessions_with_news() -> News | None:
    """Sessions mark their news; the running server's loop sees only them. Once per process;
    the news, or None outside a server (AppTest runs pages without one)."""
    if not Runtime.exists():
        return None
    runtime = Runtime.instance()
    if isinstance(runtime._session_mgr, OnlyWithNews):
        return runtime._session_mgr.news
    news = News()
    settle = AppSession._settle_once_delivered

    def _enqueue_forward_msg(self: AppSession, msg: Any) -> None:
        # As Streamlit's own, with the news between: queued, then marked, then the loop woken,
        # so a loop that takes the news before the mark is woken again after it.
        self._browser_queue.enqueue(msg)
        news.add(self.id)
        if self._message_enqueued_callback:
            self._message_enqueued_callback()

    def _settle_once_delivered(self: AppSession) -> None:
        news.add(self.id)  # the settling needs one more visit of the loop
        settle(self)

    _enqueue_forward_msg.original = AppSession._enqueue_forward_msg  # type: ignore[attr-defined]
    AppSession._enqueue_forward_msg = _enqueue_forward_msg  # type: ignore[method-assign]
    AppSession._settle_once_delivered = _settle_once_delivered  # type: ignore[method-assign]
    runtime._session_mgr = OnlyWithNews(runtime._session_mgr, news)
    return news
