"""The single write path: a failed write leaves nothing behind, a busy file is reported."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator

import duckdb
import psycopg
import pytest
from postgres_leg import Stores

from facilitator.errors import InputClosed
from facilitator.room import workshops
from facilitator.steps import participants
from facilitator.store.db import DatabaseBusy, Store
from kohtaamo import cli


class Boom(Exception):
    pass


def test_a_write_that_fails_halfway_is_rolled_back(
    any_store: Store, make_workshop: Callable[..., tuple]
) -> None:
    workshop, _ = make_workshop(any_store)
    with pytest.raises(Boom), any_store.write() as cur:
        cur.execute("UPDATE workshops SET title = 'half-done' WHERE id = ?", [workshop.id])
        raise Boom
    assert workshops.get(any_store, workshop.id).title == workshop.title


def test_the_store_keeps_writing_after_a_refused_write(
    store: Store, make_workshop: Callable[..., tuple]
) -> None:
    workshop, key = make_workshop(store)
    workshops.set_joining_open(store, key, False)
    with pytest.raises(InputClosed):
        participants.join(store, workshop, "frontline")
    workshops.set_joining_open(store, key, True)
    participants.join(store, workshop, "frontline")
    assert sum(participants.counts_by_role(store, workshop.id).values()) == 1


@pytest.fixture
def file_held_by_another_process(file_store_path: str) -> Iterator[str]:
    # DuckDB's own: one process holds its file. PostgreSQL serves many (test_two_processes.py).
    Store(file_store_path).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, duckdb; c = duckdb.connect(sys.argv[1]); print('ready', flush=True);"
            " sys.stdin.read()",
            file_store_path,
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "ready"
        yield file_store_path
    finally:
        holder.communicate(timeout=30)


def test_a_database_file_in_use_by_another_process_is_reported_as_busy(
    file_held_by_another_process: str,
) -> None:
    with pytest.raises(DatabaseBusy):
        Store(file_held_by_another_process)


def test_the_cli_exits_3_when_the_app_holds_the_database(
    capsys: pytest.CaptureFixture[str],
    file_held_by_another_process: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LC_ALL", "C")  # the English message, whatever the machine's locale
    argv = ["show", "--code", "ACD347", "--db", file_held_by_another_process]
    assert cli.main(argv) == 3
    assert "is in use by another process" in capsys.readouterr().err


def test_statements_sent_at_once_are_committed_together_and_each_gets_its_own_rows(
    any_store: Store,
) -> None:
    import threading

    any_store.write_one("CREATE TABLE taps (n INTEGER PRIMARY KEY)", [])
    any_store.write_one("INSERT INTO taps VALUES (-1)", [])
    results: dict[int, object] = {}
    start = threading.Barrier(40)

    def tap(n: int) -> None:
        start.wait()
        # Every fifth one breaks the primary key: it alone fails, the rest of its batch stands.
        value = -1 if n % 5 == 4 else n
        try:
            results[n] = any_store.write_one("INSERT INTO taps VALUES (?) RETURNING n", [value])
        except Exception as exc:  # the caller's own error
            results[n] = exc

    threads = [threading.Thread(target=tap, args=(n,)) for n in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    for n, got in results.items():
        if n % 5 == 4:
            assert isinstance(got, Exception), n
        else:
            assert got == [(n,)], n
    with any_store.read() as cur:
        stored = [row[0] for row in cur.execute("SELECT n FROM taps ORDER BY n").fetchall()]
    assert stored == [-1, *(n for n in range(40) if n % 5 != 4)]


def test_many_threads_sending_at_once_share_fewer_transactions_than_statements(
    any_store: Store,
) -> None:
    """The group commit, seen by the engine itself: each row records the transaction that
    stored it (txid_current() on both engines); every send is in, once, in fewer transactions."""
    import threading

    any_store.write_one("CREATE TABLE sends (n INTEGER PRIMARY KEY, tx BIGINT NOT NULL)", [])
    start = threading.Barrier(SENDERS)

    def send(n: int) -> None:
        start.wait()
        for round_ in range(ROUNDS):
            any_store.write_one(
                "INSERT INTO sends VALUES (?, txid_current())", [n * ROUNDS + round_]
            )

    threads = [threading.Thread(target=send, args=(n,)) for n in range(SENDERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    with any_store.read() as cur:
        stored = cur.execute("SELECT n, tx FROM sends ORDER BY n").fetchall()
    assert [n for n, _ in stored] == list(range(SENDERS * ROUNDS))
    transactions = len({tx for _, tx in stored})
    assert transactions < SENDERS * ROUNDS, "a group commit stores many sends per transaction"


SENDERS, ROUNDS = 40, 5


def test_a_statement_alone_in_its_batch_commits_by_itself_and_a_failing_one_fails_alone(
    make_store: Stores,
):
    """write_one without a queue behind it: one database call, committed (a new Store on the
    same database sees it), and an error goes to its sender only."""
    path = make_store.target()
    store = Store(path)
    with store.write() as cur:
        cur.execute("CREATE TABLE t (i INTEGER PRIMARY KEY)")
    assert store.write_one("INSERT INTO t VALUES (?) RETURNING i", [1]) == [(1,)]
    with pytest.raises((duckdb.ConstraintException, psycopg.errors.UniqueViolation)):
        store.write_one("INSERT INTO t VALUES (?) RETURNING i", [1])
    assert store.write_one("INSERT INTO t VALUES (?) RETURNING i", [2]) == [(2,)]
    store.close()
    again = Store(path)
    with again.read() as cur:
        assert cur.execute("SELECT list(i ORDER BY i) FROM t").fetchone()[0] == [1, 2]
    again.close()


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="DuckDB's default is one thread here")
def test_the_store_runs_each_query_on_one_thread(tmp_path) -> None:
    """A room's queries are small: DuckDB's pool of threads only cost the app's cores more.
    (DuckDB's own setting: a PostgreSQL server runs each query in its own backend.)"""
    store = Store(str(tmp_path / "k.duckdb"))
    try:
        with store.read() as cur:
            assert cur.execute("SELECT current_setting('threads')").fetchone() == (1,)
    finally:
        store.close()
