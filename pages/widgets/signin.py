"""The facilitator's sign-in: the session's key, the browser's kept cookie, who is guessing."""

from __future__ import annotations

import time

import streamlit as st
import streamlit.components.v1 as components
from streamlit.delta_generator import DeltaGenerator

from facilitator.errors import KohtaamoError, NotAuthorised, StoreUnavailable
from facilitator.room import workshops
from facilitator.room.workshops import FacilitatorKey
from facilitator.store.security import HANDOVERS
from pages.widgets import database, words

FKEY = "facilitator_key"
# Why this session is on the start page instead of the console (a catalog key), if it is.
SIGNIN_NOTICE = "signin_notice"
_COOKIE_HANDOVER = "signin_cookie_handover"  # (nonce, until): the cookie the page still sets
_RESTORE_TRIED = "signin_restore_tried"
# (key, whether it is the project lead's): a key's role never changes, and the router asks on
# every run, before any page; known, the router can choose the page while the database is away.
_LEAD = "signin_lead"
# The start page's address for its resume tab: /?tab=resume
TAB_PARAM, RESUME_TAB = "tab", "resume"


def facilitator_key() -> FacilitatorKey | None:
    """The key this session got by giving the passphrase (or from the browser's kept sign-in),
    if any."""
    key = st.session_state.get(FKEY)
    return key if isinstance(key, FacilitatorKey) else None


def is_lead() -> bool:
    """Whether this session's sign-in is the project lead's, who sees the follow-up only."""
    key = facilitator_key()
    if key is None:
        return False
    known = st.session_state.get(_LEAD)
    if known is not None and known[0] == key:
        return bool(known[1])
    try:
        lead = workshops.signed_in(database.store(), key)[1] == workshops.LEAD
    except StoreUnavailable:
        raise  # not an answer: the page waits for the database (outage.py)
    except KohtaamoError:
        return False  # a sign-in gone: the console says so and sends the visitor away
    st.session_state[_LEAD] = (key, lead)
    return lead


def sign_in(key: FacilitatorKey) -> None:
    """This session is the facilitator's; the browser keeps the sign-in for a reload."""
    st.session_state[FKEY] = key
    st.session_state.pop(SIGNIN_NOTICE, None)
    _hand_over(workshops.cookie_value(key))


def sign_out(notice: str = "signin.signed_out") -> None:
    """Revoke this session's sign-in on the server, forget it here, clear the browser's."""
    try:
        workshops.sign_out(database.store(), st.session_state.pop(FKEY, None))
    except NotAuthorised:
        pass  # already revoked (another tab signed out): the browser's copy still goes
    except StoreUnavailable:
        # The database is away (a callback cannot wait it out): the sign-in is forgotten here
        # and in the browser, the only places its token was, and it ends on the server when
        # it expires (KOHTAAMO_SIGNIN_HOURS).
        pass
    st.session_state[SIGNIN_NOTICE] = notice
    _hand_over("")


def restore_sign_in() -> None:
    """Once per session: a sign-in the browser kept (a reload, a server restart) opens the
    console again, if it is still valid for the workshop it names.

    Streamlit hands over the cookies of the session's first request only, so this runs once;
    a cookie that opens nothing is cleared, and the start page says why.
    """
    if st.session_state.get(_RESTORE_TRIED) or facilitator_key() is not None:
        return
    st.session_state[_RESTORE_TRIED] = True
    # A join or projector link opened on the laptop is what it says, never the console.
    if st.query_params.get("code"):
        return
    cookie = st.context.cookies.get(workshops.SIGNIN_COOKIE)
    if not isinstance(cookie, str):
        return
    key = workshops.key_from_cookie(cookie)
    try:
        if key is None:
            raise NotAuthorised()
        # signed_in: a project lead's kept sign-in reopens their follow-up console too.
        workshop = workshops.get(database.store(), workshops.signed_in(database.store(), key)[0])
    except StoreUnavailable:
        # Not an answer either way: the kept sign-in is tried again once the database is back,
        # rather than cleared (a reload during a restart would sign the facilitator out).
        del st.session_state[_RESTORE_TRIED]
        raise
    except KohtaamoError as err:
        expired = err.key == "error.signin_expired"
        st.session_state[SIGNIN_NOTICE] = "signin.expired" if expired else "signin.invalid"
        _hand_over("")
        if key is not None:
            # The message in the workshop's language, when the cookie names a real one.
            try:
                words.use_default_language(
                    workshops.get(database.store(), key.workshop_id).language
                )
            except KohtaamoError:
                pass
        return
    st.session_state[FKEY] = key
    words.use_default_language(workshop.language)


def _hand_over(value: str) -> None:
    nonce = HANDOVERS.give(value)
    st.session_state[_COOKIE_HANDOVER] = (nonce, time.monotonic() + HANDOVERS.lifetime_s)


def set_sign_in_cookie(slot: DeltaGenerator) -> None:
    """The page's part of setting (or clearing) the sign-in cookie: post the nonce.

    An HttpOnly cookie can only come from the server, so a hidden frame posts the one-time
    nonce (in the body, never in an address) and the server's answer sets it. Drawn in the same
    slot on every run while the nonce lives, the frame is not posted again; the slot is there
    whether or not it holds the frame, so the page under it keeps its place (a frame that came
    and went above the console made its tabs, tables and forms new: a facilitator on Placement
    was sent back to Phases, half a table's typing lost).
    """
    pending = st.session_state.get(_COOKIE_HANDOVER)
    if not pending:
        return
    nonce, until = pending
    if time.monotonic() > until:
        del st.session_state[_COOKIE_HANDOVER]
        return
    with slot.container():
        components.html(
            f"""<script>
            fetch({workshops.SIGNIN_ROUTE!r}, {{method: "POST", body: {nonce!r},
              credentials: "same-origin", cache: "no-store"}});
            </script>""",
            height=0,
        )


def client_id() -> str:
    """Who is guessing codes or passphrases: the phone's address, else one shared local key.

    Behind a proxy on this machine every phone comes from the loopback address, which Streamlit
    reports as none, so the proxy's X-Forwarded-For names the phone (its last entry is the one
    the proxy added; it is trusted only from loopback). Without either, all such sessions share
    one key: a key per session would let a script open a fresh session for every guess.
    """
    # Only text counts: outside a real server (AppTest) the context holds stand-ins.
    ip = st.context.ip_address
    if isinstance(ip, str) and ip and ip not in {"127.0.0.1", "::1"}:
        return f"ip:{ip}"
    forwarded = st.context.headers.get("X-Forwarded-For")
    last = forwarded.split(",")[-1].strip() if isinstance(forwarded, str) else ""
    return f"ip:{last}" if last else "local"
