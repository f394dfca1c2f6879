"""The production settings the load figures depend on (issue 6) stay as they are."""

from __future__ import annotations

import tomllib
from pathlib import Path

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

    from pages import ui

    assert ui.GIL_SWITCH_INTERVAL_S == 0.002
    assert ui.GC_THRESHOLDS[0] >= 10 * 700  # young objects scanned far less often
    calls: list[tuple] = []
    monkeypatch.setattr(sys, "setswitchinterval", lambda s: calls.append(("switch", s)))
    monkeypatch.setattr(gc, "freeze", lambda: calls.append(("freeze",)))
    monkeypatch.setattr(gc, "set_threshold", lambda *t: calls.append(("threshold", *t)))
    ui._open_store.clear()
    ui._open_store(str(tmp_path / "k.duckdb")).close()
    ui._open_store.clear()
    assert calls == [
        ("switch", ui.GIL_SWITCH_INTERVAL_S),
        ("freeze",),
        ("threshold", *ui.GC_THRESHOLDS),
    ]
