"""Step 5: the model's text, the achievability and memorability checks, consent, critical phases."""

from __future__ import annotations

import string
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from facilitator.charts import condense as charts_condense
from facilitator.domain import Kind, Participant, Role, Workshop
from facilitator.errors import InputClosed, InvalidInput, NotAuthorised
from facilitator.language.catalogs.en import EN
from facilitator.language.catalogs.fi import FI
from facilitator.room import workshops
from facilitator.room.workshops import FacilitatorKey
from facilitator.steps import model, phases, targets, voting
from facilitator.steps.model import Achievability, ModelPhase, Rating
from facilitator.steps.phases import Phase
from facilitator.steps.targets import Behaviour
from facilitator.store.db import Store

CAN, SUPPORT, UNREALISTIC = Rating.CAN, Rating.SUPPORT, Rating.UNREALISTIC


@dataclass(frozen=True)
class Room:
    store: Store
    workshop: Workshop
    key: FacilitatorKey
    boss: Participant
    clerks: list[Participant]
    token: str
    phase_ids: list[int]


@pytest.fixture
def room(
    store: Store, make_workshop: Callable[..., tuple], make_participant: Callable[..., tuple]
) -> Room:
    """A workshop in step 5 with input open: three phases with targets, a boss, three clerks."""
    workshop, key = make_workshop(store)
    boss, _ = make_participant(store, workshop, Role.MANAGEMENT)
    clerks = [make_participant(store, workshop, Role.FRONTLINE)[0] for _ in range(2)]
    last, token = make_participant(store, workshop, Role.FRONTLINE)
    made = phases.save_phases(store, key, [(None, "Noticing"), (None, "Asking"), (None, "Thanks")])
    for phase in made:
        targets.set_target(
            store, key, phase.id, f"{phase.name} goes well.", [Behaviour("Greet by name", True)]
        )
    workshop = workshops.set_step(store, key, "condense")
    return Room(store, workshop, key, boss, [*clerks, last], token, [p.id for p in made])


def _by_phase(room: Room) -> dict[int, Achievability]:
    return {a.phase.id: a for a in model.achievability(room.store, room.workshop.id)}


def _rows(store: Store, table: str) -> int:
    with store.read() as cur:
        (n,) = cur.execute(f"SELECT count(*) FROM {table}").fetchone()  # noqa: S608
    return n


# The model's text


def test_the_model_text_is_stored_on_one_line_and_read_back(room: Room) -> None:
    model.set_text(
        room.store,
        room.key,
        name="  The Kotipuoti   way ",
        promise="You feel at home\nfrom the door.",
        tone_words="warm, expert",
        judgement="Small talk and humour\nare yours.",
    )
    assert model.text(room.store, room.workshop.id) == model.ModelText(
        "The Kotipuoti way",
        "You feel at home from the door.",
        "warm, expert",
        "Small talk and humour\nare yours.",
    )


@pytest.mark.parametrize(
    ("fields", "error_key", "field"),
    [
        ({"name": "  "}, "error.empty", "model_name"),
        ({"name": "x" * (model.MAX_NAME + 1)}, "error.too_long", "model_name"),
        ({"promise": "x" * (model.MAX_PROMISE + 1)}, "error.too_long", "promise"),
        ({"tone_words": "x" * (model.MAX_TONE + 1)}, "error.too_long", "tone_words"),
        ({"judgement": "x" * (model.MAX_JUDGEMENT + 1)}, "error.too_long", "judgement"),
        ({"name": 42}, "error.not_text", "model_name"),
    ],
)
def test_a_bad_model_text_is_refused_and_the_saved_model_is_kept(
    room: Room, fields: dict, error_key: str, field: str
) -> None:
    saved = model.set_text(
        room.store, room.key, name="Ours", promise="A promise", tone_words="warm", judgement=""
    )
    form = {"name": "Ours", "promise": "", "tone_words": "", "judgement": "", **fields}
    with pytest.raises(InvalidInput) as err:
        model.set_text(room.store, room.key, **form)
    assert (err.value.key, err.value.params["field"]) == (error_key, field)
    assert model.text(room.store, room.workshop.id) == saved


