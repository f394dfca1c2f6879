"""Step 3 on the phone, the console and the projector."""

from __future__ import annotations

import json
from collections import Counter

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from facilitator.domain import Kind, Role, Step
from facilitator.language.i18n import t
from facilitator.room import workshops
from facilitator.steps import observations, phases, presets, voting
from pages.steps.order.console import phase_rows


@pytest.fixture
def ordering(store, new_workshop, joined):
    """A Finnish workshop in step 3: one key strength, one key weakness, the six themes."""
    workshop, key = new_workshop(title="Järjestyspaja", step=Step.OBSERVE)
    me, token = joined(workshop, Role.FRONTLINE, name="Aino")

    def say(viewpoint: str, kind: str, text: str) -> int:
        return observations.submit(store, me, observations.draft(viewpoint, kind, text)).id

    greet = say("experience", "strength", "Asiakas tervehditään *ovella*")
    queue = say("feedback", "weakness", "Kassajonot ovat pitkiä")
    voting.confirm_keys(store, key, Kind.STRENGTH, [greet])
    voting.confirm_keys(store, key, Kind.WEAKNESS, [queue])
    workshop = workshops.set_step(store, key, Step.ORDER)
    phases.apply_preset(store, key, "themes", "fi")
    return workshop, key, me, token, greet, queue


def _phase_ids(store, workshop) -> list[int]:
    return [p.id for p in phases.list_phases(store, workshop.id)]


def _button(at: AppTest, label: str):
    (button,) = [b for b in at.button if b.label == label]
    return button


# Phone -----------------------------------------------------------------------------------


def test_a_phone_suggests_a_phase_and_it_is_counted(store, app, ordering):
    workshop, _, me, token, greet, queue = ordering
    second = _phase_ids(store, workshop)[1]
    at = app(code=workshop.code, p=token).run()
    assert not at.exception
    assert "Asiakas tervehditään *ovella*" in [x.value for x in at.text]

    greet_radio, _ = at.radio
    assert greet_radio.value is None  # nothing suggested yet: "not sure"
    greet_radio.set_value(second)
    (send,) = [b for b in at.button if b.form_id == greet_radio.form_id]
    send.click().run()

    assert not at.exception
    assert phases.suggestion_counts(store, workshop.id) == {greet: Counter({second: 1})}
    assert phases.my_suggestions(store, me) == {greet: second, queue: None}
    assert [s.value for s in at.toast] == [t("fi", "order.suggest_saved")]
    # The fresh form shows the suggestion just sent.
    assert [r.value for r in at.radio] == [second, None]


def test_a_phone_can_change_its_suggestion_later(store, app, ordering):
    workshop, _, me, token, greet, _queue = ordering
    first, second, *_ = _phase_ids(store, workshop)
    phases.suggest(store, me, {greet: first})
    at = app(code=workshop.code, p=token).run()
    assert at.radio[0].value == first

    at.radio[0].set_value(second)
    _button(at, t("fi", "order.suggest_submit")).click().run()

    assert phases.suggestion_counts(store, workshop.id)[greet] == Counter({second: 1})


def test_a_phone_is_told_to_wait_while_there_are_no_phases(store, app, new_workshop, joined):
    workshop, _ = new_workshop(step=Step.ORDER)
    _, token = joined(workshop)
    at = app(code=workshop.code, p=token).run()

    assert not at.exception
    assert [i.value for i in at.info] == [t("fi", "order.preparing")]
    assert not at.radio


def test_a_phone_with_input_locked_cannot_suggest(store, app, ordering):
    workshop, key, _, token, *_ = ordering
    workshops.set_input_open(store, key, False)
    at = app(code=workshop.code, p=token).run()

    assert not at.exception
    assert [i.value for i in at.info] == [t("fi", "phone.input_closed")]
    assert not at.radio


def test_phase_names_on_the_phone_are_shown_as_typed(store, app, ordering):
    workshop, key, _, token, *_ = ordering
    phases.save_phases(store, key, [(None, "**Tervehdys** <b>")])
    at = app(code=workshop.code, p=token).run()

    assert not at.exception
    assert "1\\. \\*\\*Tervehdys\\*\\* \\<b\\>" in at.radio[0].options


# Console ---------------------------------------------------------------------------------


def test_the_console_applies_the_suggested_preset_to_a_workshop_without_phases(
    store, app, new_workshop
):
    workshop, key = new_workshop(step=Step.ORDER)
    at = app(key=key).run()
    assert not at.exception
    assert at.selectbox[0].value == "themes"
    assert not at.checkbox  # nothing to replace, nothing to confirm

    _button(at, t("fi", "order.apply")).click().run()

    assert not at.exception
    names = [p.name for p in phases.list_phases(store, workshop.id)]
    assert names == presets.PRESETS["themes"]["fi"]
    assert t("fi", "order.preset_applied") in [s.value for s in at.success]


def test_replacing_phases_with_a_preset_needs_a_confirmation(store, app, ordering):
    workshop, key, *_ = ordering
    at = app(key=key).run()
    apply = _button(at, t("fi", "order.apply"))
    assert apply.disabled
    assert t("fi", "order.replace_warning") in [w.value for w in at.warning]

    at.selectbox[0].set_value("phone").run()
    at.checkbox[0].check().run()
    _button(at, t("fi", "order.apply")).click().run()

    assert not at.exception
    names = [p.name for p in phases.list_phases(store, workshop.id)]
    assert names == presets.PRESETS["phone"]["fi"]
    assert not at.checkbox[0].value  # a fresh tick is needed for the next replacement


