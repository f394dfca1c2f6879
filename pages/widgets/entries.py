"""An entry (an observation) edited by the facilitator: the console's dialog, in steps 1 and 2."""

from __future__ import annotations

import streamlit as st

from facilitator.domain import Kind, Viewpoint
from facilitator.errors import KohtaamoError
from facilitator.room.workshops import FacilitatorKey
from facilitator.steps import observations
from facilitator.store.db import Store
from pages.widgets import choices, forms, words


def edit_dialog(store: Store, key: FacilitatorKey, obs: observations.Observation) -> None:
    """Open the dialog that edits `obs` (any entry, whoever sent it)."""
    # Made in each run: the title, in this device's language, is the dialog's accessible name
    # and its heading.
    st.dialog(words.tr("console.edit_entry"), width="large")(_edit_form)(store, key, obs)


def _edit_form(store: Store, key: FacilitatorKey, obs: observations.Observation) -> None:
    with st.form("edit_any", enter_to_submit=words.enter_submits()):
        viewpoint = choices.enum_select(
            words.tr("observe.viewpoint"),
            Viewpoint,
            "viewpoint",
            index=list(Viewpoint).index(obs.viewpoint),
        )
        kind = choices.enum_radio(
            words.tr("observe.kind"),
            Kind,
            "kind",
            index=list(Kind).index(obs.kind),
            horizontal=True,
        )
        text = st.text_area(words.tr("observe.text"), value=obs.text)
        words.limit_note(observations.MAX_OBSERVATION)
        if st.form_submit_button(words.tr("observe.save"), type="primary"):
            try:
                observations.edit_any(store, key, obs.id, observations.draft(viewpoint, kind, text))
            except KohtaamoError as err:
                forms.show_error(err)
            else:
                st.rerun()
