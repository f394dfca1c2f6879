"""Step 5, Condense, on the phone: the phases rated for achievability, and consent given."""

import streamlit as st

from facilitator.domain import Participant, Workshop
from facilitator.steps import model
from facilitator.steps.model import Rating
from facilitator.steps.phases import list_phases
from facilitator.store.db import Store
from pages.steps.condense.common import _phase_heading, _rating_names
from pages.widgets import forms, outage, words

FINGERS = list(range(6))


@outage.fragment
def rating_panel(store: Store, workshop: Workshop, me: Participant) -> None:
    """One choice per phase's target, sent with one tap; sending again replaces the earlier."""
    forms.confirmations()
    st.caption(words.tr("condense.rate_help"))
    # Only the phases' names and targets: their behaviours are not read on a phone's tap.
    ready = [
        (position, phase)
        for position, phase in enumerate(list_phases(store, workshop.id), start=1)
        if phase.target_state
    ]
    if not ready:
        st.info(words.tr("condense.no_targets_yet"))
        return
    if not workshop.input_open:
        st.info(words.tr("phone.input_closed"))
        return
    if me.role not in model.COUNTED_ROLES:
        # Said before they rate, so a facilitator does not wonder why the count stays put.
        st.caption(words.tr("condense.facilitator_not_counted"))
    saved = model.my_ratings(store, me)
    names = _rating_names()
    form = forms.NewForm("rating", saved="rating_saved")
    generation = form.generation
    with st.form(f"ratings_{generation}"):
        chosen: dict[int, str | None] = {}
        for position, phase in ready:
            with st.container(border=True):
                st.markdown(f"**{_phase_heading(position, phase.name)}**")
                st.text(phase.target_state)
                current = saved.get(phase.id)
                chosen[phase.id] = st.segmented_control(
                    words.plain(phase.name),
                    [r.value for r in Rating],
                    format_func=lambda v: names[Rating(v)],
                    default=current.value if current else None,
                    key=f"rating_{generation}_{phase.id}",
                    label_visibility="collapsed",
                    width="stretch",
                )
        sent = st.form_submit_button(
            words.tr("condense.rate_submit"), type="primary", width="stretch"
        )
    if not sent:
        return
    if not any(chosen.values()):
        st.error(words.tr("condense.nothing_rated"), icon="⚠️")
        return
    # A new show replaces the earlier one whole: the send needs no key of its own.
    if form.stored(lambda _key: model.rate(store, me, chosen)):
        forms.confirm("condense.rated")
        forms.rerun_fragment()


@outage.fragment
def consent_panel(store: Store, workshop: Workshop, me: Participant) -> None:
    """Fist of five: how far this person can stand behind the model; a new show replaces it."""
    forms.confirmations()
    st.caption(words.tr("condense.consent_help"))
    st.markdown(words.tr("condense.consent_legend"))
    saved = model.my_consent(store, me)
    if saved is not None:
        st.caption(words.tr("condense.my_consent", n=saved))
    if not workshop.input_open:
        st.info(words.tr("phone.input_closed"))
        return
    form = forms.NewForm("consent", saved="consent_saved")
    generation = form.generation
    # No frame: the six fingers need the width to sit in one row on a 320-pixel phone.
    with st.form(f"consent_{generation}", border=False):
        fingers = st.segmented_control(
            words.tr("condense.fingers"),
            FINGERS,
            default=saved,
            key=f"fingers_{generation}",
            width="stretch",
        )
        sent = st.form_submit_button(
            words.tr("condense.consent_submit"), type="primary", width="stretch"
        )
    if not sent:
        return
    if fingers is None:
        st.error(words.tr("condense.no_fingers"), icon="⚠️")
        return
    if form.stored(lambda _key: model.give_consent(store, me, fingers)):
        forms.confirm("condense.consent_saved")
        forms.rerun_fragment()


def phone(store: Store, workshop: Workshop, me: Participant) -> None:
    """What a participant's phone shows in this step."""
    text = model.text(store, workshop.id)
    if text.name:
        st.subheader(words.plain(text.name), anchor=False)
    if text.promise:
        st.markdown(f"*{words.plain(text.promise)}*")
    rate_tab, consent_tab = st.tabs(
        [words.tr("condense.rate_tab"), words.tr("condense.consent_tab")]
    )
    with rate_tab:
        rating_panel(store, workshop, me)
    with consent_tab:
        consent_panel(store, workshop, me)
