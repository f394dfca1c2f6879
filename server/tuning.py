"""What the server process needs to hold a full room (issue 6), set once when the server starts
(server/start.py's lifespan).

Every figure quoted here is from `make bench` (200 phones on the 2-core machine);
tests/unit/test_settings.py keeps the settings as they are.
"""

from __future__ import annotations

import contextvars
import gc
import logging
import os
import queue
import sys
import threading
from collections.abc import Callable
from typing import Any

from streamlit import config
from streamlit.runtime import app_session
from streamlit.runtime.scriptrunner.script_runner import ScriptRunner
from streamlit.runtime.scriptrunner_utils.script_run_context import SCRIPT_RUN_CONTEXT_ATTR_NAME

from server import flushing

# How long a thread may keep the GIL while another waits for it (Python's default is 5 ms).
# A tap waits for the GIL after each database call; with 200 phones' threads runnable, 5 ms
# turns into a queue behind the write lock. Measured: 5 ms gave the closing burst a p95 of
# 9.2 s, 0.5 ms 3.4 s (Streamlit's config lock then convoyed), 2 ms 1.2 s; with runs in line
# for a few workers, 5 ms was still worse (join storm p95 3.1 s against 1.8 s at 2 ms).
GIL_SWITCH_INTERVAL_S = 0.002

# Python's automatic garbage collection stops every thread while it scans; a full scan of a
# server holding Streamlit, DuckDB, Altair and 200 sessions is a pause a tap can fall into.
# What is loaded by the first page never goes away, so it is frozen out of every later scan,
# and young objects are scanned less often (ballot burst p95 351 -> 183 ms, closing burst p95
# 2.4 -> 1.2 s; thresholds of (50 000, 50, 100) measured no better).
GC_THRESHOLDS = (10_000, 20, 20)


def tune_process() -> None:
    sys.setswitchinterval(GIL_SWITCH_INTERVAL_S)
    read_config_without_lock()
    send_the_theme_from_memory()
    run_scripts_on_workers(after_first_run=freeze_what_is_loaded)
    flushing.flush_only_sessions_with_news()


