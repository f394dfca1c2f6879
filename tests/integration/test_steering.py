"""The facilitator steers the room: steps, locks, the timer, and the versions phones watch."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from facilitator.domain import STEPS, Kind, Step
from facilitator.errors import InputClosed, InvalidInput
from facilitator.room import workshops
from facilitator.steps import feedback_import, observations, participants
from facilitator.store import clock
from facilitator.store.db import Store

# ---------------------------------------------------------------- steps


def _everything(store: Store, key: object) -> tuple:
    workshop_id = workshops.authorise(store, key)
    return (
        observations.list_all(store, key),
        participants.list_for_facilitator(store, key),
        participants.counts_by_role(store, workshop_id),
    )


def test_stepping_forward_to_the_end_and_back_loses_nothing(
    store: Store,
    room: tuple,
    make_participant: Callable[..., tuple],
    submit: Callable[..., observations.Observation],
) -> None:
    workshop, key = room
    for role in ["management", "frontline", "other"]:
        someone, _ = make_participant(store, workshop, role)
        submit(store, someone, f"Seen by {role}")
    hidden = submit(store, someone, "Hidden one")
    observations.set_hidden(store, key, hidden.id, True)
    before = _everything(store, key)

    visited = [workshops.step_offset(store, key, +1).step for _ in range(len(STEPS))]
    assert visited == [*STEPS[2:], Step.DONE, Step.DONE]
    assert _everything(store, key) == before

    visited = [workshops.step_offset(store, key, -1).step for _ in range(len(STEPS))]
    assert visited == [*reversed(STEPS[:-1]), Step.LOBBY]
    assert _everything(store, key) == before


@pytest.mark.parametrize("step", list(Step))
def test_the_facilitator_can_jump_to_any_step(
    store: Store, make_workshop: Callable[..., tuple], step: Step
) -> None:
    workshop, key = make_workshop(store)
    assert workshops.set_step(store, key, step.value).step is step
    assert workshops.get(store, workshop.id).step is step


@pytest.mark.parametrize("step", ["warmup", "", None, "OBSERVE", 3])
def test_an_unknown_step_is_refused(
    store: Store, make_workshop: Callable[..., tuple], step: object
) -> None:
    workshop, key = make_workshop(store)
    with pytest.raises(InvalidInput) as caught:
        workshops.set_step(store, key, step)
    assert caught.value.params["field"] == "step"
    assert workshops.get(store, workshop.id).step is Step.LOBBY


@pytest.mark.parametrize(
    ("setter", "attribute"),
    [
        (workshops.set_input_open, "input_open"),
        (workshops.set_results_visible, "results_visible"),
        (workshops.set_joining_open, "joining_open"),
    ],
)
def test_each_switch_turns_off_and_on_again(
    store: Store, make_workshop: Callable[..., tuple], setter: Callable, attribute: str
) -> None:
    workshop, key = make_workshop(store)
    assert getattr(setter(store, key, False), attribute) is False
    assert getattr(workshops.get(store, workshop.id), attribute) is False
    assert getattr(setter(store, key, True), attribute) is True
    assert getattr(workshops.get(store, workshop.id), attribute) is True


# ---------------------------------------------------------------- timer


def test_a_started_timer_counts_down_from_its_minutes(
    store: Store, make_workshop: Callable[..., tuple]
) -> None:
    _, key = make_workshop(store)
    before = clock.now()
    workshop = workshops.start_timer(store, key, 5)
    after = clock.now()
    assert workshop.timer_ends_at is not None
    assert before + timedelta(minutes=5) <= workshop.timer_ends_at <= after + timedelta(minutes=5)
    assert 295 <= workshops.seconds_left(workshop) <= 300  # type: ignore[operator]


def test_a_stopped_timer_is_gone(store: Store, make_workshop: Callable[..., tuple]) -> None:
    _, key = make_workshop(store)
    workshops.start_timer(store, key, 1.5)
    workshop = workshops.stop_timer(store, key)
    assert workshop.timer_ends_at is None
    assert workshops.seconds_left(workshop) is None


@pytest.mark.parametrize("minutes", [0, -1, 121, 1e9, float("nan"), float("inf"), "5", None])
def test_a_timer_outside_its_range_is_refused(
    store: Store, make_workshop: Callable[..., tuple], minutes: object
) -> None:
    workshop, key = make_workshop(store)
    with pytest.raises(InvalidInput) as caught:
        workshops.start_timer(store, key, minutes)  # type: ignore[arg-type]
    assert caught.value.key == "error.timer_range"
    assert caught.value.params["max"] == workshops.MAX_TIMER_MINUTES
    assert workshops.get(store, workshop.id).timer_ends_at is None


@pytest.mark.parametrize(
    ("before_end", "left"),
    [
        (timedelta(seconds=90), 90),
        (timedelta(seconds=89.5), 90),
        (timedelta(seconds=0.2), 1),
        (timedelta(0), 0),
        (timedelta(seconds=-1), 0),
        (timedelta(hours=-3), 0),
    ],
)
def test_seconds_left_rounds_up_and_stops_at_zero(
    store: Store, make_workshop: Callable[..., tuple], before_end: timedelta, left: int
) -> None:
    _, key = make_workshop(store)
    workshop = workshops.start_timer(store, key, 2)
    assert workshop.timer_ends_at is not None
    assert workshops.seconds_left(workshop, at=workshop.timer_ends_at - before_end) == left


# ---------------------------------------------------------------- live versions

STATE_CHANGES: dict[str, Callable[[Store, object], object]] = {
    "set_step": lambda s, k: workshops.set_step(s, k, "identify"),
    "step_offset": lambda s, k: workshops.step_offset(s, k, -1),
    "set_input_open": lambda s, k: workshops.set_input_open(s, k, False),
    "set_results_visible": lambda s, k: workshops.set_results_visible(s, k, False),
    "set_joining_open": lambda s, k: workshops.set_joining_open(s, k, False),
    "start_timer": lambda s, k: workshops.start_timer(s, k, 3),
    "stop_timer": lambda s, k: workshops.stop_timer(s, k),
}


@pytest.mark.parametrize("change", list(STATE_CHANGES))
def test_a_state_change_moves_the_state_and_data_versions_of_that_workshop_only(
    store: Store, room: tuple, make_workshop: Callable[..., tuple], change: str
) -> None:
    workshop, key = room
    other, _ = make_workshop(store)
    live = store.live
    state, data = live.state_version(workshop.id), live.data_version(workshop.id)
    untouched = (live.state_version(other.id), live.data_version(other.id))
    STATE_CHANGES[change](store, key)
    assert live.state_version(workshop.id) > state
    assert live.data_version(workshop.id) > data
    assert (live.state_version(other.id), live.data_version(other.id)) == untouched


@pytest.mark.parametrize("change", list(STATE_CHANGES))
def test_a_state_change_is_told_to_the_listeners_after_it_is_stored(
    store: Store, room: tuple, change: str
) -> None:
    """The phones are pushed their check from here (server/push.py): each change, once, with
    the new version already readable."""
    workshop, key = room
    heard: list[tuple[int, int]] = []
    store.live.listen(lambda wid: heard.append((wid, store.live.state_version(wid))))
    before = store.live.state_version(workshop.id)
    STATE_CHANGES[change](store, key)
    assert heard and all(wid == workshop.id for wid, _ in heard)
    assert heard[-1][1] == store.live.state_version(workshop.id) > before


def test_a_failing_listener_does_not_undo_the_change_or_silence_the_others(
    store: Store, room: tuple, caplog: pytest.LogCaptureFixture
) -> None:
    workshop, key = room
    heard: list[int] = []

    def broken(workshop_id: int) -> None:
        raise RuntimeError("a phone's session closed under us")

    store.live.listen(broken)
    store.live.listen(heard.append)
    store.live.listen(heard.append)  # the same listener twice is told once
    workshops.set_step(store, key, "identify")
    assert workshops.get(store, workshop.id).step == Step.IDENTIFY
    assert heard == [workshop.id]
    assert "a listener to the room's state failed" in caplog.text


def _csv() -> feedback_import.FeedbackFile:
    return feedback_import.parse(b"comment\nGreat\n")


INPUTS: dict[str, Callable[[Store, object, object, int], object]] = {
    "join": lambda s, k, w, oid: participants.join(s, w, "frontline"),
    "submit": lambda s, k, w, oid: observations.submit(
        s, participants.join(s, w, "other")[0], observations.draft("strategy", "strength", "x")
    ),
}

# What the facilitator changes in the shared lists, the phones show: they redraw for it.
SHARED_EDITS: dict[str, Callable[[Store, object, object, int], object]] = {
    "add_for": lambda s, k, w, oid: observations.add_for(
        s, k, observations.draft("strategy", "strength", "x"), "other"
    ),
    "set_hidden": lambda s, k, w, oid: observations.set_hidden(s, k, oid, True),
    "edit_any": lambda s, k, w, oid: observations.edit_any(
        s, k, oid, observations.draft("strategy", "weakness", "y")
    ),
    "import_feedback": lambda s, k, w, oid: feedback_import.import_feedback(
        s,
        k,
        _csv(),
        text_column="comment",
        score_column=None,
        threshold=None,
        default_kind=Kind.WEAKNESS,
    ),
}


@pytest.fixture
def with_entry(
    store: Store,
    room: tuple,
    make_participant: Callable[..., tuple],
    submit: Callable[..., observations.Observation],
) -> tuple:
    """The room with one participant's entry in it: (workshop, key, entry)."""
    workshop, key = room
    someone, _ = make_participant(store, workshop)
    return workshop, key, submit(store, someone, "An entry")


