"""Step 3, Order, on the phone: a suggestion of the phase each key item is on."""

from __future__ import annotations

import streamlit as st

from facilitator.domain import Participant, Workshop
from facilitator.steps import phases
from facilitator.store.db import Store
from pages.steps.order.common import _by_kind, _form_tag, _kind_and_text, _labels
from pages.widgets import forms, outage, words


def phone(store: Store, workshop: Workshop, me: Participant) -> None:
    """What a participant's phone shows in this step."""
    suggest_panel(store, workshop, me)


@outage.fragment
def suggest_panel(store: Store, workshop: Workshop, me: Participant) -> None:
    """A phase for every key item, sent with one tap; sending again replaces the suggestions."""
    forms.confirmations()
    phase_list = phases.list_phases(store, workshop.id)
    keys = _by_kind(phases.key_observations(store, workshop.id))
    if not phase_list or not keys:
        st.info(words.tr("order.preparing"), icon="⏳")
        return
    if not workshop.input_open:
        st.info(words.tr("phone.input_closed"))
        return
    st.caption(words.tr("order.phone_help"))
    labels = _labels(phase_list)
    options: list[int | None] = [None, *labels]
    mine = phases.my_suggestions(store, me)
    form = forms.NewForm("suggest", saved="suggest_saved")
    tag = _form_tag(form.generation, phase_list)
    with st.form(f"suggest_{tag}", border=False):
        chosen: dict[int, int | None] = {}
        for obs in keys:
            with st.container(border=True):
                _kind_and_text(obs)
                chosen[obs.id] = st.radio(
                    words.hidden_label(words.tr("order.phase"), obs.text),
                    options,
                    index=options.index(mine.get(obs.id)),
                    # Radio options render Markdown: a typed phase name is shown as typed.
                    format_func=lambda v: (
                        words.tr("order.not_sure") if v is None else words.plain(labels[v])
                    ),
                    key=f"suggest_{tag}_{obs.id}",
                    label_visibility="collapsed",
                )
        sent = st.form_submit_button(
            words.tr("order.suggest_submit"), type="primary", width="stretch"
        )
    if not sent:
        return
    # Sending again replaces the suggestions: the send needs no key of its own.
    if form.stored(lambda _key: phases.suggest(store, me, chosen)):
        forms.confirm("order.suggest_saved")
        forms.rerun_fragment()
