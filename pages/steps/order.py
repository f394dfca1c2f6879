"""Step 3, Order: the encounter's phases, and the phase each key strength and weakness is on."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import replace

import pandas as pd
import streamlit as st

from facilitator.charts import screen
from facilitator.domain import Kind, Observation, Participant, Workshop
from facilitator.errors import KohtaamoError
from facilitator.room.workshops import FacilitatorKey
from facilitator.steps import phases, presets, voting
from facilitator.steps.phases import Phase, PhaseEvidence
from facilitator.store.db import Store
from pages.widgets import charts, forms, words

# Console forms are rebuilt under a new generation after each save, so they show what is stored.
GENERATION = "order_generation"
SAVED = "order_saved"
# The projector's board shows this many cards on each side of a phase, the most backed ones.
PROJECTOR_CARDS = 2
# The board's height in cards that still fits under the step's heading at 1920x1080.
PROJECTOR_STACK = 5
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


# Phone -----------------------------------------------------------------------------------


def phone(store: Store, workshop: Workshop, me: Participant) -> None:
    """What a participant's phone shows in this step."""
    suggest_panel(store, workshop, me)


@st.fragment
def suggest_panel(store: Store, workshop: Workshop, me: Participant) -> None:
    """A phase for every key item, sent with one tap; sending again replaces the suggestions."""
    forms.confirmations()
    phase_list = phases.list_phases(store, workshop.id)
    keys = _by_kind(phases.key_observations(store, workshop.id))
    if not phase_list or not keys:
        st.info(words.tr("order.preparing"), icon="⏳")
        return
    if not workshop.input_open:
        st.info(words.tr("phone.input_closed"))
        return
    st.caption(words.tr("order.phone_help"))
    labels = _labels(phase_list)
    options: list[int | None] = [None, *labels]
    mine = phases.my_suggestions(store, me)
    generation = st.session_state.setdefault("suggest_generation", 0)
    tag = _form_tag(generation, phase_list)
    with st.form(f"suggest_{tag}", border=False):
        chosen: dict[int, int | None] = {}
        for obs in keys:
            with st.container(border=True):
                _kind_and_text(obs)
                chosen[obs.id] = st.radio(
                    words.hidden_label(words.tr("order.phase"), obs.text),
                    options,
                    index=options.index(mine.get(obs.id)),
                    # Radio options render Markdown: a typed phase name is shown as typed.
                    format_func=lambda v: (
                        words.tr("order.not_sure") if v is None else words.plain(labels[v])
                    ),
                    key=f"suggest_{tag}_{obs.id}",
                    label_visibility="collapsed",
                )
        sent = st.form_submit_button(
            words.tr("order.suggest_submit"), type="primary", width="stretch"
        )
    if not sent:
        return
    if forms.form_stored(
        lambda: phases.suggest(store, me, chosen), "suggest_generation", "suggest_saved"
    ):
        forms.confirm("order.suggest_saved")
        forms.rerun_fragment()


# Console ---------------------------------------------------------------------------------


def console(store: Store, key: FacilitatorKey, workshop: Workshop, act: Callable) -> None:
    """The facilitator's tools for this step."""
    generation = st.session_state.setdefault(GENERATION, 0)
    # The notice has a slot of its own whether shown or not: an element that appeared above the
    # tabs would make them new ones, and a save on Placement would land back on Phases.
    notice = st.empty()
    if (saved := st.session_state.pop(SAVED, None)) is not None:
        notice.success(words.tr(saved), icon="✅")
    phase_tab, place_tab = st.tabs([words.tr("order.phases_tab"), words.tr("order.place_tab")])
    with phase_tab:
        preset_col, editor_col = st.columns([2, 3], gap="large")
        with preset_col:
            preset_panel(store, key, workshop, generation)
        with editor_col:
            editor_panel(store, key, workshop, generation)
    with place_tab:
        placement_panel(store, key, workshop, generation)
    st.divider()
    journey_panel(store, workshop.id)


def _saved(message: str) -> None:
    st.session_state[GENERATION] = st.session_state.get(GENERATION, 0) + 1
    st.session_state[SAVED] = message


