"""A projector's turning pages: what does not fit turns by the clock."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import TypeVar

import streamlit as st

from pages.widgets import words

Item = TypeVar("Item")
# A projector page shows this many seconds before it turns by itself.
PAGE_SECONDS = 8


def turning_page(
    items: Sequence[Item], per_page: int, now: float | None = None
) -> tuple[list[Item], str]:
    """The page of `items` a projector shows now, and a note of which ones ('5–8 / 11').

    Pages turn by the clock, every PAGE_SECONDS, in the fragment that already redraws the
    projector every two seconds: no extra rerun, and every projector of the room in step.
    """
    pages = max(1, -(-len(items) // per_page))
    page = int((time.time() if now is None else now) // PAGE_SECONDS) % pages
    shown = list(items[page * per_page : (page + 1) * per_page])
    if pages == 1:
        return shown, ""
    first, last = page * per_page + 1, page * per_page + len(shown)
    if first == last:
        return shown, words.tr("projector.page_one", n=first, total=len(items))
    return shown, words.tr("projector.page", first=first, last=last, total=len(items))


def note(text: str) -> None:
    """Which items a turning page shows, e.g. '5–8 / 11'; nothing when all fit."""
    if text:
        st.caption(text)
