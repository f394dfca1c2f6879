"""The server as `make run` starts it (`streamlit run serve.py` on a free loopback port), driven
without a browser over its websocket (bench/'s client): the push and the script workers of
server/ run in it, and a Streamlit without a name server/compat.py needs stops it at once."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench import server as app_server
from bench.console import close_input, open_console
from bench.phones import Phone
from bench.scenarios import input_closed
from bench.seed import Seeded, seed
from server import compat, tuning

TIMEOUT_S = 60
# The phone's own check is set far beyond the test (KOHTAAMO_SAFETY_CHECK_S), so a phone that
# shows the change within this long was sent it by the server.
PUSHED_WITHIN_S = 20


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[app_server.App, Seeded]]:
    folder = tmp_path_factory.mktemp("real_server")
    seeded = seed(folder / "kohtaamo.duckdb")
    app = app_server.start(
        folder / "kohtaamo.duckdb",
        folder / "app.log",
        timeout_s=90,
        extra_env={"KOHTAAMO_SAFETY_CHECK_S": "600"},
    )
    try:
        yield app, seeded
    finally:
        app.stop()
    log = app.log.read_text(errors="replace")
    assert "Traceback" not in log, log[-4000:]


def test_a_room_change_is_pushed_to_a_phone_and_the_pages_run_on_the_script_workers(
    running: tuple[app_server.App, Seeded],
    run_apart,
) -> None:
    app, seeded = running

    async def phone_and_console() -> tuple[bool, int]:
        phone = Phone(0, app.port, seeded.code)
        assert await phone.arrive(TIMEOUT_S), phone.error
        assert await phone.join(TIMEOUT_S), phone.error
        session = phone.session
        assert session is not None
        console = await open_console(app.port, seeded.code, seeded.passphrase, TIMEOUT_S)
        try:
            sent = await close_input(console, TIMEOUT_S)
            shown = await session.wait_for(lambda: input_closed(session, sent), PUSHED_WITHIN_S)
        finally:
            await console.close()
            await session.close()
        return shown, len(session.ticks)

    shown, own_checks = run_apart(phone_and_console())
    assert shown  # the phone redrew with the input closed...
    assert own_checks == 0  # ...without asking: the server started its check (server/push.py)
    # The first page ran on one of server/tuning.py's workers, not on a thread of its own.
    log = app.log.read_text(errors="replace")
    assert f"{tuning.FIRST_RUN_LINE} script-worker-" in log, log[-4000:]


def test_a_streamlit_without_a_needed_name_stops_the_server_with_one_line(
    tmp_path: Path,
) -> None:
    """The name is taken away before the server imports serve.py (a sitecustomize in the
    server's path): it stops at once, with the line, and no traceback (never a hang later)."""
    (tmp_path / "sitecustomize.py").write_text(
        "import streamlit.runtime.app_session as s\ndel s.AppSession._settle_once_delivered\n",
        encoding="utf-8",
    )
    path = os.pathsep.join(p for p in (str(tmp_path), os.environ.get("PYTHONPATH")) if p)
    with pytest.raises(RuntimeError, match="the app exited with 1"):
        app_server.start(
            tmp_path / "kohtaamo.duckdb",
            tmp_path / "app.log",
            timeout_s=TIMEOUT_S,
            extra_env={"PYTHONPATH": path},
        )
    lines = (tmp_path / "app.log").read_text(errors="replace").strip().splitlines()
    import streamlit

    assert lines[-1] == (
        f"Kohtaamo cannot run on Streamlit {streamlit.__version__}:"
        " streamlit.runtime.app_session.AppSession._settle_once_delivered is missing;"
        " see server/compat.py"
    )
    assert "Traceback" not in "\n".join(lines)
    assert not (tmp_path / "kohtaamo.duckdb").exists()  # it stopped before opening anything
    assert compat.problems() == []  # this process's Streamlit is untouched
