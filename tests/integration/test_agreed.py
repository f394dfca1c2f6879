"""Counts and dates are exact: the day the model was agreed, the facilitator's name, the demo's
metrics true to its phases, and the plan's metrics with a baseline (issue 15)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from datetime import date, datetime, timedelta

import pytest

from facilitator.data import backup, demo
from facilitator.domain import Language, Step
from facilitator.errors import InvalidInput
from facilitator.room import workshops
from facilitator.steps import phases, plan, report
from facilitator.steps.plan import Section
from facilitator.store import clock
from facilitator.store.db import Store

NEW_PASSPHRASE = "kopion oma tunnuslause"
# Days from today: a sign-in given now must still open the console on the later days.
TODAY = clock.now().date()


@pytest.fixture(autouse=True)
def long_signin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(workshops.SIGNIN_HOURS_ENV, str(24 * 30))


def _on(monkeypatch: pytest.MonkeyPatch, day: date) -> None:
    monkeypatch.setattr(clock, "now", lambda: datetime(day.year, day.month, day.day, 14, 30))


def _to(store: Store, key: object, *steps: Step) -> workshops.Workshop:
    workshop = None
    for step in steps:
        workshop = workshops.set_step(store, key, step)
    return workshop


# The day the model was agreed


def test_leaving_step_five_forward_records_the_day_and_gather_reports_it(
    store: Store, make_workshop: Callable[..., tuple], monkeypatch: pytest.MonkeyPatch
) -> None:
    workshop, key = make_workshop(store)
    _on(monkeypatch, TODAY)
    assert _to(store, key, Step.OBSERVE, Step.TARGET, Step.CONDENSE).agreed_on is None

    _on(monkeypatch, TODAY + timedelta(days=1))
    moved = _to(store, key, Step.PLAN)

    assert moved.agreed_on == TODAY + timedelta(days=1)
    _on(monkeypatch, TODAY + timedelta(days=18))
    assert report.gather(store, workshop.id).agreed_on == TODAY + timedelta(days=1)


def test_moving_within_the_later_steps_keeps_the_day(
    store: Store, make_workshop: Callable[..., tuple], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, key = make_workshop(store)
    _on(monkeypatch, TODAY + timedelta(days=1))
    _to(store, key, Step.CONDENSE, Step.PLAN)

    _on(monkeypatch, TODAY + timedelta(days=6))
    assert _to(store, key, Step.DONE, Step.PLAN, Step.DONE).agreed_on == TODAY + timedelta(days=1)


def test_back_to_step_five_and_forward_again_moves_the_day(
    store: Store, make_workshop: Callable[..., tuple], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, key = make_workshop(store)
    _on(monkeypatch, TODAY + timedelta(days=1))
    _to(store, key, Step.CONDENSE, Step.PLAN)

    _on(monkeypatch, TODAY + timedelta(days=8))
    assert _to(store, key, Step.CONDENSE, Step.DONE).agreed_on == TODAY + timedelta(days=8)


def test_a_workshop_that_never_left_step_five_has_no_agreed_day(
    store: Store, make_workshop: Callable[..., tuple]
) -> None:
    workshop, key = make_workshop(store)
    # Straight past step 5 without being in it: nothing was agreed in the room.
    _to(store, key, Step.ORDER, Step.PLAN)

    assert report.gather(store, workshop.id).agreed_on is None


def test_back_to_step_four_clears_the_day_and_a_jump_to_the_plan_sets_none(
    store: Store, make_workshop: Callable[..., tuple], monkeypatch: pytest.MonkeyPatch
) -> None:
    workshop, key = make_workshop(store)
    _on(monkeypatch, TODAY + timedelta(days=1))
    assert _to(store, key, Step.CONDENSE, Step.PLAN).agreed_on == TODAY + timedelta(days=1)

    _on(monkeypatch, TODAY + timedelta(days=5))
    # Back to step 4, then past step 5 without stopping there: the model may have changed.
    assert _to(store, key, Step.TARGET).agreed_on is None
    assert _to(store, key, Step.DONE).agreed_on is None
    assert report.gather(store, workshop.id).agreed_on is None


def test_back_to_step_five_clears_the_day_until_the_room_leaves_it_again(
    store: Store, make_workshop: Callable[..., tuple], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, key = make_workshop(store)
    _on(monkeypatch, TODAY + timedelta(days=1))
    _to(store, key, Step.CONDENSE, Step.DONE)

    assert _to(store, key, Step.CONDENSE).agreed_on is None


# The day in the workshop's own time zone


def _at_utc(monkeypatch: pytest.MonkeyPatch, moment: datetime) -> None:
    monkeypatch.setattr(clock, "now", lambda: moment)


def test_a_step_closed_after_midnight_in_helsinki_is_that_day_not_utcs_yesterday(
    store: Store, make_workshop: Callable[..., tuple], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(clock.TIMEZONE_ENV, raising=False)
    workshop, key = make_workshop(store)
    _to(store, key, Step.CONDENSE)
    # 23:30 UTC is 01:30 or 02:30 the next day in Helsinki (UTC+2, UTC+3 in summer).
    _at_utc(monkeypatch, datetime(TODAY.year, TODAY.month, TODAY.day, 23, 30))
    tomorrow = TODAY + timedelta(days=1)

    assert clock.today() == tomorrow
    assert _to(store, key, Step.PLAN).agreed_on == tomorrow
    assert report.gather(store, workshop.id).made_on == tomorrow


def test_the_time_zone_comes_from_kohtaamo_timezone(monkeypatch: pytest.MonkeyPatch) -> None:
    _at_utc(monkeypatch, datetime(2027, 1, 14, 23, 30))
    monkeypatch.setenv(clock.TIMEZONE_ENV, "UTC")
    assert clock.today() == date(2027, 1, 14)
    monkeypatch.setenv(clock.TIMEZONE_ENV, "America/New_York")
    _at_utc(monkeypatch, datetime(2027, 1, 15, 3, 0))
    assert clock.today() == date(2027, 1, 14)


def test_a_bad_time_zone_name_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(clock.TIMEZONE_ENV, "Europe/Helsinky")

    with pytest.raises(ValueError, match="KOHTAAMO_TIMEZONE='Europe/Helsinky'"):
        clock.today()


def test_a_bad_time_zone_name_stops_the_app_at_start() -> None:
    # The app and the CLI import the clock first thing: a typo stops them there, not at the
    # end of a workshop when the model is agreed.
    env = {**os.environ, clock.TIMEZONE_ENV: "Europe/Helsinky"}
    started = subprocess.run(
        [sys.executable, "-c", "import kohtaamo.cli"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert started.returncode != 0
    assert "KOHTAAMO_TIMEZONE='Europe/Helsinky' is not a time zone name" in started.stderr


# The facilitator's name


def test_the_facilitators_name_is_optional_cleaned_and_kept(
    store: Store, new_workshop_form: Callable[..., dict]
) -> None:
    without = workshops.validate_new(**new_workshop_form())
    named = workshops.validate_new(**new_workshop_form(facilitator="  Kaisa \n Fasilitaattori "))

    assert without.facilitator == ""
    assert named.facilitator == "Kaisa Fasilitaattori"
    workshop, _ = workshops.create(store, named)
    assert workshops.get(store, workshop.id).facilitator == "Kaisa Fasilitaattori"


def test_a_facilitators_name_over_80_characters_is_refused(
    new_workshop_form: Callable[..., dict],
) -> None:
    with pytest.raises(InvalidInput) as refused:
        workshops.validate_new(**new_workshop_form(facilitator="K" * 81))

    assert refused.value.params.get("field") == "facilitator"


# The demo


@pytest.fixture(scope="module", params=list(Language))
def demo_room(
    request: pytest.FixtureRequest, make_module_store: Callable[..., Store]
) -> tuple[Store, int]:
    store = make_module_store()
    code = demo.create_demo(store, language=request.param)
    return store, workshops.find_by_code(store, code).id


def test_the_demo_names_its_facilitator_and_the_day_it_was_agreed(
    demo_room: tuple[Store, int],
) -> None:
    store, workshop_id = demo_room
    data = report.gather(store, workshop_id)

    assert data.workshop.facilitator == demo.DEMO_FACILITATOR
    # A finished demo tells of a model agreed months ago, its follow-up under way (issue 17).
    assert data.agreed_on == clock.today() - timedelta(days=demo.FOLLOWED_FOR)


def test_a_demo_without_its_follow_up_was_agreed_today(store: Store) -> None:
    code = demo.create_demo(store, follow_up=False)
    assert workshops.find_by_code(store, code).agreed_on == clock.today()


def test_the_demos_metrics_are_true_to_their_phase(demo_room: tuple[Store, int]) -> None:
    store, workshop_id = demo_room
    data = report.gather(store, workshop_id)
    metrics = data.plan_rows(Section.METRICS)
    critical = [mp for mp in data.model_phases if mp.phase.critical]

    assert critical
    whats = [m["what"].casefold() for m in metrics]
    assert len(whats) == len(set(whats))
    for mp in critical:
        mine = [m for m in metrics if m["phase"] == str(mp.phase.id)]
        assert len(mine) >= 2
        text = " ".join(" ".join(m.values()) for m in mine)
        for behaviour in mp.behaviours:
            if behaviour.fixed:
                for number in re.findall(r"\d+", behaviour.text):
                    assert number in text, (mp.phase.name, behaviour.text)
        # No number in a metric that the phase's fixed behaviours contradict.
        stated = {n for b in mp.behaviours if b.fixed for n in re.findall(r"\d+", b.text)}
        for m in mine:
            seconds = re.findall(r"(\d+)\s*(?:sekunni|second)", m["what"])
            assert set(seconds) <= stated
        assert all(m["baseline"] and m["target"] for m in mine)


# The baseline


def test_a_metric_row_stored_before_the_baseline_reads_with_an_empty_one(
    store: Store, make_workshop: Callable[..., tuple]
) -> None:
    workshop, key = make_workshop(store)
    (phase,) = phases.save_phases(store, key, [(None, "Greeting")])
    old = [str(phase.id), "Greeted in 10 s", "90 %", "Mystery shopping", "Monthly", "Jukka"]
    with store.write() as cur:
        cur.execute("INSERT INTO plan_rows VALUES (?, 'metrics', 0, ?)", [workshop.id, old])

    (row,) = plan.rows(store, workshop.id, Section.METRICS)

    assert row == {
        "phase": str(phase.id),
        "what": "Greeted in 10 s",
        "baseline": "",
        "target": "90 %",
        "source": "Mystery shopping",
        "frequency": "Monthly",
        "owner": "Jukka",
    }


def test_a_baseline_is_saved_and_read_back_with_its_metric(
    store: Store, make_workshop: Callable[..., tuple]
) -> None:
    _, key = make_workshop(store)
    (phase,) = phases.save_phases(store, key, [(None, "Greeting")])
    row = {
        "phase": str(phase.id),
        "what": "Greeted in 10 s",
        "baseline": "62 %",
        "target": "90 %",
        "source": "Mystery shopping",
        "frequency": "Monthly",
        "owner": "Jukka",
    }

    assert plan.replace(store, key, Section.METRICS, [row]) == [row]


# Backup and restore


def test_a_backup_carries_the_facilitator_the_agreed_day_and_the_baselines(store: Store) -> None:
    code = demo.create_demo(store)
    original = workshops.find_by_code(store, code)

    copy = backup.restore(store, backup.backup(store, original.id), NEW_PASSPHRASE)

    restored = workshops.find_by_code(store, copy)
    assert (restored.facilitator, restored.agreed_on) == (
        original.facilitator,
        original.agreed_on,
    )
    assert _metrics_by_phase_name(store, restored.id) == _metrics_by_phase_name(store, original.id)
    assert all(m["baseline"] for m in plan.rows(store, restored.id, Section.METRICS))


def _metrics_by_phase_name(store: Store, workshop_id: int) -> list[dict[str, str]]:
    names = {str(p.id): p.name for p in phases.list_phases(store, workshop_id)}
    return [
        {**m, "phase": names[m["phase"]]} for m in plan.rows(store, workshop_id, Section.METRICS)
    ]


def test_a_backup_made_before_issue_15_still_restores(store: Store) -> None:
    code = demo.create_demo(store)
    document = json.loads(backup.backup(store, workshops.find_by_code(store, code).id))
    data = document["data"]
    # As an older Kotipuoti wrote it: no facilitator, no agreed day, metric rows of six fields.
    for column in ("facilitator", "agreed_on"):
        data["workshops"][0].pop(column)
    for row in data["plan_rows"]:
        if row["section"] == "metrics":
            row["fields"] = row["fields"][:6]
    document["checksum"] = backup._checksum(data)

    copy = backup.restore(store, json.dumps(document).encode(), NEW_PASSPHRASE)

    restored = workshops.find_by_code(store, copy)
    assert (restored.facilitator, restored.agreed_on) == ("", None)
    metrics = plan.rows(store, restored.id, Section.METRICS)
    assert metrics and all(m["baseline"] == "" and m["what"] for m in metrics)


def test_the_agreed_day_is_not_the_day_the_documents_are_made(
    monkeypatch: pytest.MonkeyPatch, store: Store
) -> None:
    _on(monkeypatch, TODAY + timedelta(days=1))
    workshop = workshops.find_by_code(store, demo.create_demo(store, follow_up=False))
    _on(monkeypatch, TODAY + timedelta(days=31))

    data = report.gather(store, workshop.id)

    assert (data.agreed_on, data.made_on) == (TODAY + timedelta(days=1), TODAY + timedelta(days=31))
