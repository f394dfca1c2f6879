"""The production settings the load figures depend on (issue 6) stay as they are."""

from __future__ import annotations

import contextvars
import copy
import threading
import time
import tomllib
from pathlib import Path

import pytest

CONFIG = Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml"


def config() -> dict:
    return tomllib.loads(CONFIG.read_text())


def test_the_forced_garbage_collection_after_every_script_run_is_off():
    assert config()["runner"]["postScriptGC"] is False


def test_no_file_watcher_runs_in_the_room():
    assert config()["server"]["fileWatcherType"] == "none"


def test_no_usage_statistics_are_sent():
    assert config()["browser"]["gatherUsageStats"] is False


def test_phones_get_the_minimal_toolbar():
    assert config()["client"]["toolbarMode"] == "minimal"


def test_streamlit_knows_every_option_we_set():
    from streamlit import config as st_config

    known = set(st_config._config_options_template)
    for section, options in config().items():
        if section == "theme":
            continue
        for option in options:
            assert f"{section}.{option}" in known


def test_the_server_tunes_its_process_once_when_its_runtime_starts(monkeypatch, run_apart):
    """Measured in make bench: at Python's 5 ms switch interval a tap waited its turn behind
    200 phones' threads after every database call (2 ms cut the closing burst's p95
    several-fold), and garbage-collection pauses made the slowest taps. The server's lifespan
    tunes (server/start.py); what the first page loaded is frozen once that page has run."""
    import gc
    import sys

    from server import start, tuning

    assert tuning.GIL_SWITCH_INTERVAL_S == 0.002
    assert tuning.GC_THRESHOLDS[0] >= 10 * 700  # young objects scanned far less often
    calls: list[tuple] = []
    monkeypatch.setattr(sys, "setswitchinterval", lambda s: calls.append(("switch", s)))
    monkeypatch.setattr(tuning, "read_config_without_lock", lambda: calls.append(("config",)))
    monkeypatch.setattr(tuning, "send_the_theme_from_memory", lambda: calls.append(("theme",)))
    monkeypatch.setattr(
        tuning,
        "run_scripts_on_workers",
        lambda after_first_run: calls.append(("workers", after_first_run)),
    )
    monkeypatch.setattr(
        tuning.flushing, "flush_only_sessions_with_news", lambda: calls.append(("news",))
    )

    async def serve_briefly() -> None:
        async with start.lifespan(object()):
            calls.append(("serving",))

    # Apart: after a browser test Playwright keeps a loop running in this thread.
    run_apart(serve_briefly())
    assert calls == [
        ("switch", tuning.GIL_SWITCH_INTERVAL_S),
        ("config",),
        ("theme",),
        ("workers", tuning.freeze_what_is_loaded),
        ("news",),
        ("serving",),
    ]
    calls.clear()
    monkeypatch.setattr(gc, "freeze", lambda: calls.append(("freeze",)))
    monkeypatch.setattr(gc, "set_threshold", lambda *t: calls.append(("threshold", *t)))
    tuning.freeze_what_is_loaded()
    assert calls == [("freeze",), ("threshold", *tuning.GC_THRESHOLDS)]


def test_opening_the_database_tunes_nothing_and_only_hands_changes_to_the_push(
    tmp_path, monkeypatch
):
    """Issue 16: the process is tuned by the server's entry, never as a side effect of a page
    opening the store (a page test runs Streamlit untouched)."""
    from pages.widgets import database
    from server import push, tuning

    monkeypatch.setattr(tuning, "tune_process", lambda: pytest.fail("tuned on opening"))
    pushed: list[int] = []
    monkeypatch.setattr(push, "push", pushed.append)
    database._open_store.clear()
    store = database._open_store(str(tmp_path / "k.duckdb"))
    try:
        store.live.bump_state(7)
    finally:
        store.close()
        database._open_store.clear()
    assert pushed == [7]


@pytest.fixture
def streamlit_config(monkeypatch):
    """Streamlit's config module with its own locked reads (an app test in the same process
    may have tuned it already), put back as it was after the test."""
    from streamlit import config as st_config

    get_option, parse = st_config.get_option, st_config.get_config_options
    monkeypatch.setattr(st_config, "get_option", getattr(get_option, "locked", get_option))
    monkeypatch.setattr(st_config, "get_config_options", getattr(parse, "parse", parse))
    return st_config


