"""The overview: for each critical phase its metrics against target and what observation shows
beside them; the milestones gone late and the phases whose pulse is slipping."""

from __future__ import annotations

import streamlit as st

from facilitator.followup.metrics import Status
from facilitator.followup.summary import MetricView
from facilitator.steps.phases import Phase
from pages.followup.common import Desk, date, number, share
from pages.widgets import words

ICONS = {Status.ON_TRACK: "🟢", Status.BEHIND: "🔴", Status.NO_DATA: "⚪"}


def status_text(view: MetricView) -> str:
    return f"{ICONS[view.status]} {words.name_of('metric_status', view.status)}"


def _phase(desk: Desk, phase: Phase, standing_out: set[int]) -> None:
    with st.container(border=True):
        st.markdown(f"**{words.plain(phase.name)}**")
        views = desk.fu.metrics_of(phase.id)
        if not views:
            st.caption(words.tr("fu.overview.no_metric"))
        for view in views:
            m = view.metric
            st.markdown(
                words.tr(
                    "fu.overview.metric",
                    name=words.plain(m.name),
                    latest=number(view.latest, m.measure),
                    target=number(m.target, m.measure),
                    status=status_text(view),
                )
            )
        seen = desk.fu.seen_of(phase.id)
        if seen is None or not seen.visits:
            st.caption(words.tr("fu.overview.not_observed"))
        else:
            st.markdown(words.tr("fu.overview.seen", n=seen.visits, share=share(seen.fixed_share)))
            for behaviour in seen.seldom:
                st.caption(words.tr("fu.overview.seldom", text=words.plain(behaviour.text)))
        if phase.id in standing_out:
            st.warning(words.tr("fu.overview.stands_out"), icon="👀")


def draw(desk: Desk) -> None:
    fu = desk.fu
    st.caption(words.tr("fu.overview.intro"))
    critical = [p for p in fu.phases if p.critical]
    standing_out = {p.id for p in fu.standing_out()}
    if not critical:
        st.info(words.tr("fu.overview.no_critical"))
    for left, right in zip(critical[::2], [*critical[1::2], None], strict=False):
        cols = st.columns(2)
        with cols[0]:
            _phase(desk, left, standing_out)
        if right is not None:
            with cols[1]:
                _phase(desk, right, standing_out)
    late, slipping = st.columns(2)
    with late:
        st.markdown(f"**{words.tr('fu.overview.late')}**")
        if not fu.late:
            st.caption(words.tr("fu.overview.none_late"))
        for milestone in fu.late:
            st.markdown(f"- {words.plain(milestone.title)} ({date(milestone.due)})")
    with slipping:
        st.markdown(f"**{words.tr('fu.overview.slipping')}**")
        shifts = [s for s in fu.pulses[-1].shifts if s.slipping] if fu.pulses else []
        if not fu.pulses:
            st.caption(words.tr("fu.overview.no_pulse"))
        elif not shifts:
            st.caption(words.tr("fu.overview.none_slipping"))
        for s in shifts:
            st.markdown(
                words.tr(
                    "fu.overview.slipping_line",
                    phase=words.plain(fu.phase_name(s.phase_id)),
                    role=words.name_of("role_short", s.role),
                    then=share(s.workshop_share),
                    now=share(s.pulse_share),
                )
            )
