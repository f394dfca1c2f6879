"""The room's big screen: join code, the current step and its live results. Shows no secrets.

The page is laid out for 1920x1080 and never scrolls: what does not fit is condensed (the top
items, or pages that turn by themselves), and a smaller screen shows the same page scaled down
(styles.PROJECTOR_CSS).
"""

import streamlit as st

from facilitator.domain import Role, Step, Workshop
from facilitator.errors import NotFound
from facilitator.room import links, workshops
from facilitator.steps import participants
from pages.steps import PANELS
from pages.widgets import clock, database, forms, outage, signin, styles, words

st.set_page_config(layout="wide")
styles.style(styles.PROJECTOR_CSS)
store = database.store()

code = st.query_params.get("code", "")
if not code and (key := signin.facilitator_key()) is not None:
    code = workshops.get(store, key.workshop_id).code
try:
    workshop_id = workshops.find_by_code(store, code).id
except NotFound as err:
    forms.show_error(err)
    st.stop()


def join_panel(workshop: Workshop, *, big: bool) -> None:
    link = links.join_link(links.public_base_url(st.get_option("server.port")), workshop.code)
    if big:
        st.image(links.qr_svg(link), width=520, alt=words.tr("projector.qr_alt", link=link))
        with st.container(key="join_code"):  # its own size in PROJECTOR_CSS
            st.header(workshop.code, anchor=False)
        # In the lobby the link is read from across the room, by those who type it.
        st.markdown(f"**{words.plain(link)}**")
        return
    # Beside a step's heading, no taller than it: the step's results keep the screen.
    with st.container(key="join_side", horizontal=True, vertical_alignment="center"):
        st.image(links.qr_svg(link), width=170, alt=words.tr("projector.qr_alt", link=link))
        with st.container(key="join_code_small"):
            st.subheader(workshop.code, anchor=False)


def role_counts(counts: dict[Role, int], *, big: bool) -> None:
    joined = words.tr("projector.joined", n=sum(counts.values()))
    if big:
        st.header(joined, anchor=False)
        for row in (list(Role)[:2], list(Role)[2:]):
            for column, role in zip(st.columns(2), row, strict=True):
                column.metric(words.name_of("role_short", role), counts[role])
        return
    parts = [f"{words.name_of('role_short', role)} {counts[role]}" for role in Role if counts[role]]
    st.markdown(f"**{joined}** · " + " · ".join(parts))


def question(text: str) -> None:
    """The step's question under its title: a second-level heading, drawn a size smaller."""
    with st.container(key="step_question"):  # its size in PROJECTOR_CSS
        st.header(text, anchor=False)


def lobby(workshop: Workshop, counts: dict[Role, int]) -> None:
    st.title(words.plain(workshop.title), anchor=False)
    question(words.tr("step.lobby.projector"))
    qr, people = st.columns([1, 1], gap="large")
    with qr:
        if workshop.joining_open:
            join_panel(workshop, big=True)
    with people:
        clock.countdown(workshop, big=True)
        role_counts(counts, big=True)


def heading(workshop: Workshop, counts: dict[Role, int]) -> None:
    """The step's title and question, with the timer and the way in beside them when they run."""
    timer = workshops.seconds_left(workshop) is not None
    widths = [4.0] + ([1.6] if timer else []) + ([1.9] if workshop.joining_open else [])
    main, *side = st.columns(widths, gap="medium", vertical_alignment="top")
    with main:
        st.title(words.step_title(workshop.step), anchor=False)
        question(words.tr(f"step.{workshop.step.value}.projector"))
        role_counts(counts, big=False)
    if timer:
        with side.pop(0):
            clock.countdown(workshop, big=True)
    if workshop.joining_open:
        with side.pop(0):
            join_panel(workshop, big=False)


@outage.fragment(run_every=2)
def live_view() -> None:
    """Redrawn every two seconds, so the room sees new input without anyone reloading."""
    outage.watch()
    workshop = workshops.get(store, workshop_id)
    words.use_default_language(workshop.language)
    counts = participants.counts_by_role(store, workshop.id)
    if workshop.step == Step.LOBBY:
        lobby(workshop, counts)
        return
    heading(workshop, counts)
    if workshop.step in PANELS:  # the end has no panel
        PANELS[workshop.step].projector(store, workshop)


live_view()
