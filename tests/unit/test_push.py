"""server/push.py: a change of the room starts each following phone's check, never in the way
of what the phone is running."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from streamlit.proto.ClientState_pb2 import ClientState

from server import push


class Loop:
    """The server's event loop, as far as push uses it: callbacks are kept, then run by hand."""

    def __init__(self) -> None:
        self.soon: list[tuple] = []
        self.later: list[tuple] = []

    def call_soon_threadsafe(self, callback, *args) -> None:
        self.soon.append((callback, *args))

    def call_later(self, delay: float, callback, *args) -> None:
        self.later.append((delay, callback, *args))

    def run(self) -> None:
        waiting, self.soon = self.soon, []
        for callback, *args in waiting:
            callback(*args)

    def run_later(self) -> None:
        waiting, self.later = self.later, []
        for _, callback, *args in waiting:
            callback(*args)


@dataclass
class Session:
    """An AppSession, as far as push uses it."""

    _event_loop: Loop
    fragments: set[str]
    _client_state: ClientState = field(default_factory=ClientState)
    _scriptrunner: object | None = None
    reruns: list[ClientState] = field(default_factory=list)

    def has_fragment(self, fragment_id: str) -> bool:
        return fragment_id in self.fragments

    def request_rerun(self, client_state: ClientState) -> None:
        self.reruns.append(client_state)


@dataclass
class Info:
    session: Session


class Sessions:
    def __init__(self, active: dict[str, Session]) -> None:
        self.active = active

    def get_active_session_info(self, session_id: str) -> Info | None:
        found = self.active.get(session_id)
        return None if found is None else Info(found)


@pytest.fixture
def server(monkeypatch):
    """A running server with no sessions yet, and a fresh list of followers."""
    from streamlit import runtime

    sessions = Sessions({})
    instance = type("Runtime", (), {"_session_mgr": sessions})()
    monkeypatch.setattr(runtime, "exists", lambda: True)
    monkeypatch.setattr(runtime, "get_instance", lambda: instance)
    monkeypatch.setattr(push, "FOLLOWERS", push.Followers())
    return sessions


def _phone(server: Sessions, loop: Loop, session_id: str, room: int, ran: bool = True) -> Session:
    phone = Session(loop, {"follow"})
    if ran:
        phone._client_state.query_string = f"code=ABC123&p=token-{session_id}"
        phone._client_state.page_script_hash = "participant"
    server.active[session_id] = phone
    push.FOLLOWERS.follow(room, session_id, "follow")
    return phone


def test_a_change_starts_the_check_of_each_phone_of_that_room_only(server) -> None:
    loop = Loop()
    first, second = _phone(server, loop, "s1", 1), _phone(server, loop, "s2", 1)
    elsewhere = _phone(server, loop, "s3", 2)
    push.push(1)
    assert not first.reruns  # nothing runs off the event loop
    loop.run()
    for phone, session_id in ((first, "s1"), (second, "s2")):
        (check,) = phone.reruns
        assert check.fragment_id == "follow" and check.is_auto_rerun
        assert check.query_string == f"code=ABC123&p=token-{session_id}"
        assert check.page_script_hash == "participant"
        assert not check.widget_states.widgets  # the phone keeps the values it has
    assert not elsewhere.reruns


def test_a_busy_phone_is_checked_once_its_own_run_is_over(server) -> None:
    loop = Loop()
    phone = _phone(server, loop, "s1", 1)
    phone._scriptrunner = object()  # sending a ballot, say
    push.push(1)
    loop.run()
    assert not phone.reruns and len(loop.later) == 1
    assert loop.later[0][0] == push.RETRY_S
    loop.run_later()
    assert not phone.reruns  # still busy: asked again
    phone._scriptrunner = None
    loop.run_later()
    assert len(phone.reruns) == 1 and not loop.later


def test_a_phone_busy_for_good_is_left_to_its_own_timer(server) -> None:
    loop = Loop()
    phone = _phone(server, loop, "s1", 1)
    phone._scriptrunner = object()
    push.push(1)
    loop.run()
    for _ in range(push.RETRIES + 5):
        loop.run_later()
    assert not phone.reruns and not loop.later


def test_phones_gone_moved_or_not_yet_drawn_get_no_check(server) -> None:
    loop = Loop()
    gone = _phone(server, loop, "gone", 1)
    del server.active["gone"]
    moved = _phone(server, loop, "moved", 1)
    moved.fragments.clear()  # its page changed: the check it had is not there any more
    fresh = _phone(server, loop, "fresh", 1, ran=False)
    push.push(1)
    loop.run()
    assert not gone.reruns and not moved.reruns and not fresh.reruns
    assert [s for s, _ in push.FOLLOWERS.of(1)] == ["moved", "fresh"]  # the gone one dropped


def test_a_session_follows_one_room_at_a_time() -> None:
    followers = push.Followers()
    followers.follow(1, "s", "f1")
    followers.follow(2, "s", "f2")
    assert followers.of(1) == [] and followers.of(2) == [("s", "f2")]
    followers.drop("s", 1)  # found gone from room 1: it follows room 2 now, and still does
    assert followers.of(2) == [("s", "f2")]
    followers.drop("s", 2)
    followers.drop("s", 2)
    assert followers.of(2) == [] and not followers._by_room and not followers._room_of


def test_without_a_server_nothing_is_pushed(monkeypatch) -> None:
    from streamlit import runtime

    monkeypatch.setattr(runtime, "exists", lambda: False)
    monkeypatch.setattr(runtime, "get_instance", lambda: pytest.fail("no server to ask"))
    push.push(1)
