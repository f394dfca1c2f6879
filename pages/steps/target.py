"""Step panel: target (phone, console, projector)."""

import secrets
from collections.abc import Callable

import streamlit as st

from facilitator.domain import Participant, Workshop
from facilitator.errors import KohtaamoError
from facilitator.room.workshops import FacilitatorKey
from facilitator.steps import targets
from facilitator.steps.phases import Phase, list_phases
from facilitator.store.db import Store
from pages.widgets import database, forms, turning, words

PROJECTOR_PROPOSALS = 3
PROJECTOR_PHASES = 6  # a page of phases on the projector: two rows of three
PROJECTOR_BEHAVIOURS = 3
LAST_SAVED = "target_last_saved"
FIXED_ICON, FLEXIBLE_ICON = "📌", "🎨"


def _phase_label(phase: Phase) -> str:
    return f"{phase.position + 1}. {phase.name}"


# Phone


def phone(store: Store, workshop: Workshop, me: Participant) -> None:
    """What a participant's phone shows in this step."""
    phone_panel(store, workshop, me)


@st.fragment
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
    generation = st.session_state.setdefault("target_generation", 0)
    session_tag = st.session_state.setdefault("session_tag", secrets.token_hex(8))
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
    key = f"{session_tag}-target-{phase.id}-{generation}"
    if forms.form_stored(
        lambda: targets.propose(store, me, phase.id, text, submission_key=key),
        "target_generation",
        "target_proposed",
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
    generation = st.session_state.setdefault("target_vote_generation", 0)
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
    try:
        targets.vote(store, me, phase.id, [i for i, ticked in ticks.items() if ticked])
    except KohtaamoError as err:
        forms.show_error(err)
        return
    st.session_state["target_vote_generation"] = generation + 1
    forms.confirm("target.voted")
    forms.rerun_fragment()


# Console


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


@st.fragment(run_every=5)
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


@st.fragment
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


def _fixed_mark(fixed: bool) -> str:
    if fixed:
        return f"{FIXED_ICON} {words.tr('target.mark_fixed')}"
    return f"{FLEXIBLE_ICON} {words.tr('target.mark_flexible')}"


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


# Projector


def projector(store: Store, workshop: Workshop) -> None:
    """The room's view of this step: a page of phases, two rows of three, turning by itself."""
    phases = list_phases(store, workshop.id)
    if not phases:
        st.header(words.tr("target.no_phases"), anchor=False)
        return
    agreed = targets.behaviours(store, workshop.id)
    page, note = turning.turning_page(phases, PROJECTOR_PHASES)
    per_row = len(page) if len(page) <= 4 else 3
    # Two rows of phases must fit on one screen: fewer proposals each when there are many.
    shown = PROJECTOR_PROPOSALS if len(page) <= per_row else PROJECTOR_PROPOSALS - 1
    with st.container(key="projector_clamp"):  # long texts cut to a few lines, PROJECTOR_CSS
        for start in range(0, len(page), per_row):
            row = page[start : start + per_row]
            for column, phase in zip(st.columns(per_row, gap="medium"), row, strict=False):
                with column, st.container(border=True):
                    st.subheader(words.plain(_phase_label(phase)), anchor=False)
                    if phase.target_state:
                        _agreed_on_screen(phase, agreed.get(phase.id, []))
                    else:
                        _proposals_on_screen(store, workshop, phase, shown)
    marks = [f"{_fixed_mark(True)} · {_fixed_mark(False)}"] if agreed else []
    if marks or note:
        st.caption(" · ".join([*marks, note] if note else marks))


def _agreed_on_screen(phase: Phase, behaviours: list[targets.Behaviour]) -> None:
    st.markdown(f"**{words.plain(phase.target_state)}**")
    for behaviour in behaviours[:PROJECTOR_BEHAVIOURS]:
        st.text(f"{FIXED_ICON if behaviour.fixed else FLEXIBLE_ICON} {behaviour.text}")
    if len(behaviours) > PROJECTOR_BEHAVIOURS:
        st.caption(words.tr("projector.more", n=len(behaviours) - PROJECTOR_BEHAVIOURS))


def _proposals_on_screen(store: Store, workshop: Workshop, phase: Phase, shown: int) -> None:
    pool = targets.proposals(store, workshop.id, phase.id)
    if not pool:
        st.caption(words.tr("target.waiting"))
        return
    if workshop.results_visible:
        st.caption(f"{words.tr('target.count', n=len(pool))} · {words.tr('target.top_proposals')}")
        for proposal in pool[:shown]:
            st.text(f"👍 {proposal.votes} · {proposal.text}")
    else:
        # Without the counts, the newest ones: an order by votes would give the results away.
        st.caption(
            f"{words.tr('target.count', n=len(pool))} · {words.tr('target.latest_proposals')}"
        )
        for proposal in sorted(pool, key=lambda p: -p.id)[:shown]:
            st.text(proposal.text)
