"""Kohtaamo's entry point: choose the pages this visitor may see, then run the chosen one."""

import streamlit as st

from pages.widgets import outage, signin, styles, words

st.set_page_config(page_title="Kohtaamo", page_icon="🤝", initial_sidebar_state="collapsed")


def route() -> None:
    """Choose the pages this visitor may see, and run the chosen one."""
    params = st.query_params
    marks, handover = styles.page_marks()
    signin.restore_sign_in()
    signin.set_sign_in_cookie(handover)
    projector = st.Page("pages/projector.py", title=words.tr("nav.projector"), url_path="projector")
    signed_in = signin.facilitator_key() is not None
    # The console is in every facilitator-side navigation: signed out, /console is a page that
    # sends the visitor to the start page with a word, not Streamlit's "Page not found".
    console = st.Page(
        "pages/console.py", title=words.tr("nav.console"), url_path="console", default=signed_in
    )

    if signed_in:
        home = st.Page("pages/home.py", title=words.tr("nav.home"), url_path="start")
        # The project lead's sign-in opens the follow-up: the room's projector is not theirs.
        pages = [console, home] if signin.is_lead() else [console, projector, home]
        position = "top"
    elif params.get("code") and params.get("p"):
        pages = [st.Page("pages/participant.py", title="Kohtaamo", default=True), projector]
        position = "hidden"
    elif params.get("code") and params.get("f"):
        # An observer's or a staff member's phone in the follow-up (issue 17).
        pages = [st.Page("pages/follow.py", title="Kohtaamo", default=True), projector]
        position = "hidden"
    elif params.get("code"):
        pages = [st.Page("pages/join.py", title="Kohtaamo", default=True), projector]
        position = "hidden"
    else:
        pages = [st.Page("pages/home.py", title="Kohtaamo", default=True), projector, console]
        position = "hidden"

    language = words.lang()
    styles.mark_language(marks)
    st.navigation(pages, position=position).run()
    if words.lang() != language:  # the page took its workshop's language on the way
        styles.mark_language(marks)


# A database that cannot be reached is waited out here, for every page (pages/widgets/outage.py).
outage.guard(route)
