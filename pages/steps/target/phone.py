"""Step 4, Target, on the phone: a phase at a time, a proposal sent and the best backed."""

import streamlit as st

from facilitator.domain import Participant, Workshop
from facilitator.steps import targets
from facilitator.steps.phases import Phase, list_phases
from facilitator.store.db import Store
from pages.steps.target.common import _phase_label
from pages.widgets import database, forms, outage, words


def phone(store: Store, workshop: Workshop, me: Participant) -> None:
    """What a participant's phone shows in this step."""
    phone_panel(store, workshop, me)


@outage.fragment
def phone_panel(store: Store, workshop: Workshop, me: Participant) -> None:
    """One phase at a time: propose, then back the best proposals; a tap reruns only this."""
    forms.confirmations()
    database.mark_lists_seen(
        store, workshop.id
    )  # read before the proposals: newer ones are offered
    phases = {p.id: p for p in list_phases(store, workshop.id)}
    if not phases:
        st.info(words.tr("target.no_phases"))
        return
    chosen = st.selectbox(
        words.tr("target.phase"),
        list(phases),
        format_func=lambda i: _phase_label(phases[i]),
        key="target_phase",
        placeholder=words.tr("ui.choose"),
        filter_mode=None,
    )
    phase = phases[chosen]
    if phase.target_state:
        with st.container(border=True):
            st.caption(words.tr("target.agreed"))
            st.text(phase.target_state)
    if workshop.input_open:
        _proposal_form(store, me, phase)
    else:
        st.info(words.tr("phone.input_closed"))
    _ballot(store, workshop, me, phase)


def _proposal_form(store: Store, me: Participant, phase: Phase) -> None:
    st.subheader(words.tr("target.propose_heading"), anchor=False)
    form = forms.NewForm("target", saved="target_proposed")
    generation = form.generation
    with st.form(f"target_propose_{phase.id}_{generation}", enter_to_submit=words.enter_submits()):
        text = st.text_area(
            words.tr("target.propose_text"),
            placeholder=words.tr("target.propose_placeholder"),
            key=f"target_text_{phase.id}_{generation}",
        )
        words.limit_note(targets.MAX_PROPOSAL)
        sent = st.form_submit_button(
            words.tr("target.propose_submit"), type="primary", width="stretch"
        )
    if not sent:
        return
    if form.stored(
        lambda key: targets.propose(store, me, phase.id, text, submission_key=key),
        "target",
        phase.id,
    ):
        forms.confirm("target.proposed")
        forms.rerun_fragment()


def _ballot(store: Store, workshop: Workshop, me: Participant, phase: Phase) -> None:
    # Submission order, not vote order: the phones should not herd people to the leaders.
    pool = sorted(targets.proposals(store, workshop.id, phase.id, viewer=me), key=lambda p: p.id)
    backed = set(targets.my_votes(store, me, phase.id)) & {p.id for p in pool}
    st.subheader(words.tr("target.vote_heading"), anchor=False)
    st.caption(words.tr("target.vote_help", max=targets.VOTES_PER_PHASE))
    st.markdown(f"**{words.tr('target.my_votes', n=len(backed), max=targets.VOTES_PER_PHASE)}**")
    if not pool:
        st.caption(words.tr("target.no_proposals"))
    elif not workshop.input_open:
        for proposal in pool:
            _proposal_card(proposal, proposal.id in backed)
    else:
        _vote_form(store, me, phase, pool, backed)


def _proposal_card(proposal: targets.Proposal, backed: bool) -> None:
    with st.container(border=True):
        st.text(proposal.text)
        marks = [words.tr("target.mine")] if proposal.mine else []
        if backed:
            marks.append(words.tr("target.backed"))
        if marks:
            st.caption(" · ".join(marks))


def _vote_form(
    store: Store, me: Participant, phase: Phase, pool: list[targets.Proposal], backed: set[int]
) -> None:
    form = forms.NewForm("target_vote", saved="target_voted")
    generation = form.generation
    with st.form(f"target_vote_{phase.id}_{generation}"):
        ticks: dict[int, bool] = {}
        for proposal in pool:
            with st.container(border=True):
                st.text(proposal.text)
                if proposal.mine:
                    st.caption(words.tr("target.mine"))
                ticks[proposal.id] = st.checkbox(
                    words.tr("target.back_this"),
                    value=proposal.id in backed,
                    key=f"target_back_{generation}_{proposal.id}",
                )
        sent = st.form_submit_button(
            words.tr("target.vote_submit"), type="primary", width="stretch"
        )
    if not sent:
        return
    # Voting again replaces this person's votes: the send needs no key of its own.
    if form.stored(
        lambda _key: targets.vote(store, me, phase.id, [i for i, on in ticks.items() if on])
    ):
        forms.confirm("target.voted")
        forms.rerun_fragment()
