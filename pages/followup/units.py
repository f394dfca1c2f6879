"""Units (stores, teams, locations): named once, used by every result, visit and answer."""

from __future__ import annotations

import streamlit as st

from facilitator.followup import units
from pages.followup.common import Desk, call
from pages.widgets import forms, words


def draw(desk: Desk) -> None:
    st.caption(words.tr("fu.units.intro"))
    form = forms.NewForm("fu_unit", saved="fu_unit_saved")
    with st.form(f"fu_unit_add_{form.generation}", enter_to_submit=False, border=False):
        name_col, add_col = st.columns([6, 2], vertical_alignment="bottom")
        name = name_col.text_input(
            words.tr("fu.units.new"),
            max_chars=units.MAX_NAME,
            placeholder=words.tr("fu.units.placeholder"),
            key=f"fu_unit_name_{form.generation}",
        )
        sent = add_col.form_submit_button(words.tr("fu.units.add"), type="primary")
    if sent and form.stored(lambda _: units.add_unit(desk.store, desk.key, name)):
        forms.confirm("fu.units.added")
        st.rerun()
    if not desk.fu.units:
        st.info(words.tr("fu.units.none"))
        return
    for unit in desk.fu.units:
        # The key names the unit and its name, so a renamed unit's field starts from the new one.
        with st.form(f"fu_unit_{unit.id}_{unit.name}", enter_to_submit=False, border=False):
            name_col, rename_col, remove_col = st.columns([6, 1, 1], vertical_alignment="bottom")
            renamed = name_col.text_input(
                words.tr("fu.units.name"),
                value=unit.name,
                max_chars=units.MAX_NAME,
                label_visibility="collapsed",
            )
            rename = rename_col.form_submit_button(words.tr("fu.units.rename"))
            remove = remove_col.form_submit_button(
                words.tr("fu.units.remove"), icon=":material/delete:"
            )
        if rename and renamed != unit.name and call(units.rename_unit, desk, unit.id, renamed):
            forms.confirm("fu.units.renamed")
            st.rerun()
        if remove and call(units.remove_unit, desk, unit.id):
            forms.confirm("fu.units.removed")
            st.rerun()
