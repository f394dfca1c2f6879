"""The single write path: a failed write leaves nothing behind, a busy file is reported."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator

import pytest

from facilitator import cli, participants, workshops
from facilitator.db import DatabaseBusy, Store
from facilitator.errors import InputClosed


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
    capsys: pytest.CaptureFixture[str], file_held_by_another_process: str
) -> None:
    argv = ["show", "--code", "ACD347", "--db", file_held_by_another_process]
    assert cli.main(argv) == 3
    assert "is in use by another process" in capsys.readouterr().err
