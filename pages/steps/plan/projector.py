"""Step 6, Plan, on the projector: the room's answers, then the plan's summary."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from facilitator.domain import Workshop
from facilitator.steps import plan
from facilitator.steps.phases import list_phases
from facilitator.steps.plan import Contribution, Prompt, Section
from facilitator.store.db import Store
from pages.steps.plan.common import _date, _prompt_name
from pages.widgets import turning, words

PROJECTOR_ITEMS = 6
SUMMARY_ROWS = 4
METRICS_PER_PHASE = 2


def projector(store: Store, workshop: Workshop) -> None:
    """The room's view of this step."""
    shown = plan.contributions(store, workshop.id)
    curated = [c for c in shown if c.curated]
    with st.container(key="projector_clamp"):  # a long answer is cut to a few lines
        if workshop.input_open:
            # While the phones are busy the answers lead; the plan so far stays in sight.
            st.markdown(f"**{words.tr('plan.room_counts', n=len(shown), m=len(curated))}**")
            _compact_summary(store, workshop)
            _room_answers(curated, st.columns(2, gap="large"), PROJECTOR_ITEMS)
            return
        _summary(store, workshop)
        if curated:
            st.divider()
            # Under the plan there is room for fewer answers: the rest turn by themselves.
            _room_answers(curated, st.columns(2, gap="large"), PROJECTOR_ITEMS // 2)


def _room_answers(curated: list[Contribution], columns: list, per_page: int) -> None:
    for column, prompt in zip(columns, Prompt, strict=True):
        # Newest first, a page at a time: pages turn by themselves when there are more.
        items = [c for c in curated if c.prompt == prompt][::-1]
        page, note = turning.turning_page(items, per_page)
        with column:
            st.subheader(_prompt_name(prompt), anchor=False)
            for item in page:
                st.text(f"• {item.text}")
            if note:
                st.caption(note)


def _next_milestones(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """The late milestones first (they need the room's word), then the coming ones by date,
    then the undated ones. A past one is never dropped: it is shown as late."""
    dated = sorted((r for r in rows if r["due"]), key=lambda r: r["due"])
    return [*dated, *(r for r in rows if not r["due"])]


def _milestone_line(row: dict[str, str]) -> str:
    """A milestone for the summaries, flagged when its day has passed."""
    line = f"**{words.plain(_date(row['due']))}** · {words.plain(row['title'])}"
    if plan.is_late(row, dt.date.today()):
        line = f":red-badge[⏰ {words.tr('plan.late')}] {line}"
    return line


def _not_yet() -> None:
    st.caption(words.tr("plan.not_yet"))


def _summary(store: Store, workshop: Workshop) -> None:
    """Coaches, the next milestones and the critical phases' metrics, side by side."""
    coaches_col, milestones_col, metrics_col = st.columns(3, gap="large")
    with coaches_col:
        st.subheader(words.tr("plan.coaches"), anchor=False)
        coaches = plan.rows(store, workshop.id, Section.COACHES)
        for row in coaches[:SUMMARY_ROWS]:
            teams = f" · {words.plain(row['teams'])}" if row["teams"] else ""
            st.markdown(f"**{words.plain(row['name'])}**{teams}")
        if not coaches:
            _not_yet()
    with milestones_col:
        st.subheader(words.tr("plan.next_milestones"), anchor=False)
        milestones = _next_milestones(plan.rows(store, workshop.id, Section.MILESTONES))
        for row in milestones[:SUMMARY_ROWS]:
            owner = f" · {words.plain(row['owner'])}" if row["owner"] else ""
            st.markdown(f"{_milestone_line(row)}{owner}")
        if not milestones:
            _not_yet()
    with metrics_col:
        st.subheader(words.tr("plan.metrics_by_phase"), anchor=False)
        metrics = plan.rows(store, workshop.id, Section.METRICS)
        critical = [p for p in list_phases(store, workshop.id) if p.critical]
        for phase in critical:
            st.markdown(f"**{words.plain(phase.name)}**")
            mine = [r for r in metrics if r["phase"] == str(phase.id)]
            for row in mine[:METRICS_PER_PHASE]:
                # From where it stands today to the target, when the plan says both.
                start = f" · {words.plain(row['baseline'])}" if row["baseline"] else ""
                target = f" → {words.plain(row['target'])}" if row["target"] else ""
                st.markdown(f"{words.plain(row['what'])}{start}{target}")
            if not mine:
                _not_yet()
        if not critical:
            _not_yet()


def _compact_summary(store: Store, workshop: Workshop) -> None:
    """The plan so far in one strip, above the answers while the phones are busy."""
    coaches = [r["name"] for r in plan.rows(store, workshop.id, Section.COACHES) if r["name"]]
    milestones = _next_milestones(plan.rows(store, workshop.id, Section.MILESTONES))
    metrics = [r["phase"] for r in plan.rows(store, workshop.id, Section.METRICS)]
    critical = [p for p in list_phases(store, workshop.id) if p.critical]
    not_yet = words.tr("plan.not_yet")
    parts = {
        words.tr("plan.coaches"): ", ".join(coaches),
        words.tr("plan.next_milestone"): " · ".join(
            [_date(milestones[0]["due"]), milestones[0]["title"]] if milestones else []
        )
        + (
            f" · {words.tr('plan.late')}"
            if milestones and plan.is_late(milestones[0], dt.date.today())
            else ""
        ),
        words.tr("plan.metrics_by_phase"): ", ".join(
            f"{p.name} ({metrics.count(str(p.id))})" for p in critical
        ),
    }
    with st.container(border=True):
        for column, (label, value) in zip(st.columns(3, gap="large"), parts.items(), strict=True):
            column.markdown(f"**{label}**  \n{words.plain(value) if value else not_yet}")
