"""The follow-up on a phone (issue 17): joining with a follow-up code on the join page, the
observer's checklist of a visit and the staff pulse (pages/follow.py, ?code=&f=)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from streamlit.testing.v1 import AppTest

from facilitator.data.demo import DEMO_PASSPHRASE, create_demo
from facilitator.domain import Role, Workshop
from facilitator.followup import people, pulse, rounds, units
from facilitator.followup.people import Purpose
from facilitator.language.i18n import t
from facilitator.room import workshops
from facilitator.room.workshops import FacilitatorKey
from facilitator.steps.phases import list_phases
from facilitator.store.db import Store


@dataclass(frozen=True)
class Done:
    workshop: Workshop
    key: FacilitatorKey
    unit: units.Unit


@pytest.fixture
def done(store: Store) -> Done:
    """The finished demo workshop (Finnish) with two units."""
    code = create_demo(store, language="fi", follow_up=False)
    workshop, key = workshops.login(store, code, DEMO_PASSPHRASE)
    first = units.add_unit(store, key, "Tampere")
    units.add_unit(store, key, "Oulu")
    return Done(workshop, key, first)


def _observer_code(store: Store, done: Done) -> str:
    return people.open_code(store, done.key, Purpose.OBSERVE).code


def _observer(store: Store, done: Done, name: str = "Havainnoija") -> tuple[people.Person, str]:
    found = people.find_code(store, _observer_code(store, done), client="test")
    return people.join(store, found, name=name)


def _submit(at: AppTest, form_prefix: str) -> AppTest:
    (button,) = [b for b in at.button if (b.form_id or "").startswith(form_prefix)]
    return button.click().run()


def _pick_visit(at: AppTest, store: Store, done: Done, phase_index: int = 0) -> AppTest:
    at.selectbox(key="visit_unit").set_value(done.unit.id).run()
    phase, _ = rounds.checklist(store, done.workshop.id)[phase_index]
    phase_box = next(s for s in at.selectbox if s.key.startswith("visit_phase_"))
    return phase_box.set_value(phase.id).run()


# Joining


def test_an_observer_code_on_the_join_page_opens_the_observers_join(store, app, done):
    at = app(code=_observer_code(store, done)).run()

    assert not at.exception
    assert at.title[0].value == done.workshop.title
    assert t("fi", "follow_phone.observer_intro") in [m.value for m in at.markdown]
    assert not at.radio  # an observer gives no role
    at.text_input[0].input("Mirja")
    at = _submit(at, "follow_join")

    assert not at.exception
    me = people.by_token(store, at.query_params["f"])
    assert (me.purpose, me.name) == (Purpose.OBSERVE, "Mirja")
    assert t("fi", "follow_phone.you_are", who="Havainnoija · Mirja") in [
        c.value for c in at.caption
    ]
    assert at.selectbox(key="visit_unit").label == t("fi", "follow_phone.visit_unit")


def test_a_follow_up_code_typed_on_the_start_page_opens_the_follow_ups_join(store, app, done):
    at = app().run()
    (field,) = [w for w in at.text_input if w.form_id == "join_by_code"]
    field.input(_observer_code(store, done).lower())
    at = _submit(at, "join_by_code")

    assert not at.exception
    assert t("fi", "follow_phone.observer_intro") in [m.value for m in at.markdown]


def test_the_follow_up_join_speaks_its_workshops_language(store, app):
    code = create_demo(store, language="en", follow_up=False)
    _, key = workshops.login(store, code, DEMO_PASSPHRASE)
    at = app(code=people.open_code(store, key, Purpose.OBSERVE).code).run()

    assert not at.exception
    assert t("en", "follow_phone.observer_intro") in [m.value for m in at.markdown]
    assert [b.label for b in at.button if b.form_id == "follow_join"] == [
        t("en", "follow_phone.join_observer")
    ]


def test_staff_must_give_role_and_unit_and_then_land_on_the_pulse(store, app, done):
    _, code = pulse.open_pulse(store, done.key)
    at = app(code=code.lower()).run()  # typed in lower case, still found
    assert not at.exception
    at = _submit(at, "follow_join")
    assert [e.value for e in at.error] == [t("fi", "follow_phone.role_missing")]
    at.radio[0].set_value(Role.FRONTLINE.value)
    at = _submit(at, "follow_join")
    assert [e.value for e in at.error] == [t("fi", "follow_phone.unit_missing")]
    assert "f" not in at.query_params
    assert (
        people.joined(
            store, done.workshop.id, Purpose.PULSE, pulse.current(store, done.workshop.id).id
        )
        == 0
    )

    at.selectbox[0].set_value(done.unit.id)
    at = _submit(at, "follow_join")

    assert not at.exception
    me = people.by_token(store, at.query_params["f"])
    assert (me.role, me.unit_id) == (Role.FRONTLINE, done.unit.id)
    assert at.header[0].value == t("fi", "follow_phone.pulse_title")


def test_a_closed_code_says_so_in_the_workshops_language_and_takes_no_one(store, app, done):
    code = _observer_code(store, done)
    people.close_code(store, done.key, Purpose.OBSERVE)
    at = app(code=code).run()

    assert not at.exception
    assert [w.value for w in at.warning] == [t("fi", "error.follow_up_code_closed")]
    assert not [b for b in at.button if b.form_id == "follow_join"]


def test_a_wrong_code_is_refused_in_finnish_and_english_on_the_switch(store, app, done):
    at = app(code="ZZZZZ9").run()
    assert [e.value for e in at.error] == [t("fi", "error.code_unknown")]

    at.segmented_control(key="lang_switch").set_value("en").run()
    assert [e.value for e in at.error] == [t("en", "error.code_unknown")]


def test_an_unknown_token_offers_to_join_again(store, app, done):
    at = app(code=_observer_code(store, done), f="not-a-token").run()

    assert not at.exception
    assert [e.value for e in at.error] == [t("fi", "error.participant_unknown")]
    at.button[0].click().run()
    assert "f" not in at.query_params
    assert t("fi", "follow_phone.observer_intro") in [m.value for m in at.markdown]


# The observer's checklist


def _mark_all(at: AppTest, mark: str, leave: int = 0) -> None:
    controls = [c for c in at.segmented_control if c.key.startswith("mark_")]
    for control in controls[: len(controls) - leave]:
        control.set_value(mark)


def test_a_visit_is_stored_once_and_the_next_one_starts_fresh(store, app, done):
    me, token = _observer(store, done)
    at = app(code=_observer_code(store, done), f=token).run()
    at = _pick_visit(at, store, done)
    phase, listed = rounds.checklist(store, done.workshop.id)[0]
    assert len([c for c in at.segmented_control if c.key.startswith("mark_")]) == len(listed)
    fixed_note = f"🔒 {t('fi', 'follow_phone.fixed')}"
    assert sum(c.value == fixed_note for c in at.caption) == sum(b.fixed for b in listed)

    _mark_all(at, "seen")
    at.text_area[0].input("Tervehdys heti ovella.")
    at = _submit(at, "visit_")

    assert not at.exception
    (visit,) = rounds.visits(store, done.workshop.id, person_id=me.id)
    assert (visit.unit_id, visit.phase_id, visit.note) == (
        done.unit.id,
        phase.id,
        "Tervehdys heti ovella.",
    )
    assert set(visit.marks.values()) == {rounds.Mark.SEEN}
    assert [s.value for s in at.success] == [t("fi", "follow_phone.visit_saved_count", n=1)]
    # The next visit: the unit kept, the phase and every mark empty again.
    assert at.selectbox(key="visit_unit").value == done.unit.id
    assert next(s for s in at.selectbox if s.key.startswith("visit_phase_")).value is None
    assert not [c for c in at.segmented_control if c.key.startswith("mark_")]


def test_an_unmarked_behaviour_keeps_the_marks_and_stores_nothing(store, app, done):
    _, token = _observer(store, done)
    at = app(code=_observer_code(store, done), f=token).run()
    at = _pick_visit(at, store, done)
    _mark_all(at, "not_seen", leave=1)
    at = _submit(at, "visit_")

    assert [e.value for e in at.error] == [t("fi", "follow_phone.marks_missing", n=1)]
    assert rounds.visits(store, done.workshop.id) == []
    marks = [c.value for c in at.segmented_control if c.key.startswith("mark_")]
    assert marks[:-1] == ["not_seen"] * (len(marks) - 1)


def test_a_second_tap_on_the_same_visit_stores_it_once(store, app, done):
    me, token = _observer(store, done)
    at = app(code=_observer_code(store, done), f=token).run()
    at = _pick_visit(at, store, done)
    _mark_all(at, "na")
    (button,) = [b for b in at.button if (b.form_id or "").startswith("visit_")]
    # The first tap's send reached the database while its run was still going (as in a busy
    # room): the second tap carries the same submission key, this form's generation.
    phase, listed = rounds.checklist(store, done.workshop.id)[0]
    key = f"{at.session_state['session_tag']}-visit-0"
    marks = {i: "na" for i in range(len(listed))}
    assert rounds.send_visit(store, me, done.unit.id, phase.id, marks, "", key) is not None
    at = button.click().run()

    assert not at.exception
    assert len(rounds.visits(store, done.workshop.id)) == 1


def test_the_observer_sees_only_their_own_visits(store, app, done):
    me, token = _observer(store, done, "Minä")
    other, _ = _observer(store, done, "Toinen")
    phase, listed = rounds.checklist(store, done.workshop.id)[0]
    marks = {i: "seen" for i in range(len(listed))}
    rounds.send_visit(store, other, done.unit.id, phase.id, marks, "", "other-1")
    rounds.send_visit(store, me, done.unit.id, phase.id, marks, "", "mine-1")
    at = app(code=_observer_code(store, done), f=token).run()

    line = t(
        "fi",
        "follow_phone.visit_line",
        unit="Tampere",
        phase=phase.name,
        seen=len(listed),
        counted=len(listed),
    )
    assert [m.value for m in at.markdown if m.value.startswith("- ")] == [f"- {line}"]


# The staff pulse


def _staff(store: Store, done: Done) -> tuple[people.Person, str, str]:
    _, code = pulse.open_pulse(store, done.key)
    person, token = people.join(
        store, people.find_code(store, code, "t"), role="management", unit_id=done.unit.id
    )
    return person, token, code


def test_a_pulse_answer_is_stored_and_a_later_one_replaces_it(store, app, done):
    me, token, code = _staff(store, done)
    at = app(code=code, f=token).run()
    assert not at.exception
    phases = [p for p in list_phases(store, done.workshop.id) if p.target_state]
    ratings = [
        c
        for c in at.segmented_control
        if c.key.startswith("pulse_") and not c.key.startswith("pulse_fingers")
    ]
    assert len(ratings) == len(phases)
    ratings[0].set_value("unrealistic")
    at.segmented_control(key="pulse_fingers_0").set_value(2)
    at = _submit(at, "pulse_")

    assert not at.exception
    assert [s.value for s in at.success] == [t("fi", "follow_phone.pulse_saved")]
    (answer,) = pulse.answers(store, done.workshop.id, me.pulse_id)
    assert (answer.ratings, answer.fingers) == ({phases[0].id: "unrealistic"}, 2)

    # The form comes back with the answer given; a change sent again replaces it.
    assert at.segmented_control(key="pulse_fingers_1").value == 2
    at.segmented_control(key="pulse_fingers_1").set_value(4)
    at = _submit(at, "pulse_")
    (answer,) = pulse.answers(store, done.workshop.id, me.pulse_id)
    assert (answer.ratings, answer.fingers) == ({phases[0].id: "unrealistic"}, 4)


def test_an_empty_pulse_is_refused_in_the_users_language(store, app, done):
    _, token, code = _staff(store, done)
    at = app(code=code, f=token, lang="en").run()
    at = _submit(at, "pulse_")

    assert [e.value for e in at.error] == [t("en", "error.pulse_empty")]


def test_a_closed_pulse_says_so_and_offers_no_form(store, app, done):
    _, token, code = _staff(store, done)
    pulse.close_pulse(store, done.key)
    at = app(code=code, f=token).run()

    assert not at.exception
    assert [i.value for i in at.info] == [t("fi", "follow_phone.pulse_closed")]
    assert not [c for c in at.segmented_control if c.key.startswith("pulse_")]


def test_a_pulse_closed_while_the_form_is_open_takes_no_answer_and_says_it_closed(store, app, done):
    me, token, code = _staff(store, done)
    at = app(code=code, f=token).run()
    at.segmented_control(key="pulse_fingers_0").set_value(3)
    pulse.close_pulse(store, done.key)
    at = _submit(at, "pulse_")

    assert not at.exception
    assert [i.value for i in at.info] == [t("fi", "follow_phone.pulse_closed")]
    assert pulse.answers(store, done.workshop.id, me.pulse_id) == []
