"""The room's big screen: join code, the current step and its live results. Shows no secrets."""

import streamlit as st

from facilitator import charts, links, observations, participants, voting, workshops
from facilitator.domain import Kind, Role, Step, Viewpoint, Workshop
from facilitator.errors import NotFound
from pages import ui
from pages.steps import PANELS

st.set_page_config(layout="wide")
ui.style(ui.PROJECTOR_CSS)
store = ui.store()

code = st.query_params.get("code", "")
if not code and (key := ui.facilitator_key()) is not None:
    code = workshops.get(store, key.workshop_id).code
try:
    workshop_id = workshops.find_by_code(store, code).id
except NotFound as err:
    ui.show_error(err)
    st.stop()

CELL_ITEMS = 6


def join_panel(workshop: Workshop, *, big: bool) -> None:
    link = links.join_link(links.public_base_url(st.get_option("server.port")), workshop.code)
    # Beside a step, no taller than the step's heading: the step's results keep the screen.
    st.image(
        links.qr_svg(link), width=460 if big else 150, alt=ui.tr("projector.qr_alt", link=link)
    )
    if big:
        with st.container(key="join_code"):  # its own size in PROJECTOR_CSS
            st.header(workshop.code, anchor=False)
    else:
        st.subheader(workshop.code, anchor=False)
    if big:  # in the lobby the link is read from across the room, by those who type it
        st.markdown(f"**{ui.plain(link)}**")
    else:
        st.text(link)


def role_counts(counts: dict[Role, int], *, big: bool) -> None:
    if big:
        st.header(ui.tr("projector.joined", n=sum(counts.values())), anchor=False)
        for role in Role:
            st.metric(ui.name_of("role", role), counts[role])
        return
    parts = [f"{ui.name_of('role_short', role)} {counts[role]}" for role in Role if counts[role]]
    st.markdown(f"**{ui.tr('projector.joined', n=sum(counts.values()))}** · " + " · ".join(parts))


def observe_results(workshop: Workshop) -> None:
    visible = observations.list_visible(store, workshop.id)
    if not workshop.results_visible:
        st.header(ui.tr("projector.results_hidden", n=len(visible)), anchor=False)
        return
    cells = observations.grid(visible)
    grid = st.container(key="observation_grid")  # its cards' clamp in PROJECTOR_CSS
    for column, viewpoint in zip(grid.columns(3, gap="large"), Viewpoint, strict=True):
        with column:
            st.subheader(ui.name_of("viewpoint", viewpoint), anchor=False)
            for sub, kind in zip(st.columns(2), Kind, strict=True):
                cell = cells[(viewpoint, kind)]
                with sub:
                    colour = "green" if kind == Kind.STRENGTH else "red"
                    st.markdown(
                        f"**:{colour}[{ui.name_of('kind_plural', kind)} {len(cell.items)}]**"
                    )
                    by_role = [
                        f"{ui.name_of('role_short', r)} {n}" for r, n in cell.by_role.items() if n
                    ]
                    if by_role:
                        st.caption(" · ".join(by_role))
                    for obs in cell.items[-CELL_ITEMS:]:
                        with st.container(border=True):
                            st.text(obs.text)
                    if len(cell.items) > CELL_ITEMS:
                        st.caption(ui.tr("projector.more", n=len(cell.items) - CELL_ITEMS))


def identify_results(workshop: Workshop) -> None:
    voted = voting.voters(store, workshop.id)
    if not workshop.results_visible:
        st.header(ui.tr("projector.votes_hidden", n=voted), anchor=False)
        return
    names = {r: ui.name_of("role_short", r) for r in Role}
    for column, kind in zip(st.columns(2, gap="large"), Kind, strict=True):
        # Each item's band is tall enough for its two lines of labels (the builder's step): a
        # fixed height would squeeze eight items until Vega drops every other label.
        ui.chart(
            charts.dots_by_role,
            voting.results(store, workshop.id, kind),
            names,
            into=column,
            title=ui.name_of("kind_plural", kind),
            top=8,
            font_size=22,
            alt=ui.chart_name("identify.results_tab", kind),
        )


def question(text: str) -> None:
    """The step's question under its title: a second-level heading, drawn a size smaller."""
    with st.container(key="step_question"):  # its size in PROJECTOR_CSS
        st.header(text, anchor=False)


@st.fragment(run_every=2)
def live_view() -> None:
    """Redrawn every two seconds, so the room sees new input without anyone reloading."""
    workshop = workshops.get(store, workshop_id)
    ui.use_default_language(workshop.language)
    counts = participants.counts_by_role(store, workshop.id)
    if workshop.step == Step.LOBBY:
        st.title(ui.plain(workshop.title), anchor=False)
        question(ui.tr("step.lobby.projector"))
        ui.countdown(workshops.seconds_left(workshop), big=True)
        qr, people = st.columns([3, 2])
        with qr:
            if workshop.joining_open:
                join_panel(workshop, big=True)
        with people:
            role_counts(counts, big=True)
        return
    main, side = st.columns([5, 1])
    with main:
        st.title(ui.step_title(workshop.step), anchor=False)
        question(ui.tr(f"step.{workshop.step.value}.projector"))
        role_counts(counts, big=False)
    with side:
        ui.countdown(workshops.seconds_left(workshop), big=True)
        if workshop.joining_open:
            join_panel(workshop, big=False)
    if workshop.step == Step.OBSERVE:
        observe_results(workshop)
    elif workshop.step == Step.IDENTIFY:
        identify_results(workshop)
    elif workshop.step in PANELS:
        PANELS[workshop.step].projector(store, workshop)


live_view()
