"""Step 1 on the console: every entry by viewpoint, an entry added for someone, feedback
imported from a file."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from facilitator.domain import Kind, Role, Viewpoint, Workshop
from facilitator.errors import KohtaamoError
from facilitator.room.workshops import FacilitatorKey
from facilitator.steps import feedback_import, observations
from facilitator.store.db import Store
from pages.widgets import choices, entries, forms, layout, outage, words


def _entry(store: Store, key: FacilitatorKey, obs: observations.Observation, act: Callable) -> None:
    with st.container(border=True):
        if obs.hidden:
            st.caption("🚫 " + words.tr("console.hidden_entry"))
        st.text(obs.text)
        meta = [words.name_of("role", obs.author_role), words.name_of("source", obs.source)]
        if obs.score is not None:
            meta.append(words.tr("console.score", score=obs.score))
        st.caption(" · ".join(meta))
        hide, edit = st.columns(2)
        # "Hide" and "show" are two buttons (two keys): the second tap of a double tap on
        # "hide" must not land on the "show" drawn in its place.
        hide.button(
            words.tr("console.show") if obs.hidden else words.tr("console.hide"),
            key=f"show_{obs.id}" if obs.hidden else f"hide_{obs.id}",
            on_click=act,
            args=(observations.set_hidden, obs.id, not obs.hidden),
        )
        if edit.button(words.tr("console.edit"), key=f"edit_{obs.id}"):
            entries.edit_dialog(store, key, obs)


@outage.fragment(run_every=5)
def all_entries(store: Store, key: FacilitatorKey, act: Callable) -> None:
    """Every entry by viewpoint, strengths beside weaknesses; refreshes as phones send more."""
    entries = observations.list_all(store, key)
    shown = [o for o in entries if not o.hidden]
    tabs = st.tabs(
        [
            f"{words.name_of('viewpoint', v)} ({sum(1 for o in shown if o.viewpoint == v)})"
            for v in Viewpoint
        ]
    )
    for tab, viewpoint in zip(tabs, Viewpoint, strict=True):
        with tab:
            columns = st.columns(2)
            for column, kind in zip(columns, Kind, strict=True):
                items = [o for o in entries if o.viewpoint == viewpoint and o.kind == kind]
                column.markdown(f"**{words.name_of('kind_plural', kind)}** ({len(items)})")
                with column:
                    for obs in items:
                        _entry(store, key, obs, act)


def add_entry_form(store: Store, key: FacilitatorKey) -> None:
    # As on the phones: each entry sent gets a new form, so the second tap of a double tap
    # presses a button that is gone, and a submission key, so a tap that lands mid-run is
    # stored once. The fields keep their keys, so what was chosen stays for the next entry.
    form = forms.NewForm("add_for", saved="add_for_saved", tag="add_for_tag")
    generation = form.generation
    if form.just_saved:
        st.success(words.tr("observe.saved"))
    with st.form(f"add_for_{generation}", enter_to_submit=words.enter_submits()):
        role = choices.enum_select(words.tr("console.add_role"), Role, "role", key="add_for_role")
        viewpoint = choices.enum_select(
            words.tr("observe.viewpoint"), Viewpoint, "viewpoint", key="add_for_viewpoint"
        )
        kind = choices.enum_radio(
            words.tr("observe.kind"), Kind, "kind", horizontal=True, key="add_for_kind"
        )
        text = st.text_area(
            words.tr("observe.text"),
            key=f"add_for_text_{generation}",  # empty again for the next entry
        )
        words.limit_note(observations.MAX_OBSERVATION)
        submitted = st.form_submit_button(words.tr("console.add_button"), type="primary")
    if not submitted:
        return
    if form.repeated_tap(text):
        return
    if form.stored(
        lambda tag: observations.add_for(
            store, key, observations.draft(viewpoint, kind, text), role, submission_key=tag
        ),
        "add",
    ):
        st.rerun()


def import_form(store: Store, key: FacilitatorKey) -> None:
    st.caption(words.tr("console.import_help"))
    upload = st.file_uploader(
        words.tr("console.import_file"), type=["csv", "txt"], max_upload_size=3
    )
    if upload is None:
        return
    try:
        parsed = feedback_import.parse(upload.getvalue())
    except KohtaamoError as err:
        forms.show_error(err)
        return
    st.caption(words.tr("console.import_rows", n=len(parsed.rows)))
    with st.form("import_feedback", enter_to_submit=words.enter_submits()):
        text_column = st.selectbox(
            words.tr("console.import_text_column"),
            parsed.columns,
            index=parsed.columns.index(parsed.text_column),
            placeholder=words.tr("ui.choose"),
            filter_mode=None,
        )
        options = [None, *parsed.columns]
        score_column = st.selectbox(
            words.tr("console.import_score_column"),
            options,
            index=options.index(parsed.score_column),
            placeholder=words.tr("ui.choose"),
            format_func=lambda c: words.tr("console.import_no_score") if c is None else c,
            filter_mode=None,
        )
        threshold = st.number_input(
            words.tr("console.import_threshold"),
            value=feedback_import.default_threshold(parsed, score_column or parsed.score_column)
            or 4.0,
        )
        default_kind = choices.enum_radio(
            words.tr("console.import_default_kind"), Kind, "kind", index=1, horizontal=True
        )
        if st.form_submit_button(words.tr("console.import_button"), type="primary"):
            try:
                result = feedback_import.import_feedback(
                    store,
                    key,
                    parsed,
                    text_column=text_column,
                    score_column=score_column,
                    threshold=threshold if score_column else None,
                    default_kind=Kind(default_kind),
                )
            except KohtaamoError as err:
                forms.show_error(err)
            else:
                st.success(
                    words.tr(
                        "console.import_done",
                        n=result.imported,
                        skipped=result.skipped_empty,
                        shortened=result.shortened,
                    )
                )


def console(store: Store, key: FacilitatorKey, workshop: Workshop, act: Callable) -> None:
    """Every entry, one added for someone, feedback imported: one tab each."""
    layout.tabbed(
        {
            words.tr("console.entries"): lambda: all_entries(store, key, act),
            words.tr("console.add_tab"): lambda: add_entry_form(store, key),
            words.tr("console.import_tab"): lambda: import_form(store, key),
        }
    )