@pytest.mark.parametrize("action", list(INPUTS))
def test_an_input_moves_the_data_version_but_not_the_state_version(
    store: Store, with_entry: tuple, action: str
) -> None:
    workshop, key, entry = with_entry
    state, data = store.live.state_version(workshop.id), store.live.data_version(workshop.id)
    INPUTS[action](store, key, workshop, entry.id)
    assert store.live.state_version(workshop.id) == state
    assert store.live.data_version(workshop.id) > data


@pytest.mark.parametrize("action", list(SHARED_EDITS))
def test_a_facilitators_edit_moves_the_phones_and_the_cached_lists(
    store: Store, with_entry: tuple, action: str
) -> None:
    workshop, key, entry = with_entry
    before = observations.list_visible(store, workshop.id)
    state = store.live.state_version(workshop.id)
    SHARED_EDITS[action](store, key, workshop, entry.id)
    assert store.live.state_version(workshop.id) > state
    after = observations.list_visible(store, workshop.id)
    assert after != before
    assert after == _visible_from_the_database(store, workshop.id)


def _visible_from_the_database(store: Store, workshop_id: int) -> tuple:
    with store.read() as cur:
        ids = cur.execute(
            "SELECT id, text FROM observations WHERE workshop_id = ? AND NOT hidden"
            " ORDER BY created_at, id",
            [workshop_id],
        ).fetchall()
    shown = observations.list_visible(store, workshop_id)
    assert [(o.id, o.text) for o in shown] == ids
    return shown


