"""Step 2 on the console: the dot budget, merges and rewording, the results, the key items."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from facilitator.charts import screen
from facilitator.domain import Kind, Role, Workshop
from facilitator.language import formats
from facilitator.room.workshops import FacilitatorKey
from facilitator.steps import observations, voting
from facilitator.store.db import Store
from pages.widgets import charts, entries, forms, layout, outage, words


def role_names() -> dict[Role, str]:
    """The roles' short names in this device's language."""
    return {r: words.name_of("role_short", r) for r in Role}


def cleanup_panel(store: Store, key: FacilitatorKey, workshop: Workshop, act: Callable) -> None:
    """Suggested and manual merges, an entry reworded, merges undone."""
    visible = observations.list_visible(store, workshop.id)
    suggestions = voting.suggest_merges(visible)
    st.markdown(f"**{words.tr('identify.suggestions', n=len(suggestions))}**")
    for a, b, score in suggestions[:15]:
        with st.container(border=True):
            st.text(f"1. {a.observation.text}\n2. {b.observation.text}")
            st.caption(
                words.tr("identify.similarity", score=formats.percent(score / 100, words.lang()))
            )
            st.button(
                words.tr("identify.merge_pair"),
                key=f"merge_{a.id}_{b.id}",
                on_click=act,
                args=(voting.merge, b.id, a.id),
            )
    st.markdown(f"**{words.tr('identify.merge_manual')}**")
    for kind in Kind:
        pool = voting.items(visible, kind)
        texts = {i.id: i.observation.text for i in pool}
        source_col, target_col, button_col = st.columns([4, 4, 1], vertical_alignment="bottom")
        source = source_col.selectbox(
            words.tr("identify.merge_source", kind=words.name_of("kind_plural", kind)),
            list(texts),
            index=None,
            format_func=texts.get,
            placeholder=words.tr("ui.choose"),
            key=f"merge_source_{kind}",
        )
        target = target_col.selectbox(
            words.tr("identify.merge_target"),
            list(texts),
            index=None,
            format_func=texts.get,
            placeholder=words.tr("ui.choose"),
            key=f"merge_target_{kind}",
        )
        button_col.button(
            words.tr("identify.merge"),
            key=f"merge_button_{kind}",
            disabled=source is None or target is None,
            on_click=forms.act_on_widgets,
            args=(act, voting.merge),
            kwargs={"widgets": (f"merge_source_{kind}", f"merge_target_{kind}")},
        )
    st.markdown(f"**{words.tr('identify.reword')}**")
    texts = {o.id: o.text for o in visible if o.merged_into is None}
    pick_col, edit_col = st.columns([8, 1], vertical_alignment="bottom")
    picked = pick_col.selectbox(
        words.tr("identify.reword_pick"),
        list(texts),
        index=None,
        format_func=texts.get,
        placeholder=words.tr("ui.choose"),
    )
    if edit_col.button(words.tr("console.edit"), key="reword", disabled=picked is None):
        entries.edit_dialog(store, key, next(o for o in visible if o.id == picked))
    merged = [o for o in visible if o.merged_into is not None]
    if merged:
        st.markdown(f"**{words.tr('identify.merged', n=len(merged))}**")
    for obs in merged:
        text_col, undo_col = st.columns([6, 1], vertical_alignment="center")
        text_col.text(obs.text)
        undo_col.button(
            words.tr("identify.unmerge"),
            key=f"unmerge_{obs.id}",
            on_click=act,
            args=(voting.unmerge, obs.id),
        )


@outage.fragment(run_every=4)
def vote_results(store: Store, workshop_id: int) -> None:
    """Both kinds' dots by role and the gaps between management and the front line."""
    st.metric(words.tr("identify.voters"), voting.voters(store, workshop_id))
    names = role_names()
    ranked = {kind: voting.results(store, workshop_id, kind) for kind in Kind}
    for kind in Kind:
        charts.chart(
            screen.dots_by_role,
            ranked[kind],
            names,
            title=words.name_of("kind_plural", kind),
            alt=charts.chart_name("identify.results_tab", kind),
        )
    st.markdown(f"**{words.tr('identify.divergence')}**")
    st.caption(words.tr("identify.divergence_help"))
    for kind in Kind:
        rows = voting.divergence(ranked[kind])
        charts.chart(
            screen.divergence,
            rows,
            names[Role.MANAGEMENT],
            names[Role.FRONTLINE],
            top=6,
            alt=charts.chart_name("identify.divergence", kind),
        )


def key_items_panel(store: Store, workshop: Workshop, act: Callable) -> None:
    """The key strengths and weaknesses, picked from the ranked items and confirmed."""
    for kind in Kind:
        ranked = voting.results(store, workshop.id, kind)
        current = [r.item.id for r in ranked if r.item.observation.is_key]
        # A pill's text is Markdown: what the participants typed goes in escaped.
        texts = {r.item.id: f"{words.plain(r.item.observation.text)} ({r.dots})" for r in ranked}
        # Pills, not a multiselect, which speaks English ("Select all", "Clear all", "Remove …")
        # in any room; each item shows with its dots, the chosen ones pressed.
        st.pills(
            words.tr("identify.key_items", kind=words.name_of("kind_plural", kind)),
            list(texts),
            selection_mode="multi",
            default=current or voting.default_keys(ranked),
            format_func=texts.get,
            key=f"keys_{kind}",
        )
        st.button(
            words.tr("identify.confirm_keys"),
            key=f"confirm_{kind}",
            type="primary",
            on_click=forms.act_on_widgets,
            args=(act, voting.confirm_keys, kind),
            kwargs={"widgets": (f"keys_{kind}",)},
        )
        if current:
            st.caption(words.tr("identify.confirmed", n=len(current)))


def console(store: Store, key: FacilitatorKey, workshop: Workshop, act: Callable) -> None:
    """The dot budget, then the clean-up, the results and the key items, one tab each."""
    budget, per_item = voting.settings(store, workshop.id)
    with st.form("dot_budget", border=False, enter_to_submit=words.enter_submits()):
        budget_col, per_item_col, save_col = st.columns([2, 2, 3], vertical_alignment="bottom")
        budget_col.number_input(
            words.tr("identify.budget"), 1, voting.MAX_BUDGET, budget, key="budget"
        )
        per_item_col.number_input(
            words.tr("identify.per_item"), 1, voting.MAX_BUDGET, per_item, key="per_item"
        )
        save_col.form_submit_button(
            words.tr("observe.save"),
            on_click=forms.act_on_widgets,
            args=(act, voting.set_budget),
            kwargs={"widgets": ("budget", "per_item")},
        )
    layout.tabbed(
        {
            words.tr("identify.cleanup_tab"): lambda: cleanup_panel(store, key, workshop, act),
            words.tr("identify.results_tab"): lambda: vote_results(store, workshop.id),
            words.tr("identify.keys_tab"): lambda: key_items_panel(store, workshop, act),
        }
    )
