"""The command line: a demo workshop, and its state as text or JSON."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from facilitator.domain import Observation, Role
from facilitator.steps import observations
from facilitator.store.db import Store
from facilitator.store.security import looks_like_code
from kohtaamo import cli


def _demo(capsys: pytest.CaptureFixture[str], db: str, *extra: str) -> str:
    assert cli.main(["demo", "--db", db, *extra]) == 0
    code = capsys.readouterr().out.strip()
    assert looks_like_code(code)
    return code


def _show_json(capsys: pytest.CaptureFixture[str], db: str, code: str) -> dict:
    assert cli.main(["show", "--code", code, "--db", db, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_demo_prints_a_join_code(capsys: pytest.CaptureFixture[str], file_store_path: str) -> None:
    _demo(capsys, file_store_path)


def test_show_json_gives_the_demo_workshop_stopped_in_step_one(
    capsys: pytest.CaptureFixture[str], file_store_path: str
) -> None:
    code = _demo(capsys, file_store_path, "--until", "observe")
    data = _show_json(capsys, file_store_path, code)
    assert data["code"] == code
    assert data["title"] == "Kohtaamisen malli 2027"
    assert data["language"] == "fi"
    assert data["step"] == "observe"
    assert set(data["participants"]) == {role.value for role in Role}
    assert all(isinstance(n, int) for n in data["participants"].values())
    assert sum(data["participants"].values()) >= 10
    assert data["observations"] >= 20


def test_the_demo_can_be_made_in_english(
    capsys: pytest.CaptureFixture[str], file_store_path: str
) -> None:
    code = _demo(capsys, file_store_path, "--language", "en")
    data = _show_json(capsys, file_store_path, code)
    assert (data["language"], data["title"]) == ("en", "Encounter model 2027")


def test_show_accepts_the_code_typed_in_lower_case(
    capsys: pytest.CaptureFixture[str], file_store_path: str
) -> None:
    code = _demo(capsys, file_store_path)
    assert _show_json(capsys, file_store_path, code.lower())["code"] == code


def test_show_without_json_prints_readable_text(
    capsys: pytest.CaptureFixture[str], file_store_path: str
) -> None:
    code = _demo(capsys, file_store_path)
    assert cli.main(["show", "--code", code, "--db", file_store_path]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Kohtaamisen malli 2027 (Kotipuoti Oy)")
    assert f"koodi:        {code}" in out
    assert "vaihe:        Kiitos (done)" in out
    assert "1. Huomiointi: Jokainen asiakas huomataan heti, kiireessäkin." in out


@pytest.mark.parametrize("code", ["AAAAAA", "nope", ""])
def test_an_unknown_code_exits_2_with_a_message_on_stderr(
    capsys: pytest.CaptureFixture[str],
    file_store_path: str,
    code: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Without a workshop the command line speaks the user's locale (test_cli_language.py).
    monkeypatch.setenv("LC_ALL", "en_GB.UTF-8")
    assert cli.main(["show", "--code", code, "--db", file_store_path, "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "error: no workshop has the code" in captured.err
    assert repr(code) in captured.err


def test_the_state_counts_only_visible_observations(
    store: Store,
    room: tuple,
    make_participant: Callable[..., tuple],
    submit: Callable[..., Observation],
) -> None:
    workshop, key = room
    someone, _ = make_participant(store, workshop, Role.MANAGEMENT)
    submit(store, someone, "Kept")
    hidden = submit(store, someone, "Hidden")
    observations.set_hidden(store, key, hidden.id, True)
    data = cli.state(store, workshop.code)
    assert data["observations"] == 1
    assert data["participants"]["management"] == 1


def test_the_demo_goes_through_all_five_steps_and_the_plan(
    capsys: pytest.CaptureFixture[str], file_store_path: str
) -> None:
    data = _show_json(capsys, file_store_path, _demo(capsys, file_store_path))
    assert data["step"] == "done"
    assert len(data["key_strengths"]) == 3
    assert len(data["key_weaknesses"]) == 5
    assert [p["name"] for p in data["phases"]] == [
        "Huomiointi",
        "Kysyminen",
        "Kuuntelu",
        "Ehdottaminen",
        "Vahvistaminen",
        "Kiittäminen",
    ]
    assert all(p["target_state"] and 1 <= len(p["behaviours"]) <= 3 for p in data["phases"])
    assert data["phases"][0]["behaviours"][0] == {
        "text": "Tervehdi asiakasta 10 sekunnissa katsekontaktilla",
        "fixed": True,
    }
    assert data["model"]["name"] == "Kotipuodin kohtaaminen"
    assert data["model"]["promise"] == "Tunnet olosi kotoisaksi heti ovelta."
    plan = data["plan"]
    assert len(plan["coaches"]) == 2 and len(plan["milestones"]) == 4
    assert {c["challenge"] for c in plan["challenges"]} == {"habits", "uniformity", "coverage"}
    critical = {p["name"] for p in data["phases"] if p["critical"]}
    assert critical == {"Huomiointi", "Vahvistaminen"}
    assert {m["phase"] for m in plan["metrics"]} == critical


@pytest.mark.parametrize("until", ["lobby", "identify", "target"])
def test_the_demo_stops_at_the_step_asked_for(
    capsys: pytest.CaptureFixture[str], file_store_path: str, until: str
) -> None:
    data = _show_json(capsys, file_store_path, _demo(capsys, file_store_path, "--until", until))
    assert data["step"] == until
