"""The Word documents are built by a worker process beside the server (facilitator/builder.py)."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from docx import Document

from exports import bundle
from facilitator import builder, demo, report, workshops
from facilitator.db import Store


def _texts(blob: bytes) -> list[str]:
    return [p.text for p in Document(io.BytesIO(blob)).paragraphs]


@pytest.fixture(scope="module")
def finished():
    """The finished demo workshop's report data."""
    store = Store(":memory:")
    try:
        code = demo.create_demo(store)
        return report.gather(store, workshops.find_by_code(store, code).id)
    finally:
        store.close()


def test_the_worker_builds_the_same_documents_in_another_process(finished) -> None:
    built = builder.documents(finished)
    assert sorted(built) == sorted(bundle.FILES)
    here = bundle.documents(finished)
    for name, blob in built.items():
        assert _texts(blob) == _texts(here[name])
    workers = list(builder._pool._processes.values())
    assert workers and all(w.pid != os.getpid() and w.is_alive() for w in workers)


def test_a_worker_killed_mid_workshop_is_replaced_and_the_documents_still_come(finished) -> None:
    builder.warm_up()
    assert builder.documents(finished)
    pool = builder._pool
    for worker in list(pool._processes.values()):
        os.kill(worker.pid, signal.SIGKILL)
    time.sleep(0.5)
    assert sorted(builder.documents(finished)) == sorted(bundle.FILES)  # built here
    assert builder._pool is not pool
    assert sorted(builder.documents(finished)) == sorted(bundle.FILES)  # a new worker


def test_without_a_worker_the_documents_are_built_in_the_server(finished, monkeypatch) -> None:
    class NoProcesses:
        def submit(self, *args, **kwargs):
            raise OSError("no more processes")

        def shutdown(self, **kwargs) -> None:
            pass

    monkeypatch.setattr(builder, "_pool", NoProcesses())
    assert sorted(builder.documents(finished)) == sorted(bundle.FILES)
    assert builder._pool is None


def test_the_worker_goes_quietly_with_a_server_stopped_hard(tmp_path: Path) -> None:
    """A SIGKILLed server leaves no worker behind, and nothing in its log."""
    probe = (
        "import sys, time; from facilitator import builder; builder.warm_up();"
        " builder._pool.submit(builder._ready).result(60);"
        " print(*[p.pid for p in builder._pool._processes.values()], flush=True);"
        " time.sleep(60)"
    )
    log = tmp_path / "server.log"
    root = Path(__file__).resolve().parents[2]
    with log.open("w") as err:
        server = subprocess.Popen(
            [sys.executable, "-c", probe], cwd=root, stdout=subprocess.PIPE, stderr=err, text=True
        )
        (worker,) = map(int, server.stdout.readline().split())
        server.kill()
        server.wait(10)
        deadline = time.monotonic() + 10
        while Path(f"/proc/{worker}").exists() and time.monotonic() < deadline:
            time.sleep(0.1)
    state = Path(f"/proc/{worker}/stat")
    assert not state.exists() or state.read_text().split(")")[1].split()[0] == "Z"
    assert "Traceback" not in log.read_text()
