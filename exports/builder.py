"""The Word documents are built in a worker process beside the server, not inside it.

Building them is CPU work that holds the GIL from start to end: python-docx, and vl-convert's
chart images (up to a third of a second each, while no other thread of the server runs). Built
in the server while a room voted, the three documents took up to 4.7 s instead of 1.5 s, and
every phone waited while a chart was drawn (make bench, issue 6). One worker process, started
on first use (or by `warm_up` when a facilitator opens the console), builds them on the other
core. When no worker can be had, the documents are built here, as before.

The worker is a plain `python -m exports.builder` reading jobs from its stdin, not a
`multiprocessing` pool: those start by importing the parent's `__main__`, which in a Streamlit
server is the page that happened to run last.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import signal
import struct
import subprocess
import sys
import threading
from pathlib import Path
from typing import IO, Any

from exports import bundle
from facilitator.errors import KohtaamoError
from facilitator.followup.summary import FollowUp
from facilitator.steps.report import ReportData

_LOG = logging.getLogger(__name__)
TIMEOUT_S = 120  # the demo's three take about 1.5 s; a worker this slow is stuck
ROOT = Path(__file__).resolve().parents[1]
_HEADER = struct.Struct("!Q")


class WorkerFailed(Exception):
    """The worker could not build the documents (it is gone, stuck, or answered nonsense)."""


class BuildFailed(KohtaamoError):
    """Building the documents failed in the worker, or took too long: it would here too. The
    facilitator is asked to try again; the log has the reason."""


def _send(stream: IO[bytes], value: Any) -> None:
    blob = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(blob)) + blob)
    stream.flush()


def _receive(stream: IO[bytes]) -> Any:
    head = stream.read(_HEADER.size)
    if len(head) < _HEADER.size:
        raise EOFError
    (size,) = _HEADER.unpack(head)
    blob = stream.read(size)
    if len(blob) < size:
        raise EOFError
    return pickle.loads(blob)  # noqa: S301 - our own worker, over its own pipe


class Worker:
    """One worker process and the pipe to it; one job at a time."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._process: subprocess.Popen | None = None

    @property
    def pid(self) -> int | None:
        return None if self._process is None else self._process.pid

    def start(self) -> None:
        """Start the worker unless it runs (it loads the builders before its first job). Never
        waits for a build in progress: each console page calls this."""
        if not self._lock.acquire(blocking=False):
            return  # busy building: it runs
        try:
            self._running()
        finally:
            self._lock.release()

    def build(self, data: ReportData, follow: FollowUp | None = None) -> dict[str, bytes]:
        with self._lock:
            process = self._running()
            stuck = threading.Event()
            timer = threading.Timer(TIMEOUT_S, lambda: (stuck.set(), process.kill()))
            timer.start()
            try:
                _send(process.stdin, (data, follow))
                ok, value = _receive(process.stdout)
            except Exception as err:  # the pipe is in an unknown state: a new worker next time
                self._stop()
                if stuck.is_set():
                    _LOG.error("the documents took over %s s; the worker was stopped", TIMEOUT_S)
                    raise BuildFailed() from err
                raise WorkerFailed(f"{type(err).__name__}: {err}") from err
            finally:
                timer.cancel()
        if not ok:
            _LOG.error("building the documents failed: %s", value)
            raise BuildFailed()
        return value

    def stop(self) -> None:
        with self._lock:
            self._stop()

    def _running(self) -> subprocess.Popen:
        if self._process is None or self._process.poll() is not None:
            self._process = subprocess.Popen(
                [sys.executable, "-m", "exports.builder"],
                cwd=ROOT,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
            )
        return self._process

    def _stop(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.wait()
            for pipe in (self._process.stdin, self._process.stdout):
                with contextlib.suppress(OSError):  # unsent bytes on a broken pipe
                    pipe.close()
            self._process = None


WORKER = Worker()


def warm_up() -> None:
    """Start the worker now, so that the first documents do not wait for it to load."""
    try:
        WORKER.start()
    except OSError:
        _LOG.warning("no worker process for the documents; they will be built in the server")


def documents(data: ReportData, follow: FollowUp | None = None) -> dict[str, bytes]:
    """model.docx, plan.docx and staff-card.docx, and followup.docx when the follow-up is given,
    built by the worker (or here without one)."""
    try:
        return WORKER.build(data, follow)
    except (OSError, WorkerFailed):
        # Not after a build that failed in the worker (BuildFailed goes up to the page's error
        # handling): the same data would fail here, with the server's GIL held meanwhile.
        _LOG.warning("the documents' worker failed; building them in the server", exc_info=True)
        return bundle.documents(data, follow)


def serve(jobs: IO[bytes], answers: IO[bytes]) -> None:
    """The worker's loop: report data (and the follow-up, or None) in, the documents out, until
    the server closes the pipe (it stops, or it is killed: the worker then goes too)."""
    while True:
        try:
            job = _receive(jobs)
        except EOFError:
            return
        try:
            data, follow = job
            answer = (True, bundle.documents(data, follow))
        except Exception as err:  # the server logs it and asks the facilitator to try again
            answer = (False, f"{type(err).__name__}: {err}")
        _send(answers, answer)


if __name__ == "__main__":
    # Ctrl-C in `make run` reaches the whole process group: the server stops, and this with it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # The answers get stdout to themselves: anything printed goes to stderr, the server's log.
    answers = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    serve(sys.stdin.buffer, answers)
