"""Altair chart builders: aggregates in, charts out, for the pages and the Word exports alike."""

from __future__ import annotations

import altair as alt
import pandas as pd

from facilitator.domain import Role
from facilitator.phases import PhaseEvidence
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


def journey(
    rows: list[PhaseEvidence], dots: dict[int, int], strength: str, weakness: str
) -> alt.Chart:
    """Phases left to right; key strengths above the line and weaknesses below, sized by dots.

    An item with no dots still shows, with a height of one, so nothing placed disappears.
    """
    data = pd.DataFrame(
        [
            {
                "phase": f"{i + 1}. {e.phase.name}",
                "order": i,
                "item": _short(o.text, 80),
                "kind": label,
                "weight": sign * max(dots.get(o.id, 0), 1),
                "dots": dots.get(o.id, 0),
            }
            for i, e in enumerate(rows)
            for items, label, sign in ((e.strengths, strength, 1), (e.weaknesses, weakness, -1))
            for o in items
        ],
        columns=["phase", "order", "item", "kind", "weight", "dots"],
    )
    phases = [f"{i + 1}. {e.phase.name}" for i, e in enumerate(rows)]
    bars = (
        alt.Chart(data)
        .mark_bar(stroke="white", strokeWidth=1)
        .encode(
            x=alt.X(
                "phase:N",
                sort=phases,
                scale=alt.Scale(domain=phases),
                title=None,
                axis=alt.Axis(labelAngle=0, labelLimit=160, orient="top"),
            ),
            y=alt.Y("sum(weight):Q", title=None, axis=alt.Axis(labels=False, ticks=False)),
            color=alt.Color(
                "kind:N",
                scale=alt.Scale(domain=[strength, weakness], range=["#0b6e4f", "#b42318"]),
                legend=alt.Legend(orient="bottom", title=None),
            ),
            detail="item:N",
            tooltip=["phase:N", "kind:N", "item:N", "dots:Q"],
        )
    )
    zero = alt.Chart(pd.DataFrame({"y": [0]})).mark_rule(color="#333").encode(y="y:Q")
    return alt.layer(bars, zero)
