"""Step 5, Condense, on the projector: the model, the consent and the achievability."""

import streamlit as st

from facilitator.charts import condense as charts_condense
from facilitator.charts import screen
from facilitator.domain import Role, Workshop
from facilitator.language import formats
from facilitator.steps import model
from facilitator.steps.model import ModelPhase, ModelText
from facilitator.store.db import Store
from pages.steps.condense.common import _flag_warnings, _phase_heading, _rating_names, _role_names
from pages.widgets import charts, words

FIXED_MARK = "🔒"
PROJECTOR_BEHAVIOURS = 2


def _phase_line(position: int, mp: ModelPhase) -> str:
    line = f":green[**{_phase_heading(position, mp.phase.name)}**]"
    if mp.phase.target_state:
        line += f" · **{words.plain(mp.phase.target_state)}**"
    return line


def _phase_rows(phases: list[ModelPhase]) -> None:
    """One row per phase: its name and target large, its behaviours beside them."""
    for position, mp in enumerate(phases, start=1):
        target, actions = st.columns([3, 2], gap="medium")
        target.markdown(_phase_line(position, mp))
        # Two behaviours a phase: seven phases of them still fit under the model's name.
        lines = [f"{FIXED_MARK if b.fixed else '•'} {b.text}" for b in mp.behaviours]
        if len(lines) > PROJECTOR_BEHAVIOURS:
            more = words.tr("projector.more", n=len(lines) - PROJECTOR_BEHAVIOURS)
            lines = [*lines[:PROJECTOR_BEHAVIOURS], f"… {more}"]
        if lines:
            actions.text("\n".join(lines))


def _phase_table(phases: list[ModelPhase]) -> None:
    """The phases top to bottom; a model too long to remember splits in two, without behaviours."""
    if len(phases) <= model.MEMORABLE_PHASES:
        _phase_rows(phases)
        return
    half = -(-len(phases) // 2)
    for column, first in zip(st.columns(2, gap="large"), (0, half), strict=True):
        for position, mp in enumerate(phases[first : first + half], start=first + 1):
            column.markdown(_phase_line(position, mp))


def _model_large(text: ModelText, phases: list[ModelPhase], status: str) -> None:
    # Name, promise and tone share the top row: the screen's height goes to the phases.
    name, promise = st.columns([2, 3], vertical_alignment="bottom")
    if text.name:
        name.header(words.plain(text.name), anchor=False)
    if text.promise:
        promise.markdown(f"### *{words.plain(text.promise)}*", anchors=False)
    if text.tone_words:
        promise.markdown(f"**{words.tr('condense.tone_words')}:** {words.plain(text.tone_words)}")
    if not phases:
        st.caption(words.tr("condense.no_phases"))
    _phase_table(phases)
    st.markdown(f"{words.tr('condense.fixed_legend', mark=FIXED_MARK)} · {status}")


def _consent_large(store: Store, workshop_id: int) -> None:
    counts = model.consent(store, workshop_id)
    summary = model.consent_summary(counts)
    st.subheader(words.tr("condense.consent_title"), anchor=False)
    st.markdown(
        words.tr(
            "condense.consent_line",
            n=summary.shown,
            average=formats.decimal(summary.average, words.lang()),
            doubts=summary.doubts,
        )
    )
    charts.chart(
        charts_condense.consent,
        counts,
        _role_names(),
        font_size=screen.BODY_ON_PROJECTOR,
        height=420,
        plot_width=840,  # the whole chart in half of the 1920-pixel page it is scaled with
        alt=charts.chart_name("condense.consent_title"),
    )


def _achievability_large(store: Store, workshop_id: int) -> None:
    rows = model.achievability(store, workshop_id)
    st.subheader(words.tr("condense.achievable_title"), anchor=False)
    _flag_warnings(rows)
    rated = [r for r in Role if any(r in a.by_role for a in rows)]
    if rated:
        # The role panels share half of the 1920-pixel page with the phase names: 640 pixels.
        width = max(100, 640 // len(rated) - 16)
        charts.chart(
            charts_condense.achievability,
            rows,
            _role_names(),
            _rating_names(),
            width=width,
            font_size=screen.BODY_ON_PROJECTOR,
            fill=False,
            alt=charts.chart_name("condense.achievable_title"),
        )
    else:
        st.markdown(words.tr("condense.no_ratings"))


def projector(store: Store, workshop: Workshop) -> None:
    """The room's view of this step: the model, or its name and the room's checks once revealed.

    One 1080-pixel screen cannot hold both at a size read from the back of the room, so the
    facilitator's results switch changes between them.
    """
    text = model.text(store, workshop.id)
    if not workshop.results_visible:
        status = words.tr(
            "condense.results_hidden",
            rated=model.raters(store, workshop.id),
            shown=model.consent_summary(model.consent(store, workshop.id)).shown,
        )
        _model_large(text, model.phases(store, workshop.id), status)
        return
    if text.name:
        st.header(words.plain(text.name), anchor=False)
    consent_col, achievable_col = st.columns(2, gap="large")
    with consent_col:
        _consent_large(store, workshop.id)
    with achievable_col:
        _achievability_large(store, workshop.id)