def preset_panel(store: Store, key: FacilitatorKey, workshop: Workshop, generation: int) -> None:
    """Start from a preset; replacing phases that exist needs a tick first."""
    suggested = presets.suggested_preset(workshop.customer_type, workshop.channels)
    names = list(presets.PRESETS)
    preset = st.selectbox(
        words.tr("order.preset"),
        names,
        index=names.index(suggested),
        format_func=lambda p: (
            words.tr(f"order.preset.{p}")
            + (f" · {words.tr('order.suggested')}" if p == suggested else "")
        ),
        key=f"order_preset_{generation}",
        placeholder=words.tr("ui.choose"),
        filter_mode=None,
    )
    st.caption(" → ".join(words.plain(n) for n in presets.PRESETS[preset][workshop.language]))
    existing = phases.list_phases(store, workshop.id)
    confirmed = True
    if existing:
        st.warning(words.tr("order.replace_warning"), icon="⚠️")
        confirmed = st.checkbox(
            words.tr("order.replace_confirm", n=len(existing)), key=f"order_confirm_{generation}"
        )
    if not st.button(words.tr("order.apply"), disabled=not confirmed, type="primary"):
        return
    try:
        phases.apply_preset(store, key, preset, workshop.language)
    except KohtaamoError as err:
        forms.show_error(err)
        return
    _saved("order.preset_applied")
    st.rerun()


def phase_rows(edited: pd.DataFrame) -> list[tuple[int | None, str]]:
    """The editor's rows as (id, name) in the order its numbers give.

    Equal numbers keep the rows' order and rows without a number go last, so a row added at the
    bottom lands at the end unless it is given a place.
    """
    rows = []
    for position, (pid, number, name) in enumerate(
        edited[["id", "order", "name"]].itertuples(index=False)
    ):
        rows.append(
            (
                pd.isna(number),
                0.0 if pd.isna(number) else float(number),
                position,
                None if pd.isna(pid) else int(pid),
                "" if pd.isna(name) else str(name),
            )
        )
    return [(pid, name) for *_, pid, name in sorted(rows)]


def editor_panel(store: Store, key: FacilitatorKey, workshop: Workshop, generation: int) -> None:
    """Rename, reorder, add and remove phases in a table; nothing is stored before Save."""
    current = phases.list_phases(store, workshop.id)
    st.markdown(f"**{words.tr('order.phases_heading')}**")
    table = pd.DataFrame(
        {
            "id": pd.array([p.id for p in current], dtype="Int64"),
            "order": pd.array(range(1, len(current) + 1), dtype="Int64"),
            "name": pd.array([p.name for p in current], dtype="string"),
        }
    )
    with st.form(f"order_editor_{_form_tag(generation, current)}"):
        edited = st.data_editor(
            table,
            num_rows="dynamic",
            hide_index=True,
            column_config={
                # The id stays out of sight; it is what keeps a renamed phase's content.
                "id": None,
                "order": st.column_config.NumberColumn(
                    words.tr("order.col_order"),
                    min_value=1,
                    max_value=phases.MAX_PHASES,
                    step=1,
                    width="small",
                ),
                "name": st.column_config.TextColumn(
                    words.tr("order.col_name"),
                    help=words.limit(phases.MAX_PHASE_NAME),
                    width="large",
                ),
            },
            width="stretch",
            placeholder="",  # an empty cell shows empty, not as "None"
            alt=words.tr("order.phases_heading"),
        )
        st.caption(words.tr("order.editor_help"))
        save = st.form_submit_button(words.tr("order.save_phases"), type="primary")
    if not save:
        return
    try:
        phases.save_phases(store, key, phase_rows(edited))
    except KohtaamoError as err:
        forms.show_error(err)
        return
    _saved("order.phases_saved")
    st.rerun()


def _prefill(placed: int | None, counts: Counter[int], order: dict[int, int]) -> int | None:
    """The stored placement, else the phase most participants suggest (the earlier on a tie)."""
    if placed is not None:
        return placed
    return min(counts, key=lambda p: (-counts[p], order[p]), default=None)


