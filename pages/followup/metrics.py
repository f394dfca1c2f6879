"""The metrics over time: taken from the plan, each one's figures edited, results entered by
hand or imported from a file, and each one's trend against baseline and target."""

from __future__ import annotations

import streamlit as st

from facilitator.charts.followup import trend
from facilitator.followup import metrics
from facilitator.followup.metrics import Direction, Frequency
from facilitator.followup.summary import MetricView
from facilitator.followup.units import WHOLE
from facilitator.language import formats
from pages.followup import importing
from pages.followup.common import Desk, call, number
from pages.followup.overview import status_text
from pages.widgets import charts, choices, forms, words


def _figure_field(value: float | None) -> str:
    """A stored figure as the field holds it: every decimal kept and no thousands grouped, so
    saving the form unchanged stores the same figure ("12500", "4,25" in Finnish)."""
    return formats.editable(value, words.lang()) if value is not None else ""


def _edit(desk: Desk, view: MetricView) -> None:
    m = view.metric
    phases = [None, *(p.id for p in desk.fu.phases)]
    with st.form(f"fu_metric_{m.id}", enter_to_submit=False):
        st.markdown(f"**{words.tr('fu.metrics.edit')}**")
        name = st.text_input(words.name_of("field", "metric"), value=m.name)
        left, right = st.columns(2)
        phase = left.selectbox(
            words.tr("fu.metrics.phase"),
            phases,
            index=phases.index(m.phase_id) if m.phase_id in phases else 0,
            format_func=lambda i: desk.fu.phase_name(i) if i else words.tr("fu.metrics.no_phase"),
            placeholder=words.tr("ui.choose"),
        )
        measure = right.text_input(words.name_of("field", "measure"), value=m.measure)
        direction = choices.enum_select(
            words.name_of("field", "direction"),
            Direction,
            "direction",
            into=left,
            index=list(Direction).index(m.direction),
        )
        frequency = choices.enum_select(
            words.name_of("field", "frequency"),
            Frequency,
            "frequency",
            into=right,
            index=list(Frequency).index(m.frequency),
        )
        baseline = left.text_input(
            words.name_of("field", "baseline"), value=_figure_field(m.baseline)
        )
        target = right.text_input(words.name_of("field", "target"), value=_figure_field(m.target))
        saved = st.form_submit_button(words.tr("fu.metrics.save"))
    if saved and call(
        metrics.update_metric,
        desk,
        m.id,
        name=name,
        phase_id=phase,
        measure=measure,
        direction=direction,
        baseline=baseline,
        target=target,
        frequency=frequency,
    ):
        forms.confirm("fu.metrics.saved")
        st.rerun()


def _enter(desk: Desk, view: MetricView) -> None:
    m = view.metric
    form = forms.NewForm(f"fu_result_{m.id}", saved=f"fu_result_{m.id}_saved")
    unit_ids = [WHOLE, *(u.id for u in desk.fu.units)]
    with st.form(f"fu_result_{m.id}_{form.generation}", enter_to_submit=False):
        st.markdown(f"**{words.tr('fu.metrics.enter')}**")
        period_col, unit_col, value_col = st.columns(3)
        period = period_col.text_input(
            words.tr("fu.metrics.period"),
            placeholder=words.tr("fu.metrics.period_placeholder"),
            help=words.tr("fu.metrics.period_help"),
            key=f"fu_period_{m.id}_{form.generation}",
        )
        unit = unit_col.selectbox(
            words.name_of("field", "unit"),
            unit_ids,
            format_func=desk.unit_name,
            key=f"fu_unit_{m.id}_{form.generation}",
            placeholder=words.tr("ui.choose"),
        )
        value = value_col.text_input(
            words.name_of("field", "value"),
            placeholder=m.measure,
            key=f"fu_value_{m.id}_{form.generation}",
        )
        sent = st.form_submit_button(words.tr("fu.metrics.store"), type="primary")
    if sent and form.stored(
        lambda _: metrics.record(desk.store, desk.key, m.id, period, unit, value)
    ):
        forms.confirm("fu.metrics.stored")
        st.rerun()


def _metric(desk: Desk, view: MetricView) -> None:
    m = view.metric
    phase = desk.fu.phase_name(m.phase_id) or words.tr("fu.metrics.no_phase")
    title = f"{words.plain(m.name)} · {status_text(view)}"
    with st.expander(title, expanded=len(desk.fu.metrics) <= 3):
        st.caption(
            words.tr(
                "fu.metrics.line",
                phase=words.plain(phase),
                latest=number(view.latest, m.measure),
                baseline=number(m.baseline, m.measure),
                target=number(m.target, m.measure),
                frequency=words.name_of("frequency", m.frequency),
            )
        )
        if view.overall:
            charts.chart(
                trend,
                view,
                desk.unit_names(),
                str(words.lang()),
                # Drawn as wide as the console; this width sets the height (0.45 of it) and the
                # title's wrap, so the trend is not flattened into a strip.
                width=900,
                alt=words.tr("fu.metrics.chart_alt", name=m.name),
            )
        else:
            st.info(words.tr("fu.metrics.no_results"))
        left, right = st.columns(2)
        with left:
            _enter(desk, view)
        with right:
            _edit(desk, view)


def draw(desk: Desk) -> None:
    st.caption(words.tr("fu.metrics.intro"))
    if st.button(words.tr("fu.metrics.take"), icon=":material/playlist_add:", key="fu_take_m"):
        before = len(desk.fu.metrics)
        if call(metrics.take_from_plan, desk):
            st.session_state["fu_taken_before"] = before
            st.rerun()
    if (before := st.session_state.pop("fu_taken_before", None)) is not None:
        # Taking twice adds nothing: say how many came, none included.
        st.success(words.tr("fu.metrics.taken", n=len(desk.fu.metrics) - before))
    if not desk.fu.metrics:
        st.info(words.tr("fu.metrics.none"))
        return
    for view in desk.fu.metrics:
        _metric(desk, view)
    st.divider()
    importing.draw(desk)
