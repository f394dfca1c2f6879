"""Step 3, Order, on the projector: the journey board, the top cards of each phase."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from facilitator.domain import Observation, Workshop
from facilitator.steps import phases
from facilitator.steps.phases import PhaseEvidence
from facilitator.store.db import Store
from pages.steps.order.common import _coverage, _dots, _journey, _labels
from pages.widgets import words

# The projector's board shows this many cards on each side of a phase, the most backed ones.
PROJECTOR_CARDS = 2
# The board's height in cards that still fits under the step's heading at 1920x1080.
PROJECTOR_STACK = 5


def projector(store: Store, workshop: Workshop) -> None:
    """The room's view of this step: the journey, or the phases alone while results are hidden."""
    rows = phases.evidence(store, workshop.id)
    if not rows:
        st.header(words.tr("order.preparing"), anchor=False)
        return
    suggested = f"**{words.tr('order.suggesters', n=phases.suggesters(store, workshop.id))}**"
    if not workshop.results_visible:
        st.markdown(suggested)
        st.header(words.tr("order.phases_heading"), anchor=False)
        labels = _labels([e.phase for e in rows]).values()
        st.subheader("  →  ".join(words.plain(label) for label in labels), anchor=False)
        st.caption(words.tr("order.hidden"))
        return
    # The viewpoint note goes above the chart, where it stays on screen.
    bare, single = _coverage(rows)
    notes = [suggested]
    if single:
        phases_text = ", ".join(words.plain(label) for label, _ in single)
        notes.append("⚠️ " + words.tr("order.note_single", phases=phases_text))
    if bare:
        notes.append(
            "⚠️ " + words.tr("order.note_none", phases=", ".join(words.plain(x) for x in bare))
        )
    with st.container(key="order_notes"):  # two lines at most, PROJECTOR_CSS
        st.markdown(" · ".join(notes))
    dots = _dots(store, workshop.id)
    trimmed = [_top_cards(e, dots, PROJECTOR_CARDS) for e in rows]
    if _stack_height(trimmed, dots) > PROJECTOR_STACK:
        # Heavily backed cards stacked two deep would push the board below the screen's edge.
        trimmed = [_top_cards(e, dots, 1) for e in rows]
    _journey(store, workshop.id, trimmed, big=True)
    left_out = sum(len(e.strengths) + len(e.weaknesses) for e in rows) - sum(
        len(e.strengths) + len(e.weaknesses) for e in trimmed
    )
    if left_out:
        st.caption(words.tr("order.more_cards", n=left_out))


def _top_cards(evidence: PhaseEvidence, dots: dict[int, int], n: int) -> PhaseEvidence:
    """A phase's `n` most backed cards on each side of the line: the projector's board keeps its
    height however many items a phase holds (the console shows them all)."""

    def top(items: tuple[Observation, ...]) -> tuple[Observation, ...]:
        return tuple(sorted(items, key=lambda o: (-dots.get(o.id, 0), o.id))[:n])

    return replace(evidence, strengths=top(evidence.strengths), weaknesses=top(evidence.weaknesses))


def _stack_height(rows: list[PhaseEvidence], dots: dict[int, int]) -> float:
    """The board's height in cards, as screen.journey sizes them: one card plus its share of
    the most dots, the tallest stack above the line and the tallest below added up."""
    most = max((dots.get(o.id, 0) for e in rows for o in (*e.strengths, *e.weaknesses)), default=0)

    def stack(items: tuple[Observation, ...]) -> float:
        return sum(1 + (dots.get(o.id, 0) / most if most else 0) for o in items)

    up = max((stack(e.strengths) for e in rows), default=0)
    down = max((stack(e.weaknesses) for e in rows), default=0)
    return max(up, 0.5) + max(down, 0.5)
