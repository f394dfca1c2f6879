"""The change plan: its sections, the room's contributions and the metric suggestions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from facilitator.domain import CustomerType, Industry, Language, Participant, Step, Workshop
from facilitator.errors import InputClosed, InvalidInput, NotAuthorised, NotFound
from facilitator.language.catalogs.en import EN
from facilitator.language.catalogs.fi import FI
from facilitator.room import workshops
from facilitator.room.workshops import FacilitatorKey
from facilitator.steps import model, phases, plan, suggestions, targets
from facilitator.steps.plan import Challenge, Prompt, Section
from facilitator.store.db import Store


@dataclass(frozen=True)
class Room:
    workshop: Workshop
    key: FacilitatorKey
    participant: Participant
    token: str
    phase_ids: list[int]


@pytest.fixture
def room(
    store: Store, make_workshop: Callable[..., tuple], make_participant: Callable[..., tuple]
) -> Room:
    """A workshop in the plan step with three phases, the second one critical."""
    workshop, key = make_workshop(store)
    made = phases.save_phases(store, key, [(None, "Greet"), (None, "Ask"), (None, "Thank")])
    model.set_critical(store, key, [made[1].id])
    workshop = workshops.set_step(store, key, Step.PLAN)
    participant, token = make_participant(store, workshop)
    return Room(workshop, key, participant, token, [p.id for p in made])


def _rows(store: Store, room: Room, section: Section) -> list[dict[str, str]]:
    return plan.rows(store, room.workshop.id, section)


# Sections


def test_saved_rows_come_back_in_order_with_every_field(store: Store, room: Room) -> None:
    coaches = [
        {"name": "Sari", "teams": "Store 1, Store 2", "duties": "Weekly coaching on the floor"},
        {"name": "Jukka", "teams": "Web shop", "duties": "Listens to chats, gives feedback"},
    ]
    returned = plan.replace(store, room.key, Section.COACHES, coaches)

    assert returned == coaches
    assert _rows(store, room, Section.COACHES) == coaches


def test_saving_a_section_without_rows_clears_it(store: Store, room: Room) -> None:
    plan.replace(store, room.key, Section.COACHES, [{"name": "Sari"}])

    # The table's last row deleted, or only blank rows left: the section is emptied, no error.
    assert plan.replace(store, room.key, Section.COACHES, [{"name": "  "}]) == []
    assert plan.replace(store, room.key, Section.COACHES, []) == []
    assert _rows(store, room, Section.COACHES) == []


def test_empty_rows_are_dropped_and_text_is_trimmed(store: Store, room: Room) -> None:
    plan.replace(
        store,
        room.key,
        Section.OBSERVATION,
        [
            {
                "what": "  Greeting at the door ",
                "method": "Walk-through",
                "who": "",
                "frequency": "",
            },
            {"what": "", "method": "   ", "who": None, "frequency": ""},
            {},
        ],
    )

    assert _rows(store, room, Section.OBSERVATION) == [
        {"what": "Greeting at the door", "method": "Walk-through", "who": "", "frequency": ""}
    ]


def test_saving_a_section_replaces_it_and_leaves_the_others_alone(store: Store, room: Room) -> None:
    plan.replace(store, room.key, Section.COACHES, [{"name": "Sari"}])
    plan.replace(store, room.key, Section.OBSERVATION, [{"what": "Greeting"}])
    plan.replace(store, room.key, Section.COACHES, [{"name": "Aino"}])

    assert [r["name"] for r in _rows(store, room, Section.COACHES)] == ["Aino"]
    assert [r["what"] for r in _rows(store, room, Section.OBSERVATION)] == ["Greeting"]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("2027-03-31", "2027-03-31"),
        ("2027-03-31T00:00:00", "2027-03-31"),
        ("2027-03-31 00:00:00", "2027-03-31"),
        ("31.3.2027", "2027-03-31"),
        ("31.03.2027", "2027-03-31"),
        ("31/03/2027", "2027-03-31"),
        ("31 Mar 2027", "2027-03-31"),
        ("", ""),
    ],
)
def test_a_milestone_date_is_stored_as_an_iso_date(
    store: Store, room: Room, typed: str, stored: str
) -> None:
    plan.replace(store, room.key, Section.MILESTONES, [{"title": "Pilot", "due": typed}])

    assert _rows(store, room, Section.MILESTONES)[0]["due"] == stored


@pytest.mark.parametrize("typed", ["31.2.2027", "2027-02-30", "next spring", "2027-03-31 or so"])
def test_a_milestone_date_that_is_not_a_date_is_refused_and_nothing_is_lost(
    store: Store, room: Room, typed: str
) -> None:
    before = plan.replace(store, room.key, Section.MILESTONES, [{"title": "Pilot", "due": ""}])

    with pytest.raises(InvalidInput) as refused:
        plan.replace(store, room.key, Section.MILESTONES, [{"title": "Roll-out", "due": typed}])

    assert refused.value.key == "error.date"
    assert refused.value.params == {"value": typed}
    assert _rows(store, room, Section.MILESTONES) == before


def test_a_metric_names_its_phase_by_id(store: Store, room: Room) -> None:
    critical = str(room.phase_ids[1])
    plan.replace(store, room.key, Section.METRICS, [{"phase": critical, "what": "Greeted"}])

    assert _rows(store, room, Section.METRICS)[0]["phase"] == critical


@pytest.mark.parametrize("phase", ["999999", "Ask", "-1"])
def test_a_metric_on_an_unknown_phase_is_refused(store: Store, room: Room, phase: str) -> None:
    with pytest.raises(NotFound):
        plan.replace(store, room.key, Section.METRICS, [{"phase": phase, "what": "Greeted"}])

    assert _rows(store, room, Section.METRICS) == []


def test_a_metric_cannot_name_another_workshops_phase(
    store: Store, room: Room, make_workshop: Callable[..., tuple]
) -> None:
    _, other_key = make_workshop(store)
    (foreign,) = phases.save_phases(store, other_key, [(None, "Elsewhere")])

    with pytest.raises(NotFound):
        plan.replace(store, room.key, Section.METRICS, [{"phase": str(foreign.id), "what": "X"}])


def test_each_challenge_is_answered_in_one_row(store: Store, room: Room) -> None:
    answers = [
        {"challenge": c.value, "risks": f"risk {c.value}", "actions": f"act {c.value}"}
        for c in Challenge
    ]
    plan.replace(store, room.key, Section.CHALLENGES, answers)

    assert _rows(store, room, Section.CHALLENGES) == answers


@pytest.mark.parametrize("challenge", ["", "budget", "HABITS"])
def test_an_unknown_challenge_is_refused(store: Store, room: Room, challenge: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        plan.replace(
            store, room.key, Section.CHALLENGES, [{"challenge": challenge, "risks": "Old habits"}]
        )

    assert refused.value.params == {"field": "challenge"}


def test_a_challenge_cannot_be_answered_twice(store: Store, room: Room) -> None:
    twice = [{"challenge": "habits", "risks": "a"}, {"challenge": "habits", "actions": "b"}]

    with pytest.raises(InvalidInput) as refused:
        plan.replace(store, room.key, Section.CHALLENGES, twice)

    assert refused.value.key == "error.challenge_twice"


def test_a_section_holds_at_most_the_maximum_of_rows(store: Store, room: Room) -> None:
    most = [{"name": f"Coach {i}"} for i in range(plan.MAX_ROWS)]
    plan.replace(store, room.key, Section.COACHES, most)

    with pytest.raises(InvalidInput) as refused:
        plan.replace(store, room.key, Section.COACHES, [*most, {"name": "One more"}])

    assert refused.value.key == "error.plan_too_many_rows"
    assert len(_rows(store, room, Section.COACHES)) == plan.MAX_ROWS


def test_a_too_long_cell_is_refused_with_its_column_named(store: Store, room: Room) -> None:
    with pytest.raises(InvalidInput) as refused:
        plan.replace(
            store,
            room.key,
            Section.COACHES,
            [{"name": "Sari", "duties": "x" * (plan.MAX_FIELD + 1)}],
        )

    assert refused.value.key == "error.too_long"
    assert refused.value.params["field"] == "plan.duties"
    assert "field.plan.duties" in EN
    assert "field.plan.duties" in FI


# Contributions from the phones


def test_a_contribution_is_stored_and_listed_as_the_participants_own(
    store: Store, room: Room, make_participant: Callable[..., tuple]
) -> None:
    someone_else, _ = make_participant(store, room.workshop)
    plan.contribute(store, room.participant, "hard", "The rush hour leaves no time")
    plan.contribute(store, someone_else, Prompt.HELP, "A pocket card of the model")

    (mine,) = plan.contributions(store, room.workshop.id, participant=room.participant)
    assert (mine.prompt, mine.text, mine.curated, mine.hidden) == (
        Prompt.HARD,
        "The rush hour leaves no time",
        False,
        False,
    )
    assert len(plan.contributions(store, room.workshop.id)) == 2


def test_a_contribution_is_folded_onto_one_line(store: Store, room: Room) -> None:
    plan.contribute(store, room.participant, "help", "  Coaching\n\non the   floor ")

    assert plan.contributions(store, room.workshop.id)[0].text == "Coaching on the floor"


def test_a_contribution_may_be_as_long_as_the_limit_and_no_longer(store: Store, room: Room) -> None:
    plan.contribute(store, room.participant, "help", "x" * plan.MAX_CONTRIBUTION)

    with pytest.raises(InvalidInput) as refused:
        plan.contribute(store, room.participant, "help", "x" * (plan.MAX_CONTRIBUTION + 1))

    assert refused.value.key == "error.too_long"
    assert len(plan.contributions(store, room.workshop.id)) == 1


@pytest.mark.parametrize(
    ("prompt", "text", "key"),
    [
        ("hard", "   ", "error.empty"),
        ("hard", None, "error.empty"),
        ("later", "Something", "error.choice"),
        (None, "Something", "error.choice"),
    ],
)
def test_an_empty_answer_or_an_unknown_prompt_is_refused(
    store: Store, room: Room, prompt: object, text: object, key: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        plan.contribute(store, room.participant, prompt, text)

    assert refused.value.key == key
    assert plan.contributions(store, room.workshop.id) == []


def test_a_retried_submission_is_stored_once(store: Store, room: Room) -> None:
    first = plan.contribute(store, room.participant, "hard", "Old habits", submission_key="s-1")
    again = plan.contribute(store, room.participant, "hard", "Old habits", submission_key="s-1")
    other = plan.contribute(store, room.participant, "hard", "Old habits", submission_key="s-2")

    assert first == again
    assert other != first
    assert len(plan.contributions(store, room.workshop.id)) == 2


@pytest.mark.parametrize("step", [s for s in Step if s != Step.PLAN])
def test_contributing_is_refused_outside_the_plan_step(
    store: Store, room: Room, step: Step
) -> None:
    workshops.set_step(store, room.key, step)

    with pytest.raises(InputClosed):
        plan.contribute(store, room.participant, "hard", "Old habits")

    assert plan.contributions(store, room.workshop.id) == []


def test_contributing_is_refused_while_input_is_locked(store: Store, room: Room) -> None:
    workshops.set_input_open(store, room.key, False)

    with pytest.raises(InputClosed):
        plan.contribute(store, room.participant, "hard", "Old habits", submission_key="s-1")

    workshops.set_input_open(store, room.key, True)
    plan.contribute(store, room.participant, "hard", "Old habits", submission_key="s-1")
    assert len(plan.contributions(store, room.workshop.id)) == 1


def test_curating_takes_a_contribution_into_the_plan(store: Store, room: Room) -> None:
    chosen = plan.contribute(store, room.participant, "help", "A pocket card")
    plan.contribute(store, room.participant, "help", "Nothing")

    plan.curate(store, room.key, chosen, curated=True, hidden=False)

    curated = [c.text for c in plan.contributions(store, room.workshop.id) if c.curated]
    assert curated == ["A pocket card"]


def test_a_hidden_contribution_leaves_the_room_but_stays_for_the_facilitator_and_its_author(
    store: Store, room: Room
) -> None:
    hidden = plan.contribute(store, room.participant, "hard", "Off topic")

    plan.curate(store, room.key, hidden, curated=False, hidden=True)

    assert plan.contributions(store, room.workshop.id) == []
    (kept,) = plan.contributions(store, room.workshop.id, include_hidden=True)
    assert (kept.id, kept.hidden) == (hidden, True)
    (own,) = plan.contributions(
        store, room.workshop.id, participant=room.participant, include_hidden=True
    )
    assert own.id == hidden

    plan.curate(store, room.key, hidden, curated=False, hidden=False)
    assert [c.id for c in plan.contributions(store, room.workshop.id)] == [hidden]


def test_curating_a_contribution_of_another_workshop_is_refused(
    store: Store,
    room: Room,
    make_workshop: Callable[..., tuple],
    make_participant: Callable[..., tuple],
) -> None:
    other, other_key = make_workshop(store)
    other = workshops.set_step(store, other_key, Step.PLAN)
    stranger, _ = make_participant(store, other)
    theirs = plan.contribute(store, stranger, "hard", "Theirs")

    with pytest.raises(NotFound):
        plan.curate(store, room.key, theirs, curated=True, hidden=False)
    with pytest.raises(NotFound):
        plan.curate(store, room.key, 999_999, curated=True, hidden=False)

    assert not plan.contributions(store, other.id)[0].curated


# Only the facilitator

CREDENTIALS: dict[str, Callable[[Room], object]] = {
    "nothing": lambda r: None,
    "own-token": lambda r: r.token,
    "own-token-as-key": lambda r: FacilitatorKey(r.workshop.id, r.token),
    "participant-record": lambda r: r.participant,
}

ACTIONS: dict[str, Callable[[Store, object, Room, int], object]] = {
    "replace": lambda s, k, r, c: plan.replace(s, k, Section.COACHES, [{"name": "Intruder"}]),
    "replace-empty": lambda s, k, r, c: plan.replace(s, k, Section.COACHES, []),
    "curate": lambda s, k, r, c: plan.curate(s, k, c, curated=True, hidden=False),
    "hide": lambda s, k, r, c: plan.curate(s, k, c, curated=False, hidden=True),
}


@pytest.mark.parametrize("credential", list(CREDENTIALS))
@pytest.mark.parametrize("action", list(ACTIONS))
def test_a_participant_cannot_change_the_plan_or_curate(
    store: Store, room: Room, action: str, credential: str
) -> None:
    plan.replace(store, room.key, Section.COACHES, [{"name": "Sari"}])
    contribution = plan.contribute(store, room.participant, "hard", "Old habits")
    before = (
        _rows(store, room, Section.COACHES),
        plan.contributions(store, room.workshop.id, include_hidden=True),
    )

    with pytest.raises(NotAuthorised):
        ACTIONS[action](store, CREDENTIALS[credential](room), room, contribution)

    after = (
        _rows(store, room, Section.COACHES),
        plan.contributions(store, room.workshop.id, include_hidden=True),
    )
    assert after == before


# Metric suggestions


GREET = suggestions.PhaseText("Greeting", "Every customer noticed", (("Smile", True),))


@pytest.mark.parametrize("language", list(Language))
@pytest.mark.parametrize("industry", list(Industry))
def test_every_industry_gets_metric_suggestions_in_both_languages(
    industry: Industry, language: Language
) -> None:
    suggested = suggestions.metric_suggestions(GREET, industry, CustomerType.CONSUMER, language)

    assert len(suggested) >= 2
    assert all(all(part.strip() for part in metric) for metric in suggested)


@pytest.mark.parametrize("customer_type", list(CustomerType))
@pytest.mark.parametrize("industry", list(Industry))
def test_the_suggestions_say_the_same_in_finnish_and_english(
    industry: Industry, customer_type: CustomerType
) -> None:
    fi = suggestions.metric_suggestions(GREET, industry, customer_type, Language.FI)
    en = suggestions.metric_suggestions(GREET, industry, customer_type, Language.EN)

    assert len(fi) == len(en)
    assert fi != en


def test_an_industry_gets_suggestions_of_its_own() -> None:
    asking = suggestions.PhaseText("Mapping the needs")
    retail = suggestions.metric_suggestions(
        asking, Industry.FINANCE, CustomerType.CONSUMER, Language.EN
    )
    it = suggestions.metric_suggestions(asking, Industry.IT, CustomerType.CONSUMER, Language.EN)

    assert retail[0] != it[0]


def test_the_suggestions_go_to_the_first_critical_phase_still_without_metrics() -> None:
    suggested = [("Greeted in 30 s", "90 %", "Mystery shopping", "Monthly")]
    current = [{"phase": "7", "what": "Own metric"}]

    rows = plan.with_suggestions(current, suggested, [7, 9])

    assert rows[0] == current[0]
    assert rows[1] == {
        "phase": "9",
        "what": "Greeted in 30 s",
        "baseline": "",
        "target": "90 %",
        "source": "Mystery shopping",
        "frequency": "Monthly",
        "owner": "",
    }


def test_adding_the_suggestions_twice_adds_them_once() -> None:
    suggested = [("Greeted", "90 %", "Observation", "Monthly"), ("NPS", "+40", "Survey", "Weekly")]

    once = plan.with_suggestions([], suggested, [3])
    twice = plan.with_suggestions(once, suggested, [3])

    assert [r["what"] for r in twice] == ["Greeted", "NPS"]
    assert {r["phase"] for r in twice} == {"3"}


def test_without_a_critical_phase_no_suggestion_is_added() -> None:
    assert plan.with_suggestions([], [("NPS", "+40", "Survey", "Weekly")], []) == []


def test_the_suggestions_can_be_saved_as_they_are(store: Store, room: Room) -> None:
    phase, suggested = plan.suggestions_for(store, room.workshop, [])
    rows = plan.with_suggestions([], suggested, [room.phase_ids[1]])

    saved = plan.replace(store, room.key, Section.METRICS, rows)

    assert phase == str(room.phase_ids[1])
    assert [r["what"] for r in saved] == [s[0] for s in suggested]


def test_the_suggestions_read_the_critical_phase_and_skip_the_tables_metrics(
    store: Store, room: Room
) -> None:
    targets.set_target(
        store,
        room.key,
        room.phase_ids[1],
        "We find out what the customer needs",
        [targets.Behaviour("Call back within 24 h", True)],
    )
    _, first = plan.suggestions_for(store, room.workshop, [])
    taken = [{"phase": str(room.phase_ids[0]), "what": first[1][0]}]

    _, second = plan.suggestions_for(store, room.workshop, taken)

    assert "24 h" in first[0][1]
    assert first[1][0] not in [m[0] for m in second]


# Texts


@pytest.mark.parametrize("catalog", [FI, EN], ids=["fi", "en"])
def test_every_prompt_and_challenge_has_its_texts(catalog: dict[str, str]) -> None:
    # The pages build these keys from the enums, so the catalog scan cannot see them.
    keys = [f"plan.prompt.{p.value}" for p in Prompt] + [
        f"plan.challenge.{c.value}.{part}" for c in Challenge for part in ("title", "help")
    ]
    assert [k for k in keys if k not in catalog] == []
