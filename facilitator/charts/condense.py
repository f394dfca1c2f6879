"""Altair builders for step 5: how achievable each target is, and the room's fist of five."""

from __future__ import annotations

from collections import Counter

import altair as alt
import pandas as pd

from facilitator.charts.screen import ROLE_COLOURS
from facilitator.domain import Role
from facilitator.steps.model import Achievability, Rating

RATING_COLOURS = {
    Rating.CAN: "#0b6e4f",
    Rating.SUPPORT: "#e0a100",
    Rating.UNREALISTIC: "#b42318",
}
FLAG = " ⚠"


def phase_label(position: int, name: str, *, flagged: bool = False) -> str:
    """'3. Listening', with a warning sign when the front line finds the target unrealistic."""
    return f"{position}. {name}" + (FLAG if flagged else "")


def achievability(
    rows: list[Achievability],
    role_names: dict[Role, str],
    rating_names: dict[Rating, str],
    *,
    width: int = 240,
    font_size: int = 13,
) -> alt.Chart:
    """One panel per role that has rated: each phase's ratings as shares of one bar."""
    rated = [r for r in Role if any(sum(a.by_role.get(r, Counter()).values()) for a in rows)]
    labels = [phase_label(i + 1, a.phase.name, flagged=a.flagged) for i, a in enumerate(rows)]
    data = pd.DataFrame(
        [
            {
                "phase": label,
                "role": role_names[role],
                "rating": rating_names[rating],
                "rating_order": list(Rating).index(rating),
                "people": a.by_role.get(role, Counter())[rating],
            }
            for label, a in zip(labels, rows, strict=True)
            for role in rated
            for rating in Rating
        ],
        columns=["phase", "role", "rating", "rating_order", "people"],
    )
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X(
                "sum(people):Q",
                stack="normalize",
                title=None,
                axis=alt.Axis(format="%", labelFontSize=font_size, tickCount=4),
            ),
            y=alt.Y(
                "phase:N",
                sort=labels,
                title=None,
                axis=alt.Axis(labelLimit=320, labelFontSize=font_size),
            ),
            color=alt.Color(
                "rating:N",
                scale=alt.Scale(
                    domain=[rating_names[r] for r in Rating],
                    range=[RATING_COLOURS[r] for r in Rating],
                ),
                # Above the panels: the room reads the key first, and a screen's foot is cut off.
                legend=alt.Legend(
                    orient="top", title=None, labelFontSize=font_size, symbolSize=font_size * 12
                ),
            ),
            order=alt.Order("rating_order:Q"),
            column=alt.Column(
                "role:N",
                sort=[role_names[r] for r in rated],
                title=None,
                header=alt.Header(labelFontSize=font_size + 2, labelFontWeight="bold"),
            ),
            tooltip=["phase:N", "role:N", "rating:N", "people:Q"],
        )
        # A row tall enough for its label, so no phase name is dropped for lack of room.
        .properties(width=width, height=alt.Step(round(font_size * 2)))
    )


def consent(
    counts: dict[Role, Counter[int]],
    role_names: dict[Role, str],
    *,
    font_size: int = 13,
    height: int | None = None,
) -> alt.Chart:
    """Fist of five: how many showed each number of fingers, coloured by role (the roles in
    `counts` only: the facilitator's show is not counted, so it gets no colour in the key)."""
    roles = [r for r in Role if r in counts]
    data = pd.DataFrame(
        [
            {
                "fingers": fingers,
                "role": role_names[role],
                "people": counts.get(role, Counter())[fingers],
            }
            for role in roles
            for fingers in range(6)
        ],
        columns=["fingers", "role", "people"],
    )
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X(
                "fingers:O",
                scale=alt.Scale(domain=list(range(6))),
                title=None,
                axis=alt.Axis(labelAngle=0, labelFontSize=font_size + 4),
            ),
            y=alt.Y(
                "sum(people):Q",
                title=None,
                axis=alt.Axis(tickMinStep=1, labelFontSize=font_size),
            ),
            color=alt.Color(
                "role:N",
                scale=alt.Scale(
                    domain=[role_names[r] for r in roles], range=[ROLE_COLOURS[r] for r in roles]
                ),
                # Beside the bars, so a short chart keeps its height for the bars.
                legend=alt.Legend(orient="right", title=None, labelFontSize=font_size),
            ),
            tooltip=["fingers:O", "role:N", "people:Q"],
        )
    )
    return chart if height is None else chart.properties(height=height)
