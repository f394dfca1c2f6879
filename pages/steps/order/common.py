"""Step 3, Order: what its phone, console and projector share (phase labels, the journey)."""

from __future__ import annotations

import streamlit as st

from facilitator.charts import screen
from facilitator.domain import Kind, Observation
from facilitator.steps import voting
from facilitator.steps.phases import Phase, PhaseEvidence
from facilitator.store.db import Store
from pages.widgets import charts, words

JOURNEY_WIDTH = 1780  # the whole board, phase names and legend included


def _labels(phase_list: list[Phase]) -> dict[int, str]:
    """Phase id -> '2. Asking', in order."""
    return {p.id: f"{i + 1}. {p.name}" for i, p in enumerate(phase_list)}


def _form_tag(generation: int, phase_list: list[Phase]) -> str:
    # Widget keys change with the set of phases, so a form never holds a phase that is gone.
    return f"{generation}_{hash(tuple(p.id for p in phase_list)) & 0xFFFFFFFF:x}"


def _by_kind(items: list[Observation]) -> list[Observation]:
    return sorted(items, key=lambda o: (list(Kind).index(o.kind), o.id))


def _kind_and_text(obs: Observation) -> None:
    st.caption(words.name_of("kind", obs.kind))
    st.text(obs.text)


def _dots(store: Store, workshop_id: int) -> dict[int, int]:
    return {r.item.id: r.dots for kind in Kind for r in voting.results(store, workshop_id, kind)}


def _journey(store: Store, workshop_id: int, rows: list[PhaseEvidence], *, big: bool) -> None:
    charts.chart(
        screen.journey,
        rows,
        _dots(store, workshop_id),
        words.name_of("kind_plural", Kind.STRENGTH),
        words.name_of("kind_plural", Kind.WEAKNESS),
        big=big,
        # On the projector the page's full width: it is drawn scaled to the screen.
        plot_width=JOURNEY_WIDTH if big else None,
        alt=charts.chart_name("order.journey"),
    )


def _coverage(rows: list[PhaseEvidence]) -> tuple[list[str], list[tuple[str, str]]]:
    """Phases that rest on no viewpoint, and those resting on one (with its name)."""
    labels = _labels([e.phase for e in rows])
    bare = [labels[e.phase.id] for e in rows if e.coverage_warning == "none"]
    single = [
        (labels[e.phase.id], words.name_of("viewpoint", next(iter(e.viewpoints))))
        for e in rows
        if e.coverage_warning == "single"
    ]
    return bare, single
