"""Step 4, Target, on the console: the proposals with their votes, and the target written."""

from collections.abc import Callable

import streamlit as st

from facilitator.domain import Workshop
from facilitator.errors import KohtaamoError
from facilitator.room.workshops import FacilitatorKey
from facilitator.steps import targets
from facilitator.steps.phases import Phase, list_phases
from facilitator.store.db import Store
from pages.steps.target.common import _fixed_mark, _phase_label
from pages.widgets import forms, outage, words

LAST_SAVED = "target_last_saved"


def console(store: Store, key: FacilitatorKey, workshop: Workshop, act: Callable) -> None:
    """The facilitator's tools for this step."""
    phases = list_phases(store, workshop.id)
    if not phases:
        st.info(words.tr("target.no_phases"))
        return
    labels = [("✅ " if p.target_state else "") + words.plain(_phase_label(p)) for p in phases]
    # A save adds a tick to its tab's name, which makes the tabs new ones: open the saved one.
    saved = [i for i, p in enumerate(phases) if p.id == st.session_state.get(LAST_SAVED)]
    tabs = st.tabs(labels, default=labels[saved[0]] if saved else None)
    for tab, phase in zip(tabs, phases, strict=True):
        with tab:
            board, composer = st.columns(2, gap="large")
            with board:
                proposals_board(store, workshop.id, phase.id, act)
            with composer:
                target_composer(store, key, workshop.id, phase.id)


def _sentence_key(phase_id: int) -> str:
    return f"target_sentence_{phase_id}"


def _use_proposal(phase_id: int, text: str) -> None:
    # A callback, so the choice is kept even when the board's timer interrupts the run.
    st.session_state[_sentence_key(phase_id)] = " ".join(text.split())
    st.session_state["target_used"] = True


@outage.fragment(run_every=5)
def proposals_board(store: Store, workshop_id: int, phase_id: int, act: Callable) -> None:
    """The phase's proposals with their votes, hidden ones too; refreshed as the phones send."""
    if st.session_state.pop("target_used", False):
        st.rerun()  # the sentence field belongs to the composer: a whole-page run redraws it
    pool = targets.proposals(store, workshop_id, phase_id, include_hidden=True)
    st.markdown(f"**{words.tr('target.proposals', n=len(pool))}**")
    if not pool:
        st.caption(words.tr("target.no_proposals_console"))
    for proposal in pool:
        with st.container(border=True):
            if proposal.hidden:
                st.caption("🚫 " + words.tr("target.hidden"))
            st.text(proposal.text)
            votes, use, hide = st.columns([2, 1, 1], vertical_alignment="center")
            votes.markdown(f"**{words.tr('target.votes', n=proposal.votes)}**")
            use.button(
                words.tr("target.use"),
                key=f"target_use_{proposal.id}",
                on_click=_use_proposal,
                args=(phase_id, proposal.text),
                width="stretch",
            )
            hide.button(
                words.tr("target.show" if proposal.hidden else "target.hide"),
                key=f"target_hide_{proposal.id}",
                on_click=act,
                args=(targets.set_proposal_hidden, proposal.id, not proposal.hidden),
                width="stretch",
            )


@outage.fragment
def target_composer(store: Store, key: FacilitatorKey, workshop_id: int, phase_id: int) -> None:
    """One sentence and up to three behaviours; vague behaviours get a hint as they are typed."""
    phase = next((p for p in list_phases(store, workshop_id) if p.id == phase_id), None)
    if phase is None:
        return
    saved = targets.behaviours(store, workshop_id).get(phase_id, [])
    st.markdown(f"**{words.tr('target.compose')}**")
    st.session_state.setdefault(_sentence_key(phase_id), phase.target_state)
    sentence = st.text_input(
        words.tr("target.sentence"),
        placeholder=words.tr("target.sentence_placeholder"),
        key=_sentence_key(phase_id),
    )
    words.limit_note(targets.MAX_TARGET)
    st.caption(f"{words.tr('target.behaviours_help')} {words.limit(targets.MAX_BEHAVIOUR)}")
    rows: list[targets.Behaviour] = []
    for n in range(targets.MAX_BEHAVIOURS):
        text_key, fixed_key = f"target_behaviour_{phase_id}_{n}", f"target_fixed_{phase_id}_{n}"
        st.session_state.setdefault(text_key, saved[n].text if n < len(saved) else "")
        st.session_state.setdefault(fixed_key, saved[n].fixed if n < len(saved) else False)
        text_col, fixed_col = st.columns([3, 1], vertical_alignment="bottom")
        text = text_col.text_input(
            words.tr("target.behaviour", n=n + 1),
            placeholder=words.tr("target.behaviour_placeholder"),
            key=text_key,
        )
        fixed = fixed_col.toggle(
            words.tr("target.fixed"), key=fixed_key, help=words.tr("target.fixed_help")
        )
        if text.strip() and targets.is_vague(text):
            st.warning(words.tr("target.vague"), icon="💡")
        rows.append(targets.Behaviour(text, fixed))
    if st.button(words.tr("target.save"), key=f"target_save_{phase_id}", type="primary"):
        try:
            targets.set_target(store, key, phase_id, sentence, rows)
        except KohtaamoError as err:
            forms.show_error(err)
        else:
            st.session_state[f"target_saved_{phase_id}"] = True
            st.session_state[LAST_SAVED] = phase_id
            st.rerun()
    if st.session_state.pop(f"target_saved_{phase_id}", False):
        st.success(words.tr("target.saved"), icon="✅")
    _saved_target(phase, saved)


def _saved_target(phase: Phase, saved: list[targets.Behaviour]) -> None:
    with st.container(border=True):
        st.caption(words.tr("target.saved_heading"))
        if not phase.target_state:
            st.caption(words.tr("target.not_set"))
            return
        st.markdown(f"**{words.plain(phase.target_state)}**")
        for behaviour in saved:
            st.text(f"• {behaviour.text}")
            marks = [_fixed_mark(behaviour.fixed)]
            if targets.is_vague(behaviour.text):
                marks.append(f":orange[💡 {words.tr('target.vague')}]")
            st.caption(" · ".join(marks))
