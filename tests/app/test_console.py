"""The facilitator's console, for a session holding a facilitator key."""

from __future__ import annotations

import io
import time

import pytest
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from facilitator.domain import Role, Source, Step
from facilitator.language.i18n import t
from facilitator.room import workshops
from facilitator.room.workshops import FacilitatorKey
from facilitator.steps import observations


def _button(at: AppTest, label: str):
    (button,) = [b for b in at.button if b.label == label]
    return button


def _step_in_db(store, workshop) -> Step:
    return workshops.get(store, workshop.id).step


def test_the_console_shows_the_title_and_the_join_code(store, app, new_workshop):
    workshop, key = new_workshop(title="Ohjattava paja")
    at = app(key=key).run()

    assert not at.exception
    assert at.title[0].value == "Ohjattava paja"
    assert f"**{t('fi', 'console.code')}:** `{workshop.code}`" in [m.value for m in at.markdown]
    assert at.segmented_control(key="step_nav").value == Step.LOBBY.value
    assert [tg.label for tg in at.toggle] == [
        t("fi", "console.input_open"),
        t("fi", "console.results_visible"),
        t("fi", "console.joining_open"),
    ]


def test_next_moves_the_room_forward_and_back_moves_it_back(store, app, new_workshop):
    workshop, key = new_workshop()
    at = app(key=key).run()
    assert _button(at, "← " + t("fi", "console.back")).disabled

    _button(at, t("fi", "console.next") + " →").click().run()
    assert not at.exception
    assert _step_in_db(store, workshop) == Step.OBSERVE
    assert at.segmented_control(key="step_nav").value == Step.OBSERVE.value
    assert at.header[0].value.endswith(t("fi", "step.observe.title"))

    _button(at, "← " + t("fi", "console.back")).click().run()
    assert not at.exception
    assert _step_in_db(store, workshop) == Step.LOBBY
    assert at.segmented_control(key="step_nav").value == Step.LOBBY.value


def test_choosing_a_step_on_the_step_bar_moves_the_room_there(store, app, new_workshop):
    workshop, key = new_workshop()
    at = app(key=key).run()
    at.segmented_control(key="step_nav").set_value(Step.ORDER.value).run()

    assert not at.exception
    assert _step_in_db(store, workshop) == Step.ORDER


@pytest.mark.parametrize(
    ("toggle_key", "column"),
    [
        ("ctl_input", "input_open"),
        ("ctl_results", "results_visible"),
        ("ctl_joining", "joining_open"),
    ],
)
def test_a_room_toggle_switches_its_setting_in_the_database(
    store, app, new_workshop, toggle_key, column
):
    workshop, key = new_workshop(step=Step.OBSERVE)
    at = app(key=key).run()
    assert at.toggle(key=toggle_key).value is True

    at.toggle(key=toggle_key).set_value(False).run()
    assert not at.exception
    assert getattr(workshops.get(store, workshop.id), column) is False
    assert at.toggle(key=toggle_key).value is False

    at.toggle(key=toggle_key).set_value(True).run()
    assert not at.exception
    assert getattr(workshops.get(store, workshop.id), column) is True


def test_hiding_an_observation_marks_it_hidden_and_keeps_it(store, app, new_workshop, joined):
    workshop, key = new_workshop(step=Step.OBSERVE)
    me, _ = joined(workshop)
    obs = observations.submit(store, me, observations.draft("feedback", "weakness", "Asiaton"))
    at = app(key=key).run()
    assert "Asiaton" in [x.value for x in at.text]

    at.button(key=f"hide_{obs.id}").click().run()

    assert not at.exception
    (stored,) = observations.list_all(store, key)
    assert stored.hidden is True
    assert list(observations.list_visible(store, workshop.id)) == []
    assert at.button(key=f"show_{obs.id}").label == t("fi", "console.show")
    assert t("fi", "console.hidden_entry") in " ".join(c.value for c in at.caption)

    at.button(key=f"show_{obs.id}").click().run()
    assert not at.exception
    assert observations.list_all(store, key)[0].hidden is False


def test_the_add_entry_form_stores_an_observation_for_someone_without_a_phone(
    store, app, new_workshop
):
    _, key = new_workshop(step=Step.OBSERVE)
    at = app(key=key).run()
    role, viewpoint = (s for s in at.selectbox if s.form_id == "add_for_0")
    role.set_value(Role.MANAGEMENT.value)
    viewpoint.set_value("strategy")
    (kind,) = [r for r in at.radio if r.form_id == "add_for_0"]
    kind.set_value("weakness")
    at.text_area(key="add_for_text_0").input("Lupaus ei näy kassalla.")
    (add,) = [b for b in at.button if b.form_id == "add_for_0"]
    add.click().run()

    assert not at.exception
    (stored,) = observations.list_all(store, key)
    assert (stored.text, stored.author_role, stored.source) == (
        "Lupaus ei näy kassalla.",
        Role.MANAGEMENT,
        Source.FACILITATOR,
    )
    assert (stored.viewpoint.value, stored.kind.value) == ("strategy", "weakness")
    assert t("fi", "observe.saved") in [s.value for s in at.success]

    # A second tap lands on the emptied form: nothing more is stored and no error appears.
    (again,) = [b for b in at.button if b.form_id == "add_for_1"]
    again.click().run()
    assert not at.error
    assert t("fi", "observe.saved") in [s.value for s in at.success]
    assert len(observations.list_all(store, key)) == 1


