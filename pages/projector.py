"""The room's big screen: join code, the current step and its live results. Shows no secrets.

The page is laid out for 1920x1080 and never scrolls: what does not fit is condensed (the top
items, or pages that turn by themselves), and a smaller screen shows the same page scaled down
(styles.PROJECTOR_CSS).
"""

import streamlit as st

from facilitator.charts import screen
from facilitator.domain import Kind, Role, Step, Viewpoint, Workshop
from facilitator.errors import NotFound
from facilitator.language import formats
from facilitator.room import links, workshops
from facilitator.steps import observations, participants, voting
from pages.steps import PANELS
from pages.widgets import charts, clock, database, forms, signin, styles, turning, words

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

# Cards per cell of the observation grid: four of three lines fill the height under the header;
# a cell with more turns its pages by itself.
CELL_ITEMS = 4
CHART_ITEMS = 5  # a chart's bars, each with two lines of 24-pixel labels
CHART_WIDTH = 840  # the whole chart, labels and legend too, in half of the 1920-pixel page
GAP_ITEMS = 2  # the widest gaps between management and the front line, per kind


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


def pages_note(note: str) -> None:
    """Which items a turning page shows, e.g. '5–8 / 11'; nothing when all fit."""
    if note:
        st.caption(note)


def observe_results(workshop: Workshop) -> None:
    visible = observations.list_visible(store, workshop.id)
    if not workshop.results_visible:
        st.header(words.tr("projector.results_hidden", n=len(visible)), anchor=False)
        return
    cells = observations.grid(visible)
    grid = st.container(key="observation_grid")  # its cards' clamp in PROJECTOR_CSS
    for column, viewpoint in zip(grid.columns(3, gap="medium"), Viewpoint, strict=True):
        with column:
            st.subheader(words.name_of("viewpoint", viewpoint), anchor=False)
            for sub, kind in zip(st.columns(2, gap="small"), Kind, strict=True):
                cell = cells[(viewpoint, kind)]
                with sub:
                    colour = "green" if kind == Kind.STRENGTH else "red"
                    st.markdown(
                        f"**:{colour}[{words.name_of('kind_plural', kind)} {len(cell.items)}]**"
                    )
                    # Newest first: what a phone just sent shows up on the first page.
                    shown, note = turning.turning_page(cell.items[::-1], CELL_ITEMS)
                    for obs in shown:
                        with st.container(border=True):
                            st.text(obs.text)
                    pages_note(note)


def votes_status(workshop: Workshop, counts: dict[Role, int]) -> str:
    """Who has voted, and that the results wait for the facilitator, never for the room."""
    voted, joined = voting.voters(store, workshop.id), sum(counts.values())
    if joined and voted >= joined:
        return words.tr("projector.all_voted")
    return words.tr("projector.votes_hidden", n=voted, m=joined)


def divergence(ranked: list[voting.ItemResult], names: dict[Role, str]) -> None:
    """Where management and the front line spent their dots most differently: a line or two."""
    gaps = [d for d in voting.divergence(ranked) if d.gap][:GAP_ITEMS]
    if not gaps:
        return
    with st.container(key=f"divergence_{ranked[0].item.observation.kind.value}", border=True):
        st.markdown(f"**{words.tr('projector.divergence')}**")
        for d in gaps:
            st.text(d.item.observation.text)
            management = formats.percent(d.management_share, words.lang())
            frontline = formats.percent(d.frontline_share, words.lang())
            st.markdown(
                f":blue[**{names[Role.MANAGEMENT]} {management}**] · "
                f":green[**{names[Role.FRONTLINE]} {frontline}**]"
            )


def identify_results(workshop: Workshop, counts: dict[Role, int]) -> None:
    if not workshop.results_visible:
        st.header(votes_status(workshop, counts), anchor=False)
        return
    names = {r: words.name_of("role_short", r) for r in Role}
    for column, kind in zip(st.columns(2, gap="large"), Kind, strict=True):
        ranked = voting.results(store, workshop.id, kind)
        # Each item's band is tall enough for its two lines of labels (the builder's step): a
        # fixed height would squeeze the items until Vega drops every other label.
        charts.chart(
            screen.dots_by_role,
            ranked,
            names,
            into=column,
            title=words.name_of("kind_plural", kind),
            top=CHART_ITEMS,
            font_size=screen.BODY_ON_PROJECTOR,
            plot_width=CHART_WIDTH,
            alt=charts.chart_name("identify.results_tab", kind),
        )
        with column:
            if len(ranked) > CHART_ITEMS:
                st.caption(words.tr("projector.more", n=len(ranked) - CHART_ITEMS))
            if ranked:
                divergence(ranked, names)


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


@st.fragment(run_every=2)
def live_view() -> None:
    """Redrawn every two seconds, so the room sees new input without anyone reloading."""
    workshop = workshops.get(store, workshop_id)
    words.use_default_language(workshop.language)
    counts = participants.counts_by_role(store, workshop.id)
    if workshop.step == Step.LOBBY:
        lobby(workshop, counts)
        return
    heading(workshop, counts)
    if workshop.step == Step.OBSERVE:
        observe_results(workshop)
    elif workshop.step == Step.IDENTIFY:
        identify_results(workshop, counts)
    elif workshop.step in PANELS:
        PANELS[workshop.step].projector(store, workshop)


live_view()
