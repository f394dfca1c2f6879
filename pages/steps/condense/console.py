"""Step 5, Condense, on the console: the model written, the ratings and consent, the critical
phases."""

from collections import Counter
from collections.abc import Callable

import streamlit as st

from facilitator.charts import condense as charts_condense
from facilitator.domain import Role, Workshop
from facilitator.errors import KohtaamoError
from facilitator.language import formats
from facilitator.room.workshops import FacilitatorKey
from facilitator.steps import model
from facilitator.steps.model import Achievability, ModelPhase, ModelText, Rating
from facilitator.steps.phases import evidence
from facilitator.store.db import Store
from pages.steps.condense.common import _flag_warnings, _phase_heading, _rating_names, _role_names
from pages.widgets import charts, forms, outage, words


def _behaviour_line(fixed: bool, text: str) -> str:
    badge = (
        f":blue-badge[{words.tr('condense.fixed')}]"
        if fixed
        else f":gray-badge[{words.tr('condense.flexible')}]"
    )
    return f"{badge} {words.plain(text)}"


def _model_form(store: Store, key: FacilitatorKey, current: ModelText) -> None:
    with st.form("model_text", enter_to_submit=words.enter_submits()):
        name = st.text_input(
            words.tr("condense.name"),
            value=current.name,
            placeholder=words.tr("condense.name_placeholder"),
        )
        words.limit_note(model.MAX_NAME)
        promise = st.text_input(
            words.tr("condense.promise"),
            value=current.promise,
            placeholder=words.tr("condense.promise_placeholder"),
        )
        words.limit_note(model.MAX_PROMISE)
        tone_words = st.text_input(
            words.tr("condense.tone_words"),
            value=current.tone_words,
            placeholder=words.tr("condense.tone_placeholder"),
        )
        words.limit_note(model.MAX_TONE)
        judgement = st.text_area(
            words.tr("condense.judgement"),
            value=current.judgement,
            placeholder=words.tr("condense.judgement_placeholder"),
            help=words.tr("condense.judgement_help"),
        )
        words.limit_note(model.MAX_JUDGEMENT)
        saved = st.form_submit_button(words.tr("condense.save_model"), type="primary")
    if not saved:
        return
    try:
        model.set_text(
            store,
            key,
            name=name,
            promise=promise,
            tone_words=tone_words,
            judgement=judgement,
        )
    except KohtaamoError as err:
        forms.show_error(err)
    else:
        st.success(words.tr("condense.model_saved"), icon="✅")


def _preview(text: ModelText, phases: list[ModelPhase]) -> None:
    """The whole model as it will read, typed text escaped."""
    with st.container(border=True):
        if text.name:
            st.subheader(words.plain(text.name), anchor=False)
        else:
            st.caption(words.tr("condense.no_name"))
        if text.promise:
            st.markdown(f"*{words.plain(text.promise)}*")
        for position, mp in enumerate(phases, start=1):
            heading = f"**{_phase_heading(position, mp.phase.name)}**"
            if mp.phase.critical:
                heading += f" :orange-badge[{words.tr('condense.critical_badge')}]"
            target = (
                words.plain(mp.phase.target_state)
                if mp.phase.target_state
                else f":gray[{words.tr('condense.no_target')}]"
            )
            lines = [heading, target, *(_behaviour_line(b.fixed, b.text) for b in mp.behaviours)]
            # One element per phase keeps the preview as compact as the printed model.
            st.markdown("  \n".join(lines))
        if text.tone_words:
            st.markdown(f"**{words.tr('condense.tone_words')}:** {words.plain(text.tone_words)}")
        if text.judgement:
            st.markdown(f"**{words.tr('condense.judgement')}**")
            st.text(text.judgement)


def _memorability(phases: list[ModelPhase]) -> None:
    warnings = model.memorability_warnings(phases)
    for catalog_key, params in warnings:
        shown = {k: words.plain(v) if isinstance(v, str) else v for k, v in params.items()}
        st.warning(words.tr(catalog_key, **shown), icon="🧠")
    if phases and not warnings:
        st.success(words.tr("condense.memorable"), icon="🧠")


def model_panel(store: Store, key: FacilitatorKey, workshop: Workshop) -> None:
    form_col, preview_col = st.columns([2, 3], gap="large")
    with form_col:
        _model_form(store, key, model.text(store, workshop.id))
    # Drawn after the form, so a save shows in the preview at once.
    phases = model.phases(store, workshop.id)
    with preview_col:
        st.markdown(f"**{words.tr('condense.preview')}**")
        if not phases:
            st.caption(words.tr("condense.no_phases"))
        _memorability(phases)
        _preview(model.text(store, workshop.id), phases)
        st.caption(words.tr("condense.targets_in_step_four"))


