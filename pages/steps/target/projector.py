"""Step 4, Target, on the projector: the phases' agreed targets, or the proposals so far."""

import streamlit as st

from facilitator.domain import Workshop
from facilitator.steps import targets
from facilitator.steps.phases import Phase, list_phases
from facilitator.store.db import Store
from pages.steps.target.common import FIXED_ICON, FLEXIBLE_ICON, _fixed_mark, _phase_label
from pages.widgets import turning, words

PROJECTOR_PROPOSALS = 3
PROJECTOR_PHASES = 6  # a page of phases on the projector: two rows of three
PROJECTOR_BEHAVIOURS = 3


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
