"""The room's big screen: join code, the current step and its live results. Shows no secrets."""

import streamlit as st

from facilitator import links, observations, participants, workshops
from facilitator.domain import Kind, Role, Step, Viewpoint, Workshop
from facilitator.errors import NotFound
from pages import ui

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


def join_panel(workshop: Workshop, *, big: bool) -> None:
    link = links.join_link(links.public_base_url(st.get_option("server.port")), workshop.code)
    st.image(links.qr_svg(link), width=420 if big else 220)
    st.markdown(f"{'#' if big else '###'} {workshop.code}")
    st.text(link)


def observe_results(workshop: Workshop) -> None:
    visible = observations.list_visible(store, workshop.id)
    if not workshop.results_visible:
        st.subheader(ui.tr("projector.results_hidden", n=len(visible)))
        return
    cells = observations.grid(visible)
    for column, viewpoint in zip(st.columns(3), Viewpoint, strict=True):
        with column:
            st.subheader(ui.name_of("viewpoint", viewpoint))
            for kind in Kind:
                cell = cells[(viewpoint, kind)]
                by_role = ", ".join(
                    f"{ui.name_of('role', r)} {n}" for r, n in cell.by_role.items() if n
                )
                st.markdown(f"**{ui.name_of('kind_plural', kind)}: {len(cell.items)}**")
                if by_role:
                    st.caption(by_role)
                for obs in cell.items[-12:]:
                    st.text(("＋ " if kind == Kind.STRENGTH else "－ ") + obs.text)


@st.fragment(run_every=2)
def live_view() -> None:
    """Redrawn every two seconds, so the room sees new input without anyone reloading."""
    workshop = workshops.get(store, workshop_id)
    ui.use_default_language(workshop.language)
    counts = participants.counts_by_role(store, workshop.id)
    main, side = st.columns([3, 1]) if workshop.joining_open and workshop.step != Step.LOBBY else (
        st.container(),
        None,
    )
    with main:
        st.title(ui.step_title(workshop.step))
        st.write(ui.tr(f"step.{workshop.step.value}.projector"))
        ui.countdown(workshops.seconds_left(workshop), big=True)
        if workshop.step == Step.LOBBY and workshop.joining_open:
            qr, people = st.columns([1, 1])
            with qr:
                join_panel(workshop, big=True)
        else:
            people = st.container()
        with people:
            st.header(ui.tr("projector.joined", n=sum(counts.values())))
            for role in Role:
                st.markdown(f"### {ui.name_of('role', role)}: {counts[role]}")
        if workshop.step == Step.OBSERVE:
            observe_results(workshop)
    if side is not None:
        with side:
            join_panel(workshop, big=False)


live_view()
