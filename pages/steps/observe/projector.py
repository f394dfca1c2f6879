"""Step 1 on the projector: what the room has sent, in a grid of viewpoints and kinds."""

from __future__ import annotations

import streamlit as st

from facilitator.domain import Kind, Viewpoint, Workshop
from facilitator.steps import observations
from facilitator.store.db import Store
from pages.widgets import turning, words

# Cards per cell of the observation grid: four of three lines fill the height under the header;
# a cell with more turns its pages by itself.
CELL_ITEMS = 4


def projector(store: Store, workshop: Workshop) -> None:
    """The entries in a grid, viewpoint by kind, once the facilitator shows the results."""
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
                    turning.note(note)
