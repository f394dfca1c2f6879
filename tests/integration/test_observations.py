"""Step 1 from the phones: sending, editing and deleting one's own observations."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from facilitator.domain import Kind, Role, Source, Viewpoint
from facilitator.errors import InputClosed, InvalidInput, NotAuthorised, NotFound
from facilitator.room import workshops
from facilitator.steps import observations
from facilitator.store.db import Store


def _texts(items: list[observations.Observation]) -> list[str]:
    return [o.text for o in items]


# ---------------------------------------------------------------- drafts


@pytest.mark.parametrize(
    ("viewpoint", "kind", "text", "key", "field"),
    [
        ("mission", "strength", "ok", "error.choice", "viewpoint"),
        (None, "strength", "ok", "error.choice", "viewpoint"),
        ("strategy", "neutral", "ok", "error.choice", "kind"),
        ("strategy", None, "ok", "error.choice", "kind"),
        ("strategy", "strength", "", "error.empty", "text"),
        ("strategy", "strength", " \n ", "error.empty", "text"),
        ("strategy", "strength", 42, "error.not_text", "text"),
        ("strategy", "strength", "x" * 281, "error.too_long", "text"),
    ],
)
def test_a_bad_draft_is_refused_naming_the_field(
    viewpoint: object, kind: object, text: object, key: str, field: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        observations.draft(viewpoint, kind, text)
    assert caught.value.key == key
    assert caught.value.params["field"] == field


def test_a_draft_of_the_maximum_length_is_accepted() -> None:
    d = observations.draft(Viewpoint.FEEDBACK, Kind.WEAKNESS, "x" * observations.MAX_OBSERVATION)
    assert (d.viewpoint, d.kind, len(d.text)) == (Viewpoint.FEEDBACK, Kind.WEAKNESS, 280)


# ---------------------------------------------------------------- own observations


def test_a_participant_submits_and_sees_their_own_observations_newest_first(
    any_store: Store,
    make_workshop: Callable[..., tuple],
    make_participant: Callable[..., tuple],
    submit: Callable[..., observations.Observation],
) -> None:
    workshop, key = make_workshop(any_store)
    workshops.set_step(any_store, key, "observe")
    me, _ = make_participant(any_store, workshop, Role.MANAGEMENT)
    someone, _ = make_participant(any_store, workshop)
    first = submit(any_store, me, "Greeted at the door", "experience", "strength")
    submit(any_store, someone, "Someone else's", "strategy", "weakness")
    second = submit(any_store, me, "No goodbye", "experience", "weakness")
    assert (first.author_role, first.source, first.participant_id) == (
        Role.MANAGEMENT,
        Source.PARTICIPANT,
        me.id,
    )
    assert (first.viewpoint, first.kind, first.hidden) == (
        Viewpoint.EXPERIENCE,
        Kind.STRENGTH,
        False,
    )
    assert observations.list_own(any_store, me) == [second, first]


def test_a_participant_edits_their_own_observation(
    store: Store,
    room: tuple,
    make_participant: Callable[..., tuple],
    submit: Callable[..., observations.Observation],
) -> None:
    workshop, _ = room
    me, _ = make_participant(store, workshop)
    mine = submit(store, me, "Typo hree", "experience", "strength")
    edited = observations.edit_own(
        store, me, mine.id, observations.draft("feedback", "weakness", "Typo here")
    )
    assert (edited.id, edited.text, edited.viewpoint, edited.kind) == (
        mine.id,
        "Typo here",
        Viewpoint.FEEDBACK,
        Kind.WEAKNESS,
    )
    assert observations.list_own(store, me) == [edited]


def test_a_participant_deletes_their_own_observation(
    store: Store,
    room: tuple,
    make_participant: Callable[..., tuple],
    submit: Callable[..., observations.Observation],
) -> None:
    workshop, _ = room
    me, _ = make_participant(store, workshop)
    keep = submit(store, me, "Keep")
    drop = submit(store, me, "Drop")
    observations.delete_own(store, me, drop.id)
    assert observations.list_own(store, me) == [keep]
    assert observations.count(store, workshop.id) == 1


def test_a_participant_cannot_edit_someone_elses_observation(
    store: Store,
    room: tuple,
    make_participant: Callable[..., tuple],
    submit: Callable[..., observations.Observation],
) -> None:
    workshop, _ = room
    owner, _ = make_participant(store, workshop)
    intruder, _ = make_participant(store, workshop)
    theirs = submit(store, owner, "The original")
    with pytest.raises(NotAuthorised):
        observations.edit_own(
            store, intruder, theirs.id, observations.draft("strategy", "weakness", "Changed")
        )
    assert observations.list_own(store, owner) == [theirs]


def test_a_participant_cannot_delete_someone_elses_observation(
    store: Store,
    room: tuple,
    make_participant: Callable[..., tuple],
    submit: Callable[..., observations.Observation],
) -> None:
    workshop, _ = room
    owner, _ = make_participant(store, workshop)
    intruder, _ = make_participant(store, workshop)
    theirs = submit(store, owner, "The original")
    with pytest.raises(NotAuthorised):
        observations.delete_own(store, intruder, theirs.id)
    assert observations.list_own(store, owner) == [theirs]


def test_a_participant_cannot_touch_an_entry_the_facilitator_added(
    store: Store, room: tuple, make_participant: Callable[..., tuple]
) -> None:
    workshop, key = room
    me, _ = make_participant(store, workshop)
    added = observations.add_for(
        store, key, observations.draft("strategy", "strength", "From paper"), "management"
    )
    with pytest.raises(NotAuthorised):
        observations.delete_own(store, me, added.id)
    assert observations.count(store, workshop.id) == 1


def test_an_observation_of_another_workshop_is_not_found(
    store: Store,
    room: tuple,
    make_workshop: Callable[..., tuple],
    make_participant: Callable[..., tuple],
    submit: Callable[..., observations.Observation],
) -> None:
    workshop, _ = room
    other, other_key = make_workshop(store)
    workshops.set_step(store, other_key, "observe")
    owner, _ = make_participant(store, other)
    me, _ = make_participant(store, workshop)
    theirs = submit(store, owner, "Elsewhere")
    with pytest.raises(NotFound):
        observations.edit_own(store, me, theirs.id, observations.draft("strategy", "strength", "x"))
    with pytest.raises(NotFound):
        observations.delete_own(store, me, theirs.id)
    with pytest.raises(NotFound):
        observations.delete_own(store, me, 999_999)


# ---------------------------------------------------------------- when input is closed

ATTEMPTS: dict[str, Callable[[Store, object, int], object]] = {
    "submit": lambda s, me, _: observations.submit(
        s, me, observations.draft("strategy", "strength", "Late")
    ),
    "edit_own": lambda s, me, oid: observations.edit_own(
        s, me, oid, observations.draft("strategy", "strength", "Late edit")
    ),
    "delete_own": lambda s, me, oid: observations.delete_own(s, me, oid),
}

CLOSINGS: dict[str, Callable[[Store, object], object]] = {
    "input-locked": lambda s, key: workshops.set_input_open(s, key, False),
    "back-in-lobby": lambda s, key: workshops.set_step(s, key, "lobby"),
    "moved-to-identify": lambda s, key: workshops.set_step(s, key, "identify"),
    "workshop-done": lambda s, key: workshops.set_step(s, key, "done"),
}


@pytest.mark.parametrize("closing", list(CLOSINGS))
@pytest.mark.parametrize("attempt", list(ATTEMPTS))
def test_nothing_is_written_while_input_is_closed(
    store: Store,
    room: tuple,
    make_participant: Callable[..., tuple],
    submit: Callable[..., observations.Observation],
    attempt: str,
    closing: str,
) -> None:
    workshop, key = room
    me, _ = make_participant(store, workshop)
    mine = submit(store, me, "Written in time")
    CLOSINGS[closing](store, key)
    with pytest.raises(InputClosed) as caught:
        ATTEMPTS[attempt](store, me, mine.id)
    assert caught.value.key == "error.input_closed"
    assert observations.list_own(store, me) == [mine]


def test_input_reopened_accepts_again(
    store: Store,
    room: tuple,
    make_participant: Callable[..., tuple],
    submit: Callable[..., observations.Observation],
) -> None:
    workshop, key = room
    me, _ = make_participant(store, workshop)
    workshops.set_input_open(store, key, False)
    workshops.set_input_open(store, key, True)
    assert submit(store, me, "Back again").text == "Back again"


# ---------------------------------------------------------------- retries and limits


def test_a_retried_submission_is_stored_once(
    store: Store,
    room: tuple,
    make_participant: Callable[..., tuple],
    submit: Callable[..., observations.Observation],
) -> None:
    workshop, _ = room
    me, _ = make_participant(store, workshop)
    first = submit(store, me, "Sent on a shaky network", submission_key="tab1-0")
    retry = submit(store, me, "Sent on a shaky network", submission_key="tab1-0")
    assert retry == first
    assert observations.count(store, workshop.id) == 1


def test_different_submission_keys_store_each_observation(
    store: Store,
    room: tuple,
    make_participant: Callable[..., tuple],
    submit: Callable[..., observations.Observation],
) -> None:
    workshop, _ = room
    me, _ = make_participant(store, workshop)
    submit(store, me, "Same words", submission_key="tab1-0")
    submit(store, me, "Same words", submission_key="tab1-1")
    submit(store, me, "Same words")
    submit(store, me, "Same words")
    assert observations.count(store, workshop.id) == 4


def test_a_participant_is_stopped_at_the_observation_limit(
    store: Store,
    room: tuple,
    make_participant: Callable[..., tuple],
    submit: Callable[..., observations.Observation],
) -> None:
    workshop, _ = room
    me, _ = make_participant(store, workshop)
    someone, _ = make_participant(store, workshop)
    for i in range(observations.MAX_PER_PARTICIPANT):
        submit(store, me, f"Observation {i}")
    with pytest.raises(InvalidInput) as caught:
        submit(store, me, "One too many")
    assert caught.value.key == "error.observation_limit"
    assert caught.value.params["max"] == observations.MAX_PER_PARTICIPANT
    assert submit(store, someone, "Others may still write").participant_id == someone.id


# ---------------------------------------------------------------- the facilitator's hand


def test_the_facilitator_adds_an_entry_for_someone_without_a_phone(
    store: Store, room: tuple
) -> None:
    workshop, key = room
    workshops.set_input_open(store, key, False)
    added = observations.add_for(
        store, key, observations.draft("strategy", "strength", "From the paper"), "management"
    )
    assert (added.participant_id, added.author_role, added.source) == (
        None,
        Role.MANAGEMENT,
        Source.FACILITATOR,
    )
    assert list(observations.list_visible(store, workshop.id)) == [added]


def test_the_facilitator_cannot_add_for_a_bad_role(store: Store, room: tuple) -> None:
    workshop, key = room
    with pytest.raises(InvalidInput) as caught:
        observations.add_for(store, key, observations.draft("strategy", "strength", "x"), "ceo")
    assert caught.value.params["field"] == "role"
    assert observations.count(store, workshop.id) == 0


def test_the_facilitator_corrects_any_observation(
    store: Store,
    room: tuple,
    make_participant: Callable[..., tuple],
    submit: Callable[..., observations.Observation],
) -> None:
    workshop, key = room
    someone, _ = make_participant(store, workshop)
    theirs = submit(store, someone, "Wrong place", "strategy", "strength")
    fixed = observations.edit_any(
        store, key, theirs.id, observations.draft("experience", "weakness", "Right place")
    )
    assert (fixed.id, fixed.viewpoint, fixed.kind, fixed.text) == (
        theirs.id,
        Viewpoint.EXPERIENCE,
        Kind.WEAKNESS,
        "Right place",
    )
    assert (fixed.participant_id, fixed.author_role) == (someone.id, theirs.author_role)


def test_the_facilitator_cannot_reach_another_workshops_observation(
    store: Store,
    room: tuple,
    make_workshop: Callable[..., tuple],
    make_participant: Callable[..., tuple],
    submit: Callable[..., observations.Observation],
) -> None:
    _, key = room
    other, other_key = make_workshop(store)
    workshops.set_step(store, other_key, "observe")
    stranger, _ = make_participant(store, other)
    theirs = submit(store, stranger, "Not yours")
    with pytest.raises(NotFound):
        observations.set_hidden(store, key, theirs.id, True)
    with pytest.raises(NotFound):
        observations.edit_any(
            store, key, theirs.id, observations.draft("strategy", "strength", "x")
        )
    assert list(observations.list_visible(store, other.id)) == [theirs]


def test_a_hidden_entry_leaves_the_results_but_stays_for_the_facilitator(
    store: Store,
    room: tuple,
    make_participant: Callable[..., tuple],
    submit: Callable[..., observations.Observation],
) -> None:
    workshop, key = room
    someone, _ = make_participant(store, workshop)
    kept = submit(store, someone, "Fair point")
    rude = submit(store, someone, "Something rude")
    hidden = observations.set_hidden(store, key, rude.id, True)
    assert hidden.hidden is True
    assert _texts(observations.list_visible(store, workshop.id)) == ["Fair point"]
    assert observations.count(store, workshop.id) == 1
    assert _texts(observations.list_all(store, key)) == ["Fair point", "Something rude"]
    assert observations.list_own(store, someone)[0].hidden is True
    assert kept.hidden is False


def test_a_hidden_entry_can_be_shown_again(
    store: Store,
    room: tuple,
    make_participant: Callable[..., tuple],
    submit: Callable[..., observations.Observation],
) -> None:
    workshop, key = room
    someone, _ = make_participant(store, workshop)
    entry = submit(store, someone, "Hidden by mistake")
    observations.set_hidden(store, key, entry.id, True)
    observations.set_hidden(store, key, entry.id, False)
    assert list(observations.list_visible(store, workshop.id)) == [entry]
    assert observations.count(store, workshop.id) == 1


# ---------------------------------------------------------------- the grid


def test_the_grid_arranges_observations_by_viewpoint_and_kind_with_counts_by_role(
    store: Store,
    room: tuple,
    make_participant: Callable[..., tuple],
    submit: Callable[..., observations.Observation],
) -> None:
    workshop, key = room
    boss, _ = make_participant(store, workshop, Role.MANAGEMENT)
    clerk, _ = make_participant(store, workshop, Role.FRONTLINE)
    submit(store, boss, "Clear promise", "strategy", "strength")
    submit(store, clerk, "Promise unknown at the till", "strategy", "strength")
    submit(store, clerk, "Queues", "experience", "weakness")
    submit(store, clerk, "Chat is slow", "experience", "weakness")
    rude = submit(store, clerk, "Rude", "experience", "weakness")
    observations.set_hidden(store, key, rude.id, True)
    observations.add_for(store, key, observations.draft("feedback", "strength", "Praised"), "other")

    cells = observations.grid(observations.list_visible(store, workshop.id))

    assert set(cells) == {(v, k) for v in Viewpoint for k in Kind}
    strategy_plus = cells[(Viewpoint.STRATEGY, Kind.STRENGTH)]
    assert _texts(list(strategy_plus.items)) == ["Clear promise", "Promise unknown at the till"]
    assert strategy_plus.by_role == {
        Role.MANAGEMENT: 1,
        Role.FRONTLINE: 1,
        Role.FACILITATOR: 0,
        Role.OTHER: 0,
    }
    experience_minus = cells[(Viewpoint.EXPERIENCE, Kind.WEAKNESS)]
    assert _texts(list(experience_minus.items)) == ["Queues", "Chat is slow"]
    assert experience_minus.by_role[Role.FRONTLINE] == 2
    assert cells[(Viewpoint.FEEDBACK, Kind.STRENGTH)].by_role[Role.OTHER] == 1
    assert cells[(Viewpoint.STRATEGY, Kind.WEAKNESS)].items == ()
    assert sum(sum(c.by_role.values()) for c in cells.values()) == 5


def test_the_grid_of_nothing_has_every_cell_empty() -> None:
    cells = observations.grid([])
    assert len(cells) == len(Viewpoint) * len(Kind)
    assert all(c.items == () and set(c.by_role.values()) == {0} for c in cells.values())
