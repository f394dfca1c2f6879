"""Joining from a phone: the workshop named by ?code=, a role, and optionally a name; or, for a
follow-up code, the follow-up's own join (pages/followup/phone/joining.py)."""

import streamlit as st

from facilitator.domain import Role, Workshop
from facilitator.errors import KohtaamoError, NotFound, TooManyAttempts
from facilitator.followup import people
from facilitator.room import workshops
from facilitator.steps import participants
from pages.followup.phone import joining
from pages.widgets import choices, database, forms, signin, styles, words

JOIN_ERROR = "join_error"  # what the join callback refused, for the page to say

styles.style(styles.PHONE_CSS)
try:
    found = people.find_for_join(
        database.store(), st.query_params.get("code", ""), signin.client_id()
    )
except (NotFound, TooManyAttempts) as err:
    words.language_switch()
    forms.show_error(err)
    if st.button(words.tr("join.try_again"), width="stretch"):
        st.query_params.clear()
        st.rerun()
    st.stop()

if isinstance(found, people.Code):  # the same join address serves the follow-up
    joining.join_form(found, workshops.get(database.store(), found.workshop_id))
    st.stop()
workshop = found
words.use_default_language(workshop.language)
words.language_switch()
st.title(words.plain(workshop.title), anchor=False)
st.caption(words.plain(workshop.organisation))

if not workshop.joining_open:
    st.warning(words.tr("join.closed"))
    st.stop()


def _join(workshop: Workshop) -> None:
    """The join form's callback: it runs before the page is drawn, so a phone that joins goes
    straight to its own page in the same run (one run per join instead of two: a room joins
    in a storm, make bench, issue 6). A refusal is kept for the form to show."""
    role = st.session_state.get("join_role")
    if role is None:
        st.session_state[JOIN_ERROR] = "error.role_missing"
        return
    try:
        _, token = participants.join(
            database.store(), workshop, role, st.session_state.get("join_name")
        )
    except KohtaamoError as err:
        st.session_state[JOIN_ERROR] = err
        return
    st.query_params["code"] = workshop.code
    st.query_params["p"] = token


st.write(words.tr("join.intro"))
with st.form("join", enter_to_submit=words.enter_submits()):
    choices.enum_radio(words.tr("join.role"), Role, "role", index=None, key="join_role")
    st.text_input(
        words.tr("join.name"),
        placeholder=words.tr("join.name_placeholder"),
        key="join_name",
    )
    words.limit_note(participants.MAX_NAME)
    st.caption(words.tr("join.anonymous_note"))
    st.form_submit_button(
        words.tr("join.button"), type="primary", width="stretch", on_click=_join, args=(workshop,)
    )
if (refused := st.session_state.pop(JOIN_ERROR, None)) is not None:
    if isinstance(refused, KohtaamoError):
        forms.show_error(refused)
    else:
        st.error(words.tr(refused))