def test_an_empty_added_entry_is_refused(store, app, new_workshop):
    _, key = new_workshop(step=Step.OBSERVE)
    at = app(key=key).run()
    (add,) = [b for b in at.button if b.form_id == "add_for_0"]
    add.click().run()

    assert not at.exception
    assert [e.value for e in at.error] == [t("fi", "error.empty", field=t("fi", "field.text"))]
    assert observations.list_all(store, key) == []


def test_a_forged_key_signs_the_session_out_instead_of_showing_the_console(
    store, app, new_workshop
):
    workshop, _ = new_workshop(title="Salainen paja")
    forged = FacilitatorKey(workshop.id, "forged")
    at = app(key=forged).run()

    assert not at.exception
    assert "facilitator_key" not in at.session_state
    assert "Salainen paja" not in [x.value for x in at.title]
    assert not [sc for sc in at.segmented_control if sc.key == "step_nav"]
    assert not at.toggle
    assert len(at.tabs) == 3  # the start page


def test_a_key_to_another_workshop_opens_only_that_workshop(store, app, new_workshop):
    mine, my_key = new_workshop(title="Minun paja")
    other, _ = new_workshop(title="Toinen paja")
    at = app(key=FacilitatorKey(other.id, my_key.token)).run()

    assert not at.exception
    assert "facilitator_key" not in at.session_state
    assert "Toinen paja" not in [x.value for x in at.title]

    at.session_state["facilitator_key"] = my_key
    at.run()
    _button(at, t("fi", "console.next") + " →").click().run()
    assert _step_in_db(store, other) == Step.LOBBY
    assert _step_in_db(store, mine) == Step.OBSERVE


def test_signing_out_returns_to_the_start_page(store, app, new_workshop):
    _, key = new_workshop()
    at = app(key=key).run()
    _button(at, t("fi", "console.sign_out")).click().run()

    assert not at.exception
    assert "facilitator_key" not in at.session_state
    assert len(at.tabs) == 3
    assert not at.toggle


def test_an_english_workshop_has_an_english_console(store, app, new_workshop):
    _, key = new_workshop(language="en", step=Step.OBSERVE)
    at = app(key=key).run()

    assert not at.exception
    labels = [b.label for b in at.button]
    assert t("en", "console.next") + " →" in labels
    assert t("en", "console.sign_out") in labels
    assert at.toggle(key="ctl_input").label == t("en", "console.input_open")
    tabs = [tab.label for tab in at.tabs]
    assert {t("en", "console.entries"), t("en", "console.add_tab")} <= set(tabs)
    assert t("fi", "console.entries") not in tabs


def test_the_timer_runs_for_the_minutes_typed_just_before_start(store, app, new_workshop):
    workshop, key = new_workshop(step=Step.OBSERVE)
    at = app(key=key).run()

    # Typed and started in one run, as a quick click after typing arrives.
    at.number_input(key="timer_minutes").set_value(7)
    _button(at, t("fi", "console.timer_start")).click().run()

    assert not at.exception
    seconds = workshops.seconds_left(workshops.get(store, workshop.id))
    assert seconds is not None and 6 * 60 < seconds <= 7 * 60


def test_documents_and_data_are_prepared_once_and_then_downloaded(store, app, new_workshop):
    _, key = new_workshop()
    at = app(key=key).run()
    assert not at.get("download_button")  # nothing is built before the facilitator asks

    _button(at, t("fi", "console.prepare_downloads")).click().run()
    assert not at.exception
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == [
        "model.docx",
        "plan.docx",
        "staff-card.docx",
        "followup.docx",  # the follow-up report can be made at any time, with no results too
        t("fi", "console.download.results.xlsx"),
        t("fi", "console.download.data.zip"),
        t("fi", "console.download.backup.json"),
    ]
    assert t("fi", "console.downloads_stale") not in [c.value for c in at.caption]
    workbook_button = at.get("download_button")[4].proto
    assert workbook_button.label == "Tulokset (Excel)"
    assert workbook_button.url  # the workbook's bytes, served by the page
    built = at.session_state["downloads"][1]["results.xlsx"]
    assert load_workbook(io.BytesIO(built)).sheetnames[0] == "Tulokset"

    # An input after preparing: the page says the files are older than the workshop.
    observations.add_for(store, key, observations.draft("strategy", "strength", "Uusi"), "other")
    at.run()
    assert t("fi", "console.downloads_stale") in [c.value for c in at.caption]
    _button(at, t("fi", "console.prepare_again")).click().run()
    assert t("fi", "console.downloads_stale") not in [c.value for c in at.caption]


def test_the_console_keeps_its_place_when_the_sign_in_cookies_hand_over_ends(
    store, app, new_workshop
):
    """The hand-over frame that sets the sign-in cookie lives 30 s. It came and went above the
    console, so every element under it was made anew once: the order step's tabs went back to
    the first one and a half-typed table lost its edits. Its slot is now always there."""

    _, key = new_workshop()
    at = app(key=key)
    at.session_state["signin_cookie_handover"] = ("a-nonce", time.monotonic() + 30)
    at.run()
    while_handing_over = [(i, type(node).__name__) for i, node in at.main.children.items()]
    at.session_state["signin_cookie_handover"] = ("a-nonce", time.monotonic() - 1)
    at.run()

    assert not at.exception
    assert [(i, type(node).__name__) for i, node in at.main.children.items()] == (
        while_handing_over
    )
