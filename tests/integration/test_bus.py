"""Changes reach every process: two stores on one PostgreSQL database stand for two app
processes (and one test a real second process); what one changes, the other's phones and caches
hear of (facilitator/store/bus.py). In milliseconds: bench/bus.py measures it; the tests wait up
to 10 s, for a machine that is busy."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest

from facilitator.domain import Role
from facilitator.room import workshops
from facilitator.steps import observations
from facilitator.store import bus, notices
from facilitator.store.db import Store
from kohtaamo.postgres import LocalPostgres, binaries

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def url(postgres_server) -> Iterator[str]:
    """One schema both stores open: one database shared by two processes."""
    address, schema = postgres_server.fresh_url()
    yield address
    postgres_server.drop(schema)


@pytest.fixture
def open_store(url: str) -> Iterator[Callable[[], Store]]:
    opened: list[Store] = []

    def open_one() -> Store:
        opened.append(Store(url))
        return opened[-1]

    yield open_one
    for s in opened:
        s.close()


class Heard:
    """A listener that counts the state changes it is told of, per workshop."""

    def __init__(self, s: Store) -> None:
        self.calls: list[int] = []
        self._lock = threading.Lock()
        s.live.listen(self)

    def __call__(self, workshop_id: int) -> None:
        with self._lock:
            self.calls.append(workshop_id)

    def count(self, workshop_id: int) -> int:
        with self._lock:
            return self.calls.count(workshop_id)


def test_a_state_change_on_one_process_reaches_the_listeners_of_another_within_a_second(
    open_store: Callable[[], Store], wait_until: Callable[..., bool]
) -> None:
    a, b = open_store(), open_store()
    heard = Heard(b)
    a.live.bump_state(7)
    assert wait_until(lambda: heard.count(7) == 1, timeout_s=10)
    assert b.live.state_version(7) == 1


def test_a_cached_read_on_another_process_reloads_after_a_content_change(
    open_store: Callable[[], Store],
    make_workshop: Callable[..., tuple],
    make_participant: Callable[..., tuple],
    submit: Callable[..., observations.Observation],
    wait_until: Callable[..., bool],
) -> None:
    a, b = open_store(), open_store()
    workshop, key = make_workshop(a)
    workshops.set_step(a, key, "observe")
    assert observations.list_visible(b, workshop.id) == ()  # now cached on B
    before = b.live.content_version(workshop.id)
    me, _ = make_participant(a, workshop)
    submit(a, me, "Greeted at the door")
    assert wait_until(lambda: b.live.content_version(workshop.id) > before, timeout_s=10)
    assert [o.text for o in observations.list_visible(b, workshop.id)] == ["Greeted at the door"]


def test_a_process_is_not_told_its_own_change_again(
    open_store: Callable[[], Store], wait_until: Callable[..., bool]
) -> None:
    a, b = open_store(), open_store()
    on_a, on_b = Heard(a), Heard(b)
    a.live.bump_state(3)
    assert wait_until(lambda: on_b.count(3) == 1, timeout_s=10)
    # B answers about another room once it heard A; PostgreSQL delivers in order, so when A
    # hears B's answer it has read its own notification too, and must not have applied it.
    b.live.bump_state(4)
    assert wait_until(lambda: on_a.count(4) == 1, timeout_s=10)
    assert (on_a.count(3), a.live.state_version(3)) == (1, 1)
    assert (on_b.count(4), b.live.state_version(4)) == (1, 1)  # B's own, once


def test_a_burst_of_inputs_goes_out_in_a_few_notifications(
    open_store: Callable[[], Store], wait_until: Callable[..., bool]
) -> None:
    a, b = open_store(), open_store()
    started = time.monotonic()
    for i in range(300):  # ballots as a room sends them: one a millisecond
        a.live.bump_data(i % 3 + 1)
        time.sleep(0.001)
    a.live.bump_state(3)
    assert wait_until(lambda: b.live.state_version(3) == 1, timeout_s=10)
    # Each room's result views on B follow: its data version moved (once per notification).
    assert all(b.live.data_version(w) >= 1 for w in (1, 2, 3))
    # Inputs gather for 50 ms: one notification for each 50 ms of the burst, and the marker.
    assert a._bus.notifications <= (time.monotonic() - started) / bus.GATHER_INPUTS_S + 2


def test_a_forgotten_workshop_is_forgotten_by_the_other_process(
    open_store: Callable[[], Store], wait_until: Callable[..., bool]
) -> None:
    a, b = open_store(), open_store()
    b.live.remember_code("ABC234", 9)
    b.live.cached(9, "workshop", lambda: "the workshop")
    b.live.keep_row(9, "participant", "someone")
    a.live.forget(9)
    assert wait_until(lambda: b.live.workshop_with_code("ABC234") is None, timeout_s=10)
    assert b.live.row(9, "participant") is None
    assert b.live.cached(9, "workshop", lambda: "read again") == "read again"


def test_a_listener_whose_connection_is_killed_reconnects_and_catches_up(
    open_store: Callable[[], Store],
    postgres_server,
    wait_until: Callable[..., bool],
    caplog: pytest.LogCaptureFixture,
) -> None:
    a, b = open_store(), open_store()
    on_b = Heard(b)
    for workshop_id in (1, 2):
        b.live.bump_data(workshop_id)  # B holds something of both rooms
    assert wait_until(lambda: a.live.data_version(2) == 1, timeout_s=10)
    pid = b._bus._listener_conn.info.backend_pid
    with caplog.at_level(logging.WARNING, logger="facilitator.store.bus"):
        with psycopg.connect(postgres_server.url, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", [pid])
        # Whatever it missed meanwhile, B tells every phone of both rooms to look again.
        assert wait_until(lambda: b._bus.reconnections == 1, timeout_s=5)
        assert on_b.count(1) == on_b.count(2) == 1
        assert b.live.state_version(1) == b.live.state_version(2) == 1
        a.live.bump_state(2)
        assert wait_until(lambda: on_b.count(2) == 2, timeout_s=10)
    assert b._bus._listener_conn.info.backend_pid != pid
    told = [r for r in caplog.records if r.name == "facilitator.store.bus"]
    assert len(told) == 1
    assert "2 workshops redrawn" in told[0].getMessage()


def test_a_sender_whose_connection_is_killed_sends_on_a_new_one(
    open_store: Callable[[], Store], postgres_server, wait_until: Callable[..., bool]
) -> None:
    a, b = open_store(), open_store()
    on_b = Heard(b)
    a.live.bump_state(1)
    assert wait_until(lambda: on_b.count(1) == 1, timeout_s=10)
    with psycopg.connect(postgres_server.url, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [a._bus._sender_conn.info.backend_pid])
    a.live.bump_state(1)
    assert wait_until(lambda: on_b.count(1) == 2, timeout_s=10)


def test_both_sides_come_back_after_the_server_restarts(
    postgres_server, wait_until: Callable[..., bool]
) -> None:
    # A server of this test's own: restarting the session's would cut every other test's.
    if binaries() is None:  # a server was given (KOHTAAMO_TEST_POSTGRES), no programs here
        if os.environ.get("CI") == "true":
            pytest.fail("PostgreSQL's programs are missing (CI must run this)", pytrace=False)
        pytest.skip("PostgreSQL's programs are missing: no server of this test's own")
    local = LocalPostgres(Path(tempfile.mkdtemp(prefix="kohtaamo-test-bus-")), throwaway=True)
    url = local.start()
    a = b = None
    try:
        a, b = Store(url), Store(url)
        on_b = Heard(b)
        a.live.bump_state(1)
        assert wait_until(lambda: on_b.count(1) == 1, timeout_s=10)
        local.restart()
        # B cannot know what it missed while the server was away: its rooms redraw.
        assert wait_until(lambda: on_b.count(1) == 2, timeout_s=5)
        a.live.bump_state(1)  # A's idle sender finds its connection gone and connects anew
        assert wait_until(lambda: on_b.count(1) == 3, timeout_s=2)
    finally:
        for s in (a, b):
            if s is not None:
                s.close()
        local.stop("immediate")
        shutil.rmtree(local.folder, ignore_errors=True)


def test_a_change_made_by_another_os_process_reaches_this_one(
    open_store: Callable[[], Store], url: str, wait_until: Callable[..., bool]
) -> None:
    here = open_store()
    heard = Heard(here)
    # The script ends without closing its store: its last changes still go out at exit.
    script = textwrap.dedent(
        f"""
        from facilitator.store.db import Store
        store = Store({url!r})
        store.live.bump_content(41)
        store.live.bump_state(42)
        """
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, timeout=60
    )
    assert done.returncode == 0, done.stderr.decode()
    assert wait_until(lambda: heard.count(42) == 1, timeout_s=10)
    assert here.live.content_version(41) == 1
    assert here.live.state_version(41) == 0


def test_closing_the_store_sends_what_is_gathered_and_stops_the_bus(
    open_store: Callable[[], Store], url: str, wait_until: Callable[..., bool]
) -> None:
    a, b = open_store(), open_store()
    # A long gathering window: only the close can have sent this change in time.
    a._bus._gather_s = 30
    a.live.bump_data(5)
    threads = (a._bus._sender, a._bus._listener)
    a.close()
    assert not any(t.is_alive() for t in threads)
    assert wait_until(lambda: b.live.data_version(5) == 1, timeout_s=10)
    a.live.bump_data(6)  # after the close: nothing is sent, nothing fails


def test_a_duckdb_store_starts_no_bus_and_never_loads_psycopg(tmp_path: Path) -> None:
    script = textwrap.dedent(
        """
        import sys, threading
        from facilitator.store.db import Store
        store = Store(":memory:")
        store.live.bump_state(1)
        store.close()
        assert store._bus is None
        assert "psycopg" not in sys.modules, "psycopg was imported"
        assert threading.active_count() == 1, threading.enumerate()
        """
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, timeout=60
    )
    assert done.returncode == 0, done.stderr.decode()


def test_every_payload_a_room_sends_names_only_kinds_ids_and_the_token(
    open_store: Callable[[], Store],
    make_workshop: Callable[..., tuple],
    make_participant: Callable[..., tuple],
    submit: Callable[..., observations.Observation],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sent: list[str] = []
    real = notices.encode

    def spy(token: str, changes: dict) -> list[str]:
        payloads = real(token, changes)
        sent.extend(payloads)
        return payloads

    monkeypatch.setattr(notices, "encode", spy)
    a = open_store()
    workshop, key = make_workshop(a, title="Secret title", organisation="Secret Oy")
    workshops.set_step(a, key, "observe")
    me, _ = make_participant(a, workshop, Role.MANAGEMENT, "Secret Name")
    submit(a, me, "A secret text")
    a.close()
    assert sent
    for payload in sent:
        assert notices.PAYLOAD_SHAPE.fullmatch(payload), payload
        assert "Secret" not in payload and workshop.code not in payload
