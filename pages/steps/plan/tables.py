"""Step 6, Plan, the console's tables: a section edited as a table, saved whole."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from facilitator.domain import Workshop
from facilitator.errors import KohtaamoError
from facilitator.room.workshops import FacilitatorKey
from facilitator.steps import plan
from facilitator.steps.plan import Section
from facilitator.store.db import Store
from pages.widgets import forms, words


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