@pytest.mark.parametrize("action", ["edit_own", "delete_own"])
def test_a_participants_change_moves_the_data_version(
    store: Store,
    room: tuple,
    make_participant: Callable[..., tuple],
    submit: Callable[..., observations.Observation],
    action: str,
) -> None:
    workshop, _ = room
    me, _ = make_participant(store, workshop)
    mine = submit(store, me, "Mine")
    data = store.live.data_version(workshop.id)
    state = store.live.state_version(workshop.id)
    cached = observations.list_visible(store, workshop.id)
    if action == "edit_own":
        observations.edit_own(store, me, mine.id, observations.draft("strategy", "strength", "z"))
    else:
        observations.delete_own(store, me, mine.id)
    assert store.live.data_version(workshop.id) == data + 1
    assert store.live.state_version(workshop.id) == state  # no phone redraws for it
    assert observations.list_visible(store, workshop.id) != cached
    _visible_from_the_database(store, workshop.id)


def test_a_refused_input_moves_no_version(
    store: Store, room: tuple, make_participant: Callable[..., tuple]
) -> None:
    workshop, key = room
    me, _ = make_participant(store, workshop)
    workshops.set_input_open(store, key, False)
    versions = store.live.state_version(workshop.id), store.live.data_version(workshop.id)
    with pytest.raises(InputClosed):
        observations.submit(store, me, observations.draft("strategy", "strength", "x"))
    assert (store.live.state_version(workshop.id), store.live.data_version(workshop.id)) == versions
