"""The staff pulse on a phone: each phase's achievability rated again, as in step 5, and the
fist of five; a later answer replaces the earlier one."""

from __future__ import annotations

import streamlit as st

from facilitator.domain import Workshop
from facilitator.errors import InputClosed
from facilitator.followup import pulse
from facilitator.followup.people import Person
from facilitator.steps.model import Rating
from facilitator.steps.phases import list_phases
from facilitator.store.db import Store
from pages.widgets import forms, words

SAVED = "pulse_saved"  # the mark NewForm leaves after a stored answer
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


def _send(store: Store, me: Person, ratings: dict[int, str], fingers: int | None, key: str) -> None:
    try:
        pulse.answer(store, me, ratings, fingers, key)
    except InputClosed as err:
        # Closed while the form was open: said as the pulse's own closing, not as a step's input.
        raise InputClosed("follow_phone.pulse_closed") from err


@st.fragment
def panel(store: Store, workshop: Workshop, me: Person) -> None:
    """The pulse's one form; closed, it says so and takes nothing."""
    forms.confirmations()
    st.subheader(words.tr("follow_phone.pulse_title"), anchor=False)
    is_open = any(p.id == me.pulse_id and p.open for p in pulse.pulses(store, workshop.id))
    if not is_open:
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
    with st.form(f"pulse_{form.generation}", border=False):
        chosen: dict[int, str | None] = {}
        for position, phase in enumerate(ready, start=1):
            with st.container(border=True):
                st.markdown(f"**{position}. {words.plain(phase.name)}**")
                st.text(phase.target_state)
                earlier = saved.ratings.get(phase.id) if saved else None
                chosen[phase.id] = st.segmented_control(
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
        fingers = st.segmented_control(
            words.tr("condense.fingers"),
            FINGERS,
            default=saved.fingers if saved else None,
            key=f"pulse_fingers_{form.generation}",
            width="stretch",
        )
        sent = st.form_submit_button(
            words.tr("follow_phone.send_pulse"), type="primary", width="stretch"
        )
    if not sent:
        return
    ratings = {phase_id: r for phase_id, r in chosen.items() if r is not None}
    if form.stored(lambda key: _send(store, me, ratings, fingers, key), "pulse"):
        forms.confirm("follow_phone.pulse_saved")
        forms.rerun_fragment()