def test_the_console_saves_the_placements(store, app, ordering):
    workshop, key, _, _, greet, queue = ordering
    first, second, *_ = _phase_ids(store, workshop)
    at = app(key=key).run()
    place_greet, place_queue = (s for s in at.selectbox if s.key and s.key.startswith("place_"))
    assert place_greet.value is None

    place_greet.set_value(first)
    place_queue.set_value(second)
    _button(at, t("fi", "order.save_placements")).click().run()

    assert not at.exception
    assert phases.placements(store, workshop.id) == {greet: first, queue: second}
    assert t("fi", "order.placements_saved") in [s.value for s in at.success]


def test_the_placement_is_prefilled_with_the_most_suggested_phase(store, app, ordering, joined):
    workshop, key, me, _, greet, _queue = ordering
    first, second, *_ = _phase_ids(store, workshop)
    other, _ = joined(workshop, Role.MANAGEMENT)
    third, _ = joined(workshop, Role.MANAGEMENT)
    phases.suggest(store, me, {greet: second})
    phases.suggest(store, other, {greet: second})
    phases.suggest(store, third, {greet: first})
    at = app(key=key).run()

    place_greet = next(s for s in at.selectbox if s.key and s.key.startswith("place_"))
    assert place_greet.value == second
    assert t("fi", "order.counts", counts="2\\. Kysyminen 2 · 1\\. Huomiointi 1") in [
        c.value for c in at.caption
    ]
    assert t("fi", "order.suggesters", n=3) in "".join(m.value for m in at.markdown)


def test_the_console_warns_about_phases_that_rest_on_one_viewpoint(store, app, ordering):
    workshop, key, _, _, greet, _queue = ordering
    first, *_ = _phase_ids(store, workshop)
    phases.place(store, key, {greet: first})
    at = app(key=key).run()

    assert not at.exception
    (warning,) = [
        w.value for w in at.warning if w.value.startswith(t("fi", "order.coverage_heading"))
    ]
    assert "- " + t("fi", "order.coverage_none", phase="2\\. Kysyminen") in warning
    single = t("fi", "order.coverage_single", phase="1\\. Huomiointi", viewpoint="Asiakaskokemus")
    assert "- " + single in warning


def test_an_english_console_shows_the_step_in_english(store, app, new_workshop):
    _, key = new_workshop(language="en", step=Step.ORDER)
    at = app(key=key).run()

    assert not at.exception
    assert [t.label for t in at.tabs][:2] == ["Phases", "Placement"]
    assert at.selectbox[0].options[0] == "The method's six themes · suggested for this workshop"


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # Numbers decide the order; the hidden id travels with its row.
        ([(1, 2, "a"), (2, 1, "b")], [(2, "b"), (1, "a")]),
        # A new row without a number goes last; equal numbers keep the rows' order.
        ([(None, None, "new"), (1, 1, "a"), (2, 1, "b")], [(1, "a"), (2, "b"), (None, "new")]),
        # A new row given a number takes that place.
        ([(1, 1, "a"), (2, 3, "b"), (None, 2, "new")], [(1, "a"), (None, "new"), (2, "b")]),
        # An empty cell is an empty name, for the service to judge.
        ([(1, 1, None)], [(1, "")]),
    ],
)
def test_the_phase_table_is_read_in_the_order_its_numbers_give(rows, expected):
    table = pd.DataFrame(rows, columns=["id", "order", "name"])
    table["id"] = table["id"].astype("Int64")
    assert phase_rows(table) == expected


# Projector -------------------------------------------------------------------------------


def _projector(app, code: str) -> AppTest:
    at = app(code=code).run()
    assert not at.exception
    return at.switch_page("pages/projector.py").run()


def test_the_projector_shows_the_journey_chart(store, app, ordering):
    workshop, key, _, _, greet, queue = ordering
    first, second, *_ = _phase_ids(store, workshop)
    phases.place(store, key, {greet: first, queue: second})
    workshops.set_results_visible(store, key, True)
    at = _projector(app, workshop.code)

    assert not at.exception
    (chart,) = at.get("vega_lite_chart")
    spec = json.loads(chart.proto.spec)
    cards = spec["layer"][1]["encoding"]
    assert cards["x"]["scale"]["domain"][:2] == ["1. Huomiointi", "2. Kysyminen"]
    assert cards["color"]["scale"]["domain"] == [
        t("fi", "kind_plural.strength"),
        t("fi", "kind_plural.weakness"),
    ]
    notes = "".join(m.value for m in at.markdown)
    assert t("fi", "order.note_single", phases="1\\. Huomiointi, 2\\. Kysyminen") in notes


def test_with_results_hidden_the_projector_shows_only_the_phases(store, app, ordering):
    workshop, key, _, _, greet, _queue = ordering
    phases.place(store, key, {greet: _phase_ids(store, workshop)[0]})
    workshops.set_results_visible(store, key, False)
    at = _projector(app, workshop.code)

    assert not at.exception
    assert not at.get("vega_lite_chart")
    assert "1\\. Huomiointi  →  2\\. Kysyminen" in at.subheader[-1].value
    assert t("fi", "order.hidden") in [c.value for c in at.caption]


def test_an_english_projector_waits_for_the_phases_in_english(store, app, new_workshop):
    workshop, _ = new_workshop(language="en", step=Step.ORDER)
    at = _projector(app, workshop.code)

    assert not at.exception
    assert t("en", "order.preparing") in [h.value for h in at.header]
