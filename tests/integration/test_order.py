"""Step 3: the phases, placing the key items on them, the room's suggestions and the journey."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import pytest

from facilitator.charts import screen
from facilitator.domain import Channel, CustomerType, Kind, Participant, Role, Viewpoint, Workshop
from facilitator.errors import InputClosed, InvalidInput, NotAuthorised, NotFound
from facilitator.language.catalogs.en import EN
from facilitator.language.catalogs.fi import FI
from facilitator.room import workshops
from facilitator.room.workshops import FacilitatorKey
from facilitator.steps import observations, participants, phases, presets, voting
from facilitator.store.db import Store


@dataclass(frozen=True)
class Room:
    workshop: Workshop
    key: FacilitatorKey
    boss: Participant
    clerk: Participant
    token: str
    greet: int  # key strength, customer experience
    queue: int  # key weakness, customer experience
    late: int  # key weakness, customer feedback
    promise: int  # not key


@pytest.fixture
def room(store: Store, cheap_hashing: None) -> Room:
    """A workshop in step 3 with three key items, one plain item and the six themes as phases."""
    new = workshops.validate_new(
        title="T",
        organisation="O",
        language="en",
        customer_type="consumer",
        industry="retail",
        channels=["in_person"],
        passphrase="passphrase-1",
    )
    workshop, key = workshops.create(store, new)
    boss, _ = participants.join(store, workshop, Role.MANAGEMENT)
    clerk, token = participants.join(store, workshop, Role.FRONTLINE)
    workshops.set_step(store, key, "observe")

    def say(viewpoint: str, kind: str, text: str) -> int:
        return observations.submit(store, clerk, observations.draft(viewpoint, kind, text)).id

    greet = say("experience", "strength", "Customers are greeted at the door")
    queue = say("experience", "weakness", "Queues at the till are long")
    late = say("feedback", "weakness", "Delivery times are not confirmed")
    promise = say("strategy", "strength", "We promise help that feels like home")
    voting.confirm_keys(store, key, Kind.STRENGTH, [greet])
    voting.confirm_keys(store, key, Kind.WEAKNESS, [queue, late])
    workshop = workshops.set_step(store, key, "order")
    phases.apply_preset(store, key, "themes", "en")
    return Room(workshop, key, boss, clerk, token, greet, queue, late, promise)


def ids(store: Store, room: Room) -> list[int]:
    return [p.id for p in phases.list_phases(store, room.workshop.id)]


# Phases -----------------------------------------------------------------------------------


def test_applying_a_preset_gives_its_phases_in_the_chosen_language(store, room):
    phases.apply_preset(store, room.key, "business", "fi")
    names = [p.name for p in phases.list_phases(store, room.workshop.id)]
    assert names == presets.PRESETS["business"]["fi"]


def test_applying_a_preset_replaces_the_phases_and_their_placements(store, room):
    phases.place(store, room.key, {room.greet: ids(store, room)[0]})
    phases.apply_preset(store, room.key, "chat", "en")
    assert [p.name for p in phases.list_phases(store, room.workshop.id)] == [
        "Greeting",
        "Clarifying question",
        "Solution",
        "Checking it worked",
        "Closing",
    ]
    assert phases.placements(store, room.workshop.id) == {}


@pytest.mark.parametrize(("preset", "language"), [("nonsense", "en"), ("themes", "sv")])
def test_an_unknown_preset_or_language_is_refused_and_the_phases_stay(
    store, room, preset, language
):
    before = phases.list_phases(store, room.workshop.id)
    with pytest.raises(InvalidInput):
        phases.apply_preset(store, room.key, preset, language)
    assert phases.list_phases(store, room.workshop.id) == before


@pytest.mark.parametrize(
    ("customer_type", "channels", "expected"),
    [
        (CustomerType.BUSINESS, (Channel.IN_PERSON,), "business"),
        (CustomerType.PATIENT, (Channel.IN_PERSON,), "patient"),
        (CustomerType.CONSUMER, (Channel.CHAT,), "chat"),
        (CustomerType.CONSUMER, (Channel.PHONE,), "phone"),
        (CustomerType.CONSUMER, (Channel.IN_PERSON, Channel.WEB), "themes"),
    ],
)
def test_the_suggested_preset_follows_the_customer_type_and_channels(
    customer_type, channels, expected
):
    assert presets.suggested_preset(customer_type, channels) == expected


@pytest.mark.parametrize("catalog", [FI, EN], ids=["fi", "en"])
def test_every_preset_has_a_name_in_the_catalog(catalog):
    # The console builds these keys from the preset names, which the i18n scan cannot see.
    assert [p for p in presets.PRESETS if f"order.preset.{p}" not in catalog] == []


def test_saving_phases_keeps_ids_and_content_and_follows_the_new_order(store, room):
    first, second, *rest = ids(store, room)
    with store.write() as cur:
        cur.execute("UPDATE phases SET target_state = 'Eye contact' WHERE id = ?", [second])
    phases.place(store, room.key, {room.greet: second})

    saved = phases.save_phases(
        store,
        room.key,
        [(second, "  Asking  about\nneeds "), (first, "Noticing"), (None, "Follow-up")]
        + [(pid, name) for pid, name in zip(rest, ["c", "d", "e", "f"], strict=True)],
    )

    assert [(p.id, p.name) for p in saved[:3]] == [
        (second, "Asking about needs"),
        (first, "Noticing"),
        (saved[2].id, "Follow-up"),
    ]
    assert saved[2].id not in {first, second, *rest}
    assert [p.position for p in saved] == list(range(len(saved)))
    assert saved[0].target_state == "Eye contact"
    assert phases.placements(store, room.workshop.id) == {room.greet: second}


def test_a_phase_left_out_is_removed_with_its_placements_and_behaviours(store, room):
    first, second, *_ = ids(store, room)
    phases.place(store, room.key, {room.greet: first, room.queue: second})
    with store.write() as cur:
        cur.execute(
            "INSERT INTO behaviours VALUES (?, ?, 0, 'Smile', TRUE)", [room.workshop.id, first]
        )

    phases.save_phases(store, room.key, [(second, "Asking")])

    assert ids(store, room) == [second]
    assert phases.placements(store, room.workshop.id) == {room.queue: second}
    with store.read() as cur:
        assert cur.execute("SELECT count(*) FROM behaviours").fetchone() == (0,)


def test_blank_new_rows_are_skipped(store, room):
    kept = ids(store, room)[:2]
    saved = phases.save_phases(
        store, room.key, [(kept[0], "A"), (None, "   "), (None, None), (kept[1], "B")]
    )
    assert [p.name for p in saved] == ["A", "B"]


def test_blanking_a_kept_phase_is_refused_rather_than_deleting_it(store, room):
    before = phases.list_phases(store, room.workshop.id)
    phases.place(store, room.key, {room.greet: before[0].id})
    with pytest.raises(InvalidInput) as err:
        phases.save_phases(
            store, room.key, [(p.id, "" if i == 0 else p.name) for i, p in enumerate(before)]
        )
    assert err.value.key == "error.empty"
    assert phases.list_phases(store, room.workshop.id) == before
    assert phases.placements(store, room.workshop.id) == {room.greet: before[0].id}


@pytest.mark.parametrize(
    ("rows", "error"),
    [
        ([], "error.phases_empty"),
        ([(None, " ")], "error.phases_empty"),
        ([(None, f"P{n}") for n in range(phases.MAX_PHASES + 1)], "error.phases_too_many"),
        ([(None, "x" * (phases.MAX_PHASE_NAME + 1))], "error.too_long"),
    ],
    ids=["none", "only-blank", "too-many", "too-long"],
)
def test_a_bad_list_of_phases_is_refused_and_nothing_changes(store, room, rows, error):
    before = phases.list_phases(store, room.workshop.id)
    with pytest.raises(InvalidInput) as err:
        phases.save_phases(store, room.key, rows)
    assert err.value.key == error
    assert phases.list_phases(store, room.workshop.id) == before


def test_the_same_phase_twice_is_refused(store, room):
    first = ids(store, room)[0]
    with pytest.raises(InvalidInput):
        phases.save_phases(store, room.key, [(first, "A"), (first, "B")])


def test_a_phase_of_another_workshop_cannot_be_kept(store, room, cheap_hashing):
    other, other_key = workshops.create(
        store,
        workshops.validate_new(
            title="U",
            organisation="O",
            language="en",
            customer_type="consumer",
            industry="retail",
            channels=["in_person"],
            passphrase="passphrase-2",
        ),
    )
    (foreign,) = phases.save_phases(store, other_key, [(None, "Theirs")])
    with pytest.raises(NotFound):
        phases.save_phases(store, room.key, [(foreign.id, "Mine now")])
    assert [p.name for p in phases.list_phases(store, other.id)] == ["Theirs"]


# Placements -------------------------------------------------------------------------------


def test_placing_and_unplacing_leaves_the_other_placements_alone(store, room):
    first, second, *_ = ids(store, room)
    phases.place(store, room.key, {room.greet: first, room.queue: second})
    phases.place(store, room.key, {room.greet: second})
    assert phases.placements(store, room.workshop.id) == {room.greet: second, room.queue: second}
    phases.place(store, room.key, {room.queue: None})
    assert phases.placements(store, room.workshop.id) == {room.greet: second}


@pytest.mark.parametrize("what", ["not-key", "unknown-phase"])
def test_only_key_items_go_on_existing_phases(store, room, what):
    first = ids(store, room)[0]
    placement = {room.promise: first} if what == "not-key" else {room.greet: 10**9}
    with pytest.raises(NotFound):
        phases.place(store, room.key, placement)
    assert phases.placements(store, room.workshop.id) == {}


def test_the_key_observations_leave_out_plain_merged_and_hidden_items(store, room):
    voting.merge(store, room.key, room.late, room.queue)
    assert [o.id for o in phases.key_observations(store, room.workshop.id)] == [
        room.greet,
        room.queue,
    ]
    observations.set_hidden(store, room.key, room.greet, True)
    assert [o.id for o in phases.key_observations(store, room.workshop.id)] == [room.queue]


# Suggestions ------------------------------------------------------------------------------


def test_a_later_suggestion_replaces_the_earlier_one_and_counts_once(store, room):
    first, second, *_ = ids(store, room)
    phases.suggest(store, room.clerk, {room.greet: first, room.queue: first})
    phases.suggest(store, room.clerk, {room.greet: second})
    phases.suggest(store, room.boss, {room.greet: second})

    assert phases.my_suggestions(store, room.clerk) == {room.greet: second, room.queue: first}
    assert phases.suggestion_counts(store, room.workshop.id) == {
        room.greet: Counter({second: 2}),
        room.queue: Counter({first: 1}),
    }
    assert phases.suggesters(store, room.workshop.id) == 2


def test_taking_back_a_suggestion_with_not_sure_removes_it_from_the_counts(store, room):
    first = ids(store, room)[0]
    phases.suggest(store, room.clerk, {room.greet: first})
    phases.suggest(store, room.clerk, {room.greet: None})

    assert phases.my_suggestions(store, room.clerk) == {room.greet: None}
    assert phases.suggestion_counts(store, room.workshop.id) == {}
    assert phases.suggesters(store, room.workshop.id) == 0


def test_a_suggestion_for_a_removed_phase_no_longer_counts(store, room):
    first, second, *_ = ids(store, room)
    phases.suggest(store, room.clerk, {room.greet: first, room.queue: second})
    phases.save_phases(store, room.key, [(second, "Asking")])
    assert phases.my_suggestions(store, room.clerk) == {room.greet: None, room.queue: second}
    assert phases.suggestion_counts(store, room.workshop.id) == {room.queue: Counter({second: 1})}


def test_sending_no_suggestions_stores_nothing(store, room):
    phases.suggest(store, room.clerk, {})
    assert phases.my_suggestions(store, room.clerk) == {}


@pytest.mark.parametrize("what", ["not-key", "unknown-phase"])
def test_a_stale_suggestion_is_refused(store, room, what):
    first = ids(store, room)[0]
    suggestion = {room.promise: first} if what == "not-key" else {room.greet: 10**9}
    with pytest.raises(InvalidInput) as err:
        phases.suggest(store, room.clerk, suggestion)
    assert err.value.key == "error.stale_choice"


@pytest.mark.parametrize("closed_by", ["input-locked", "other-step"])
def test_suggesting_is_refused_outside_step_order_or_when_input_is_locked(store, room, closed_by):
    first = ids(store, room)[0]
    if closed_by == "input-locked":
        workshops.set_input_open(store, room.key, False)
    else:
        workshops.set_step(store, room.key, "target")
    with pytest.raises(InputClosed):
        phases.suggest(store, room.clerk, {room.greet: first})
    assert phases.my_suggestions(store, room.clerk) == {}


# Facilitator only -------------------------------------------------------------------------

ACTIONS = {
    "save_phases": lambda s, k, r: phases.save_phases(s, k, [(None, "Mine")]),
    "apply_preset": lambda s, k, r: phases.apply_preset(s, k, "chat", "en"),
    "place": lambda s, k, r: phases.place(s, k, {r.greet: ids(s, r)[0]}),
}
CREDENTIALS = {
    "nothing": lambda r: None,
    "own-token": lambda r: r.token,
    "own-token-as-key": lambda r: FacilitatorKey(r.workshop.id, r.token),
    "participant-record": lambda r: r.clerk,
}


def _snapshot(store: Store, room: Room) -> tuple:
    return (
        phases.list_phases(store, room.workshop.id),
        phases.placements(store, room.workshop.id),
    )


@pytest.mark.parametrize("credential", list(CREDENTIALS))
@pytest.mark.parametrize("action", list(ACTIONS))
def test_a_participant_cannot_edit_phases_or_placements(store, room, action, credential):
    before = _snapshot(store, room)
    with pytest.raises(NotAuthorised):
        ACTIONS[action](store, CREDENTIALS[credential](room), room)
    assert _snapshot(store, room) == before


@pytest.mark.parametrize("action", list(ACTIONS))
def test_the_facilitator_may_edit_phases_and_placements(store, room, action):
    ACTIONS[action](store, room.key, room)


# Evidence, coverage and the journey -------------------------------------------------------


def test_evidence_lists_each_phases_items_by_kind_with_their_viewpoints(store, room):
    first, second, *_ = ids(store, room)
    phases.place(store, room.key, {room.greet: first, room.queue: first, room.late: second})

    rows = phases.evidence(store, room.workshop.id)

    assert [o.id for o in rows[0].strengths] == [room.greet]
    assert [o.id for o in rows[0].weaknesses] == [room.queue]
    assert rows[0].viewpoints == {Viewpoint.EXPERIENCE}
    assert rows[0].coverage_warning == "single"
    assert rows[1].viewpoints == {Viewpoint.FEEDBACK}
    assert [e.coverage_warning for e in rows[2:]] == ["none"] * 4


def test_a_merged_item_counts_the_viewpoints_of_what_was_merged_into_it(store, room):
    first = ids(store, room)[0]
    voting.merge(store, room.key, room.late, room.queue)
    phases.place(store, room.key, {room.queue: first})

    (row, *_) = phases.evidence(store, room.workshop.id)

    assert row.viewpoints == {Viewpoint.EXPERIENCE, Viewpoint.FEEDBACK}
    assert row.coverage_warning is None


def test_a_phase_resting_on_two_viewpoints_gets_no_warning(store, room):
    first = ids(store, room)[0]
    phases.place(store, room.key, {room.greet: first, room.late: first})
    assert phases.evidence(store, room.workshop.id)[0].coverage_warning is None


def _journey_data(chart) -> list[dict]:
    spec = chart.to_dict()
    (cards,) = [layer for layer in spec["layer"] if layer["mark"]["type"] == "rect"][1:]
    return spec["datasets"][cards["data"]["name"]]


def test_the_journey_puts_strengths_above_the_line_and_weaknesses_below(store, room):
    first, second, *_ = ids(store, room)
    phases.place(store, room.key, {room.greet: first, room.queue: first, room.late: second})
    chart = screen.journey(
        phases.evidence(store, room.workshop.id), {room.queue: 4}, "Strengths", "Weaknesses"
    )

    spec = chart.to_dict()
    rows = {r["item"]: r for r in _journey_data(chart)}

    greet = rows["Customers are greeted at the door"]
    queue = rows["Queues at the till are long"]
    late = rows["Delivery times are not confirmed"]
    assert greet["kind"] == "Strengths"
    assert greet["y0"] == 0
    assert greet["y1"] > 0
    assert queue["kind"] == late["kind"] == "Weaknesses"
    assert queue["y1"] < 0
    assert late["y1"] < 0
    # Dots make a card taller, and show on it.
    assert abs(queue["y1"]) > abs(late["y1"])
    assert queue["label"].splitlines()[-1] == "● 4"
    assert greet["phase"] == queue["phase"] == "1. Noticing"
    assert late["phase"] == "2. Asking"
    x = spec["layer"][1]["encoding"]["x"]
    assert x["scale"]["domain"] == [
        "1. Noticing",
        "2. Asking",
        "3. Listening",
        "4. Suggesting",
        "5. Confirming",
        "6. Thanking",
    ]


def test_the_journey_of_phases_with_nothing_placed_still_draws(store, room):
    chart = screen.journey(phases.evidence(store, room.workshop.id), {}, "S", "W", big=True)
    assert _journey_data(chart) == []
    assert chart.to_dict()["height"] > 0


def test_a_long_item_is_wrapped_into_at_most_four_lines_on_its_card(store, room):
    first = ids(store, room)[0]
    long_text = "A very long observation " * 10
    with store.write() as cur:
        cur.execute("UPDATE observations SET text = ? WHERE id = ?", [long_text, room.greet])
    phases.place(store, room.key, {room.greet: first})
    (row,) = _journey_data(
        screen.journey(phases.evidence(store, room.workshop.id), {room.greet: 2}, "S", "W")
    )
    lines = row["label"].splitlines()
    assert len(lines) == 4
    assert lines[2].endswith("…")
    assert row["item"] == long_text
