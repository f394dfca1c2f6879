"""Step 5, Condense: what its parts share (ratings' and roles' names, phase headings)."""

import streamlit as st

from facilitator.charts import condense as charts_condense
from facilitator.domain import Role
from facilitator.steps.model import Achievability, Rating
from pages.widgets import words


def _rating_names() -> dict[Rating, str]:
    return {
        Rating.CAN: words.tr("condense.rating_can"),
        Rating.SUPPORT: words.tr("condense.rating_support"),
        Rating.UNREALISTIC: words.tr("condense.rating_unrealistic"),
    }


def _role_names() -> dict[Role, str]:
    return {r: words.name_of("role_short", r) for r in Role}


def _phase_heading(position: int, phase_name: str) -> str:
    return words.plain(charts_condense.phase_label(position, phase_name))


def _flag_warnings(rows: list[Achievability]) -> None:
    for a in rows:
        if a.flagged:
            st.warning(words.tr("condense.flagged", phase=words.plain(a.phase.name)), icon="⚠️")