def test_config_reads_without_the_lock_give_what_streamlit_gives(streamlit_config):
    """The join storm spent a fifth of its samples waiting for Streamlit's config lock."""
    from server import tuning

    locked = streamlit_config.get_option
    keys = list(streamlit_config._config_options_template)
    expected = {key: locked(key) for key in keys}
    tuning.read_config_without_lock()
    assert streamlit_config.get_option is not locked
    assert {key: streamlit_config.get_option(key) for key in keys} == expected
    streamlit_config.set_option("global.minCachedMessageSize", 12345)
    try:
        assert streamlit_config.get_option("global.minCachedMessageSize") == 12345
    finally:
        streamlit_config.set_option(
            "global.minCachedMessageSize", expected["global.minCachedMessageSize"]
        )
    with pytest.raises(RuntimeError, match="not defined"):
        streamlit_config.get_option("no.suchOption")
    tuning.read_config_without_lock()  # a second call wraps nothing twice
    assert streamlit_config.get_option("server.port") == expected["server.port"]


def test_a_read_while_the_config_is_parsed_again_takes_streamlits_locked_path(
    streamlit_config, monkeypatch
):
    from server import tuning

    seen: list[str] = []

    def locked(key):
        seen.append(f"locked {key}")
        return "from the lock"

    def parse(force_reparse=False, options_from_flags=None):
        seen.append(streamlit_config.get_option("server.port"))
        return streamlit_config._config_options

    monkeypatch.setattr(streamlit_config, "get_option", locked)
    monkeypatch.setattr(streamlit_config, "get_config_options", parse)
    tuning.read_config_without_lock()
    streamlit_config.get_config_options(force_reparse=True)
    assert seen == ["locked server.port", "from the lock"]
    assert streamlit_config.get_option("server.port") != "from the lock"


@pytest.fixture
def theme_populate(monkeypatch):
    """Streamlit's own theme populate (an app test in the same process may have tuned it
    already), put back as it was after the test."""
    from streamlit.runtime import app_session

    populate = app_session._populate_theme_msg
    monkeypatch.setattr(app_session, "_populate_theme_msg", getattr(populate, "original", populate))
    return app_session


def _theme_sections() -> list[str]:
    from streamlit import config as st_config

    return ["theme", *(f"theme.{c.value}" for c in st_config.CustomThemeCategories)]


def _new_session_theme(app_session, sections: list[str] | None = None) -> bytes:
    """What a run's first message carries of the theme, filled the way Streamlit fills it."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    theme = ForwardMsg().new_session.custom_theme
    for section in sections or _theme_sections():
        target = theme
        for part in section.split(".")[1:]:
            target = getattr(target, part)
        app_session._populate_theme_msg(target, section)
    return theme.SerializeToString(deterministic=True)


def test_the_theme_sent_from_memory_is_the_theme_streamlit_sends(
    theme_populate, streamlit_config, monkeypatch
):
    """Every run's first message carries the theme: made once, not from all the options."""
    from server import tuning

    streamlit_config.get_config_options()
    expected = _new_session_theme(theme_populate)
    assert b"#0b6e4f" in expected  # our primary colour, from .streamlit/config.toml
    tuning.send_the_theme_from_memory()
    assert theme_populate._populate_theme_msg.from_memory
    reads: list[str] = []
    section_options = streamlit_config.get_options_for_section
    monkeypatch.setattr(
        streamlit_config,
        "get_options_for_section",
        lambda section: reads.append(section) or section_options(section),
    )
    assert _new_session_theme(theme_populate) == expected
    assert _new_session_theme(theme_populate) == expected
    assert sorted(reads) == sorted(_theme_sections())  # each section read once, then kept
    tuning.send_the_theme_from_memory()  # a second call wraps nothing twice
    assert theme_populate._populate_theme_msg.original is not theme_populate._populate_theme_msg


def test_a_theme_changed_in_config_toml_is_sent_after_streamlit_reads_it_again(
    theme_populate, streamlit_config, monkeypatch
):
    from server import tuning

    streamlit_config.get_config_options()
    tuning.send_the_theme_from_memory()
    before = _new_session_theme(theme_populate, ["theme"])
    # A re-read of config.toml gives Streamlit a new dictionary of options.
    options = dict(streamlit_config._config_options)
    changed = copy.deepcopy(options["theme.primaryColor"])
    changed.set_value("#123456", "config.toml")
    options["theme.primaryColor"] = changed
    monkeypatch.setattr(streamlit_config, "_config_options", options)
    after = _new_session_theme(theme_populate, ["theme"])
    assert b"#0b6e4f" in before
    assert b"#123456" in after and b"#0b6e4f" not in after


