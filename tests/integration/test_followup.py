"""The follow-up after the workshop (issue 17): the project lead's sign-in, units, metrics over
time, observation rounds, milestones and coaching, the staff pulse, and model versions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from facilitator.data.demo import DEMO_PASSPHRASE, create_demo
from facilitator.domain import Role, Workshop
from facilitator.errors import InputClosed, InvalidInput, NotAuthorised, NotFound
from facilitator.followup import metrics, milestones, people, pulse, rounds, units, versions
from facilitator.followup.metrics import Direction, Frequency, Status
from facilitator.followup.people import Purpose
from facilitator.room import access, workshops
from facilitator.room.workshops import FacilitatorKey
from facilitator.steps import model, plan, targets
from facilitator.steps.model import Rating
from facilitator.steps.phases import list_phases
from facilitator.store.db import Store

LEAD_PASSPHRASE = "lead-passphrase-2027"


@dataclass(frozen=True)
class Done:
    workshop: Workshop
    key: FacilitatorKey


@pytest.fixture
def done(store: Store) -> Done:
    """The demo workshop, finished: a model, a plan with metrics and milestones, and no
    follow-up yet."""
    code = create_demo(store, language="fi", follow_up=False)
    workshop, key = workshops.login(store, code, DEMO_PASSPHRASE)
    return Done(workshop, key)


# The project lead's own sign-in


def test_the_lead_signs_in_with_their_own_passphrase_to_the_follow_up_only(store, done):
    access.grant_lead(store, done.key, LEAD_PASSPHRASE)
    _, lead = workshops.login(store, done.workshop.code, LEAD_PASSPHRASE)
    assert access.is_lead(store, lead)
    assert access.authorise_follow_up(store, lead) == done.workshop.id
    unit = units.add_unit(store, lead, "Tampere")  # a follow-up action: allowed
    assert unit.name == "Tampere"
    with pytest.raises(NotAuthorised):
        workshops.set_step(store, lead, "observe")  # steering the workshop: refused
    with pytest.raises(NotAuthorised):
        access.grant_lead(store, lead, "another-passphrase")


def test_the_lead_cannot_be_given_the_facilitators_passphrase(store, done):
    with pytest.raises(InvalidInput) as refused:
        access.grant_lead(store, done.key, DEMO_PASSPHRASE)
    assert refused.value.key == "error.lead_same_passphrase"


def test_revoking_the_lead_signs_them_out_and_the_passphrase_opens_nothing(store, done):
    access.grant_lead(store, done.key, LEAD_PASSPHRASE)
    _, lead = workshops.login(store, done.workshop.code, LEAD_PASSPHRASE)
    access.revoke_lead(store, done.key)
    assert access.lead_since(store, done.workshop.id) is None
    with pytest.raises(NotAuthorised):
        access.authorise_follow_up(store, lead)
    with pytest.raises(NotAuthorised):
        workshops.login(store, done.workshop.code, LEAD_PASSPHRASE)


def test_a_new_lead_passphrase_replaces_the_old_one(store, done):
    access.grant_lead(store, done.key, LEAD_PASSPHRASE)
    _, old = workshops.login(store, done.workshop.code, LEAD_PASSPHRASE)
    access.grant_lead(store, done.key, "second-lead-passphrase")
    with pytest.raises(NotAuthorised):
        access.authorise_follow_up(store, old)
    with pytest.raises(NotAuthorised):
        workshops.login(store, done.workshop.code, LEAD_PASSPHRASE)
    workshops.login(store, done.workshop.code, "second-lead-passphrase")


# Units


def test_units_are_named_once_and_a_used_unit_is_kept(store, done):
    tampere = units.add_unit(store, done.key, "Tampere")
    with pytest.raises(InvalidInput):
        units.add_unit(store, done.key, "  tampere ")
    metric = metrics.take_from_plan(store, done.key)[0]
    metrics.record(store, done.key, metric.id, "1/2027", tampere.id, "70")
    with pytest.raises(InvalidInput) as refused:
        units.remove_unit(store, done.key, tampere.id)
    assert refused.value.key == "error.unit_in_use"
    units.rename_unit(store, done.key, tampere.id, "Tampere keskusta")
    assert [u.name for u in units.list_units(store, done.workshop.id)] == ["Tampere keskusta"]


# Metrics over time


def test_the_plans_metrics_are_read_into_figures(store, done):
    followed = metrics.take_from_plan(store, done.key)
    rows = plan.rows(store, done.workshop.id, plan.Section.METRICS)
    assert [m.name for m in followed] == [r["what"] for r in rows]
    first = followed[0]  # "62 % käynneistä" -> "90 % käynneistä"
    assert (first.baseline, first.target, first.direction) == (62.0, 90.0, Direction.HIGHER)
    assert first.measure == "% käynneistä"
    assert first.phase_id in {p.id for p in list_phases(store, done.workshop.id)}
    assert metrics.take_from_plan(store, done.key) == followed  # taking twice adds nothing


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ({"baseline": "45 s", "target": "enintään 20 s"}, (45.0, 20.0, Direction.LOWER, "s")),
        ({"baseline": "3,6 / 5", "target": "4,5 / 5"}, (3.6, 4.5, Direction.HIGHER, "/ 5")),
        ({"baseline": "12 %", "target": "5 %"}, (12.0, 5.0, Direction.LOWER, "%")),
        ({"baseline": "", "target": "at least 80%"}, (None, 80.0, Direction.HIGHER, "%")),
        ({"baseline": "", "target": "hyvä"}, (None, None, Direction.HIGHER, "")),
    ],
)
def test_a_plan_row_says_what_it_says_and_nothing_is_guessed(row, expected):
    read = metrics.read_plan_row({"what": "x", "phase": "", **row})
    assert (read["baseline"], read["target"], read["direction"], read["measure"]) == expected


def test_a_result_per_period_and_unit_replaces_the_one_before(store, done):
    metric = metrics.take_from_plan(store, done.key)[0]
    north = units.add_unit(store, done.key, "Pohjoinen")
    metrics.record(store, done.key, metric.id, "15.1.2027", north.id, "70,5")
    metrics.record(store, done.key, metric.id, "1/2027", north.id, "72")
    (only,) = metrics.results(store, done.workshop.id)[metric.id]
    assert (only.period, only.unit_id, only.value) == (dt.date(2027, 1, 1), north.id, 72.0)


@pytest.mark.parametrize("period", ["13/2027", "Q5 2027", "ensi kuussa", "", "1/1999"])
def test_a_period_that_is_none_is_refused(period):
    with pytest.raises(InvalidInput) as refused:
        metrics.read_period(period)
    assert refused.value.key == "error.period"


@pytest.mark.parametrize("value", ["", "n/a", "12-14", "1e400", "nan"])
def test_a_result_that_is_no_number_is_refused_and_nothing_is_stored(store, done, value):
    metric = metrics.take_from_plan(store, done.key)[0]
    with pytest.raises(InvalidInput):
        metrics.record(store, done.key, metric.id, "1/2027", units.WHOLE, value)
    assert metrics.results(store, done.workshop.id) == {}


def test_the_overall_figure_is_the_whole_organisations_else_the_units_mean(store, done):
    metric = metrics.take_from_plan(store, done.key)[0]
    a, b = (units.add_unit(store, done.key, n) for n in ("A", "B"))
    metrics.record(store, done.key, metric.id, "1/2027", a.id, 60)
    metrics.record(store, done.key, metric.id, "1/2027", b.id, 70)
    metrics.record(store, done.key, metric.id, "2/2027", a.id, 60)
    metrics.record(store, done.key, metric.id, "2/2027", units.WHOLE, 75)
    points = metrics.overall(metrics.results(store, done.workshop.id)[metric.id])
    assert points == [(dt.date(2027, 1, 1), 65.0), (dt.date(2027, 2, 1), 75.0)]


def _metric(direction: Direction, baseline: float | None, target: float | None):
    return metrics.TrackedMetric(1, None, "m", "%", direction, baseline, target, Frequency.MONTHLY)


@pytest.mark.parametrize(
    ("direction", "values", "expected"),
    [
        (Direction.HIGHER, [], Status.NO_DATA),
        (Direction.HIGHER, [70, 75], Status.ON_TRACK),  # better than baseline, rising
        (Direction.HIGHER, [75, 70], Status.BEHIND),  # falling back
        (Direction.HIGHER, [55], Status.BEHIND),  # worse than the baseline
        (Direction.HIGHER, [92, 91], Status.ON_TRACK),  # past the target
        (Direction.LOWER, [55, 50], Status.BEHIND),  # a lower-is-better metric going the wrong way
        (Direction.LOWER, [45, 40], Status.ON_TRACK),
    ],
)
def test_a_metric_is_on_track_behind_or_without_data(direction, values, expected):
    metric = _metric(
        direction,
        60.0 if direction == Direction.HIGHER else 50.0,
        90.0 if direction == Direction.HIGHER else 20.0,
    )
    points = [(dt.date(2027, i + 1, 1), float(v)) for i, v in enumerate(values)]
    assert metrics.status(metric, points) == expected


def test_periods_start_on_their_monday_month_or_quarter():
    day = dt.date(2027, 5, 20)  # a Thursday
    assert metrics.period_of(day, Frequency.WEEKLY) == dt.date(2027, 5, 17)
    assert metrics.period_of(day, Frequency.MONTHLY) == dt.date(2027, 5, 1)
    assert metrics.period_of(day, Frequency.QUARTERLY) == dt.date(2027, 4, 1)


# Observation rounds


def _observer(store: Store, done: Done) -> people.Person:
    code = people.open_code(store, done.key, Purpose.OBSERVE)
    found = people.find_code(store, code.code, client="test")
    person, token = people.join(store, found, name="Mystery shopper")
    assert people.by_token(store, token) == person
    return person


def test_an_observer_marks_a_phases_behaviours_and_a_retry_is_stored_once(store, done):
    unit = units.add_unit(store, done.key, "Tampere")
    observer = _observer(store, done)
    phase, listed = rounds.checklist(store, done.workshop.id)[0]
    marks = {i: "seen" if i == 0 else "not_seen" for i in range(len(listed))}
    first = rounds.send_visit(store, observer, unit.id, phase.id, marks, "Kiire", "visit-1")
    again = rounds.send_visit(store, observer, unit.id, phase.id, marks, "Kiire", "visit-1")
    assert first is not None and again is None
    (visit,) = rounds.visits(store, done.workshop.id)
    assert visit.marks[listed[0].text] == rounds.Mark.SEEN
    tally = rounds.by_behaviour([visit])[(phase.id, listed[0].text)]
    assert (tally.seen, tally.share) == (1, 1.0)


def test_a_checklist_with_a_behaviour_left_unmarked_is_refused(store, done):
    unit = units.add_unit(store, done.key, "Tampere")
    observer = _observer(store, done)
    phase, listed = rounds.checklist(store, done.workshop.id)[0]
    with pytest.raises(InvalidInput) as refused:
        rounds.send_visit(
            store, observer, unit.id, phase.id, {0: "seen"} if len(listed) > 1 else {}, "", "k"
        )
    assert refused.value.key == "error.checklist_incomplete"
    assert rounds.visits(store, done.workshop.id) == []


def test_a_phase_whose_fixed_behaviours_are_seldom_seen_stands_out(store, done):
    unit = units.add_unit(store, done.key, "Tampere")
    observer = _observer(store, done)
    phase, listed = next(
        (p, b) for p, b in rounds.checklist(store, done.workshop.id) if any(x.fixed for x in b)
    )
    fixed = [i for i, b in enumerate(listed) if b.fixed]
    for n in range(3):
        marks = {i: ("not_seen" if i in fixed and n < 2 else "seen") for i in range(len(listed))}
        rounds.send_visit(store, observer, unit.id, phase.id, marks, "", f"v{n}")
    seen = next(
        s
        for s in rounds.by_phase(store, done.workshop.id, rounds.visits(store, done.workshop.id))
        if s.phase.id == phase.id
    )
    assert seen.visits == 3
    assert seen.fixed_share == pytest.approx(1 / 3)
    assert {b.text for b in seen.seldom} == {listed[i].text for i in fixed}


def test_a_closed_code_lets_nobody_new_join(store, done):
    code = people.open_code(store, done.key, Purpose.OBSERVE)
    people.close_code(store, done.key, Purpose.OBSERVE)
    found = people.find_code(store, code.code, client="test")
    with pytest.raises(InputClosed):
        people.join(store, found)


def test_a_wrong_code_is_not_found(store, done):
    with pytest.raises(NotFound):
        people.find_code(store, "XXXXXX", client="test")


# Milestones and coaching


def test_milestones_come_from_the_plan_and_a_passed_day_without_done_is_late(store, done):
    followed = milestones.take_from_plan(store, done.key)
    assert followed and all(m.stored == milestones.Status.PLANNED for m in followed)
    first = followed[0]
    assert first.status(first.due + dt.timedelta(days=1)) == milestones.Status.LATE
    finished = milestones.set_status(store, done.key, first.id, "done")
    assert finished.status(first.due + dt.timedelta(days=1)) == milestones.Status.DONE
    with pytest.raises(InvalidInput):
        milestones.set_status(store, done.key, first.id, "late")


def test_the_coaching_log_keeps_who_coached_which_unit_when_and_on_what(store, done):
    unit = units.add_unit(store, done.key, "Tampere")
    milestones.log_coaching(
        store, done.key, day="3.2.2027", coach="Sari", unit_id=unit.id, topic="Tervehdys"
    )
    (entry,) = milestones.coaching_log(store, done.workshop.id)
    assert (entry.day, entry.coach, entry.unit_id, entry.topic) == (
        dt.date(2027, 2, 3),
        "Sari",
        unit.id,
        "Tervehdys",
    )


# Staff pulse


def test_a_pulse_is_compared_with_the_workshop_by_role(store, done):
    unit = units.add_unit(store, done.key, "Tampere")
    opened, code = pulse.open_pulse(store, done.key)
    found = people.find_code(store, code, client="test")
    phases = list_phases(store, done.workshop.id)
    for n in range(3):
        person, _ = people.join(store, found, role="frontline", unit_id=unit.id)
        pulse.answer(store, person, {phases[0].id: "unrealistic"}, 2, f"answer-{n}")
    shifts = pulse.compare(store, done.workshop.id, opened.id)
    front = next(s for s in shifts if s.phase_id == phases[0].id and s.role == Role.FRONTLINE)
    assert front.pulse_share == 1.0 and front.pulse_ratings == 3
    assert front.slipping
    assert pulse.fist(store, done.workshop.id, opened.id)[Role.FRONTLINE][2] == 3


def test_a_later_answer_replaces_the_earlier_and_a_closed_pulse_takes_none(store, done):
    opened, code = pulse.open_pulse(store, done.key)
    found = people.find_code(store, code, client="test")
    person, _ = people.join(store, found, role="management")
    phase = list_phases(store, done.workshop.id)[0]
    pulse.answer(store, person, {phase.id: "unrealistic"}, 1, "a1")
    pulse.answer(store, person, {phase.id: "can"}, 4, "a2")
    (latest,) = pulse.answers(store, done.workshop.id, opened.id)
    assert (latest.ratings[phase.id], latest.fingers) == (Rating.CAN, 4)
    pulse.close_pulse(store, done.key)
    with pytest.raises(InputClosed):
        pulse.answer(store, person, {phase.id: "support"}, 3, "a3")
    assert pulse.answer(store, person, {phase.id: "can"}, 4, "a2") is None  # a retry: answered


def test_an_observer_cannot_answer_a_pulse_nor_a_staff_member_send_a_visit(store, done):
    observer = _observer(store, done)
    with pytest.raises(NotAuthorised):
        pulse.answer(store, observer, {}, 3, "x")
    _, code = pulse.open_pulse(store, done.key)
    staff, _ = people.join(store, people.find_code(store, code, "t"), role="frontline")
    phase, _ = rounds.checklist(store, done.workshop.id)[0]
    with pytest.raises(NotAuthorised):
        rounds.send_visit(store, staff, 0, phase.id, {}, "", "y")


def test_the_facilitator_has_no_say_in_a_pulse(store, done):
    _, code = pulse.open_pulse(store, done.key)
    with pytest.raises(InvalidInput):
        people.join(store, people.find_code(store, code, "t"), role="facilitator")


# Versions


def test_version_2_carries_the_model_and_shows_what_changed(store, done):
    units.add_unit(store, done.key, "Tampere")
    v1 = done.workshop
    v2, key2 = versions.start_version(store, done.key, "version-two-passphrase")
    assert v2.code != v1.code and v2.step.value == "lobby"
    assert versions.version_number(store, v2.id) == 2
    assert versions.previous(store, v2.id) == v1.id
    assert model.text(store, v2.id) == model.text(store, v1.id)
    assert [p.name for p in list_phases(store, v2.id)] == [
        p.name for p in list_phases(store, v1.id)
    ]
    assert [u.name for u in units.list_units(store, v2.id)] == ["Tampere"]
    v2_metrics = plan.rows(store, v2.id, plan.Section.METRICS)
    assert {r["phase"] for r in v2_metrics if r["phase"]} <= {
        str(p.id) for p in list_phases(store, v2.id)
    }
    assert versions.changes(store, v1.id, v2.id) and not any(
        c.changed for c in versions.changes(store, v1.id, v2.id)
    )
    # The second version's room changes a phase: its target and one behaviour turned flexible.
    phase = list_phases(store, v2.id)[0]
    old = targets.behaviours(store, v2.id)[phase.id]
    turned = [targets.Behaviour(old[0].text, not old[0].fixed), *old[1:]]
    targets.set_target(store, key2, phase.id, "Asiakas tervehditään heti.", turned)
    change = versions.changes(store, v1.id, v2.id)[0]
    assert change.target_changed and change.behaviours_changed
    assert not any(c.changed for c in versions.changes(store, v1.id, v2.id)[1:])
    # Version 1 keeps its own.
    assert list_phases(store, v1.id)[0].target_state != "Asiakas tervehditään heti."


# The whole follow-up at once


def test_the_summary_shows_a_phase_whose_metric_looks_fine_while_its_behaviours_are_not_seen(
    store, done
):
    from facilitator.followup import summary

    unit = units.add_unit(store, done.key, "Tampere")
    followed = metrics.take_from_plan(store, done.key)
    metric = next(m for m in followed if m.phase_id is not None)
    metrics.record(store, done.key, metric.id, "1/2027", units.WHOLE, metric.target)
    observer = _observer(store, done)
    listed = dict(rounds.checklist(store, done.workshop.id))
    phase = next(p for p in listed if p.id == metric.phase_id)
    marks = {i: ("not_seen" if b.fixed else "seen") for i, b in enumerate(listed[phase])}
    rounds.send_visit(store, observer, unit.id, phase.id, marks, "", "v1")
    found = summary.follow_up(store, done.workshop.id, dt.date(2027, 2, 1))
    view = next(m for m in found.metrics if m.metric.id == metric.id)
    assert view.status == Status.ON_TRACK and view.latest == metric.target
    if any(b.fixed for b in listed[phase]):
        assert phase in found.standing_out()
    assert found.version == 1 and found.previous_id is None


# Mends after a review


def test_minutes_are_not_read_as_at_least():
    read = metrics.read_plan_row(
        {"what": "Odotus", "phase": "", "baseline": "7 min", "target": "4 min"}
    )
    assert (read["direction"], read["measure"]) == (Direction.LOWER, "min")


def test_without_a_baseline_one_result_short_of_the_target_is_behind():
    metric = _metric(Direction.HIGHER, None, 90.0)
    assert metrics.status(metric, [(dt.date(2027, 1, 1), 10.0)]) == Status.BEHIND
    rising = [(dt.date(2027, 1, 1), 10.0), (dt.date(2027, 2, 1), 20.0)]
    assert metrics.status(metric, rising) == Status.ON_TRACK


def test_a_model_has_one_next_version(store, done):
    v2, _ = versions.start_version(store, done.key, "version-two-passphrase")
    with pytest.raises(InvalidInput) as refused:
        versions.start_version(store, done.key, "another-passphrase")
    assert refused.value.key == "error.version_exists"
    assert refused.value.params == {"code": v2.code}


def test_deleting_version_1_leaves_version_2_a_first_version(store, done):
    from facilitator.data import backup

    v2, _ = versions.start_version(store, done.key, "version-two-passphrase")
    backup.delete(store, done.workshop.id)
    assert versions.previous(store, v2.id) is None
    assert versions.version_number(store, v2.id) == 1


def test_a_phase_the_follow_up_measures_cannot_be_removed_and_the_downloads_still_build(
    store, done
):
    from facilitator.data import backup
    from facilitator.steps import phases as phase_rules

    metric = next(m for m in metrics.take_from_plan(store, done.key) if m.phase_id is not None)
    before = list_phases(store, done.workshop.id)
    left = [(p.id, p.name) for p in before if p.id != metric.phase_id]
    with pytest.raises(InvalidInput) as refused:
        phase_rules.save_phases(store, done.key, left)
    assert refused.value.key == "error.phase_followed"
    assert list_phases(store, done.workshop.id) == before
    assert backup.backup(store, done.workshop.id)
