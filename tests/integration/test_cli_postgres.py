"""The command line on PostgreSQL while the app runs on it (issue 18, point 5): DuckDB lets one
process open its file, so there `kohtaamo` must wait for the app to stop; a server is shared."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench import server as app_server
from bench.phones import Phone
from facilitator.data import demo
from facilitator.domain import Step
from facilitator.store.db import Store

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT_S = 60


@pytest.fixture(scope="module")
def app_on_postgres(
    postgres_server, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[app_server.App, str, str]]:
    """The app (`streamlit run serve.py`) on a PostgreSQL schema that holds the demo (in step 1,
    so that its join page is open); the URL and the demo's code."""
    url, schema = postgres_server.fresh_url()
    store = Store(url)
    code = demo.create_demo(store, until=Step.OBSERVE)
    store.close()
    folder = tmp_path_factory.mktemp("cli_postgres")
    app = app_server.start(url, folder / "app.log", timeout_s=90)  # type: ignore[arg-type]
    try:
        yield app, url, code
    finally:
        app.stop()
        postgres_server.drop(schema)
    log = app.log.read_text(errors="replace")
    assert "Traceback" not in log, log[-4000:]


def kohtaamo(*argv: str, db: str | None = None, env_db: str | None = None) -> tuple[int, str]:
    """`python -m kohtaamo ...` in a process of its own, as a person runs it beside the app."""
    env = {k: v for k, v in os.environ.items() if k != "KOHTAAMO_DB"}
    if env_db is not None:
        env["KOHTAAMO_DB"] = env_db
    args = [*argv, *(["--db", db] if db is not None else [])]
    done = subprocess.run(
        [sys.executable, "-m", "kohtaamo", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return done.returncode, done.stdout + done.stderr


def test_the_command_line_works_on_postgresql_while_the_app_runs_on_it(
    app_on_postgres, tmp_path: Path, run_apart
) -> None:
    app, url, code = app_on_postgres
    # A phone on the app first: the app has the database open, as in a room.
    phone = Phone(0, app.port, code)
    assert run_apart(phone.arrive(TIMEOUT_S)), phone.error

    status, out = kohtaamo("show", "--code", code, "--json", db=url)
    assert status == 0, out
    assert json.loads(out)["code"] == code
    status, out = kohtaamo("export", "--code", code, "--out", str(tmp_path / "docs"), env_db=url)
    assert status == 0, out
    assert {"model.docx", "plan.docx", "staff-card.docx", "data.zip"} <= {
        p.name for p in (tmp_path / "docs").iterdir()
    }
    status, out = kohtaamo("backup", "--code", code, "--out", str(tmp_path / "b.json"), db=url)
    assert status == 0, out
    (tmp_path / "pass").write_text("kopion oma tunnuslause\n", encoding="utf-8")
    status, out = kohtaamo(
        "restore", str(tmp_path / "b.json"), "--passphrase-file", str(tmp_path / "pass"), db=url
    )
    assert status == 0, out
    copy = out.strip().splitlines()[-1]
    status, out = kohtaamo("list", env_db=url)
    assert status == 0, out
    assert code in out and copy in out

    # The app sees at once what the command line restored: a phone opens the copy's join page.
    other = Phone(1, app.port, copy)
    assert run_apart(other.arrive(TIMEOUT_S)), other.error


def test_an_unreachable_server_is_said_in_one_line_with_status_3_and_no_password() -> None:
    status, out = kohtaamo("list", db="postgresql://kohtaamo:salainen@127.0.0.1:1/kohtaamo")
    assert status == 3
    assert out.strip().splitlines() == [
        "error: cannot reach the database postgresql://kohtaamo:***@127.0.0.1:1/kohtaamo"
        " (is the PostgreSQL server running?)"
    ]


def test_the_db_option_names_both_kinds_of_database() -> None:
    status, out = kohtaamo("show", "--help")
    assert status == 0
    assert "DuckDB file" in out and "postgresql://" in out
