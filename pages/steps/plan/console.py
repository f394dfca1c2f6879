"""Step 6, Plan, on the console: coaches, milestones, metrics, the observation, challenges,
and what the room sent."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable

import pandas as pd
import streamlit as st

from facilitator.domain import Step, Workshop
from facilitator.room.workshops import FacilitatorKey
from facilitator.steps import plan, suggestions
from facilitator.steps.phases import Phase, list_phases
from facilitator.steps.plan import Challenge, Contribution, Prompt, Section
from facilitator.store.db import Store
from pages.steps.plan.common import _date, _prompt_name
from pages.steps.plan.tables import (
    _column,
    _editor,
    _frame,
    _generation,
    _records,
    _save,
    _simple_section,
)
from pages.widgets import layout, outage, words


def console(store: Store, key: FacilitatorKey, workshop: Workshop, act: Callable) -> None:
    """The facilitator's tools for this step."""
    # Said after the rerun that a save ends with, so the toast is not lost with the old page.
    if notice := st.session_state.pop("plan_notice", None):
        st.toast(notice, icon="✅")
    panels: dict[str, Callable[[], None]] = {
        words.tr("plan.tab.coaches"): lambda: _coaches(store, key, workshop),
        words.tr("plan.tab.milestones"): lambda: _milestones(store, key, workshop),
        words.tr("plan.tab.metrics"): lambda: _metrics(store, key, workshop),
        words.tr("plan.tab.observation"): lambda: _observation(store, key, workshop),
        words.tr("plan.tab.challenges"): lambda: _challenges(store, key, workshop),
        words.tr("plan.tab.room"): lambda: room_panel(store, workshop.id, act),
    }
    layout.tabbed(panels)


def _coaches(store: Store, key: FacilitatorKey, workshop: Workshop) -> None:
    st.caption(words.tr("plan.coaches_intro"))
    config = {
        "name": _column("name", width="small"),
        "teams": _column("teams", width="medium"),
        "duties": _column("duties", width="large"),
    }
    _simple_section(store, key, workshop, Section.COACHES, config)


def _observation(store: Store, key: FacilitatorKey, workshop: Workshop) -> None:
    st.caption(words.tr("plan.observation_intro"))
    config = {
        "what": _column("what", width="large"),
        "method": _column("method", width="medium"),
        "who": _column("who", width="small"),
        "frequency": _column("frequency", words.tr("plan.frequency_help"), width="small"),
    }
    _simple_section(store, key, workshop, Section.OBSERVATION, config)


def _milestones(store: Store, key: FacilitatorKey, workshop: Workshop) -> None:
    st.caption(words.tr("plan.milestones_intro"))
    rows = plan.rows(store, workshop.id, Section.MILESTONES)
    frame = _frame(Section.MILESTONES, rows)
    frame["due"] = pd.Series([_date(r["due"], empty="") for r in rows], dtype="object")
    # The day is typed as text, read by the service (facilitator/language/formats.py) and
    # refused there with a message. A DateColumn's editor is the browser's date field: its
    # segments follow the browser (month first in Chromium), not the column's format, and the
    # dots move on a segment. "15.1.2025" typed into it overflowed the month and left only "25"
    # for the year: Chromium gives 0025-12-12, which the service took as a valid ISO date
    # (issue 14).
    config = {
        "title": _column("title", width="large"),
        "due": _column("due", words.tr("plan.due_help"), width="small"),
        "owner": _column("owner", width="medium"),
    }
    edited, saved, _ = _editor(Section.MILESTONES, frame, config)
    late = [r for r in rows if plan.is_late(r, dt.date.today())]
    if late:
        lines = [f"- **{words.plain(_date(r['due']))}** · {words.plain(r['title'])}" for r in late]
        st.warning(words.tr("plan.late_heading") + "\n\n" + "\n".join(lines), icon="⏰")
    if saved and _save(store, key, Section.MILESTONES, _records(edited)):
        st.rerun()


def _phase_labels(phases: list[Phase]) -> dict[str, str]:
    """Phase id (as stored in a metric row) -> a name to pick; numbered only when names clash."""
    names = [p.name for p in phases]
    return {
        str(p.id): p.name if names.count(p.name) == 1 else f"{p.position + 1}. {p.name}"
        for p in phases
    }


def _suggestions_preview(phase: str, suggested: list[suggestions.Metric]) -> None:
    title = words.tr("plan.suggestions_title", phase=words.plain(phase), n=len(suggested))
    with st.expander(title):
        st.dataframe(
            pd.DataFrame(suggested, columns=["what", "target", "source", "frequency"]),
            column_config={
                name: words.name_of("field", f"plan.{name}")
                for name in ("what", "target", "source", "frequency")
            },
            hide_index=True,
            width="stretch",
            alt=title,
        )


