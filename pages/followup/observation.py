"""Observation rounds: the observers' code with its QR and link, how many joined, and the
results per behaviour, phase and unit, with the phases that stand out."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from facilitator.followup import people
from facilitator.followup.people import Purpose
from facilitator.followup.rounds import checklist
from pages.followup.common import Desk, call, code_block, share
from pages.widgets import forms, words


def _code(desk: Desk) -> None:
    found = people.current_code(desk.store, desk.workshop.id, Purpose.OBSERVE)
    joined = people.joined(desk.store, desk.workshop.id, Purpose.OBSERVE)
    if found is None:
        st.info(words.tr("fu.observe.closed"))
        if st.button(words.tr("fu.observe.open"), type="primary", key="fu_observe_open"):
            if call(people.open_code, desk, Purpose.OBSERVE):
                st.rerun()
    else:
        code_block(desk, found.code, "fu.observe.code_help")
        if st.button(words.tr("fu.observe.close"), key="fu_observe_close"):
            if call(people.close_code, desk, Purpose.OBSERVE):
                forms.confirm("fu.observe.closed_now")
                st.rerun()
    st.metric(words.tr("fu.observe.joined"), joined)
    st.metric(words.tr("fu.observe.visits"), len(desk.fu.visits))


def _results(desk: Desk) -> None:
    fu = desk.fu
    units = [None, *(u.id for u in fu.units)]
    unit = st.selectbox(
        words.name_of("field", "unit"),
        units,
        format_func=lambda i: words.tr("fu.observe.all_units") if i is None else desk.unit_name(i),
        key="fu_observe_unit",
        placeholder=words.tr("ui.choose"),
    )
    tallies = fu.tallies(unit)
    rows = []
    for phase, behaviours in checklist(desk.store, desk.workshop.id):
        for b in behaviours:
            tally = tallies.get((phase.id, b.text))
            rows.append(
                {
                    words.tr("fu.observe.phase"): phase.name,
                    words.tr("fu.observe.behaviour"): b.text,
                    words.tr("fu.observe.fixed"): words.tr(
                        "fu.observe.is_fixed" if b.fixed else "fu.observe.is_flexible"
                    ),
                    words.name_of("mark", "seen"): tally.seen if tally else 0,
                    words.name_of("mark", "not_seen"): tally.not_seen if tally else 0,
                    words.name_of("mark", "na"): tally.not_applicable if tally else 0,
                    words.tr("fu.observe.share"): share(tally.share if tally else None),
                }
            )
    if not rows:
        st.info(words.tr("fu.observe.no_checklist"))
        return
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def draw(desk: Desk) -> None:
    st.caption(words.tr("fu.observe.intro"))
    code, phases = st.columns([2, 3])
    with code:
        _code(desk)
    with phases:
        st.markdown(f"**{words.tr('fu.observe.by_phase')}**")
        out = {p.id for p in desk.fu.standing_out()}
        for seen in desk.fu.seen_by_phase:
            if not seen.visits:
                st.markdown(
                    f"- {words.tr('fu.observe.phase_none', phase=words.plain(seen.phase.name))}"
                )
                continue
            line = words.tr(
                "fu.observe.phase_line",
                phase=words.plain(seen.phase.name),
                n=seen.visits,
                share=share(seen.fixed_share),
            )
            if seen.phase.id in out:
                st.warning(f"{line} {words.tr('fu.overview.stands_out')}", icon="👀")
            else:
                st.markdown(f"- {line}")
    st.markdown(f"**{words.tr('fu.observe.by_behaviour')}**")
    _results(desk)