def _achievability_table(rows: list[Achievability]) -> None:
    names = _rating_names()
    table = [
        {
            words.tr("condense.col_phase"): charts_condense.phase_label(
                position, a.phase.name, flagged=a.flagged
            ),
            words.tr("condense.col_role"): words.name_of("role_short", role),
            **{names[r]: counts[r] for r in Rating},
        }
        for position, a in enumerate(rows, start=1)
        for role, counts in sorted(a.by_role.items(), key=lambda rc: list(Role).index(rc[0]))
    ]
    st.dataframe(table, hide_index=True, alt=words.tr("condense.achievable_title"))


@outage.fragment(run_every=4)
def achievability_results(store: Store, workshop_id: int) -> None:
    """Ratings by role as a chart and a table; refreshes as phones send more."""
    rows = model.achievability(store, workshop_id)
    st.metric(words.tr("condense.raters"), model.raters(store, workshop_id))
    st.caption(words.tr("condense.flag_rule") + " " + words.tr("condense.facilitator_not_counted"))
    if not any(a.by_role for a in rows):
        st.caption(words.tr("condense.no_ratings"))
        return
    _flag_warnings(rows)
    charts.chart(
        charts_condense.achievability,
        rows,
        _role_names(),
        _rating_names(),
        fill=False,
        alt=charts.chart_name("condense.achievable_title"),
    )
    _achievability_table(rows)


def _consent_summary(counts: dict[Role, Counter[int]]) -> None:
    summary = model.consent_summary(counts)
    shown, average, doubts = st.columns(3)
    shown.metric(words.tr("condense.consent_shown"), summary.shown)
    average.metric(
        words.tr("condense.consent_average"),
        formats.decimal(summary.average, words.lang()),
    )
    doubts.metric(words.tr("condense.consent_doubts"), summary.doubts)
    if summary.doubts:
        st.warning(words.tr("condense.doubts_warning", n=summary.doubts), icon="✋")


@outage.fragment(run_every=4)
def consent_results(store: Store, workshop_id: int) -> None:
    """Fist-of-five by role; refreshes as phones send more."""
    counts = model.consent(store, workshop_id)
    _consent_summary(counts)
    st.caption(words.tr("condense.facilitator_not_counted"))
    chart_col, table_col = st.columns([3, 2], gap="large")
    charts.chart(
        charts_condense.consent,
        counts,
        _role_names(),
        into=chart_col,
        alt=charts.chart_name("condense.consent_title"),
    )
    by_role = [
        {
            words.tr("condense.col_role"): words.name_of("role_short", role),
            words.tr("condense.consent_shown"): summary.shown,
            words.tr("condense.consent_average"): (formats.decimal(summary.average, words.lang())),
        }
        for role in counts
        if (summary := model.consent_summary({role: counts[role]})).shown
    ]
    if by_role:
        table_col.dataframe(by_role, hide_index=True, alt=words.tr("condense.consent_title"))


def critical_panel(store: Store, workshop: Workshop, act: Callable) -> None:
    rows = evidence(store, workshop.id)
    if not rows:
        st.caption(words.tr("condense.no_phases"))
        return
    st.caption(words.tr("condense.critical_help"))
    labels_short = {
        e.phase.id: charts_condense.phase_label(i, e.phase.name)
        for i, e in enumerate(rows, start=1)
    }
    labels = {
        e.phase.id: words.tr(
            "condense.critical_option",
            phase=labels_short[e.phase.id],
            n=len(e.weaknesses),
        )
        for e in rows
    }
    current = [e.phase.id for e in rows if e.phase.critical]
    # Pills, not a multiselect, which speaks English ("Select all", "Clear all") in any room.
    # A pill's text is Markdown: the phase names, typed by the facilitator, go in escaped.
    st.pills(
        words.tr("condense.critical"),
        list(labels),
        selection_mode="multi",
        default=current or model.default_critical(store, workshop.id),
        format_func=lambda phase: words.plain(labels[phase]),
        key="critical_phases",
    )
    st.button(
        words.tr("condense.save_critical"),
        type="primary",
        # Read at the click: args fixed when the page was drawn could miss the last pick.
        on_click=lambda: act(model.set_critical, st.session_state.get("critical_phases", [])),
    )
    if current:
        saved = ", ".join(words.plain(labels_short[i]) for i in current)
        st.caption(words.tr("condense.critical_saved", phases=saved))
    else:
        st.caption(words.tr("condense.critical_not_saved"))


def console(store: Store, key: FacilitatorKey, workshop: Workshop, act: Callable) -> None:
    """The facilitator's tools for this step."""
    model_tab, achievable_tab, consent_tab, critical_tab = st.tabs(
        [
            words.tr("condense.model_tab"),
            words.tr("condense.achievable_tab"),
            words.tr("condense.consent_tab_console"),
            words.tr("condense.critical_tab"),
        ]
    )
    with model_tab:
        model_panel(store, key, workshop)
    with achievable_tab:
        achievability_results(store, workshop.id)
    with consent_tab:
        consent_results(store, workshop.id)
    with critical_tab:
        critical_panel(store, workshop, act)
