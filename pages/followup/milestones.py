"""Milestones and coaching: the plan's milestones with their status (late when a day passed
without done), and the coaches' log."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from facilitator.followup import milestones
from facilitator.followup.milestones import MAX_COACH, MAX_NOTE, MAX_TOPIC, Status
from pages.followup.common import Desk, call, call_back, date
from pages.widgets import forms, words

# What the lead sets; "late" is never set, it follows from the day.
SETTABLE = [Status.PLANNED.value, Status.IN_PROGRESS.value, Status.DONE.value]


def _milestones(desk: Desk) -> None:
    if st.button(words.tr("fu.milestones.take"), icon=":material/playlist_add:", key="fu_take_ms"):
        if call(milestones.take_from_plan, desk):
            st.rerun()
    if not desk.fu.milestones:
        st.info(words.tr("fu.milestones.none"))
        return
    for m in desk.fu.milestones:
        status = m.status(desk.fu.today)
        name, due, pick = st.columns([4, 2, 2], vertical_alignment="center")
        late = " · 🔴 " + words.name_of("milestone", "late") if status == Status.LATE else ""
        name.markdown(f"**{words.plain(m.title)}**{late}")
        if m.owner:
            name.caption(words.plain(m.owner))
        due.markdown(date(m.due))
        select_key = f"fu_ms_{m.id}"
        st.session_state[select_key] = m.stored.value
        pick.selectbox(
            words.name_of("field", "status"),
            SETTABLE,
            format_func=lambda v: words.name_of("milestone", v),
            key=select_key,
            label_visibility="collapsed",
            on_change=lambda i=m.id, k=select_key: call_back(
                milestones.set_status, desk, i, st.session_state[k]
            ),
            placeholder=words.tr("ui.choose"),
        )


def _coaching_form(desk: Desk) -> None:
    form = forms.NewForm("fu_coaching", saved="fu_coaching_saved")
    g = form.generation
    with st.form(f"fu_coaching_{g}", enter_to_submit=False):
        st.markdown(f"**{words.tr('fu.coaching.add')}**")
        day_col, coach_col, unit_col = st.columns(3)
        day = day_col.text_input(
            words.tr("fu.coaching.day"),
            value=date(desk.fu.today),
            help=words.tr("fu.coaching.day_help"),
            key=f"fu_c_day_{g}",
        )
        coach = coach_col.text_input(
            words.name_of("field", "coach"), max_chars=MAX_COACH, key=f"fu_c_coach_{g}"
        )
        unit = unit_col.selectbox(
            words.name_of("field", "unit"),
            [u.id for u in desk.fu.units],
            format_func=desk.unit_name,
            key=f"fu_c_unit_{g}",
            placeholder=words.tr("ui.choose"),
        )
        topic = st.text_input(
            words.name_of("field", "topic"), max_chars=MAX_TOPIC, key=f"fu_c_topic_{g}"
        )
        note = st.text_area(
            words.name_of("field", "note"), max_chars=MAX_NOTE, key=f"fu_c_note_{g}"
        )
        sent = st.form_submit_button(words.tr("fu.coaching.save"), type="primary")
    if sent and form.stored(
        lambda _: milestones.log_coaching(
            desk.store, desk.key, day=day, coach=coach, unit_id=unit, topic=topic, note=note
        )
    ):
        forms.confirm("fu.coaching.saved")
        st.rerun()


def draw(desk: Desk) -> None:
    st.caption(words.tr("fu.milestones.intro"))
    _milestones(desk)
    st.divider()
    st.markdown(f"**{words.tr('fu.coaching.title')}**")
    if not desk.fu.units:
        st.info(words.tr("fu.coaching.units_first"))
    else:
        _coaching_form(desk)
    if not desk.fu.coaching:
        st.caption(words.tr("fu.coaching.none"))
        return
    st.dataframe(
        pd.DataFrame(
            [
                {
                    words.tr("fu.coaching.day"): date(c.day),
                    words.name_of("field", "coach"): c.coach,
                    words.name_of("field", "unit"): desk.unit_name(c.unit_id),
                    words.name_of("field", "topic"): c.topic,
                    words.name_of("field", "note"): c.note,
                }
                for c in desk.fu.coaching
            ]
        ),
        hide_index=True,
        width="stretch",
    )