@pytest.fixture
def script_runner(monkeypatch):
    """Streamlit's ScriptRunner with its own start (an app test in the same process may have
    tuned it already), put back as it was after the test."""
    from streamlit.runtime.scriptrunner.script_runner import ScriptRunner

    start = ScriptRunner.start
    monkeypatch.setattr(ScriptRunner, "start", getattr(start, "original", start))
    return ScriptRunner


class Running:
    """Counts the fake runs executing at once."""

    now = 0
    most = 0
    lock = threading.Lock()
    seen: contextvars.ContextVar[str] = contextvars.ContextVar("seen")


def fake_runner(name: str, fails: bool = False):
    """A ScriptRunner (its own class: the workers take only that, not AppTest's subclass)
    whose thread body records where and how it ran."""
    from streamlit.runtime.scriptrunner.script_runner import ScriptRunner
    from streamlit.runtime.scriptrunner_utils.script_run_context import (
        SCRIPT_RUN_CONTEXT_ATTR_NAME,
    )

    runner = ScriptRunner.__new__(ScriptRunner)
    runner._script_thread = None
    runner.name, runner.ran_on, runner.saw, runner.done = name, None, None, threading.Event()

    def body() -> None:
        with Running.lock:
            Running.now += 1
            Running.most = max(Running.most, Running.now)
        try:
            assert runner._script_thread is threading.current_thread()
            runner.ran_on = threading.current_thread()
            runner.saw = Running.seen.get("nothing")  # a run starts with a context of its own
            Running.seen.set(name)
            setattr(runner.ran_on, SCRIPT_RUN_CONTEXT_ATTR_NAME, runner)
            time.sleep(0.02)
            if fails:
                raise RuntimeError("the runner failed")
        finally:
            with Running.lock:
                Running.now -= 1
            runner.done.set()

    runner._run_script_thread = body
    return runner


def test_runs_go_to_a_few_long_lived_workers_with_nothing_carried_over(
    script_runner, caplog, wait_until
):
    """No thread is started per run, and never from the event loop; at most `count` runs
    execute at once; each starts from a fresh context; a failing one frees its worker."""
    from streamlit.runtime.scriptrunner_utils.script_run_context import (
        SCRIPT_RUN_CONTEXT_ATTR_NAME,
    )

    from server import tuning

    assert tuning.SCRIPT_WORKERS == 3
    workers = tuning.run_scripts_on_workers(2)
    assert tuning.run_scripts_on_workers(2) is workers  # once only
    runners = [fake_runner(f"r{i}", fails=i % 5 == 0) for i in range(12)]
    before = set(threading.enumerate())
    for runner in runners:
        script_runner.start(runner)  # returns at once
    for runner in runners:
        assert runner.done.wait(10), runner.name
    assert set(threading.enumerate()) <= before  # no thread per run
    assert Running.most == 2
    assert {r.ran_on.name for r in runners} <= {"script-worker-0", "script-worker-1"}
    assert {r.saw for r in runners} == {"nothing"}

    # A worker clears the run's context and logs a failure just after the run says it is done.
    def tidied() -> bool:
        return "a script run failed outside the script" in caplog.text and all(
            getattr(r.ran_on, SCRIPT_RUN_CONTEXT_ATTR_NAME) is None for r in runners
        )

    wait_until(tidied)
    for runner in runners:
        assert getattr(runner.ran_on, SCRIPT_RUN_CONTEXT_ATTR_NAME) is None
    assert "a script run failed outside the script" in caplog.text
    started_twice = fake_runner("again")
    started_twice._script_thread = threading.current_thread()
    with pytest.raises(RuntimeError, match="already started"):
        script_runner.start(started_twice)


def test_what_the_first_page_loaded_is_frozen_once_by_the_worker_that_ends_the_first_run(
    wait_until,
):
    """The server tunes itself before any page has run: the garbage collector's freeze waits
    for the first run's end, and is done once, whichever worker ends a run first."""
    from server import tuning

    frozen: list[str] = []
    workers = tuning.ScriptWorkers(
        3, after_first_run=lambda: frozen.append(threading.current_thread().name)
    )
    runners = [fake_runner(f"first{i}") for i in range(9)]
    for runner in runners:
        workers.run(runner)
    for runner in runners:
        assert runner.done.wait(10), runner.name
    wait_until(lambda: workers.runs == len(runners))
    assert len(frozen) == 1 and frozen[0].startswith("script-worker-")
