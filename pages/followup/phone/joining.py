"""Joining the follow-up from a phone: an observer may give a name, staff give their role and
unit. Drawn by pages/join.py when the code typed is a follow-up code."""

from __future__ import annotations

import streamlit as st

from facilitator.domain import Workshop
from facilitator.errors import KohtaamoError
from facilitator.followup import people, units
from facilitator.followup.people import Code, Purpose
from pages.widgets import database, forms, words

FOLLOW_JOIN_ERROR = "follow_join_error"  # what the join callback refused, for the form to say


def _join(code: Code) -> None:
    """The form's callback: it runs before the page is drawn, so a phone that joins goes
    straight to its own page in the same run (as pages/join.py does for a workshop)."""
    state = st.session_state
    pulse = code.purpose == Purpose.PULSE
    if pulse and state.get("follow_role") is None:
        state[FOLLOW_JOIN_ERROR] = "follow_phone.role_missing"
        return
    if pulse and state.get("follow_has_units") and state.get("follow_unit") is None:
        state[FOLLOW_JOIN_ERROR] = "follow_phone.unit_missing"
        return
    try:
        _, token = people.join(
            database.store(),
            code,
            name=state.get("follow_name"),
            role=state.get("follow_role") if pulse else None,
            unit_id=state.get("follow_unit") if pulse else None,
        )
    except KohtaamoError as err:
        state[FOLLOW_JOIN_ERROR] = err
        return
    st.query_params["code"] = code.code
    st.query_params["f"] = token


def join_form(code: Code, workshop: Workshop) -> None:
    """The follow-up's join form, in the workshop's language unless this phone chose another."""
    words.use_default_language(workshop.language)
    words.language_switch()
    st.title(words.plain(workshop.title), anchor=False)
    st.caption(words.plain(workshop.organisation))
    if not code.open:
        st.warning(words.tr("error.follow_up_code_closed"), icon="🔒")
        return
    pulse = code.purpose == Purpose.PULSE
    st.write(words.tr("follow_phone.staff_intro" if pulse else "follow_phone.observer_intro"))
    named = units.list_units(database.store(), workshop.id)
    # The callback reads whether a unit must be chosen from here: a form's values are all it has.
    st.session_state["follow_has_units"] = bool(named)
    with st.form("follow_join", enter_to_submit=words.enter_submits()):
        if pulse:
            st.radio(
                words.tr("follow_phone.role"),
                [r.value for r in people.PULSE_ROLES],
                format_func=lambda v: words.name_of("role", v),
                index=None,
                key="follow_role",
            )
            if named:
                names = {u.id: u.name for u in named}
                st.selectbox(
                    words.tr("follow_phone.unit"),
                    list(names),
                    format_func=names.__getitem__,
                    index=None,
                    placeholder=words.tr("ui.choose"),
                    filter_mode=None,
                    key="follow_unit",
                )
        else:
            st.text_input(
                words.tr("follow_phone.name"),
                placeholder=words.tr("follow_phone.name_placeholder"),
                key="follow_name",
            )
            words.limit_note(people.MAX_NAME)
        st.form_submit_button(
            words.tr("follow_phone.join_staff" if pulse else "follow_phone.join_observer"),
            type="primary",
            width="stretch",
            on_click=_join,
            args=(code,),
        )
    if (refused := st.session_state.pop(FOLLOW_JOIN_ERROR, None)) is not None:
        if isinstance(refused, KohtaamoError):
            forms.show_error(refused)
        else:
            st.error(words.tr(refused), icon="⚠️")