def freeze_what_is_loaded() -> None:
    """Once the first page has run (its imports, the store, the catalogs are loaded), all of it
    is frozen out of every later scan. The server tunes itself before any page has run, so
    this waits for the first run's end, as it once waited for the first page to open the store.

    One line in the server's log says so, naming the thread: the proof, seen from outside,
    that the script workers run the pages (tests/integration/test_real_server.py)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
    print(f"{FIRST_RUN_LINE} {threading.current_thread().name}", file=sys.stderr, flush=True)


# The log line of `freeze_what_is_loaded`.
FIRST_RUN_LINE = "Kohtaamo: the first page ran, and what it loaded is frozen, on"


def read_config_without_lock() -> None:
    """Streamlit reads a config option under one process-wide lock, several times for every
    element it draws. With 200 sessions' script threads drawing at once, a thread that loses
    the GIL while holding that lock stalls all the others: in the join storm a fifth of the
    server's samples waited there (py-spy).

    The options are parsed once at start and then only read, so a read needs no lock. The one
    exception, a re-parse (Streamlit re-reads config.toml when the file changes), is fenced
    like a seqlock: the generation is odd while it runs, and a read that overlapped one goes
    through Streamlit's own locked path instead. Writes through `set_option` change one value
    in place, which a read sees whole.
    """
    if getattr(config.get_option, "lock_free", False):
        return
    locked_get_option = config.get_option
    parse = config.get_config_options
    generation = [0]  # odd while a re-parse runs

    def get_config_options(
        force_reparse: bool = False, options_from_flags: dict[str, Any] | None = None
    ) -> dict:
        if config._config_options and not force_reparse:
            return config._config_options
        generation[0] += 1
        try:
            return parse(force_reparse, options_from_flags)
        finally:
            generation[0] += 1

    def get_option(key: str) -> Any:
        before = generation[0]
        options = config._config_options
        option = options.get(key) if options else None
        if option is None or before % 2 or generation[0] != before:
            return locked_get_option(key)
        return option.value

    get_option.lock_free = True  # type: ignore[attr-defined]
    get_option.locked = locked_get_option  # type: ignore[attr-defined]
    get_config_options.parse = parse  # type: ignore[attr-defined]
    config.get_config_options = get_config_options
    config.get_option = get_option


def send_the_theme_from_memory() -> None:
    """Streamlit starts every run's first message with the app's theme, six sections of it,
    each found by going through all 300-odd config options and reading each theme option's
    value: a quarter of a millisecond per run, and every phone's check every few seconds is a
    run (about a sixth of the server's time in the join storm, yappi).

    The theme is made once per section and copied into each message after that. It comes from
    config.toml, which Streamlit reads at start and reads again only when the file changes,
    into a new dictionary of options: a section made from an older dictionary is made again.
    """
    if getattr(app_session._populate_theme_msg, "from_memory", False):
        return
    populate = app_session._populate_theme_msg
    made: dict[str, tuple[dict, Any]] = {}  # section -> (the options it came from, message)

    def populate_from_memory(msg: Any, section: str = "theme") -> None:
        options = config._config_options
        kept = made.get(section)
        if kept is None or kept[0] is not options or options is None:
            fresh = type(msg)()
            populate(fresh, section)
            kept = made[section] = (options, fresh)
        # Every message is new, so merging the section in sets what Streamlit would set; an
        # empty section is left out, as Streamlit leaves it (merging would mark it present).
        if kept[1].ByteSize():
            msg.MergeFrom(kept[1])

    populate_from_memory.from_memory = True  # type: ignore[attr-defined]
    populate_from_memory.original = populate  # type: ignore[attr-defined]
    app_session._populate_theme_msg = populate_from_memory


_LOG = logging.getLogger(__name__)
# How many script runs may execute at once (make bench: 2, 3, 4, 6 and 8 measured; 3 served
# the join storm and both bursts best). KOHTAAMO_SCRIPT_WORKERS overrides it, for measuring.
SCRIPT_WORKERS = int(os.environ.get("KOHTAAMO_SCRIPT_WORKERS", "3"))


class ScriptWorkers:
    """A few long-lived threads that run Streamlit's script runners, one at a time each; the
    other runners wait in line, without a thread, until a worker is free.

    Streamlit starts a new thread for every runner (each tap, and each phone's check every few
    seconds), from the event loop. Two costs came of it with a full room (make bench, py-spy):
    - `Thread.start()` waits until the new thread has had the GIL once, and the event loop,
      which serves every page load and every websocket, stood still in that wait (more than
      half of its samples in the closing burst);
    - Python hands the GIL round every thread that wants it, every switch interval: with
      dozens of script threads runnable, a thread back from DuckDB (which runs without the
      GIL) waited for all of them while holding the write lock, and so did the event loop.
    Here at most `count` runners execute at once, on threads that already exist; the work is
    the same, the queue for the GIL is short. Workers are daemons, as Streamlit's script
    threads are, so a hung script cannot block the exit.
    """

    def __init__(self, count: int, after_first_run: Callable[[], None] | None = None) -> None:
        self._jobs: queue.SimpleQueue[ScriptRunner] = queue.SimpleQueue()
        self.count = count
        # Called once, by the worker that ends the first run (under the lock: one of them).
        self._after_first_run = after_first_run
        self._first_lock = threading.Lock()
        self.runs = 0  # runs ended, for tests and for a look at a running server
        for n in range(count):
            threading.Thread(target=self._work, name=f"script-worker-{n}", daemon=True).start()

    def run(self, runner: ScriptRunner) -> None:
        """Queue `runner` for the next free worker; returns at once."""
        self._jobs.put(runner)

    def _work(self) -> None:
        thread = threading.current_thread()
        while True:
            runner: ScriptRunner | None = self._jobs.get()
            # Streamlit checks that its runner's code runs on the runner's own thread.
            runner._script_thread = thread
            try:
                # A context of its own, as a new thread would have: nothing of the previous
                # run's state (which fragment, which page) carries over.
                contextvars.Context().run(runner._run_script_thread)
            except Exception:
                _LOG.exception("a script run failed outside the script")
            finally:
                # Neither the finished runner nor its session is kept alive by this thread.
                runner = None
                setattr(thread, SCRIPT_RUN_CONTEXT_ATTR_NAME, None)
            self._ended_a_run()

    def _ended_a_run(self) -> None:
        with self._first_lock:
            self.runs += 1
            after, self._after_first_run = self._after_first_run, None
        if after is not None:
            # Outside the run's own guard: a failure here must not end this worker for good,
            # or the pool would shrink by one for the rest of the process's life.
            try:
                after()
            except Exception:
                _LOG.exception("the work after the first run failed")


def run_scripts_on_workers(
    count: int | None = None, after_first_run: Callable[[], None] | None = None
) -> ScriptWorkers:
    """Streamlit's runners run on `ScriptWorkers` instead of a new thread each."""
    if (workers := getattr(ScriptRunner.start, "workers", None)) is not None:
        return workers
    workers = ScriptWorkers(count or SCRIPT_WORKERS, after_first_run)
    original = ScriptRunner.start

    def start(runner: ScriptRunner) -> None:
        if type(runner) is not ScriptRunner:
            original(runner)  # a subclass (AppTest's) may join its runner's own thread
            return
        if runner._script_thread is not None:
            raise RuntimeError("ScriptRunner was already started")
        workers.run(runner)

    start.workers = workers  # type: ignore[attr-defined]
    start.original = original  # type: ignore[attr-defined]
    ScriptRunner.start = start  # type: ignore[method-assign]
    return workers
