"""Joining from a phone: the workshop named by ?code=, a role, and optionally a name."""

import streamlit as st

from facilitator import participants
from facilitator.domain import Role
from facilitator.errors import KohtaamoError, NotFound, TooManyAttempts
from pages import ui

ui.style(ui.PHONE_CSS)
try:
    workshop = participants.find_for_join(
        ui.store(), st.query_params.get("code", ""), ui.client_id()
    )
except (NotFound, TooManyAttempts) as err:
    ui.language_switch()
    ui.show_error(err)
    if st.button(ui.tr("join.try_again"), width="stretch"):
        st.query_params.clear()
        st.rerun()
    st.stop()

ui.use_default_language(workshop.language)
ui.language_switch()
st.title(ui.plain(workshop.title), anchor=False)
st.caption(ui.plain(workshop.organisation))

if not workshop.joining_open:
    st.warning(ui.tr("join.closed"))
    st.stop()

st.write(ui.tr("join.intro"))
with st.form("join", enter_to_submit=ui.enter_submits()):
    role = st.radio(
        ui.tr("join.role"),
        [r.value for r in Role],
        index=None,
        format_func=lambda v: ui.name_of("role", v),
    )
    name = st.text_input(
        ui.tr("join.name"),
        max_chars=participants.MAX_NAME,
        placeholder=ui.tr("join.name_placeholder"),
    )
    st.caption(ui.tr("join.anonymous_note"))
    if st.form_submit_button(ui.tr("join.button"), type="primary", width="stretch"):
        if role is None:
            st.error(ui.tr("error.role_missing"))
        else:
            try:
                _, token = participants.join(ui.store(), workshop, role, name)
            except KohtaamoError as err:
                ui.show_error(err)
            else:
                st.query_params["code"] = workshop.code
                st.query_params["p"] = token
                st.rerun()
