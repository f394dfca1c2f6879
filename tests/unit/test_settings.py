"""The production settings the load figures depend on (issue 6) stay as they are."""

from __future__ import annotations

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


def test_the_server_tunes_its_process_once_when_it_opens_the_database(tmp_path, monkeypatch):
    """Measured in make bench: at Python's 5 ms switch interval a tap waited its turn behind
    200 phones' threads after every database call (2 ms cut the closing burst's p95
    several-fold), and garbage-collection pauses made the slowest taps."""
    import gc
    import sys

    from pages import tuning, ui

    assert tuning.GIL_SWITCH_INTERVAL_S == 0.002
    assert tuning.GC_THRESHOLDS[0] >= 10 * 700  # young objects scanned far less often
    calls: list[tuple] = []
    monkeypatch.setattr(sys, "setswitchinterval", lambda s: calls.append(("switch", s)))
    monkeypatch.setattr(tuning, "read_config_without_lock", lambda: calls.append(("config",)))
    monkeypatch.setattr(
        tuning, "start_script_threads_off_the_event_loop", lambda: calls.append(("starters",))
    )
    monkeypatch.setattr(tuning, "take_turns_at_running_scripts", lambda: calls.append(("turns",)))
    monkeypatch.setattr(gc, "freeze", lambda: calls.append(("freeze",)))
    monkeypatch.setattr(gc, "set_threshold", lambda *t: calls.append(("threshold", *t)))
    ui._open_store.clear()
    ui._open_store(str(tmp_path / "k.duckdb")).close()
    ui._open_store.clear()
    assert calls == [
        ("switch", tuning.GIL_SWITCH_INTERVAL_S),
        ("config",),
        ("starters",),
        ("turns",),
        ("freeze",),
        ("threshold", *tuning.GC_THRESHOLDS),
    ]


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
    from pages import tuning

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
    from pages import tuning

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
def script_runner(monkeypatch):
    """Streamlit's ScriptRunner, put back as it was after the test."""
    from streamlit.runtime.scriptrunner.script_runner import ScriptRunner

    monkeypatch.setattr(ScriptRunner, "start", ScriptRunner.start)
    monkeypatch.setattr(ScriptRunner, "_run_script", ScriptRunner._run_script)
    return ScriptRunner


def test_script_threads_are_started_by_a_starter_not_by_the_event_loop(
    script_runner, monkeypatch, caplog
):
    """Thread.start() waits for the new thread's first turn at the GIL; the event loop must not."""
    import threading

    from pages import tuning

    started: list[str] = []
    done = threading.Event()

    def start_here(runner):
        started.append(threading.current_thread().name)
        done.set()
        if runner == "broken":
            raise RuntimeError("can't start new thread")

    monkeypatch.setattr(script_runner, "start", start_here)
    tuning.start_script_threads_off_the_event_loop()
    tuning.start_script_threads_off_the_event_loop()  # once only
    script_runner.start("runner")
    assert done.wait(5)
    assert len(started) == 1
    assert started[0].startswith("script-starter")
    done.clear()
    script_runner.start("broken")
    assert done.wait(5)
    for _ in range(50):
        if "could not start" in caplog.text:
            break
        threading.Event().wait(0.05)
    assert "a script run could not start" in caplog.text


def test_no_more_script_runs_execute_at_once_than_there_are_turns(script_runner, monkeypatch):
    import threading
    import time

    from pages import tuning

    running, most = [0], [0]
    lock = threading.Lock()

    def run_here(runner, rerun_data):
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(0.02)
        with lock:
            running[0] -= 1
        if rerun_data == "fails":
            raise RuntimeError("the script raised")

    monkeypatch.setattr(script_runner, "_run_script", run_here)
    tuning.take_turns_at_running_scripts(3)
    tuning.take_turns_at_running_scripts(3)  # once only

    def run(data):
        try:
            script_runner._run_script(object(), data)
        except RuntimeError:
            pass  # a failed run gives its turn back

    threads = [threading.Thread(target=run, args=("fails" if i % 4 else "ok",)) for i in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert most[0] == 3
    assert running[0] == 0
    assert tuning.SCRIPT_TURNS == 4