def test_the_model_lists_the_phases_in_order_with_their_targets_and_behaviours(room: Room) -> None:
    targets.set_target(
        room.store,
        room.key,
        room.phase_ids[1],
        "We ask before we suggest.",
        [Behaviour("Ask which room it is for", True), Behaviour("Ask the budget", False)],
    )
    listed = model.phases(room.store, room.workshop.id)
    assert [mp.phase.name for mp in listed] == ["Noticing", "Asking", "Thanks"]
    assert listed[1].phase.target_state == "We ask before we suggest."
    assert listed[1].behaviours == (
        Behaviour("Ask which room it is for", True),
        Behaviour("Ask the budget", False),
    )


# Achievability


def test_rating_again_replaces_the_earlier_rating(room: Room) -> None:
    first, second, _ = room.phase_ids
    model.rate(room.store, room.clerks[0], {first: "unrealistic", second: "can"})
    model.rate(room.store, room.clerks[0], {first: "support"})

    assert model.my_ratings(room.store, room.clerks[0]) == {first: SUPPORT, second: CAN}
    counted = _by_phase(room)[first].by_role
    assert counted == {Role.FRONTLINE: Counter({SUPPORT: 1})}
    assert model.raters(room.store, room.workshop.id) == 1


def test_ratings_are_counted_by_the_raters_role(room: Room) -> None:
    first = room.phase_ids[0]
    model.rate(room.store, room.boss, {first: CAN})
    model.rate(room.store, room.clerks[0], {first: CAN})
    model.rate(room.store, room.clerks[1], {first: UNREALISTIC})

    assert _by_phase(room)[first].by_role == {
        Role.MANAGEMENT: Counter({CAN: 1}),
        Role.FRONTLINE: Counter({CAN: 1, UNREALISTIC: 1}),
    }
    assert _by_phase(room)[room.phase_ids[1]].by_role == {}


def test_my_ratings_are_mine_only(room: Room) -> None:
    model.rate(room.store, room.boss, {room.phase_ids[0]: CAN})
    assert model.my_ratings(room.store, room.clerks[0]) == {}


@pytest.mark.parametrize(
    ("frontline", "management", "flagged"),
    [
        ([UNREALISTIC, CAN, CAN], [], True),
        ([UNREALISTIC, SUPPORT], [], True),
        ([UNREALISTIC, CAN, CAN, SUPPORT], [], False),
        ([CAN, SUPPORT], [UNREALISTIC], False),
        ([], [UNREALISTIC], False),
        ([], [], False),
    ],
)
def test_a_phase_is_flagged_when_a_third_of_the_front_line_finds_it_unrealistic(
    frontline: list[Rating], management: list[Rating], flagged: bool
) -> None:
    phase = Phase(1, 0, "Noticing", "We notice everyone.", False)
    by_role = {Role.FRONTLINE: Counter(frontline), Role.MANAGEMENT: Counter(management)}
    assert Achievability(phase, by_role).flagged is flagged


def test_the_front_lines_unrealistic_ratings_flag_the_stored_phase(room: Room) -> None:
    first, second, _ = room.phase_ids
    model.rate(room.store, room.clerks[0], {first: UNREALISTIC, second: UNREALISTIC})
    model.rate(room.store, room.clerks[1], {first: CAN, second: CAN})
    model.rate(room.store, room.clerks[2], {first: CAN, second: CAN})
    model.rate(room.store, room.clerks[0], {second: CAN})

    assert [a.flagged for a in model.achievability(room.store, room.workshop.id)] == [
        True,
        False,
        False,
    ]


@pytest.mark.parametrize(
    ("ratings", "error_key"),
    [
        ({"first": "maybe"}, "error.choice"),
        ({"first": CAN, 999_999: CAN}, "error.stale_choice"),
        ({"first": None}, "condense.nothing_rated"),
        ({}, "condense.nothing_rated"),
    ],
)
def test_a_bad_rating_is_refused_and_nothing_is_stored(
    room: Room, ratings: dict, error_key: str
) -> None:
    sent = {room.phase_ids[0] if k == "first" else k: v for k, v in ratings.items()}
    with pytest.raises(InvalidInput) as err:
        model.rate(room.store, room.clerks[0], sent)
    assert err.value.key == error_key
    assert _rows(room.store, "ratings") == 0


def test_the_nothing_rated_message_exists_in_both_languages() -> None:
    assert EN["condense.nothing_rated"] and FI["condense.nothing_rated"]


# Memorability


def _model_phase(n: int, target: str = "We greet.", behaviour: str = "Greet") -> ModelPhase:
    return ModelPhase(Phase(n, n, f"Phase {n}", target, False), (Behaviour(behaviour, True),))


