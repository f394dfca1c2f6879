"""Step 4: proposals from the phones, votes on them, the agreed target and its behaviours."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from facilitator.domain import Participant, Role, Workshop
from facilitator.errors import InputClosed, InvalidInput, NotAuthorised, NotFound
from facilitator.room import workshops
from facilitator.room.workshops import FacilitatorKey
from facilitator.steps import phases, targets
from facilitator.steps.phases import Phase
from facilitator.steps.targets import Behaviour
from facilitator.store.db import Store


@dataclass(frozen=True)
class Room:
    store: Store
    workshop: Workshop
    key: FacilitatorKey
    phases: list[Phase]
    anna: Participant
    ben: Participant
    anna_token: str


@pytest.fixture
def room(
    store: Store, make_workshop: Callable[..., tuple], make_participant: Callable[..., tuple]
) -> Room:
    """A workshop in step Target with the six themed phases and two participants."""
    workshop, key = make_workshop(store)
    made = phases.apply_preset(store, key, "themes", "en")
    workshop = workshops.set_step(store, key, "target")
    anna, anna_token = make_participant(store, workshop, Role.FRONTLINE, "Anna")
    ben, _ = make_participant(store, workshop, Role.MANAGEMENT)
    return Room(store, workshop, key, made, anna, ben, anna_token)


def texts(room: Room, phase: Phase, **kwargs: object) -> list[str]:
    return [p.text for p in targets.proposals(room.store, room.workshop.id, phase.id, **kwargs)]


def votes(room: Room, phase: Phase) -> dict[int, int]:
    return {p.id: p.votes for p in targets.proposals(room.store, room.workshop.id, phase.id)}


# Proposals


def test_a_proposal_is_stored_as_typed_with_its_markup_kept_as_text(room: Room) -> None:
    typed = "  **Greet** <b>every</b> customer [here](http://x)  "
    targets.propose(room.store, room.anna, room.phases[0].id, typed)
    assert texts(room, room.phases[0]) == ["**Greet** <b>every</b> customer [here](http://x)"]
    assert texts(room, room.phases[1]) == []


def test_a_proposal_of_exactly_200_characters_is_accepted(room: Room) -> None:
    targets.propose(room.store, room.anna, room.phases[0].id, "x" * targets.MAX_PROPOSAL)
    assert texts(room, room.phases[0]) == ["x" * 200]


@pytest.mark.parametrize(
    ("text", "key"),
    [("", "error.empty"), ("  \n ", "error.empty"), ("x" * 201, "error.too_long")],
    ids=["empty", "blank", "201 characters"],
)
def test_an_empty_or_too_long_proposal_is_refused_and_nothing_is_stored(
    room: Room, text: str, key: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        targets.propose(room.store, room.anna, room.phases[0].id, text)
    assert refused.value.key == key
    assert texts(room, room.phases[0]) == []


def test_a_retried_submission_with_the_same_key_is_stored_once(room: Room) -> None:
    phase = room.phases[0].id
    first = targets.propose(room.store, room.anna, phase, "Greet at once", submission_key="s-1")
    again = targets.propose(room.store, room.anna, phase, "Greet at once", submission_key="s-1")
    other = targets.propose(room.store, room.anna, phase, "Greet at once", submission_key="s-2")
    assert first == again != other
    assert texts(room, room.phases[0]) == ["Greet at once", "Greet at once"]


def test_a_proposal_for_a_phase_of_another_workshop_is_refused(
    room: Room, make_workshop: Callable[..., tuple]
) -> None:
    _, other_key = make_workshop(room.store)
    (foreign, *_) = phases.apply_preset(room.store, other_key, "themes", "en")
    with pytest.raises(NotFound):
        targets.propose(room.store, room.anna, foreign.id, "Greet at once")


def test_the_proposals_never_name_their_author_but_mark_the_viewers_own(room: Room) -> None:
    phase = room.phases[0].id
    targets.propose(room.store, room.anna, phase, "Anna's idea")
    targets.propose(room.store, room.ben, phase, "Ben's idea")
    seen = targets.proposals(room.store, room.workshop.id, phase, viewer=room.anna)
    assert {p.text: p.mine for p in seen} == {"Anna's idea": True, "Ben's idea": False}
    assert all("participant" not in field for field in targets.Proposal.__dataclass_fields__)


# Votes


def test_votes_are_counted_most_backed_first(room: Room) -> None:
    phase = room.phases[0]
    a, b, c = (targets.propose(room.store, room.anna, phase.id, t) for t in ("A", "B", "C"))
    targets.vote(room.store, room.anna, phase.id, [b, c])
    targets.vote(room.store, room.ben, phase.id, [c])
    assert texts(room, phase) == ["C", "B", "A"]
    assert votes(room, phase) == {c: 2, b: 1, a: 0}
    assert sorted(targets.my_votes(room.store, room.anna, phase.id)) == [b, c]


def test_a_participant_backs_at_most_two_proposals_per_phase(room: Room) -> None:
    phase = room.phases[0]
    ids = [targets.propose(room.store, room.ben, phase.id, t) for t in ("A", "B", "C")]
    targets.vote(room.store, room.anna, phase.id, ids[:1])
    with pytest.raises(InvalidInput) as refused:
        targets.vote(room.store, room.anna, phase.id, ids)
    assert refused.value.key == "error.proposal_votes"
    assert refused.value.params == {"max": targets.VOTES_PER_PHASE}
    assert targets.my_votes(room.store, room.anna, phase.id) == ids[:1]


def test_voting_again_replaces_the_earlier_choice_and_never_counts_twice(room: Room) -> None:
    phase = room.phases[0]
    a, b = (targets.propose(room.store, room.ben, phase.id, t) for t in ("A", "B"))
    targets.vote(room.store, room.anna, phase.id, [a, b])
    targets.vote(room.store, room.anna, phase.id, [b])
    targets.vote(room.store, room.anna, phase.id, [b, b])
    assert votes(room, phase) == {b: 1, a: 0}
    targets.vote(room.store, room.anna, phase.id, [])
    assert votes(room, phase) == {a: 0, b: 0}
    assert targets.my_votes(room.store, room.anna, phase.id) == []


def test_votes_in_one_phase_leave_the_other_phases_alone(room: Room) -> None:
    first, second = room.phases[:2]
    a = targets.propose(room.store, room.ben, first.id, "A")
    b = targets.propose(room.store, room.ben, second.id, "B")
    targets.vote(room.store, room.anna, first.id, [a])
    targets.vote(room.store, room.anna, second.id, [b])
    assert targets.my_votes(room.store, room.anna, first.id) == [a]
    assert votes(room, first) == {a: 1}


def test_a_vote_for_a_proposal_of_another_phase_is_refused(room: Room) -> None:
    elsewhere = targets.propose(room.store, room.ben, room.phases[1].id, "Elsewhere")
    with pytest.raises(InvalidInput) as refused:
        targets.vote(room.store, room.anna, room.phases[0].id, [elsewhere])
    assert refused.value.key == "error.stale_choice"
    assert targets.my_votes(room.store, room.anna, room.phases[0].id) == []


def test_a_vote_for_an_unknown_phase_is_refused(room: Room) -> None:
    with pytest.raises(NotFound):
        targets.vote(room.store, room.anna, 987654, [])


# Hidden proposals


def test_a_hidden_proposal_is_left_out_of_the_room_but_kept_for_the_facilitator(
    room: Room,
) -> None:
    phase = room.phases[0]
    rude = targets.propose(room.store, room.ben, phase.id, "Something rude")
    targets.propose(room.store, room.ben, phase.id, "Greet at once")
    targets.set_proposal_hidden(room.store, room.key, rude, True)

    assert texts(room, phase) == ["Greet at once"]
    kept = targets.proposals(room.store, room.workshop.id, phase.id, include_hidden=True)
    assert [(p.text, p.hidden) for p in kept] == [
        ("Something rude", True),
        ("Greet at once", False),
    ]
    with pytest.raises(InvalidInput):
        targets.vote(room.store, room.anna, phase.id, [rude])

    targets.set_proposal_hidden(room.store, room.key, rude, False)
    assert texts(room, phase) == ["Something rude", "Greet at once"]


def test_hiding_an_unknown_proposal_says_it_is_not_found(room: Room) -> None:
    with pytest.raises(NotFound) as refused:
        targets.set_proposal_hidden(room.store, room.key, 987654, True)
    assert refused.value.key == "error.proposal_not_found"


# The agreed target


def test_a_saved_target_keeps_its_sentence_and_behaviours_in_order(room: Room) -> None:
    phase = room.phases[0]
    targets.set_target(
        room.store,
        room.key,
        phase.id,
        "  Every customer\nis noticed at once.  ",
        [Behaviour("Greet within 10 seconds", True), Behaviour("Nod if you are busy", False)],
    )
    (saved, *_) = phases.list_phases(room.store, room.workshop.id)
    assert saved.target_state == "Every customer is noticed at once."
    assert targets.behaviours(room.store, room.workshop.id) == {
        phase.id: [
            Behaviour("Greet within 10 seconds", True),
            Behaviour("Nod if you are busy", False),
        ]
    }


def test_saving_again_replaces_the_behaviours_and_other_phases_keep_theirs(room: Room) -> None:
    first, second = room.phases[:2]
    targets.set_target(room.store, room.key, second.id, "Ask first.", [Behaviour("Ask", True)])
    targets.set_target(
        room.store,
        room.key,
        first.id,
        "Noticed.",
        [Behaviour("C", False), Behaviour("B", True), Behaviour("A", False)],
    )
    targets.set_target(
        room.store, room.key, first.id, "Noticed.", [Behaviour("Z", True), Behaviour("Y", False)]
    )
    assert targets.behaviours(room.store, room.workshop.id) == {
        first.id: [Behaviour("Z", True), Behaviour("Y", False)],
        second.id: [Behaviour("Ask", True)],
    }


def test_blank_behaviour_rows_are_skipped(room: Room) -> None:
    phase = room.phases[0]
    rows = [Behaviour("", True), Behaviour("Greet", False), Behaviour("   ", True)]
    targets.set_target(room.store, room.key, phase.id, "Noticed.", rows)
    assert targets.behaviours(room.store, room.workshop.id)[phase.id] == [Behaviour("Greet", False)]


@pytest.mark.parametrize(
    ("sentence", "rows", "key"),
    [
        ("Noticed.", [], "error.behaviour_count"),
        ("Noticed.", [Behaviour(" ", True)], "error.behaviour_count"),
        ("Noticed.", [Behaviour(f"Do {n}", True) for n in range(4)], "error.behaviour_count"),
        ("   ", [Behaviour("Greet", True)], "error.empty"),
        ("x" * 201, [Behaviour("Greet", True)], "error.too_long"),
        ("Noticed.", [Behaviour("x" * 141, True)], "error.too_long"),
    ],
    ids=[
        "no behaviour",
        "only blank rows",
        "four behaviours",
        "blank sentence",
        "201-character sentence",
        "141-character behaviour",
    ],
)
def test_a_refused_target_leaves_the_saved_one_as_it_was(
    room: Room, sentence: str, rows: list[Behaviour], key: str
) -> None:
    phase = room.phases[0]
    targets.set_target(room.store, room.key, phase.id, "Kept.", [Behaviour("Greet", True)])
    with pytest.raises(InvalidInput) as refused:
        targets.set_target(room.store, room.key, phase.id, sentence, rows)
    assert refused.value.key == key
    assert phases.list_phases(room.store, room.workshop.id)[0].target_state == "Kept."
    assert targets.behaviours(room.store, room.workshop.id) == {
        phase.id: [Behaviour("Greet", True)]
    }


def test_the_longest_allowed_target_and_behaviours_are_accepted(room: Room) -> None:
    phase = room.phases[0]
    rows = [Behaviour("b" * targets.MAX_BEHAVIOUR, True)] * targets.MAX_BEHAVIOURS
    targets.set_target(room.store, room.key, phase.id, "s" * targets.MAX_TARGET, rows)
    assert len(targets.behaviours(room.store, room.workshop.id)[phase.id]) == 3


def test_a_target_for_an_unknown_phase_is_refused(room: Room) -> None:
    with pytest.raises(NotFound):
        targets.set_target(room.store, room.key, 987654, "Noticed.", [Behaviour("Greet", True)])


# Vague behaviours


@pytest.mark.parametrize(
    "behaviour",
    [
        "Greet within 10 seconds",
        "Ask which room the item is for",
        "Thank the customer and say goodbye",
        "Smiling at every customer",
        "Tervehdi asiakasta 10 sekunnin sisällä",
        "Kysy, mihin huoneeseen tuote tulee",
        "Kiitä ja toivota hyvää päivänjatkoa",
        "Asiakas tervehditään katsekontaktilla",
    ],
)
def test_a_behaviour_that_says_what_an_employee_does_is_not_vague(behaviour: str) -> None:
    assert not targets.is_vague(behaviour)


@pytest.mark.parametrize(
    "behaviour",
    [
        "Excellent customer service",
        "Be friendly and professional",
        "Helpful staff",
        "Give great, friendly service",
        "Laadukas ja asiakaslähtöinen palvelu",
        "Ystävällinen asenne",
        "Asiakasta palvellaan ystävällisesti",
        "Hyvä fiilis",
    ],
)
def test_a_behaviour_of_only_abstract_words_is_vague(behaviour: str) -> None:
    assert targets.is_vague(behaviour)


# Who may do what, and when


def _facilitator_actions(room: Room) -> dict[str, Callable[[object], object]]:
    phase = room.phases[0].id
    proposal = targets.propose(room.store, room.ben, phase, "Greet at once")
    return {
        "set_proposal_hidden": lambda k: targets.set_proposal_hidden(room.store, k, proposal, True),
        "set_target": lambda k: targets.set_target(
            room.store, k, phase, "Taken over.", [Behaviour("Greet", True)]
        ),
    }


@pytest.mark.parametrize("action", ["set_proposal_hidden", "set_target"])
@pytest.mark.parametrize(
    "credential", ["nothing", "own-token", "participant-record", "own-token-as-key"]
)
def test_a_facilitator_action_refuses_a_participant_and_changes_nothing(
    room: Room, action: str, credential: str
) -> None:
    run = _facilitator_actions(room)[action]
    held = {
        "nothing": None,
        "own-token": room.anna_token,
        "participant-record": room.anna,
        "own-token-as-key": FacilitatorKey(room.workshop.id, room.anna_token),
    }[credential]
    with pytest.raises(NotAuthorised):
        run(held)
    assert texts(room, room.phases[0]) == ["Greet at once"]
    assert phases.list_phases(room.store, room.workshop.id)[0].target_state == ""
    assert targets.behaviours(room.store, room.workshop.id) == {}


@pytest.mark.parametrize("step", ["order", "condense"])
def test_proposing_and_voting_are_refused_outside_the_target_step(room: Room, step: str) -> None:
    phase = room.phases[0].id
    existing = targets.propose(room.store, room.ben, phase, "Greet at once")
    workshops.set_step(room.store, room.key, step)
    with pytest.raises(InputClosed):
        targets.propose(room.store, room.anna, phase, "Too late")
    with pytest.raises(InputClosed):
        targets.vote(room.store, room.anna, phase, [existing])
    assert texts(room, room.phases[0]) == ["Greet at once"]
    assert targets.my_votes(room.store, room.anna, phase) == []


def test_proposing_and_voting_are_refused_while_input_is_locked(room: Room) -> None:
    phase = room.phases[0].id
    existing = targets.propose(room.store, room.ben, phase, "Greet at once")
    targets.vote(room.store, room.anna, phase, [existing])
    workshops.set_input_open(room.store, room.key, False)
    with pytest.raises(InputClosed):
        targets.propose(room.store, room.anna, phase, "Locked out")
    with pytest.raises(InputClosed):
        targets.vote(room.store, room.anna, phase, [])
    assert texts(room, room.phases[0]) == ["Greet at once"]
    assert targets.my_votes(room.store, room.anna, phase) == [existing]
    # The facilitator still composes the target while the phones are locked.
    targets.set_target(room.store, room.key, phase, "Noticed.", [Behaviour("Greet", True)])


def test_a_proposal_is_offered_to_the_other_phones_without_redrawing_them(room: Room) -> None:
    live, workshop_id = room.store.live, room.workshop.id
    state, content = live.state_version(workshop_id), live.content_version(workshop_id)
    targets.propose(room.store, room.anna, room.phases[0].id, "Greet within ten seconds")
    assert live.content_version(workshop_id) > content  # phones offer "show new proposals"
    assert live.state_version(workshop_id) == state  # but no phone redraws by itself
    content = live.content_version(workshop_id)
    (proposal,) = targets.proposals(room.store, workshop_id, room.phases[0].id)
    targets.vote(room.store, room.ben, room.phases[0].id, [proposal.id])
    assert live.content_version(workshop_id) == content  # backing one is not a new entry
