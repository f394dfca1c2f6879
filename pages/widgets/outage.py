"""A database that cannot be reached (PostgreSQL restarting, the network): the page says so in
the user's language instead of a traceback, keeps what was typed, and tries again by itself.

Every page runs under `guard` (workshop_app.py) and every fragment is made by `fragment` here,
since a fragment's own reruns do not pass through the router.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import streamlit as st

from facilitator.errors import StoreUnavailable
from pages.widgets import database, signin, words

# How often a page that lost the database asks again: the outage is over for the room within
# these seconds of the server's return, and a waiting phone's check costs one refused connect.
RETRY_S = 3

F = TypeVar("F", bound=Callable[..., Any])


def guard(run: Callable[[], None]) -> None:
    """Run the page; when the database cannot be reached, wait it out (see `wait_out`)."""
    try:
        run()
    except StoreUnavailable:
        wait_out()


def fragment(func: F | None = None, *, run_every: float | None = None) -> Any:
    """`st.fragment`, whose reruns wait out a lost database as the whole page does."""
    if func is None:
        return lambda f: fragment(f, run_every=run_every)

    @functools.wraps(func)  # the fragment's identity is its function's name: the same as before
    def guarded(*args: Any, **kwargs: Any) -> None:
        try:
            func(*args, **kwargs)
        except StoreUnavailable:
            wait_out()

    return st.fragment(guarded, run_every=run_every)


def watch() -> None:
    """In a screen's timed fragment: wait out a lost database even when nothing on the screen
    needs it just now (its counts may come from memory), so that the console and the projector
    say so by themselves. One `SELECT 1` a tick; phones, two hundred to a room, do not ask."""
    if not database.reachable():
        wait_out()


def wait_out() -> None:
    """Say the database is away, ask again every few seconds, and rerun the page once it is back.

    The run ends with st.stop: a run that stops early leaves every widget's state alone, so a
    form the page could not draw this time (the text of an observation, a metric's figures) is
    drawn again as it was typed once the page can draw it.
    """
    facilitator = signin.facilitator_key() is not None or not st.query_params.get("code")
    if facilitator:
        st.warning(words.tr("outage.console"), icon=":material/cloud_off:")
    else:
        st.info(words.tr("outage.phone"), icon=":material/sync:")
    st.session_state[_JUST_FAILED] = True
    st.fragment(_ask_again, run_every=RETRY_S)()
    st.stop()


# Set by the run that found the database away: the fragment's first call, in that very run, does
# not ask again at once (a database that answers one question but fails the page's, as a pool
# out of connections does, would rerun the page without a pause).
_JUST_FAILED = "outage_just_failed"


def _ask_again() -> None:
    # Defined once here, not in a page run: see pages/widgets/following.py.
    if st.session_state.pop(_JUST_FAILED, False):
        return
    if database.reachable():
        st.rerun()
