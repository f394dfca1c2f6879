"""What the server process needs to hold a full room (issue 6), set once when it opens the store.

Every figure quoted here is from `make bench` (200 phones on the 2-core machine);
tests/unit/test_settings.py keeps the settings as they are.
"""

from __future__ import annotations

import gc
import logging
import os
import sys
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from streamlit import config
from streamlit.runtime.scriptrunner.script_runner import ScriptRunner

# How long a thread may keep the GIL while another waits for it (Python's default is 5 ms).
# A tap waits for the GIL after each database call; with 200 phones' threads runnable, 5 ms
# turns into a queue behind the write lock. Measured: 5 ms gave the closing burst a p95 of
# 9.2 s, 0.5 ms 3.4 s (Streamlit's config lock then convoyed), 2 ms 1.2 s.
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
    start_script_threads_off_the_event_loop()
    take_turns_at_running_scripts()
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


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


# Threads that start the script threads; a start waits for the new thread's first turn.
SCRIPT_STARTERS = 4
_LOG = logging.getLogger(__name__)


def start_script_threads_off_the_event_loop() -> None:
    """Streamlit starts a new thread for every run (each tap, each phone's 3-second check),
    from the event loop, and `Thread.start()` waits until the new thread has had the GIL once.
    With a room's threads queueing for the GIL, the event loop, which serves every page load
    and every websocket, stood still in that wait: in the closing burst more than half of its
    samples were there (py-spy). A few starter threads do the waiting instead; the run itself
    is Streamlit's, unchanged.
    """
    if getattr(ScriptRunner.start, "off_the_event_loop", False):
        return
    start_here = ScriptRunner.start
    starters = ThreadPoolExecutor(SCRIPT_STARTERS, thread_name_prefix="script-starter")

    def start(runner: ScriptRunner) -> None:
        starters.submit(start_here, runner).add_done_callback(_log_failure)

    start.off_the_event_loop = True  # type: ignore[attr-defined]
    ScriptRunner.start = start  # type: ignore[method-assign]


def _log_failure(started: Future) -> None:
    if (error := started.exception()) is not None:
        _LOG.error("a script run could not start", exc_info=error)


# How many script runs may execute at once; the others wait for a turn without asking for the
# GIL. KOHTAAMO_SCRIPT_TURNS overrides it (for measuring).
SCRIPT_TURNS = int(os.environ.get("KOHTAAMO_SCRIPT_TURNS", "4"))


def take_turns_at_running_scripts(turns: int | None = None) -> None:
    """Python hands the GIL round the threads that want it, every switch interval. With 200
    phones tapping, dozens of script threads want it at once, so a thread coming back from
    the database (which runs without the GIL) waits for all of them, while holding the write
    lock every other tap waits for; the event loop, which serves the page loads and the
    websockets, waits the same way. A run therefore waits for its turn among a few, as one
    would at a counter: the work is the same, the queue for the GIL is short.
    """
    if getattr(ScriptRunner._run_script, "takes_turns", False):
        return
    run_here = ScriptRunner._run_script
    turn = threading.BoundedSemaphore(turns or SCRIPT_TURNS)

    def _run_script(runner: ScriptRunner, rerun_data: Any) -> None:
        with turn:
            run_here(runner, rerun_data)

    _run_script.takes_turns = True  # type: ignore[attr-defined]
    ScriptRunner._run_script = _run_script  # type: ignore[method-assign]
