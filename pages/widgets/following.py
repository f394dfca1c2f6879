"""A participant's phone's check of the room (the steps' own parts are in pages/steps/).

Defined here, once per process, rather than in the page: a page's functions are made anew in
each of its runs, and the fragments and callbacks among them kept that run's whole namespace
alive in every phone's session (issue 6: a tracemalloc trace of a join storm showed the page's
namespace once per session).
"""

import streamlit as st

from facilitator.store.db import Store
from pages.widgets import words
from server import push


def follow_the_room(store: Store, workshop_id: int, shows_others: bool) -> None:
    """Costs a dictionary look-up or two while nothing changes; reruns the page when it does.
    Where the phone lists what others send (`shows_others`), new entries are offered instead."""
    push.follow(workshop_id)
    if store.live.state_version(workshop_id) != st.session_state.get("seen_state"):
        st.rerun()
    if shows_others and store.live.content_version(workshop_id) != st.session_state.get(
        "seen_content"
    ):
        # Held at the foot of the screen (styles.PHONE_CSS): the offer is seen wherever the person
        # scrolled to, not only at the top of the page, where it was drawn (issue 14).
        with st.container(key="show_new"):
            if st.button(words.tr("phone.show_new"), icon=":material/refresh:", width="stretch"):
                st.rerun()