def test_a_short_model_of_seven_phases_gets_no_memorability_warning() -> None:
    assert model.memorability_warnings([_model_phase(n) for n in range(7)]) == []


def test_more_than_seven_phases_is_warned_about() -> None:
    warnings = model.memorability_warnings([_model_phase(n) for n in range(8)])
    assert warnings == [("model.too_many_phases", {"n": 8, "max": 7})]


def test_long_targets_and_behaviours_are_warned_about_by_phase() -> None:
    long_target = _model_phase(1, target="x" * (model.LONG_TARGET + 1))
    long_behaviour = _model_phase(2, behaviour="y" * (model.LONG_BEHAVIOUR + 1))
    just_fits = _model_phase(3, target="x" * model.LONG_TARGET, behaviour="y" * 90)
    assert model.memorability_warnings([long_target, long_behaviour, just_fits]) == [
        ("model.long_target", {"phase": "Phase 1", "max": model.LONG_TARGET}),
        ("model.long_behaviour", {"phase": "Phase 2", "max": model.LONG_BEHAVIOUR}),
    ]


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize(
    ("key", "params"),
    [
        ("model.too_many_phases", {"n", "max"}),
        ("model.long_target", {"phase", "max"}),
        ("model.long_behaviour", {"phase", "max"}),
    ],
)
def test_every_memorability_warning_has_a_text_in_both_languages(key: str, params: set) -> None:
    assert _placeholders(EN[key]) == params
    assert _placeholders(FI[key]) == params


# Consent


@pytest.mark.parametrize("fingers", [-1, 6, True, "3", 2.5, None])
def test_consent_outside_zero_to_five_fingers_is_refused(room: Room, fingers: object) -> None:
    with pytest.raises(InvalidInput) as err:
        model.give_consent(room.store, room.clerks[0], fingers)  # type: ignore[arg-type]
    assert err.value.key == "error.consent_range"
    assert _rows(room.store, "consent") == 0


@pytest.mark.parametrize("fingers", [0, 5])
def test_zero_and_five_fingers_are_both_accepted(room: Room, fingers: int) -> None:
    model.give_consent(room.store, room.clerks[0], fingers)
    assert model.my_consent(room.store, room.clerks[0]) == fingers


def test_showing_again_replaces_the_earlier_consent(room: Room) -> None:
    assert model.my_consent(room.store, room.clerks[0]) is None
    model.give_consent(room.store, room.clerks[0], 1)
    model.give_consent(room.store, room.clerks[0], 4)

    assert model.my_consent(room.store, room.clerks[0]) == 4
    assert model.consent(room.store, room.workshop.id)[Role.FRONTLINE] == Counter({4: 1})


def test_consent_is_counted_by_role_and_summed_up(room: Room) -> None:
    model.give_consent(room.store, room.boss, 5)
    for clerk, fingers in zip(room.clerks, [2, 4, 0], strict=True):
        model.give_consent(room.store, clerk, fingers)

    counts = model.consent(room.store, room.workshop.id)
    assert counts[Role.MANAGEMENT] == Counter({5: 1})
    assert counts[Role.FRONTLINE] == Counter({2: 1, 4: 1, 0: 1})
    assert counts[Role.OTHER] == Counter()
    assert model.consent_summary(counts) == model.ConsentSummary(4, 11 / 4, 2)


def test_nobody_has_shown_fingers_yet() -> None:
    assert model.consent_summary({r: Counter() for r in Role}) == model.ConsentSummary(0, None, 0)


# Only in step 5, only while input is open


def _rate(room: Room) -> None:
    model.rate(room.store, room.clerks[0], {room.phase_ids[0]: CAN})


def _consent(room: Room) -> None:
    model.give_consent(room.store, room.clerks[0], 3)


@pytest.mark.parametrize(("send", "table"), [(_rate, "ratings"), (_consent, "consent")])
@pytest.mark.parametrize(
    "close",
    [
        pytest.param(lambda r: workshops.set_step(r.store, r.key, "target"), id="step-4"),
        pytest.param(lambda r: workshops.set_step(r.store, r.key, "plan"), id="step-plan"),
        pytest.param(lambda r: workshops.set_input_open(r.store, r.key, False), id="locked"),
    ],
)
def test_ratings_and_consent_are_refused_outside_step_5_or_when_input_is_locked(
    room: Room, send: Callable, table: str, close: Callable
) -> None:
    close(room)
    with pytest.raises(InputClosed):
        send(room)
    assert _rows(room.store, table) == 0


