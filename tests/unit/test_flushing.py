"""The runtime loop is handed only the sessions with something to send (server/flushing.py)."""

from __future__ import annotations

import inspect
from types import SimpleNamespace

from streamlit.runtime.app_session import AppSession

from server import flushing
from server.flushing import EVERY_SESSION_EVERY_S, News, OnlyWithNews


class Manager:
    """Streamlit's session manager, as far as the loop and the runtime use it."""

    def __init__(self, *ids: str) -> None:
        self.active = {i: SimpleNamespace(session=SimpleNamespace(id=i)) for i in ids}

    def list_active_sessions(self) -> list:
        return list(self.active.values())

    def get_active_session_info(self, session_id: str):
        return self.active.get(session_id)

    def num_active_sessions(self) -> int:
        return len(self.active)

    def connect_session(self, *args, existing_session_id: str | None = None, **kwargs) -> str:
        session_id = existing_session_id or f"new{len(self.active)}"
        self.active[session_id] = SimpleNamespace(session=SimpleNamespace(id=session_id))
        return session_id


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _ids(infos: list) -> list[str]:
    return sorted(info.session.id for info in infos)


def test_the_loop_sees_only_the_sessions_that_queued_something_once_each() -> None:
    clock, news = Clock(), News()
    loop_view = OnlyWithNews(Manager("a", "b", "c"), news, clock)
    assert _ids(loop_view.list_active_sessions()) == ["a", "b", "c"]  # the first visit is whole
    clock.now += 0.1
    assert loop_view.list_active_sessions() == []
    news.add("b")
    news.add("b")
    news.add("c")
    assert _ids(loop_view.list_active_sessions()) == ["b", "c"]
    assert loop_view.list_active_sessions() == []


def test_every_session_is_still_visited_once_a_second() -> None:
    clock, news = Clock(), News()
    loop_view = OnlyWithNews(Manager("a", "b"), news, clock)
    loop_view.list_active_sessions()
    clock.now += EVERY_SESSION_EVERY_S - 0.01
    assert loop_view.list_active_sessions() == []
    clock.now += 0.02
    assert _ids(loop_view.list_active_sessions()) == ["a", "b"]


def test_news_of_a_session_no_longer_connected_is_dropped() -> None:
    clock, news = Clock(), News()
    manager = Manager("a")
    loop_view = OnlyWithNews(manager, news, clock)
    loop_view.list_active_sessions()
    clock.now += 0.1
    news.add("gone")
    news.add("a")
    assert _ids(loop_view.list_active_sessions()) == ["a"]


def test_a_session_that_connects_again_is_visited_for_what_waited_meanwhile() -> None:
    clock, news = Clock(), News()
    manager = Manager("a")
    loop_view = OnlyWithNews(manager, news, clock)
    loop_view.list_active_sessions()
    clock.now += 0.1
    del manager.active["a"]
    news.add("a")  # queued while the phone was away: not visited, it is not connected
    assert loop_view.list_active_sessions() == []
    assert loop_view.connect_session("client", existing_session_id="a") == "a"
    assert _ids(loop_view.list_active_sessions()) == ["a"]


def test_everything_else_is_the_managers_own() -> None:
    loop_view = OnlyWithNews(Manager("a", "b"), News(), Clock())
    assert loop_view.num_active_sessions() == 2
    assert loop_view.get_active_session_info("a").session.id == "a"


def test_a_queued_message_is_marked_before_the_loop_is_woken(monkeypatch) -> None:
    """Queued, marked, woken: a loop that took the news before the mark is woken after it."""
    events: list[str] = []
    news = News()
    runtime = SimpleNamespace(_session_mgr=Manager())
    monkeypatch.setattr(flushing.Runtime, "exists", staticmethod(lambda: True))
    monkeypatch.setattr(flushing.Runtime, "instance", staticmethod(lambda: runtime))
    monkeypatch.setattr(flushing, "News", lambda: news)
    monkeypatch.setattr(AppSession, "_enqueue_forward_msg", AppSession._enqueue_forward_msg)
    monkeypatch.setattr(AppSession, "_settle_once_delivered", AppSession._settle_once_delivered)
    original_add = news.add
    monkeypatch.setattr(news, "add", lambda i: (events.append(f"marked {i}"), original_add(i)))

    assert flushing.flush_only_sessions_with_news() is news
    assert isinstance(runtime._session_mgr, OnlyWithNews)
    assert flushing.flush_only_sessions_with_news() is news  # once per process

    session = SimpleNamespace(
        id="s1",
        _browser_queue=SimpleNamespace(enqueue=lambda msg: events.append(f"queued {msg}")),
        _message_enqueued_callback=lambda: events.append("woken"),
    )
    AppSession._enqueue_forward_msg(session, "m")
    assert events == ["queued m", "marked s1", "woken"]
    assert news.take() == {"s1"}

    # The end of a tracked run chain asks for one more visit: that session is marked too.
    events.clear()
    settling = SimpleNamespace(
        id="s2",
        _settled=SimpleNamespace(),
        _settle_pending=False,
        _message_enqueued_callback=lambda: events.append("woken"),
    )
    AppSession._settle_once_delivered(settling)
    assert events == ["marked s2", "woken"]
    assert settling._settle_pending
    assert news.take() == {"s2"}


def test_streamlits_own_enqueue_is_still_the_one_copied() -> None:
    """The patched enqueue repeats Streamlit's two steps; a Streamlit that changes them needs
    this module read again."""
    own = getattr(AppSession._enqueue_forward_msg, "original", AppSession._enqueue_forward_msg)
    body = inspect.getsource(own).split('"""')[-1].split()
    assert body == [
        "self._browser_queue.enqueue(msg)",
        "if",
        "self._message_enqueued_callback:",
        "self._message_enqueued_callback()",
    ]


def test_streamlit_wakes_the_loop_only_where_the_patch_marks() -> None:
    """A third place that wakes the loop would be a path whose sessions are not marked."""
    import streamlit.runtime.app_session as app_session

    source = inspect.getsource(app_session)
    assert source.count("self._message_enqueued_callback()") == 2
    (settle,) = [
        block for block in source.split("    def ") if block.startswith("_settle_once_delivered(")
    ]
    assert "self._message_enqueued_callback()" in settle


def test_nothing_changes_outside_a_server(monkeypatch) -> None:
    monkeypatch.setattr(flushing.Runtime, "exists", staticmethod(lambda: False))
    assert flushing.flush_only_sessions_with_news() is None
