"""Step 3, Order, on the console: the phases (a preset or typed), the placement, the journey."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import pandas as pd
import streamlit as st

from facilitator.domain import Workshop
from facilitator.errors import KohtaamoError
from facilitator.room.workshops import FacilitatorKey
from facilitator.steps import phases, presets
from facilitator.store.db import Store
from pages.steps.order.common import (
    _by_kind,
    _coverage,
    _form_tag,
    _journey,
    _kind_and_text,
    _labels,
)
from pages.widgets import forms, outage, words

# Console forms are rebuilt under a new generation after each save, so they show what is stored.
GENERATION = "order_generation"
SAVED = "order_saved"


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


@outage.fragment(run_every=5)
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
