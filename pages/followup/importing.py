"""Results from a CSV or Excel file: the columns guessed (and changeable), the rows that will
be taken with the value each replaces, the rows refused with their reason; stored on a button."""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from facilitator.charts.followup import period_label
from facilitator.errors import KohtaamoError
from facilitator.files.tables import MAX_BYTES, Table, read_table
from facilitator.followup import metric_import
from facilitator.followup.metric_import import Columns, Preview
from pages.followup.common import Desk, number
from pages.widgets import forms, words

GEN = "fu_import_generation"


def _columns(desk: Desk, table: Table, metric_id: int | None, tag: str) -> Columns:
    """The columns as guessed, each changeable; "none" for unit and metric is allowed."""
    metric = next((v.metric for v in desk.fu.metrics if v.metric.id == metric_id), None)
    guessed = metric_import.guess_columns(table, metric)
    options = [None, *table.columns]
    chosen = []
    cols = st.columns(4)
    for col, (field, found) in zip(
        cols,
        (
            ("period", guessed.period),
            ("value", guessed.value),
            ("unit", guessed.unit),
            ("metric", guessed.metric),
        ),
        strict=True,
    ):
        chosen.append(
            col.selectbox(
                words.tr(f"fu.import.col.{field}"),
                options,
                index=options.index(found),
                format_func=lambda c: c if c is not None else words.tr("fu.import.no_column"),
                key=f"fu_import_col_{field}_{tag}",
                placeholder=words.tr("ui.choose"),
            )
        )
    return Columns(*chosen)


def _show(desk: Desk, shown: Preview) -> None:
    st.markdown(words.tr("fu.import.taken", n=len(shown.taken)))
    if shown.taken:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        words.tr("fu.import.line"): t.line,
                        words.name_of("field", "metric"): t.metric.name,
                        words.tr("fu.metrics.period"): period_label(
                            t.period, t.metric.frequency, str(words.lang())
                        ),
                        words.name_of("field", "unit"): desk.unit_name(t.unit_id),
                        words.name_of("field", "value"): number(t.value, t.metric.measure),
                        words.tr("fu.import.replaces"): number(t.replaces, t.metric.measure)
                        if t.replaces is not None
                        else "",
                    }
                    for t in shown.taken
                ]
            ),
            hide_index=True,
            width="stretch",
        )
    if shown.refused:
        st.markdown(words.tr("fu.import.refused", n=len(shown.refused)))
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        words.tr("fu.import.line"): r.line,
                        words.tr("fu.import.reason"): forms.error_text(
                            KohtaamoError(r.key, **r.params)
                        ),
                    }
                    for r in shown.refused
                ]
            ),
            hide_index=True,
            width="stretch",
        )
    if shown.empty:
        st.caption(words.tr("fu.import.empty", n=shown.empty))


def draw(desk: Desk) -> None:
    st.markdown(f"**{words.tr('fu.import.title')}**")
    st.caption(words.tr("fu.import.intro"))
    imported_notice()
    generation = st.session_state.setdefault(GEN, 0)
    upload = st.file_uploader(
        words.tr("fu.import.file"),
        type=["csv", "xlsx"],
        # The reader's own limit, so the uploader says the same as the refusal would.
        max_upload_size=max(1, MAX_BYTES // 1_000_000),
        key=f"fu_import_file_{generation}",
    )
    if upload is None:
        return
    data = upload.getvalue()
    tag = f"{generation}_{hashlib.blake2b(data, digest_size=6).hexdigest()}"
    try:
        table = read_table(data, upload.name)
    except KohtaamoError as err:
        forms.show_error(err)
        return
    ids = [None, *(v.metric.id for v in desk.fu.metrics)]
    metric_id = st.selectbox(
        words.tr("fu.import.metric"),
        ids,
        format_func=lambda i: (
            next(v.metric.name for v in desk.fu.metrics if v.metric.id == i)
            if i is not None
            else words.tr("fu.import.metric_in_file")
        ),
        key=f"fu_import_which_{tag}",
        placeholder=words.tr("ui.choose"),
    )
    columns = _columns(desk, table, metric_id, tag)
    try:
        shown = metric_import.preview(desk.store, desk.key, table, columns, metric_id)
    except KohtaamoError as err:
        forms.show_error(err)
        return
    _show(desk, shown)
    # The button stores exactly the rows shown above; its key names this file and this
    # generation, so a second click after the store finds no button.
    if st.button(
        words.tr("fu.import.store", n=len(shown.taken)),
        type="primary",
        disabled=not shown.taken,
        key=f"fu_import_store_{tag}",
    ):
        try:
            stored = metric_import.store_preview(desk.store, desk.key, shown)
        except KohtaamoError as err:
            forms.show_error(err)
            return
        st.session_state[GEN] = generation + 1
        st.session_state["fu_imported"] = stored
        st.rerun()


def imported_notice() -> None:
    if (stored := st.session_state.pop("fu_imported", None)) is not None:
        st.success(words.tr("fu.import.stored", n=stored))