def placement_panel(store: Store, key: FacilitatorKey, workshop: Workshop, generation: int) -> None:
    """A phase for every key item, prefilled from the suggestions; one Save stores them all."""
    phase_list = phases.list_phases(store, workshop.id)
    keys = _by_kind(phases.key_observations(store, workshop.id))
    if not phase_list:
        st.info(words.tr("order.no_phases"))
        return
    if not keys:
        st.info(words.tr("order.no_key_items"))
        return
    labels = _labels(phase_list)
    order = {pid: i for i, pid in enumerate(labels)}
    placed = phases.placements(store, workshop.id)
    counts = phases.suggestion_counts(store, workshop.id)
    progress, refresh = st.columns([4, 1], vertical_alignment="center")
    progress.markdown(
        f"**{words.tr('order.placed', placed=sum(o.id in placed for o in keys), total=len(keys))}**"
        f" · {words.tr('order.suggesters', n=phases.suggesters(store, workshop.id))}"
    )
    refresh.button(
        words.tr("order.refresh"),
        help=words.tr("order.refresh_help"),
        on_click=_saved,
        args=("order.refreshed",),
        width="stretch",
    )
    options: list[int | None] = [None, *labels]
    tag = _form_tag(generation, phase_list)
    with st.form(f"order_place_{tag}"):
        chosen: dict[int, int | None] = {}
        for obs in keys:
            item_counts = counts.get(obs.id, Counter())
            prefill = _prefill(placed.get(obs.id), item_counts, order)
            with st.container(border=True):
                text_col, choice_col = st.columns([3, 2], vertical_alignment="center")
                with text_col:
                    _kind_and_text(obs)
                with choice_col:
                    chosen[obs.id] = st.selectbox(
                        words.hidden_label(words.tr("order.phase"), obs.text),
                        options,
                        index=options.index(prefill),
                        format_func=lambda v, c=item_counts: (
                            words.tr("order.not_placed")
                            if v is None
                            else labels[v] + (f"  ({c[v]})" if c[v] else "")
                        ),
                        key=f"place_{tag}_{obs.id}",
                        label_visibility="collapsed",
                        placeholder=words.tr("ui.choose"),
                        filter_mode=None,
                    )
                    st.caption(_counts_line(item_counts, labels, order))
                    if obs.id not in placed and prefill is not None:
                        st.caption("💡 " + words.tr("order.prefilled"))
        save = st.form_submit_button(words.tr("order.save_placements"), type="primary")
    if not save:
        return
    try:
        phases.place(store, key, chosen)
    except KohtaamoError as err:
        forms.show_error(err)
        return
    _saved("order.placements_saved")
    st.rerun()


def _counts_line(counts: Counter[int], labels: dict[int, str], order: dict[int, int]) -> str:
    if not counts:
        return words.tr("order.no_suggestions")
    ranked = sorted(counts, key=lambda p: (-counts[p], order[p]))
    return words.tr(
        "order.counts", counts=" · ".join(f"{words.plain(labels[p])} {counts[p]}" for p in ranked)
    )


@st.fragment(run_every=5)
def journey_panel(store: Store, workshop_id: int) -> None:
    """The journey chart and the viewpoint check, refreshed as placements change."""
    rows = phases.evidence(store, workshop_id)
    st.markdown(f"**{words.tr('order.journey')}**")
    if not rows:
        st.caption(words.tr("order.no_phases"))
        return
    _journey(store, workshop_id, rows, big=False)
    bare, single = _coverage(rows)
    if not bare and not single:
        st.success(words.tr("order.coverage_ok"), icon="✅")
        return
    lines = [words.tr("order.coverage_none", phase=words.plain(label)) for label in bare] + [
        words.tr("order.coverage_single", phase=words.plain(label), viewpoint=viewpoint)
        for label, viewpoint in single
    ]
    st.warning(
        words.tr("order.coverage_heading") + "\n" + "".join(f"\n- {line}" for line in lines),
        icon="⚠️",
    )


# Projector -------------------------------------------------------------------------------


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
