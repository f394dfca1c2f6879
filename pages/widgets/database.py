"""The process's one store (the one `st.cache_resource`), and what a phone has seen of it."""

from __future__ import annotations

import os

import streamlit as st

from facilitator.errors import StoreUnavailable
from facilitator.store.db import DEFAULT_DB_PATH, Store
from server import push


@st.cache_resource(show_spinner=False)
def _open_store(path: str) -> Store:
    # Opening the store tunes nothing (the server does that at start, server/start.py); it
    # only hands the room's changes to the push, the one server call a page makes here.
    store = Store(path)
    store.live.listen(push.push)
    return store


def mark_lists_seen(store: Store, workshop_id: int) -> None:
    """This phone now shows the shared lists as they are: offer what comes after this."""
    st.session_state["seen_content"] = store.live.content_version(workshop_id)


def store() -> Store:
    """The process's one database, opened on first use (KOHTAAMO_DB or the default file)."""
    return _open_store(os.environ.get("KOHTAAMO_DB", DEFAULT_DB_PATH))


def reachable() -> bool:
    """Whether the database answers now (a page waiting out an outage asks this)."""
    try:
        return store().reachable()
    except StoreUnavailable:  # the server was away when this process first opened it
        return False