def _metrics(store: Store, key: FacilitatorKey, workshop: Workshop) -> None:
    st.caption(words.tr("plan.metrics_intro"))
    all_phases = list_phases(store, workshop.id)
    critical = [p for p in all_phases if p.critical]
    rows = plan.rows(store, workshop.id, Section.METRICS)
    if critical:
        names = ", ".join(p.name for p in critical)
        st.markdown("**" + words.plain(words.tr("plan.critical_phases", names=names)) + "**")
    else:
        st.info(words.tr("plan.no_critical", step=words.step_title(Step.CONDENSE)))
    # A phase that stopped being critical stays pickable while a metric still names it.
    named = {r["phase"] for r in rows}
    labels = _phase_labels([p for p in all_phases if p.critical or str(p.id) in named])
    if not labels:
        return
    ids_by_label = {label: pid for pid, label in labels.items()}
    # Suggestions are the next critical phase's own (its behaviours, its theme), never a metric
    # the table already has for any phase.
    goes_to, suggested = plan.suggestions_for(store, workshop, rows)
    if goes_to is not None:
        _suggestions_preview(labels.get(goes_to, ""), suggested)
    frame = _frame(Section.METRICS, rows)
    frame["phase"] = pd.Series([labels.get(r["phase"]) for r in rows], dtype="object")
    config = {
        "phase": st.column_config.SelectboxColumn(
            words.name_of("field", "plan.phase"),
            options=list(ids_by_label),
            help=words.tr("plan.phase_help"),
        ),
        "what": _column("what", width="large"),
        "baseline": _column("baseline", words.tr("plan.baseline_help")),
        "target": _column("target"),
        "source": _column("source", words.tr("plan.source_help")),
        "frequency": _column("frequency", words.tr("plan.frequency_help")),
        "owner": _column("owner"),
    }
    help_text = (
        words.tr("plan.suggestions_help", phase=words.plain(labels.get(goes_to, "")))
        if goes_to is not None
        else None
    )
    edited, saved, add = _editor(Section.METRICS, frame, config, suggest=help_text)
    if not (saved or add):
        return
    typed = _records(edited)
    for row in typed:
        row["phase"] = ids_by_label.get(row["phase"], "")
    added = 0
    if add:
        # Read again for the table as typed: its phases and metrics may differ from the stored.
        _, for_typed = plan.suggestions_for(store, workshop, typed)
        with_them = plan.with_suggestions(typed, for_typed, [p.id for p in critical])
        added, typed = len(with_them) - len(typed), with_them
    if _save(store, key, Section.METRICS, typed):
        if add:
            news = words.tr("plan.suggestions_added", n=added)
            st.session_state["plan_notice"] = (
                news if added else words.tr("plan.suggestions_none_new")
            )
        st.rerun()


def _challenges(store: Store, key: FacilitatorKey, workshop: Workshop) -> None:
    st.caption(words.tr("plan.challenges_intro"))
    stored = {r["challenge"]: r for r in plan.rows(store, workshop.id, Section.CHALLENGES)}
    generation = _generation(Section.CHALLENGES)
    answers: dict[Challenge, tuple[str, str]] = {}
    with st.form(
        f"plan_form_{Section.CHALLENGES}", border=False, enter_to_submit=words.enter_submits()
    ):
        for challenge in Challenge:
            saved_row = stored.get(challenge.value, {})
            with st.container(border=True):
                st.markdown("**" + words.tr(f"plan.challenge.{challenge.value}.title") + "**")
                st.caption(words.tr(f"plan.challenge.{challenge.value}.help"))
                risks_col, actions_col = st.columns(2)
                risks = risks_col.text_area(
                    words.name_of("field", "plan.risks"),
                    value=saved_row.get("risks", ""),
                    placeholder=words.tr("plan.risks_placeholder"),
                    key=f"plan_{challenge.value}_risks_{generation}",
                )
                words.limit_note(plan.MAX_FIELD, into=risks_col)
                actions = actions_col.text_area(
                    words.name_of("field", "plan.actions"),
                    value=saved_row.get("actions", ""),
                    placeholder=words.tr("plan.actions_placeholder"),
                    key=f"plan_{challenge.value}_actions_{generation}",
                )
                words.limit_note(plan.MAX_FIELD, into=actions_col)
                answers[challenge] = (risks, actions)
        saved = st.form_submit_button(words.tr("plan.save"), type="primary")
    if not saved:
        return
    rows = [
        {"challenge": c.value, "risks": risks, "actions": actions}
        for c, (risks, actions) in answers.items()
    ]
    if _save(store, key, Section.CHALLENGES, rows):
        st.rerun()


def _curate_buttons(item: Contribution, act: Callable) -> None:
    take, hide = st.columns(2)
    if item.curated:
        take.button(
            words.tr("plan.drop"),
            key=f"plan_drop_{item.id}",
            on_click=act,
            args=(functools.partial(plan.curate, curated=False, hidden=False), item.id),
            width="stretch",
        )
    else:
        take.button(
            words.tr("plan.take"),
            key=f"plan_take_{item.id}",
            type="primary",
            on_click=act,
            args=(functools.partial(plan.curate, curated=True, hidden=False), item.id),
            width="stretch",
        )
    hide.button(
        words.tr("plan.show") if item.hidden else words.tr("plan.hide"),
        key=f"plan_hide_{item.id}",
        on_click=act,
        args=(functools.partial(plan.curate, curated=False, hidden=not item.hidden), item.id),
        width="stretch",
    )


@outage.fragment(run_every=5)
def room_panel(store: Store, workshop_id: int, act: Callable) -> None:
    """Every answer from the phones, by question; refreshes as more arrive."""
    everything = plan.contributions(store, workshop_id, include_hidden=True)
    st.caption(words.tr("plan.room_intro"))
    if not everything:
        st.info(words.tr("plan.room_empty"))
        return
    # The newest undecided answers on top, then the ones taken, then the hidden ones.
    ordered = sorted(reversed(everything), key=lambda c: (c.hidden, c.curated))
    for column, prompt in zip(st.columns(2, gap="large"), Prompt, strict=True):
        items = [c for c in ordered if c.prompt == prompt]
        with column:
            st.markdown(f"**{_prompt_name(prompt)}** ({len(items)})")
            for item in items:
                with st.container(border=True):
                    if item.hidden:
                        st.caption("🚫 " + words.tr("plan.hidden"))
                    elif item.curated:
                        st.caption("✅ " + words.tr("plan.in_plan"))
                    st.text(item.text)
                    _curate_buttons(item, act)
