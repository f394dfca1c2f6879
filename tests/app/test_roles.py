"""Who may see what: a phone's session never gets at the facilitator's console."""

from __future__ import annotations

import pytest

from facilitator.domain import Step
from facilitator.language.i18n import t
from facilitator.room import workshops


def _room(store, workshop):
    w = workshops.get(store, workshop.id)
    return (w.step, w.input_open, w.results_visible, w.joining_open, w.timer_ends_at)


def _no_console_on_screen(at) -> None:
    assert not [sc for sc in at.segmented_control if sc.key == "step_nav"]
    assert not at.toggle
    labels = {b.label for b in at.button}
    for lang in ("fi", "en"):
        assert t(lang, "console.next") + " →" not in labels
        assert "← " + t(lang, "console.back") not in labels


def test_a_participant_session_cannot_switch_to_the_console(store, app, new_workshop, joined):
    workshop, _ = new_workshop(step=Step.OBSERVE)
    _, token = joined(workshop)
    at = app(code=workshop.code, p=token).run()
    before = _room(store, workshop)

    # The router never registers the console for a phone, so there is nothing to switch to.
    with pytest.raises(ValueError, match="console"):
        at.switch_page("pages/console.py")
    at.run()
    assert not at.exception
    _no_console_on_screen(at)

    for button in list(at.button):
        button.click()
        at.run()
        assert not at.exception
        _no_console_on_screen(at)
    assert _room(store, workshop) == before


def test_a_browser_still_asking_for_the_console_without_a_key_gets_no_console(
    store, app, new_workshop, joined
):
    workshop, key = new_workshop()
    _, token = joined(workshop)
    at = app(key=key).run()
    assert at.segmented_control(key="step_nav").value == Step.LOBBY.value

    # The same browser now comes back as a phone: same page requested, no key.
    del at.session_state["facilitator_key"]
    at.query_params["code"] = workshop.code
    at.query_params["p"] = token
    at.run()

    assert not at.exception
    _no_console_on_screen(at)
    assert t("fi", "step.lobby.phone") in [m.value for m in at.markdown]
    assert _room(store, workshop)[0] == Step.LOBBY


def test_a_joining_phone_sees_only_the_join_form(store, app, new_workshop):
    workshop, _ = new_workshop()
    at = app(code=workshop.code).run()

    assert not at.exception
    _no_console_on_screen(at)
    with pytest.raises(ValueError, match="console"):
        at.switch_page("pages/console.py")
