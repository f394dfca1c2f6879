"""What the follow-up's tabs share: who is signed in, a domain call with its refusal said, the
code-and-QR block of a follow-up code, numbers written the user's way."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import streamlit as st

from facilitator.charts.followup import figure
from facilitator.domain import Workshop
from facilitator.errors import KohtaamoError
from facilitator.followup.summary import FollowUp
from facilitator.followup.units import WHOLE
from facilitator.language import formats
from facilitator.room import links
from facilitator.room.workshops import FacilitatorKey
from facilitator.store.db import Store
from pages.widgets import forms, words


@dataclass(frozen=True)
class Desk:
    """One run of the follow-up area: the store, the sign-in, the workshop and what it holds."""

    store: Store
    key: FacilitatorKey
    workshop: Workshop
    lead: bool
    fu: FollowUp
    base_url: str

    def unit_name(self, unit_id: int) -> str:
        if unit_id == WHOLE:
            return words.tr("followup.whole")
        return next((u.name for u in self.fu.units if u.id == unit_id), "?")

    def unit_names(self) -> dict[int, str]:
        return {u.id: u.name for u in self.fu.units}


def call(action: Callable[..., Any], desk: Desk, *args: Any, **kwargs: Any) -> bool:
    """Run a domain action with the sign-in's key (it authorises on the server); a refusal is
    said in the user's language where the form stands, and nothing stored is touched."""
    try:
        action(desk.store, desk.key, *args, **kwargs)
    except KohtaamoError as err:
        forms.show_error(err)
        return False
    return True


def call_back(action: Callable[..., Any], desk: Desk, *args: Any) -> None:
    """As `call`, from a widget's callback: the refusal waits for the run that follows."""
    try:
        action(desk.store, desk.key, *args)
    except KohtaamoError as err:
        st.session_state["followup_error"] = err


def number(value: float | None, measure: str = "") -> str:
    """A figure as the user writes it ("87,5 %"), a dash for none."""
    return figure(value, measure, words.lang()) if value is not None else "–"


def share(value: float | None) -> str:
    """A share as a percentage in the user's language, a dash for none."""
    return formats.percent(value, words.lang()) if value is not None else "–"


def code_block(desk: Desk, code: str, help_key: str) -> None:
    """A follow-up code as the room's code is shown: the code, its link and its QR."""
    link = links.join_link(desk.base_url, code)
    text, qr = st.columns([3, 1], vertical_alignment="center")
    text.markdown(f"**{words.tr('fu.code')}:** `{code}`")
    text.caption(words.tr(help_key))
    text.markdown(f"[{link}]({link})")
    qr.image(links.qr_svg(link), width=160, alt=words.tr("projector.qr_alt", link=link))


def date(day: Any) -> str:
    """A day in the user's language (15.1.2027), a dash for none."""
    return formats.date(day, words.lang()) if day else "–"
