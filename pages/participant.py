"""A participant's phone: follows the facilitator's step and takes this person's inputs."""

import streamlit as st

from facilitator.errors import NotFound
from facilitator.room import workshops
from facilitator.steps import participants
from pages.steps import PANELS
from pages.widgets import clock, database, following, forms, outage, styles, words
from server import push

styles.style(styles.PHONE_CSS)
store = database.store()

try:
    workshop = workshops.find_by_code(store, st.query_params.get("code", ""))
    # The version is read before the state, so a change made in between shows on the next tick.
    st.session_state["seen_state"] = store.live.state_version(workshop.id)
    database.mark_lists_seen(store, workshop.id)
    workshop = workshops.get(store, workshop.id)
    me = participants.by_token(store, workshop.id, st.query_params.get("p"))
except NotFound as err:
    words.language_switch()
    forms.show_error(err)
    if st.button(words.tr("join.again"), type="primary", width="stretch"):
        del st.query_params["p"]
        st.rerun()
    st.stop()

words.use_default_language(workshop.language)


# A waiting phone checks the room in a script run. The server starts that check the moment the
# facilitator changes the room (server/push.py); the phone's own timer is the safety net for a
# phone that was away, slow, since 200 phones each checking every 3 s were a fifth of a core
# (make bench). Where the phone offers what others send, its timer looks for new entries.
shows_others = workshop.step in PANELS and PANELS[workshop.step].shows_others
every = push.LIST_CHECK_EVERY_S if shows_others else push.SAFETY_CHECK_EVERY_S
outage.fragment(following.follow_the_room, run_every=every)(store, workshop.id, shows_others)
words.language_switch()
st.title(words.plain(workshop.title), anchor=False)
who = words.name_of("role", me.role) + (f" · {words.plain(me.name)}" if me.name else "")
st.caption(words.tr("phone.you_are", who=who))
clock.countdown(workshop)

st.header(words.step_title(workshop.step), anchor=False)
st.write(words.tr(f"step.{workshop.step.value}.phone"))


if workshop.step in PANELS:  # the lobby and the end have no panel
    PANELS[workshop.step].phone(store, workshop, me)