# Critical phases


@pytest.fixture
def weaknesses(room: Room, submit: Callable) -> Room:
    """Key weaknesses placed: two on 'Asking', one on 'Thanks', none on 'Noticing'."""
    store, key = room.store, room.key
    workshops.set_step(store, key, "observe")
    ids = [
        submit(store, room.boss, text, kind="weakness").id
        for text in ("Nobody asks", "Questions are rushed", "No thanks at the till")
    ]
    workshops.set_step(store, key, "identify")
    voting.confirm_keys(store, key, Kind.WEAKNESS, ids)
    _, asking, thanks = room.phase_ids
    phases.place(store, key, {ids[0]: asking, ids[1]: asking, ids[2]: thanks})
    workshops.set_step(store, key, "condense")
    return room


def test_the_default_critical_phases_have_the_most_key_weaknesses(weaknesses: Room) -> None:
    _, asking, thanks = weaknesses.phase_ids
    assert model.default_critical(weaknesses.store, weaknesses.workshop.id) == [asking, thanks]
    assert model.default_critical(weaknesses.store, weaknesses.workshop.id, count=1) == [asking]


def test_a_phase_without_key_weaknesses_is_never_suggested_as_critical(weaknesses: Room) -> None:
    noticing = weaknesses.phase_ids[0]
    assert noticing not in model.default_critical(weaknesses.store, weaknesses.workshop.id, 3)


def test_ties_in_key_weaknesses_are_suggested_in_phase_order(room: Room, submit: Callable) -> None:
    workshops.set_step(room.store, room.key, "observe")
    ids = [submit(room.store, room.boss, t, kind="weakness").id for t in ("Late", "Rude")]
    workshops.set_step(room.store, room.key, "identify")
    voting.confirm_keys(room.store, room.key, Kind.WEAKNESS, ids)
    first, _, last = room.phase_ids
    phases.place(room.store, room.key, {ids[0]: last, ids[1]: first})
    assert model.default_critical(room.store, room.workshop.id) == [first, last]


def test_setting_critical_phases_marks_exactly_those(room: Room) -> None:
    first, second, third = room.phase_ids
    model.set_critical(room.store, room.key, [first, second])
    model.set_critical(room.store, room.key, [third])
    listed = phases.list_phases(room.store, room.workshop.id)
    assert [p.critical for p in listed] == [False, False, True]

    model.set_critical(room.store, room.key, [])
    assert not any(p.critical for p in phases.list_phases(room.store, room.workshop.id))


def test_a_phase_of_another_workshop_cannot_be_marked_critical(
    room: Room, make_workshop: Callable[..., tuple]
) -> None:
    _, other_key = make_workshop(room.store)
    (foreign,) = phases.save_phases(room.store, other_key, [(None, "Elsewhere")])
    model.set_critical(room.store, room.key, [room.phase_ids[0]])
    with pytest.raises(InvalidInput) as err:
        model.set_critical(room.store, room.key, [room.phase_ids[1], foreign.id])
    assert err.value.key == "error.stale_choice"
    assert [p.critical for p in phases.list_phases(room.store, room.workshop.id)] == [
        True,
        False,
        False,
    ]


# Facilitator-only actions

FACILITATOR_ACTIONS: dict[str, Callable[[Room, object], object]] = {
    "set_text": lambda r, k: model.set_text(
        r.store, k, name="Taken over", promise="", tone_words="", judgement=""
    ),
    "set_critical": lambda r, k: model.set_critical(r.store, k, r.phase_ids),
}
CREDENTIALS: dict[str, Callable[[Room], object]] = {
    "nothing": lambda r: None,
    "own-token": lambda r: r.token,
    "own-token-as-key": lambda r: FacilitatorKey(r.workshop.id, r.token),
    "participant-record": lambda r: r.clerks[-1],
}


@pytest.mark.parametrize("credential", CREDENTIALS)
@pytest.mark.parametrize("action", FACILITATOR_ACTIONS)
def test_a_participant_cannot_write_the_model_or_mark_critical_phases(
    room: Room, action: str, credential: str
) -> None:
    model.set_text(room.store, room.key, name="Ours", promise="", tone_words="", judgement="")
    with pytest.raises(NotAuthorised):
        FACILITATOR_ACTIONS[action](room, CREDENTIALS[credential](room))
    assert model.text(room.store, room.workshop.id).name == "Ours"
    assert not any(p.critical for p in phases.list_phases(room.store, room.workshop.id))


