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
    monkeypatch.setattr(gc, "freeze", lambda: calls.append(("freeze",)))
    monkeypatch.setattr(gc, "set_threshold", lambda *t: calls.append(("threshold", *t)))
    ui._open_store.clear()
    ui._open_store(str(tmp_path / "k.duckdb")).close()
    ui._open_store.clear()
    assert calls == [
        ("switch", tuning.GIL_SWITCH_INTERVAL_S),
        ("config",),
        ("freeze",),
        ("threshold", *tuning.GC_THRESHOLDS),
    ]


@pytest.fixture
def streamlit_config(monkeypatch):
    """Streamlit's config module, put back as it was after the test."""
    from streamlit import config as st_config

    monkeypatch.setattr(st_config, "get_option", st_config.get_option)
    monkeypatch.setattr(st_config, "get_config_options", st_config.get_config_options)
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
