"""The staff pulse on a phone: each phase's achievability rated again, as in step 5, and the
fist of five; a later answer replaces the earlier one."""

from __future__ import annotations

import streamlit as st

from facilitator.domain import Workshop
from facilitator.errors import KohtaamoError
from facilitator.followup import pulse
from facilitator.followup.people import Person
from facilitator.steps.model import Rating
from facilitator.steps.phases import list_phases
from facilitator.store.db import Store
from pages.widgets import forms, outage, words

SAVED = "pulse_saved"  # the mark NewForm leaves after a stored answer
PULSE_ERROR = "pulse_error"  # what the Send callback refused, for the pulse to say
FINGERS = list(pulse.FINGERS)


def _rating_names() -> dict[str, str]:
    # Step 5's own words: staff rate the phases as they did in the workshop.
    return {
        Rating.CAN.value: words.tr("condense.rating_can"),
        Rating.SUPPORT.value: words.tr("condense.rating_support"),
        Rating.UNREALISTIC.value: words.tr("condense.rating_unrealistic"),
    }


def _mine(store: Store, me: Person) -> pulse.Answer | None:
    if me.pulse_id is None:
        return None
    found = pulse.answers(store, me.workshop_id, me.pulse_id)
    return next((a for a in found if a.person_id == me.id), None)


def _save_answer(store: Store, me: Person, phase_ids: list[int], generation: int) -> None:
    """The Send button's callback. It runs before the pulse is drawn, so a stored answer is
    confirmed in the same run (one run per answer, as the observer's checklist). A refusal is
    kept for the pulse to say."""
    state = st.session_state
    form = forms.NewForm("pulse", saved=SAVED)
    if generation != form.generation:  # a second tap on an answer already stored
        return
    ratings = {
        phase_id: rating
        for phase_id in phase_ids
        if (rating := state.get(f"pulse_{generation}_{phase_id}")) is not None
    }
    fingers = state.get(f"pulse_fingers_{generation}")
    try:
        pulse.answer(store, me, ratings, fingers, form.submission_key("pulse"))
    except KohtaamoError as err:
        state[PULSE_ERROR] = err
        return
    state[form.generation_key] = generation + 1
    state[SAVED] = True
    forms.confirm("follow_phone.pulse_saved")


@outage.fragment
def panel(store: Store, workshop: Workshop, me: Person) -> None:
    """The pulse's one form; closed, it says so and takes nothing."""
    forms.confirmations()
    refused = st.session_state.pop(PULSE_ERROR, None)
    st.header(words.tr("follow_phone.pulse_title"), anchor=False)
    is_open = any(p.id == me.pulse_id and p.open for p in pulse.pulses(store, workshop.id))
    if not is_open:  # also when it closed while the form was open: the send was refused
        st.info(words.tr("follow_phone.pulse_closed"), icon="🔒")
        return
    ready = [p for p in list_phases(store, workshop.id) if p.target_state]
    if not ready:
        st.info(words.tr("follow_phone.no_phases"))
        return
    form = forms.NewForm("pulse", saved=SAVED)
    saved = _mine(store, me)
    if st.session_state.pop(SAVED, False):
        st.success(words.tr("follow_phone.pulse_saved"), icon="✅")
    elif saved is not None:
        st.caption(words.tr("follow_phone.pulse_answered"))
    names = _rating_names()
    st.caption(words.tr("follow_phone.pulse_rate_help"))
    with st.form(f"pulse_{form.generation}", border=False, enter_to_submit=words.enter_submits()):
        for position, phase in enumerate(ready, start=1):
            with st.container(border=True):
                st.markdown(f"**{position}. {words.plain(phase.name)}**")
                st.text(phase.target_state)
                earlier = saved.ratings.get(phase.id) if saved else None
                st.segmented_control(
                    words.hidden_label(words.tr("field.rating"), phase.name),
                    list(names),
                    format_func=names.__getitem__,
                    default=earlier.value if earlier else None,
                    key=f"pulse_{form.generation}_{phase.id}",
                    label_visibility="collapsed",
                    width="stretch",
                )
        st.markdown(f"**{words.tr('follow_phone.pulse_fist_help')}**")
        st.markdown(words.tr("condense.consent_legend"))
        st.segmented_control(
            words.tr("condense.fingers"),
            FINGERS,
            default=saved.fingers if saved else None,
            key=f"pulse_fingers_{form.generation}",
            width="stretch",
        )
        st.form_submit_button(
            words.tr("follow_phone.send_pulse"),
            type="primary",
            width="stretch",
            on_click=_save_answer,
            args=(store, me, [p.id for p in ready], form.generation),
        )
    if refused is not None:
        forms.show_error(refused, toast=True)
