"""A participant's phone: follows the facilitator's step and takes this person's inputs."""

import streamlit as st

from facilitator.domain import Step
from facilitator.errors import NotFound
from facilitator.room import workshops
from facilitator.steps import participants
from pages import phone, ui
from pages.steps import PANELS
from server import push

ui.style(ui.PHONE_CSS)
store = ui.store()

try:
    workshop = workshops.find_by_code(store, st.query_params.get("code", ""))
    # The version is read before the state, so a change made in between shows on the next tick.
    st.session_state["seen_state"] = store.live.state_version(workshop.id)
    ui.mark_lists_seen(store, workshop.id)
    workshop = workshops.get(store, workshop.id)
    me = participants.by_token(store, workshop.id, st.query_params.get("p"))
except NotFound as err:
    ui.language_switch()
    ui.show_error(err)
    if st.button(ui.tr("join.again"), type="primary", width="stretch"):
        del st.query_params["p"]
        st.rerun()
    st.stop()

ui.use_default_language(workshop.language)


# A waiting phone checks the room in a script run. The server starts that check the moment the
# facilitator changes the room (server/push.py); the phone's own timer is the safety net for a
# phone that was away, slow, since 200 phones each checking every 3 s were a fifth of a core
# (make bench). Where the phone offers what others send, its timer looks for new entries.
every = (
    push.LIST_CHECK_EVERY_S if workshop.step in phone.SHOWS_OTHERS else push.SAFETY_CHECK_EVERY_S
)
st.fragment(phone.follow_the_room, run_every=every)(store, workshop.id, workshop.step)
ui.language_switch()
st.title(ui.plain(workshop.title), anchor=False)
who = ui.name_of("role", me.role) + (f" · {ui.plain(me.name)}" if me.name else "")
st.caption(ui.tr("phone.you_are", who=who))
ui.countdown(workshop)

st.header(ui.step_title(workshop.step), anchor=False)
st.write(ui.tr(f"step.{workshop.step.value}.phone"))


if workshop.step == Step.OBSERVE:
    phone.observe_panel(store, workshop, me)
elif workshop.step == Step.IDENTIFY:
    phone.identify(store, workshop, me)
elif workshop.step in PANELS:
    PANELS[workshop.step].phone(store, workshop, me)