# Chart builders

ROLE_NAMES = {r: r.value.title() for r in Role}
RATING_NAMES = {CAN: "Can", SUPPORT: "Support", UNREALISTIC: "Unrealistic"}


def _values(chart: object) -> list[dict]:
    spec = chart.to_dict()  # type: ignore[attr-defined]
    (dataset,) = spec["datasets"].values()
    return dataset


def test_the_achievability_chart_shows_each_rating_by_role_and_marks_a_flagged_phase() -> None:
    noticing = Phase(1, 0, "Noticing", "We notice.", False)
    asking = Phase(2, 1, "Asking", "We ask.", False)
    rows = [
        Achievability(noticing, {Role.FRONTLINE: Counter({UNREALISTIC: 1, CAN: 1})}),
        Achievability(asking, {Role.MANAGEMENT: Counter({CAN: 2})}),
    ]
    chart = charts_condense.achievability(rows, ROLE_NAMES, RATING_NAMES)
    spec = chart.to_dict()
    values = _values(chart)

    assert spec["encoding"]["y"]["sort"] == ["1. Noticing ⚠", "2. Asking"]
    assert spec["encoding"]["column"]["sort"] == ["Management", "Frontline"]
    assert spec["encoding"]["color"]["scale"]["domain"] == ["Can", "Support", "Unrealistic"]
    assert spec["encoding"]["x"]["stack"] == "normalize"
    people = {(v["phase"], v["role"], v["rating"]): v["people"] for v in values}
    assert people[("1. Noticing ⚠", "Frontline", "Unrealistic")] == 1
    assert people[("2. Asking", "Management", "Can")] == 2
    assert people[("2. Asking", "Frontline", "Can")] == 0
    assert {v["role"] for v in values} == {"Management", "Frontline"}


def test_the_consent_chart_has_every_finger_count_for_every_role() -> None:
    counts = {r: Counter() for r in Role}
    counts[Role.MANAGEMENT] = Counter({5: 2})
    counts[Role.FRONTLINE] = Counter({2: 1, 4: 3})
    chart = charts_condense.consent(counts, ROLE_NAMES)
    spec = chart.to_dict()
    values = _values(chart)

    assert spec["encoding"]["x"]["scale"]["domain"] == [0, 1, 2, 3, 4, 5]
    assert len(values) == 6 * len(Role)
    people = {(v["fingers"], v["role"]): v["people"] for v in values}
    assert people[(5, "Management")] == 2
    assert people[(4, "Frontline")] == 3
    assert people[(0, "Other")] == 0
    assert sum(people.values()) == 6


def test_the_consent_chart_draws_for_a_room_with_no_answers() -> None:
    chart = charts_condense.consent({}, ROLE_NAMES)
    assert sum(v["people"] for v in _values(chart)) == 0


def test_a_phase_label_is_numbered() -> None:
    assert charts_condense.phase_label(2, "Asking") == "2. Asking"
    assert charts_condense.phase_label(2, "Asking", flagged=True) == "2. Asking ⚠"


def test_the_facilitators_own_ratings_and_fist_of_five_move_no_figure(
    room: Room, make_participant: Callable[..., tuple]
) -> None:
    model.rate(room.store, room.boss, dict.fromkeys(room.phase_ids, CAN))
    model.give_consent(room.store, room.boss, 4)
    before = (
        model.achievability(room.store, room.workshop.id),
        model.consent(room.store, room.workshop.id),
        model.raters(room.store, room.workshop.id),
    )
    facilitator, _ = make_participant(room.store, room.workshop, Role.FACILITATOR)

    model.rate(room.store, facilitator, dict.fromkeys(room.phase_ids, UNREALISTIC))
    model.give_consent(room.store, facilitator, 0)

    after = (
        model.achievability(room.store, room.workshop.id),
        model.consent(room.store, room.workshop.id),
        model.raters(room.store, room.workshop.id),
    )
    assert after == before
    assert Role.FACILITATOR not in after[1]
    # Kept all the same: the facilitator's phone shows what they gave.
    assert model.my_consent(room.store, facilitator) == 0
    chart = charts_condense.consent(after[1], {r: r.value for r in Role}).to_dict()
    assert Role.FACILITATOR.value not in chart["encoding"]["color"]["scale"]["domain"]
