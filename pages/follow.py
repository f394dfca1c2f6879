"""An observer's or a staff member's phone in the follow-up: ?code=<follow-up code>&f=<token>.

The token, kept only in the phone's address, is who they are: a reload or a reconnect comes
back to the same person, as on the participant page.
"""

import streamlit as st

from facilitator.errors import NotFound
from facilitator.followup import people, units
from facilitator.followup.people import Purpose
from facilitator.room import workshops
from pages.followup.phone import checklist, pulse
from pages.widgets import database, forms, styles, words

styles.style(styles.PHONE_CSS)
store = database.store()

try:
    me = people.by_token(store, st.query_params.get("f"))
    workshop = workshops.get(store, me.workshop_id)
except NotFound as err:
    words.language_switch()
    forms.show_error(err)
    if st.button(words.tr("join.again"), type="primary", width="stretch"):
        del st.query_params["f"]
        st.rerun()
    st.stop()

words.use_default_language(workshop.language)
words.language_switch()
st.title(words.plain(workshop.title), anchor=False)
if me.purpose == Purpose.OBSERVE:
    who = words.tr("follow_phone.observer") + (f" · {words.plain(me.name)}" if me.name else "")
else:
    unit = units.unit_names(store, workshop.id, "").get(me.unit_id or units.WHOLE, "")
    who = words.name_of("role", me.role) + (f" · {words.plain(unit)}" if unit else "")
st.caption(words.tr("follow_phone.you_are", who=who))

if me.purpose == Purpose.OBSERVE:
    checklist.panel(store, workshop, me)
else:
    pulse.panel(store, workshop, me)
