"""How a page lays its parts out: tabs, one per part."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st


def tabbed(panels: dict[str, Callable[[], None]]) -> None:
    """One tab per panel, in the order given."""
    for tab, draw in zip(st.tabs(list(panels)), panels.values(), strict=True):
        with tab:
            draw()
