"""Altair chart builders: aggregates in, charts out, for the pages and the Word exports alike."""

from __future__ import annotations

import textwrap

import altair as alt
import pandas as pd

from facilitator.domain import Role
from facilitator.steps.phases import PhaseEvidence
from facilitator.steps.voting import Divergence, ItemResult

ROLE_COLOURS = {
    Role.MANAGEMENT: "#1f4e79",
    Role.FRONTLINE: "#0b6e4f",
    Role.FACILITATOR: "#8a6d3b",
    Role.OTHER: "#9aa0a6",
}


# The pages' text colour, 13:1 on white: Streamlit draws a chart's labels in a grey of 3.7:1,
# below the 4.5:1 that text of this size needs (WCAG 1.4.3), and faint from a room's back row.
INK = "#2f2d2b"


# The least a projector's words may be at 1920x1080: read from 5 m, as the page's body text.
BODY_ON_PROJECTOR = 24


def legible(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """The chart with its axis, legend, header and title text in the pages' text colour."""
    return (
        chart.configure_axis(labelColor=INK, titleColor=INK)
        .configure_legend(labelColor=INK, titleColor=INK)
        .configure_header(labelColor=INK, titleColor=INK)
        .configure_title(color=INK)
    )


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def dots_by_role(
    ranked: list[ItemResult],
    role_names: dict[Role, str],
    *,
    title: str = "",
    top: int = 12,
    font_size: int = 13,
) -> alt.Chart:
    """Horizontal stacked bars: each item's dots, coloured by the voters' role.

    `font_size` is for the projector, where 13-pixel labels cannot be read from the back row.
    """
    # On a laptop the axis numbers and the legend step back a size or two; on the projector
    # every word is body text, at least BODY_ON_PROJECTOR (issue 14).
    quiet = font_size if font_size >= BODY_ON_PROJECTOR else font_size - 2
    # Long items wrap onto two lines, so the labels leave room for the bars at any type size.
    width = round(60 * 13 / font_size)
    rows = [
        {
            "item": "\n".join(
                textwrap.wrap(_short(r.item.observation.text), width, max_lines=2, placeholder=" …")
            ),
            "order": position,
            "role": role_names[role],
            "dots": r.by_role.get(role, 0),
        }
        for position, r in enumerate(ranked[:top])
        for role in Role
    ]
    data = pd.DataFrame(rows, columns=["item", "order", "role", "dots"])
    return (
        alt.Chart(data, title=alt.Title(title, fontSize=font_size + 2, anchor="start"))
        .mark_bar()
        .encode(
            x=alt.X(
                "sum(dots):Q",
                title=None,
                axis=alt.Axis(tickMinStep=1, labelFontSize=quiet),
            ),
            y=alt.Y(
                "item:N",
                sort=alt.EncodingSortField("order"),
                title=None,
                axis=alt.Axis(
                    labelExpr="split(datum.label, '\\n')",
                    labelFontSize=font_size,
                    labelLimit=0,
                ),
            ),
            color=alt.Color(
                "role:N",
                scale=alt.Scale(
                    domain=[role_names[r] for r in Role], range=[ROLE_COLOURS[r] for r in Role]
                ),
                # Two columns: four roles in a row would overrun a narrow plot and be cut off.
                legend=alt.Legend(orient="top", columns=2, title=None, labelFontSize=quiet),
            ),
            tooltip=["item:N", "role:N", "dots:Q"],
        )
        # A band per item tall enough for two lines of labels, so none is dropped for overlap.
        .properties(height=alt.Step(round(font_size * 2.6)))
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
    rows: list[PhaseEvidence],
    dots: dict[int, int],
    strength: str,
    weakness: str,
    *,
    big: bool = False,
) -> alt.LayerChart:
    """Phases left to right; key strengths above the line and weaknesses below, weighted by dots.

    Each item is a card with its own words, stacked out from the line, so the room can read
    the chart without hovering. A card grows with its dots, up to twice the height of a card
    with none, so the most backed items stand out and even a card without dots stays readable.
    `big` is for the projector: larger type on a wider screen. The chart sets its own height,
    which the text placement relies on.
    """

    # On the projector the cards' words are body text read from the back of the room: 24 px on
    # a 1920-pixel screen, as every other text there (issue 14), with fewer letters a line.
    font = BODY_ON_PROJECTOR if big else 14
    line_height = round(font * 1.25)
    unit = 4 * line_height + 12  # the smallest card: three lines of text and the dots
    wrap = max(12, min(40, (130 if big else 150) // max(len(rows), 1)))
    phases = [
        "\n".join(textwrap.wrap(f"{i + 1}. {e.phase.name}", wrap)) for i, e in enumerate(rows)
    ]
    most = max((dots.get(o.id, 0) for e in rows for o in (*e.strengths, *e.weaknesses)), default=0)
    records = []
    reach = {1: 0.0, -1: 0.0}
    for phase, e in zip(phases, rows, strict=True):
        for items, label, sign in ((e.strengths, strength, 1), (e.weaknesses, weakness, -1)):
            edge = 0.0
            for o in sorted(items, key=lambda o: (-dots.get(o.id, 0), o.id)):
                n = dots.get(o.id, 0)
                size = 1 + (n / most if most else 0)
                lines = textwrap.wrap(o.text, wrap, max_lines=3, placeholder=" …")
                records.append(
                    {
                        "phase": phase,
                        "item": o.text,
                        "kind": label,
                        "dots": n,
                        "label": "\n".join([*lines, f"● {n}"] if n else lines),
                        "y0": sign * edge,
                        "y1": sign * (edge + size),
                        "mid": sign * (edge + size / 2),
                    }
                )
                edge += size
            reach[sign] = max(reach[sign], edge)
    up, down = max(reach[1], 0.5), max(reach[-1], 0.5)
    plot = max(4 * unit, round(unit * (up + down)))
    # Streamlit fits the whole chart, phase names and legend included, into the height given.
    names = max((p.count("\n") + 1 for p in phases), default=1) * round((font + 2) * 1.25) + 8
    legend = font + 30
    for r in records:
        # Vega puts the first line of a multi-line text at y; lift it so the block is centred.
        r["mid"] += r["label"].count("\n") / 2 * line_height * (up + down) / plot
    data = pd.DataFrame(
        records, columns=["phase", "item", "kind", "dots", "label", "y0", "y1", "mid"]
    )
    x = alt.X(
        "phase:N",
        sort=phases,
        scale=alt.Scale(domain=phases, paddingInner=0.06),
        title=None,
        axis=alt.Axis(
            orient="top",
            labelAngle=0,
            labelExpr="split(datum.label, '\\n')",
            labelFontSize=font + 2,
            labelFontWeight="bold",
            labelColor="#222",
            labelLimit=0,
            labelPadding=8,
            ticks=False,
            domain=False,
        ),
    )
    scale = alt.Scale(domain=[-down, up], nice=False)
    lanes = (
        alt.Chart(pd.DataFrame({"phase": phases, "top": up, "bottom": -down}))
        .mark_rect(color="#f2f4f3")
        .encode(x=x, y=alt.Y("bottom:Q", scale=scale, axis=None), y2="top:Q")
    )
    base = alt.Chart(data)
    cards = base.mark_rect(stroke="white", strokeWidth=3, cornerRadius=6).encode(
        x=x,
        y=alt.Y("y0:Q", scale=scale, axis=None),
        y2="y1:Q",
        color=alt.Color(
            "kind:N",
            scale=alt.Scale(domain=[strength, weakness], range=["#0b6e4f", "#b42318"]),
            legend=alt.Legend(orient="bottom", title=None, labelFontSize=font, symbolSize=250),
        ),
        tooltip=[
            alt.Tooltip("kind:N", title=None),
            alt.Tooltip("item:N", title=None),
            alt.Tooltip("dots:Q", title="●"),
        ],
    )
    # Lines are split in the browser: a list would reach Vega as one string once the data
    # has been through Arrow.
    texts = base.mark_text(
        color="white", fontSize=font, lineHeight=line_height, lineBreak="\n"
    ).encode(x=x, y=alt.Y("mid:Q", scale=scale), text="label:N")
    line = (
        alt.Chart(pd.DataFrame({"y": [0]}))
        .mark_rule(color="#333", strokeWidth=2)
        .encode(y=alt.Y("y:Q", scale=scale))
    )
    return alt.layer(lanes, cards, texts, line).properties(
        height=plot + names + legend, view=alt.ViewBackground(stroke=None)
    )
