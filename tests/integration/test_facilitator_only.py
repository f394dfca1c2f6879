"""Every facilitator action refuses a participant, whatever they hold, and changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from facilitator import feedback_import, observations, participants, workshops
from facilitator.db import Store
from facilitator.domain import Kind, Participant, Workshop
from facilitator.errors import NotAuthorised
from facilitator.workshops import FacilitatorKey


@dataclass(frozen=True)
class Room:
    workshop: Workshop
    key: FacilitatorKey
    participant: Participant
    token: str
    observation_id: int


def _draft() -> observations.Draft:
    return observations.draft("strategy", "weakness", "Rewritten by someone")


_CSV = feedback_import.parse(b"comment,score\nGreat,5\nPoor,1\n")

ACTIONS: dict[str, Callable[[Store, object, Room], object]] = {
    "set_step": lambda s, k, r: workshops.set_step(s, k, "done"),
    "step_offset": lambda s, k, r: workshops.step_offset(s, k, 1),
    "set_input_open": lambda s, k, r: workshops.set_input_open(s, k, False),
    "set_results_visible": lambda s, k, r: workshops.set_results_visible(s, k, False),
    "set_joining_open": lambda s, k, r: workshops.set_joining_open(s, k, False),
    "start_timer": lambda s, k, r: workshops.start_timer(s, k, 5),
    "stop_timer": lambda s, k, r: workshops.stop_timer(s, k),
    "observations.list_all": lambda s, k, r: observations.list_all(s, k),
    "add_for": lambda s, k, r: observations.add_for(s, k, _draft(), "management"),
    "set_hidden": lambda s, k, r: observations.set_hidden(s, k, r.observation_id, True),
    "edit_any": lambda s, k, r: observations.edit_any(s, k, r.observation_id, _draft()),
    "import_feedback": lambda s, k, r: feedback_import.import_feedback(
        s,
        k,
        _CSV,
        text_column="comment",
        score_column="score",
        threshold=4,
        default_kind=Kind.WEAKNESS,
    ),
    "participants.list_for_facilitator": lambda s, k, r: participants.list_for_facilitator(s, k),
}

# What a participant has in hand and might pass instead of a facilitator key.
CREDENTIALS: dict[str, Callable[[Room], object]] = {
    "nothing": lambda r: None,
    "own-token": lambda r: r.token,
    "own-token-as-key": lambda r: FacilitatorKey(r.workshop.id, r.token),
    "participant-record": lambda r: r.participant,
    "guessed-token-as-key": lambda r: FacilitatorKey(r.workshop.id, "x" * 24),
}


@pytest.fixture
def room_with_entry(
    store: Store, make_workshop: Callable[..., tuple], make_participant: Callable[..., tuple]
) -> Room:
    workshop, key = make_workshop(store)
    workshop = workshops.set_step(store, key, "observe")
    participant, token = make_participant(store, workshop)
    entry = observations.submit(
        store, participant, observations.draft("experience", "strength", "Greeted at the door")
    )
    return Room(workshop, key, participant, token, entry.id)


def _snapshot(store: Store, room: Room) -> tuple:
    with store.read() as cur:
        entries = cur.execute(
            "SELECT id, viewpoint, kind, text, hidden FROM observations ORDER BY id"
        ).fetchall()
    return (
        workshops.get(store, room.workshop.id),
        entries,
        participants.counts_by_role(store, room.workshop.id),
        store.live.state_version(room.workshop.id),
        store.live.data_version(room.workshop.id),
    )


def test_the_facilitator_may_do_every_action(store: Store, room_with_entry: Room) -> None:
    # The counterpart of the test below: the same calls succeed with the real key.
    for action in ACTIONS.values():
        action(store, room_with_entry.key, room_with_entry)


@pytest.mark.parametrize("credential", list(CREDENTIALS), ids=list(CREDENTIALS))
@pytest.mark.parametrize("action", list(ACTIONS), ids=list(ACTIONS))
def test_a_participant_cannot_do_a_facilitator_action(
    store: Store, room_with_entry: Room, action: str, credential: str
) -> None:
    before = _snapshot(store, room_with_entry)
    with pytest.raises(NotAuthorised):
        ACTIONS[action](store, CREDENTIALS[credential](room_with_entry), room_with_entry)
    assert _snapshot(store, room_with_entry) == before
