"""Step panel: the change plan (phone, console, projector)."""

from __future__ import annotations

import datetime as dt
import functools
import secrets
from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from facilitator.domain import Participant, Step, Workshop
from facilitator.errors import KohtaamoError
from facilitator.language import formats
from facilitator.room.workshops import FacilitatorKey
from facilitator.steps import plan, suggestions
from facilitator.steps.phases import Phase, list_phases
from facilitator.steps.plan import Challenge, Contribution, Prompt, Section
from facilitator.store.db import Store
from pages.widgets import forms, turning, words

PROJECTOR_ITEMS = 6
SUMMARY_ROWS = 4
METRICS_PER_PHASE = 2

# ---------------------------------------------------------------- phone


def phone(store: Store, workshop: Workshop, me: Participant) -> None:
    """What a participant's phone shows in this step."""
    contribute_panel(store, workshop, me)


def _prompt_name(prompt: str) -> str:
    return words.tr(f"plan.prompt.{prompt}")


def _contribution_form(store: Store, me: Participant) -> None:
    generation = st.session_state.setdefault("plan_generation", 0)
    session_tag = st.session_state.setdefault("session_tag", secrets.token_hex(8))
    prompts = [p.value for p in Prompt]
    last = st.session_state.get("plan_last_prompt")
    with st.form(f"plan_contribution_{generation}", enter_to_submit=words.enter_submits()):
        prompt = st.radio(
            words.tr("plan.prompt"),
            prompts,
            index=prompts.index(last) if last in prompts else None,
            format_func=_prompt_name,
            key=f"plan_prompt_{generation}",
        )
        text = st.text_area(
            words.tr("plan.answer"),
            placeholder=words.tr("plan.answer_placeholder"),
            key=f"plan_text_{generation}",
        )
        words.limit_note(plan.MAX_CONTRIBUTION)
        sent = st.form_submit_button(words.tr("plan.send"), type="primary", width="stretch")
    if not sent:
        return
    if prompt is None:
        st.error(words.tr("plan.prompt_missing"))
        return
    key = f"{session_tag}-plan-{generation}"
    if forms.form_stored(
        lambda: plan.contribute(store, me, prompt, text, submission_key=key),
        "plan_generation",
        "plan_sent",
    ):
        st.session_state["plan_last_prompt"] = prompt
        forms.confirm("plan.sent")
        forms.rerun_fragment()


@st.fragment
def contribute_panel(store: Store, workshop: Workshop, me: Participant) -> None:
    """The two questions in one form, and this person's own answers; a tap reruns only this."""
    forms.confirmations()
    if workshop.input_open:
        _contribution_form(store, me)
    else:
        st.info(words.tr("phone.input_closed"))
    mine = plan.contributions(store, workshop.id, participant=me, include_hidden=True)
    st.subheader(words.tr("plan.mine", n=len(mine)), anchor=False)
    if not mine:
        st.caption(words.tr("plan.none_yet"))
    for item in reversed(mine):
        with st.container(border=True):
            st.text(item.text)
            note = [_prompt_name(item.prompt)]
            if item.curated:
                note.append("✅ " + words.tr("plan.in_plan"))
            st.caption(" · ".join(note))


# ---------------------------------------------------------------- console


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
    for tab, draw in zip(st.tabs(list(panels)), panels.values(), strict=True):
        with tab:
            draw()


def _column(field: str, about: str | None = None, **options: Any) -> Any:
    return st.column_config.TextColumn(
        words.name_of("field", f"plan.{field}"), help=words.limit(plan.MAX_FIELD, about), **options
    )


def _cell(value: object) -> str:
    """One edited cell as the service takes it: text (a date as typed), or empty."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value)


def _generation(section: Section) -> int:
    return st.session_state.setdefault(f"plan_gen_{section}", 0)


def _save(store: Store, key: FacilitatorKey, section: Section, rows: list[dict]) -> bool:
    """Save a section; on success the editors start afresh from what is stored."""
    try:
        plan.replace(store, key, section, rows)
    except KohtaamoError as err:
        forms.show_error(err)
        return False
    # A new widget key: the editor's own edits are in the stored rows now.
    st.session_state[f"plan_gen_{section}"] = _generation(section) + 1
    st.session_state["plan_notice"] = words.tr("plan.saved")
    return True


def _editor(
    section: Section, frame: pd.DataFrame, config: dict[str, Any], *, suggest: str | None = None
) -> tuple[pd.DataFrame, bool, bool]:
    """A dynamic table for one section in a form, so typing reruns nothing until Save.

    With `suggest` (its help text) a second button sends the table to have suggestions added.
    """
    with st.form(f"plan_form_{section}", border=False):
        edited = st.data_editor(
            frame,
            num_rows="dynamic",
            column_config=config,
            column_order=list(plan.FIELDS[section]),
            hide_index=True,
            width="stretch",
            key=f"plan_{section}_{_generation(section)}",
            placeholder="",  # an empty cell shows empty, not as "None"
            alt=words.tr(f"plan.tab.{section}"),
        )
        st.caption(words.tr("plan.table_help"))
        buttons = st.container(horizontal=True)
        saved = buttons.form_submit_button(words.tr("plan.save"), type="primary")
        add = suggest is not None and buttons.form_submit_button(
            words.tr("plan.add_suggestions"), icon="💡", help=suggest
        )
    return edited, saved, add


def _frame(section: Section, rows: list[dict[str, Any]]) -> pd.DataFrame:
    names = plan.FIELDS[section]
    return pd.DataFrame([[row.get(n) for n in names] for row in rows], columns=list(names))


def _records(edited: pd.DataFrame) -> list[dict[str, str]]:
    return [
        {name: _cell(value) for name, value in row.items()} for row in edited.to_dict("records")
    ]


def _simple_section(
    store: Store, key: FacilitatorKey, workshop: Workshop, section: Section, config: dict
) -> None:
    frame = _frame(section, plan.rows(store, workshop.id, section))
    edited, saved, _ = _editor(section, frame, config)
    if saved and _save(store, key, section, _records(edited)):
        st.rerun()


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


def _as_date(iso: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(iso) if iso else None
    except ValueError:
        return None


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


@st.fragment(run_every=5)
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


# ---------------------------------------------------------------- projector


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


def _date(iso: str, empty: str | None = None) -> str:
    """A stored day as this device's language writes it ("15.1.2027", "15 January 2027")."""
    day = _as_date(iso)
    if day is None:
        return words.tr("plan.no_date") if empty is None else iso or empty
    return formats.date(day, words.lang())


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
