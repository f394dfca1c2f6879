"""The Word documents are built by a worker process beside the server (exports/builder.py)."""

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

from exports import builder, bundle
from facilitator.data import demo
from facilitator.room import workshops
from facilitator.steps import report


def _texts(blob: bytes) -> list[str]:
    return [p.text for p in Document(io.BytesIO(blob)).paragraphs]


@pytest.fixture(scope="module")
def finished(make_module_store):
    """The finished demo workshop's report data."""
    store = make_module_store()
    code = demo.create_demo(store)
    return report.gather(store, workshops.find_by_code(store, code).id)


def _alive(pid: int) -> bool:
    state = Path(f"/proc/{pid}/stat")
    return state.exists() and state.read_text().rsplit(")", 1)[1].split()[0] != "Z"


def test_the_worker_builds_the_same_documents_in_another_process(finished) -> None:
    built = builder.documents(finished)
    assert sorted(built) == sorted(bundle.FILES)
    here = bundle.documents(finished)
    for name, blob in built.items():
        assert _texts(blob) == _texts(here[name])
    assert builder.WORKER.pid not in (None, os.getpid()) and _alive(builder.WORKER.pid)


def test_a_worker_killed_mid_workshop_is_replaced_and_the_documents_still_come(finished) -> None:
    builder.warm_up()
    first = builder.WORKER.pid
    os.kill(first, signal.SIGKILL)
    # Killed and gone, as a worker the system stopped for memory a while ago is.
    assert builder.WORKER._process is not None
    builder.WORKER._process.wait(timeout=10)
    assert sorted(builder.documents(finished)) == sorted(bundle.FILES)  # a new worker's
    assert builder.WORKER.pid != first and _alive(builder.WORKER.pid)


def test_without_a_worker_the_documents_are_built_in_the_server(finished, monkeypatch) -> None:
    def no_processes(*args, **kwargs):
        raise OSError("no more processes")

    builder.WORKER.stop()
    monkeypatch.setattr(builder.subprocess, "Popen", no_processes)
    builder.warm_up()  # says so in the log, and does not fail the page
    assert sorted(builder.documents(finished)) == sorted(bundle.FILES)


def test_a_job_that_fails_in_the_worker_is_answered_not_fatal() -> None:
    jobs, answers = io.BytesIO(), io.BytesIO()
    builder._send(jobs, "not report data")
    jobs.seek(0)
    builder.serve(jobs, answers)  # answers, then ends with the pipe
    answers.seek(0)
    ok, message = builder._receive(answers)
    assert not ok and "Error" in message


def test_the_worker_goes_quietly_with_a_server_stopped_hard(tmp_path: Path, wait_until) -> None:
    """A SIGKILLed server leaves no worker behind, and nothing in its log."""
    probe = (
        "import time; from exports import builder; builder.warm_up();"
        " print(builder.WORKER.pid, flush=True); time.sleep(60)"
    )
    log = tmp_path / "server.log"
    root = Path(__file__).resolve().parents[2]
    with log.open("w") as err:
        server = subprocess.Popen(
            [sys.executable, "-c", probe], cwd=root, stdout=subprocess.PIPE, stderr=err, text=True
        )
        worker = int(server.stdout.readline())
        assert _alive(worker)
        server.kill()
        server.wait(10)
        wait_until(lambda: not _alive(worker))
    assert not _alive(worker)
    assert "Traceback" not in log.read_text()


def test_documents_that_fail_in_the_worker_are_not_built_again_in_the_server(
    finished, monkeypatch, caplog
) -> None:
    """A failure there would be a failure here, with the server's GIL held meanwhile: the
    facilitator is asked to try again, and the log says why."""
    built_here: list[object] = []
    monkeypatch.setattr(builder.bundle, "documents", lambda data: built_here.append(data))
    with pytest.raises(builder.BuildFailed) as refused:
        builder.documents("not report data")
    assert refused.value.key == "error.generic" and not built_here
    assert "building the documents failed" in caplog.text
    assert sorted(builder.documents(finished)) == sorted(bundle.FILES)  # the worker goes on


def test_a_stuck_worker_is_stopped_and_the_facilitator_asked_to_try_again(
    finished, monkeypatch
) -> None:
    monkeypatch.setattr(builder, "TIMEOUT_S", 0.01)
    with pytest.raises(builder.BuildFailed):
        builder.documents(finished)
    monkeypatch.setattr(builder, "TIMEOUT_S", 120)
    assert sorted(builder.documents(finished)) == sorted(bundle.FILES)


def test_warming_up_never_waits_for_a_build_in_progress() -> None:
    builder.WORKER._lock.acquire()
    try:
        started = time.perf_counter()
        builder.warm_up()
        assert time.perf_counter() - started < 0.5
    finally:
        builder.WORKER._lock.release()
