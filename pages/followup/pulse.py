"""The staff pulse: opened with a code and QR, answers counted, closed; compared with the
workshop by role and unit, and the fist of five then and now."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from facilitator.domain import Role
from facilitator.followup import people, pulse
from facilitator.followup.people import PULSE_ROLES, Purpose
from facilitator.followup.summary import PulseView
from facilitator.language import formats
from facilitator.steps import model
from pages.followup.common import Desk, call, code_block, share
from pages.widgets import forms, words

ROW_PX = 35  # a table row's height in Streamlit's data grid


def _open_or_close(desk: Desk) -> None:
    current = pulse.current(desk.store, desk.workshop.id)
    if current is None:
        st.info(words.tr("fu.pulse.none_open"))
        if st.button(words.tr("fu.pulse.open"), type="primary", key="fu_pulse_open"):
            if call(pulse.open_pulse, desk):
                st.rerun()
        return
    found = people.current_code(desk.store, desk.workshop.id, Purpose.PULSE, current.id)
    if found is not None:
        code_block(desk, found.code, "fu.pulse.code_help")
    answered = next((p.answers for p in desk.fu.pulses if p.pulse.id == current.id), 0)
    st.metric(words.tr("fu.pulse.answers"), answered)
    if st.button(words.tr("fu.pulse.close"), key="fu_pulse_close"):
        if call(pulse.close_pulse, desk):
            forms.confirm("fu.pulse.closed")
            st.rerun()


def _comparison(desk: Desk, shown: PulseView) -> None:
    units = [None, *(u.id for u in desk.fu.units)]
    unit = st.selectbox(
        words.name_of("field", "unit"),
        units,
        format_func=lambda i: words.tr("fu.observe.all_units") if i is None else desk.unit_name(i),
        key="fu_pulse_unit",
        placeholder=words.tr("ui.choose"),
    )
    shifts = pulse.compare(desk.store, desk.workshop.id, shown.pulse.id, unit)
    st.markdown(f"**{words.tr('fu.pulse.unrealistic')}**")
    st.caption(words.tr("fu.pulse.unrealistic_help"))
    st.dataframe(
        pd.DataFrame(
            [
                {
                    words.tr("fu.observe.phase"): desk.fu.phase_name(s.phase_id),
                    words.tr("fu.pulse.role"): words.name_of("role_short", s.role),
                    words.tr("fu.pulse.then"): share(s.workshop_share),
                    words.tr("fu.pulse.now"): share(s.pulse_share),
                    words.tr("fu.pulse.ratings"): s.pulse_ratings,
                    words.tr("fu.pulse.slipping"): "🔴" if s.slipping else "",
                }
                for s in shifts
            ]
        ),
        hide_index=True,
        width="stretch",
        # Every row in sight: two a phase do not fit the table's default height.
        height=ROW_PX * (len(shifts) + 1) + 3,
    )


def _fist(desk: Desk, shown: PulseView) -> None:
    st.markdown(f"**{words.tr('fu.pulse.fist')}**")
    then = model.consent(desk.store, desk.workshop.id)
    rows = []
    for role in PULSE_ROLES:
        for when, counts in (("then", then.get(role, {})), ("now", shown.fist.get(role, {}))):
            total = sum(counts.values())
            mean = sum(f * c for f, c in counts.items()) / total if total else None
            rows.append(
                {
                    words.tr("fu.pulse.role"): words.name_of("role_short", Role(role)),
                    words.tr("fu.pulse.when"): words.tr(f"fu.pulse.{when}"),
                    **{str(f): counts.get(f, 0) for f in pulse.FINGERS},
                    words.tr("fu.pulse.mean"): formats.decimal(mean, words.lang()),
                }
            )
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def draw(desk: Desk) -> None:
    st.caption(words.tr("fu.pulse.intro"))
    _open_or_close(desk)
    if not desk.fu.pulses:
        return
    st.divider()
    shown = desk.fu.pulses[-1]
    st.caption(words.tr("fu.pulse.latest", n=shown.answers))
    _comparison(desk, shown)
    _fist(desk, shown)
