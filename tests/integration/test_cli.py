"""The command line: a demo workshop, and its state as text or JSON."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

import pytest

from facilitator.data import demo
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


def test_demo_prints_a_join_code(capsys: pytest.CaptureFixture[str], database: str) -> None:
    _demo(capsys, database)


def test_show_json_gives_the_demo_workshop_stopped_in_step_one(
    capsys: pytest.CaptureFixture[str], database: str
) -> None:
    code = _demo(capsys, database, "--until", "observe")
    data = _show_json(capsys, database, code)
    assert data["code"] == code
    assert data["title"] == "Kohtaamisen malli 2027"
    assert data["language"] == "fi"
    assert data["step"] == "observe"
    assert set(data["participants"]) == {role.value for role in Role}
    assert all(isinstance(n, int) for n in data["participants"].values())
    assert sum(data["participants"].values()) >= 10
    assert data["observations"] >= 20


def test_the_demo_can_be_made_in_english(capsys: pytest.CaptureFixture[str], database: str) -> None:
    code = _demo(capsys, database, "--language", "en")
    data = _show_json(capsys, database, code)
    assert (data["language"], data["title"]) == ("en", "Encounter model 2027")


def test_show_accepts_the_code_typed_in_lower_case(
    capsys: pytest.CaptureFixture[str], database: str
) -> None:
    code = _demo(capsys, database)
    assert _show_json(capsys, database, code.lower())["code"] == code


def test_show_without_json_prints_readable_text(
    capsys: pytest.CaptureFixture[str], database: str
) -> None:
    code = _demo(capsys, database)
    assert cli.main(["show", "--code", code, "--db", database]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Kohtaamisen malli 2027 (Kotipuoti Oy)")
    assert f"koodi:        {code}" in out
    assert "vaihe:        Kiitos (done)" in out
    assert "1. Huomiointi: Jokainen asiakas huomataan heti, kiireessäkin." in out


@pytest.mark.parametrize("code", ["AAAAAA", "nope", ""])
def test_an_unknown_code_exits_2_with_a_message_on_stderr(
    capsys: pytest.CaptureFixture[str],
    database: str,
    code: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Without a workshop the command line speaks the user's locale (test_cli_language.py).
    monkeypatch.setenv("LC_ALL", "en_GB.UTF-8")
    assert cli.main(["show", "--code", code, "--db", database, "--json"]) == 2
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
    capsys: pytest.CaptureFixture[str], database: str
) -> None:
    data = _show_json(capsys, database, _demo(capsys, database))
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
    capsys: pytest.CaptureFixture[str], database: str, until: str
) -> None:
    data = _show_json(capsys, database, _demo(capsys, database, "--until", until))
    assert data["step"] == until


# The follow-up (issue 17)


@pytest.fixture(scope="module")
def demo_follow_up(make_module_store: Callable[..., Store]) -> dict:
    store = make_module_store()
    return cli.state(store, demo.create_demo(store))["follow_up"]


def test_show_json_gives_the_demos_follow_up_with_each_metrics_series(demo_follow_up):
    data = demo_follow_up
    assert data["version"] == 1
    assert data["units"] == ["Helsinki", "Tampere", "Turku"]
    first = data["metrics"][0]
    assert {k: first[k] for k in ("phase", "direction", "frequency", "baseline", "target")} == {
        "phase": "Huomiointi",
        "direction": "higher",
        "frequency": "monthly",
        "baseline": 62.0,
        "target": 90.0,
    }
    assert first["measure"] == "% käynneistä" and first["status"] == "on_track"
    assert len(first["series"]) == 9  # three months in three stores
    assert set(first["series"][0]) == {"period", "unit", "value"}
    assert {p["unit"] for p in first["series"]} == {"Helsinki", "Tampere", "Turku"}
    periods = sorted({p["period"] for p in first["series"]})
    assert [dt.date.fromisoformat(p).day for p in periods] == [1, 1, 1]
    values = [p["value"] for p in first["series"] if p["unit"] == "Helsinki"]
    assert values == sorted(values) and first["baseline"] < values[0]  # toward the target
    assert [p["value"] for p in first["overall"]] == [68.0, 75.0, 81.0]


def test_the_demo_has_one_metric_lagging_in_one_store(demo_follow_up):
    lagging = []
    for metric in demo_follow_up["metrics"]:
        for unit in demo_follow_up["units"]:
            values = [p["value"] for p in metric["series"] if p["unit"] == unit]
            if len(values) == 3 and values[-1] - values[0] < 0.05 * (metric["target"] or 1):
                lagging.append((metric["name"], unit))
    assert lagging == [("Toimitusaika ja hinta vahvistettu asiakkaalle kirjallisesti", "Turku")]


def test_show_json_gives_observation_per_behaviour_and_the_phase_that_stands_out(
    demo_follow_up,
):
    observation = demo_follow_up["observation"]
    assert observation["visits"] >= 10
    nod = next(b for b in observation["behaviours"] if b["behaviour"].startswith("Jos palvelet"))
    assert nod["phase"] == "Huomiointi" and nod["fixed"] is True
    assert nod["share"] == nod["seen"] / (nod["seen"] + nod["not_seen"]) < 0.5
    assert nod["not_applicable"] >= 1
    assert observation["standing_out"] == ["Huomiointi"]
    greeting = next(m for m in demo_follow_up["metrics"] if m["phase"] == "Huomiointi")
    assert greeting["status"] == "on_track"  # the metric looks fine all the same


def test_show_json_gives_each_milestones_status_and_the_pulse(demo_follow_up):
    statuses = [m["status"] for m in demo_follow_up["milestones"]]
    assert statuses == ["done", "late", "in_progress", "planned"]
    assert all(dt.date.fromisoformat(m["due"]) for m in demo_follow_up["milestones"])
    assert demo_follow_up["coaching_sessions"] >= 3
    (pulse,) = demo_follow_up["pulses"]
    assert pulse["answers"] == 8
    assert set(pulse["fist"]) == {"frontline", "management"}
    slipping = [(s["phase"], s["role"]) for s in pulse["unrealistic"] if s["slipping"]]
    assert slipping == [("Vahvistaminen", "frontline")]


def test_a_demo_stopped_before_the_end_has_no_follow_up(
    capsys: pytest.CaptureFixture[str], database: str
) -> None:
    data = _show_json(capsys, database, _demo(capsys, database, "--until", "plan"))
    assert data["follow_up"]["units"] == [] and data["follow_up"]["metrics"] == []
    assert data["follow_up"]["pulses"] == [] and data["follow_up"]["milestones"] == []


def test_the_english_demo_has_the_same_follow_up_in_english(store: Store) -> None:
    data = cli.state(store, demo.create_demo(store, language="en"))["follow_up"]
    assert data["metrics"][0]["name"] == "Customer greeted within 10 seconds with eye contact"
    assert data["observation"]["standing_out"] == ["Noticing"]
    assert [m["status"] for m in data["milestones"]] == ["done", "late", "in_progress", "planned"]
    assert data["pulses"][0]["answers"] == 8


def test_show_prints_a_few_follow_up_lines_in_the_workshops_language(
    capsys: pytest.CaptureFixture[str], database: str
) -> None:
    code = _demo(capsys, database)
    assert cli.main(["show", "--code", code, "--db", database]) == 0
    out = capsys.readouterr().out
    assert "Seuranta (mallin versio 1):" in out
    assert "yksiköt: Helsinki, Tampere, Turku" in out
    assert "Asiakas tervehditty 10 sekunnissa katsekontaktilla: 81,0 % käynneistä" in out
    assert "Huomiointi: mittari näyttää hyvältä" in out
    assert "virstanpylväät: Suunniteltu 1, Käynnissä 1, Valmis 1, Myöhässä 1" in out
    assert "henkilöstön pulssi 1: 8 vastausta" in out
