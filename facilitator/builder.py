"""The Word documents are built in a worker process beside the server, not inside it.

Building them is CPU work that holds the GIL from start to end: python-docx, and vl-convert's
chart images (up to a third of a second each, while no other thread of the server runs). Built
in the server while a room voted, the three documents took up to 4.7 s instead of 1.5 s, and
every phone waited while a chart was drawn (make bench, issue 6). One worker process, started
on first use (or by `warm_up` when a facilitator opens the console), builds them on the other
core. When no worker can be had, the documents are built here, as before.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from exports import bundle
from facilitator.report import ReportData

_LOG = logging.getLogger(__name__)
TIMEOUT_S = 120  # the demo's three take about 1.5 s; a worker this slow is stuck
_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None


def _start_worker(server_pid: int) -> None:
    """In the worker, once: stop when the server stops, even when it is killed (SIGKILL) and
    cannot say so; a worker left behind would hold its memory and the log file."""
    # Ctrl-C in `make run` reaches the whole process group: the server stops, and stops this.
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch() -> None:
        while os.getppid() == server_pid:
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=watch, name="server-watch", daemon=True).start()


def _worker() -> ProcessPoolExecutor:
    global _pool  # the one worker of this process
    with _lock:
        if _pool is None:
            _pool = ProcessPoolExecutor(
                max_workers=1,
                # A fresh interpreter: the server's threads and locks do not come along.
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_worker,
                initargs=(os.getpid(),),
            )
        return _pool


def _discard(pool: ProcessPoolExecutor) -> None:
    global _pool  # the one worker of this process
    with _lock:
        if _pool is pool:
            _pool = None
    pool.shutdown(wait=False, cancel_futures=True)


def _ready() -> bool:
    return True


def warm_up() -> None:
    """Start the worker now, so that the first documents do not wait for it to load."""
    if _pool is not None:
        return
    try:
        _worker().submit(_ready)
    except (BrokenProcessPool, OSError, RuntimeError):
        _LOG.warning("no worker process for the documents; they will be built in the server")


def documents(data: ReportData) -> dict[str, bytes]:
    """model.docx, plan.docx and staff-card.docx, built by the worker (or here without one)."""
    pool = _worker()
    try:
        job = pool.submit(bundle.documents, data)  # starts the worker if it is not running
    except (BrokenProcessPool, OSError, RuntimeError):
        _LOG.warning("no worker process for the documents; building them in the server")
        _discard(pool)
        return bundle.documents(data)
    try:
        return job.result(timeout=TIMEOUT_S)
    except (BrokenProcessPool, TimeoutError):
        _LOG.warning("the documents' worker failed; building them in the server", exc_info=True)
        _discard(pool)
        return bundle.documents(data)
