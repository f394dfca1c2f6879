"""Altair chart builders: aggregates in, charts out, for the pages and the Word exports alike."""

from __future__ import annotations

import altair as alt
import pandas as pd

from facilitator.domain import Role
from facilitator.voting import Divergence, ItemResult

ROLE_COLOURS = {
    Role.MANAGEMENT: "#1f4e79",
    Role.FRONTLINE: "#0b6e4f",
    Role.FACILITATOR: "#8a6d3b",
    Role.OTHER: "#9aa0a6",
}


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def dots_by_role(
    ranked: list[ItemResult], role_names: dict[Role, str], *, title: str = "", top: int = 12
) -> alt.Chart:
    """Horizontal stacked bars: each item's dots, coloured by the voters' role."""
    rows = [
        {
            "item": _short(r.item.observation.text),
            "order": position,
            "role": role_names[role],
            "dots": r.by_role.get(role, 0),
        }
        for position, r in enumerate(ranked[:top])
        for role in Role
    ]
    data = pd.DataFrame(rows, columns=["item", "order", "role", "dots"])
    return (
        alt.Chart(data, title=title)
        .mark_bar()
        .encode(
            x=alt.X("sum(dots):Q", title=None, axis=alt.Axis(tickMinStep=1)),
            y=alt.Y(
                "item:N",
                sort=alt.EncodingSortField("order"),
                title=None,
                axis=alt.Axis(labelLimit=420, labelFontSize=13),
            ),
            color=alt.Color(
                "role:N",
                scale=alt.Scale(
                    domain=[role_names[r] for r in Role], range=[ROLE_COLOURS[r] for r in Role]
                ),
                legend=alt.Legend(orient="bottom", title=None),
            ),
            tooltip=["item:N", "role:N", "dots:Q"],
        )
    )


def divergence(
    rows: list[Divergence], management: str, frontline: str, *, top: int = 10
) -> alt.Chart:
    """Management's and the front line's share of their dots, item by item, widest gap first."""
    data = pd.DataFrame(
        [
            {"item": _short(d.item.observation.text), "order": i, "who": who, "share": share}
            for i, d in enumerate(rows[:top])
            for who, share in ((management, d.management_share), (frontline, d.frontline_share))
        ],
        columns=["item", "order", "who", "share"],
    )
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("share:Q", axis=alt.Axis(format="%"), title=None),
            y=alt.Y("who:N", title=None, axis=None),
            row=alt.Row(
                "item:N",
                sort=alt.EncodingSortField("order"),
                header=alt.Header(labelAngle=0, labelAlign="left", title=None),
                title=None,
            ),
            color=alt.Color(
                "who:N",
                scale=alt.Scale(
                    domain=[management, frontline],
                    range=[ROLE_COLOURS[Role.MANAGEMENT], ROLE_COLOURS[Role.FRONTLINE]],
                ),
                legend=alt.Legend(orient="bottom", title=None),
            ),
            tooltip=["item:N", "who:N", alt.Tooltip("share:Q", format=".0%")],
        )
    )
