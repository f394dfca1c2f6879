"""The journey chart for paper: every word legible at print size, nothing clipped or cut.

The screen chart (charts.journey) is sized for a room; on an A4 page at 16.6 cm its type
came out at 7 pt, phase names ran into each other and card texts were cut. This one lays the
phases out a few to a row, wraps every text to its column, sizes each card to its text and
shows at most `limit` cards a side per phase, saying "+N more" for the rest, which
`journey_overflow` returns so that the document can list them in an appendix.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

import altair as alt
import pandas as pd

from facilitator.charts import INK
from facilitator.domain import Language, Observation
from facilitator.i18n import t
from facilitator.phases import PhaseEvidence

WIDTH_PX = 880  # the chart's drawing width; the document places the whole image at 16.6 cm
PRINT_WIDTH_PT = 16.6 / 2.54 * 72
SMALLEST_PT = 9.0
PADDING_PX = 5  # Vega's default padding on each side, part of the placed image
# 9 pt at print size: the image (WIDTH_PX plus its padding) is shrunk to 16.6 cm.
FONT_PX = int(-(-SMALLEST_PT * (WIDTH_PX + 2 * PADDING_PX) // PRINT_WIDTH_PT))
HEADING_PX = FONT_PX + 1
LINE_PX = round(FONT_PX * 1.25)
PER_ROW = 3  # phases side by side: three columns of about 27 characters each
LIMIT = 4  # cards a side per phase before "+N more"
CHAR_PX = 0.58  # Vega's sans-serif (Liberation Sans / Arial) average width, a little generous
BOLD_CHAR_PX = 0.6
GAP_PX = 10
CARD_PAD_PX = 8
STRENGTH, WEAKNESS = "#0b6e4f", "#b42318"  # white text on both: 6.6:1 and 6.4:1 (WCAG AA)
LANE = "#f2f4f3"


@dataclass(frozen=True)
class Overflow:
    """The cards of one phase and side that the chart left out, most dots first."""

    phase: PhaseEvidence
    strengths: tuple[Observation, ...]
    weaknesses: tuple[Observation, ...]


def _ordered(items: tuple[Observation, ...], dots: dict[int, int]) -> list[Observation]:
    return sorted(items, key=lambda o: (-dots.get(o.id, 0), o.id))


def journey_overflow(
    rows: list[PhaseEvidence], dots: dict[int, int], limit: int = LIMIT
) -> list[Overflow]:
    """The observations the paper chart leaves out (beyond `limit` a side), by phase."""
    left = [
        Overflow(
            e,
            tuple(_ordered(e.strengths, dots)[limit:]),
            tuple(_ordered(e.weaknesses, dots)[limit:]),
        )
        for e in rows
    ]
    return [o for o in left if o.strengths or o.weaknesses]


def _column_chars(font: float) -> int:
    column = (WIDTH_PX - GAP_PX * (PER_ROW - 1)) / PER_ROW
    return max(8, int((column - 2 * CARD_PAD_PX) / (font * CHAR_PX)))


def _wrap(text: str, chars: int) -> list[str]:
    # Long words are broken only where a word is longer than the whole column (a URL, a code).
    return textwrap.wrap(text, chars, break_long_words=True, break_on_hyphens=False) or [""]


def _cards(
    e: PhaseEvidence,
    dots: dict[int, int],
    labels: tuple[str, str],
    lang: Language | str,
    limit: int,
) -> tuple[list[dict], float, float]:
    """One phase's cards in pixels from the line (up for strengths), and how far each side goes."""
    chars = _column_chars(FONT_PX)
    records, reach = [], {1: 0.0, -1: 0.0}
    for items, kind, sign in ((e.strengths, labels[0], 1), (e.weaknesses, labels[1], -1)):
        edge = 0.0
        ordered = _ordered(items, dots)
        for o in ordered[:limit]:
            n = dots.get(o.id, 0)
            lines = _wrap(o.text, chars) + ([f"● {n}"] if n else [])
            height = len(lines) * LINE_PX + 2 * CARD_PAD_PX
            records.append(
                {
                    "kind": kind,
                    "item": o.text,
                    "dots": n,
                    "label": "\n".join(lines),
                    "y0": sign * edge,
                    "y1": sign * (edge + height),
                    "top": sign * edge + (height if sign > 0 else 0) - CARD_PAD_PX,
                    "ink": "white",
                }
            )
            edge += height + 3
        if len(ordered) > limit:
            more = t(lang, "doc.chart.more", n=len(ordered) - limit)
            records.append(
                {
                    "kind": "",
                    "item": more,
                    "dots": 0,
                    "label": more,
                    "y0": None,
                    "y1": None,
                    "top": sign * edge + (LINE_PX if sign > 0 else 0) - 2,
                    "ink": INK,
                }
            )
            edge += LINE_PX + 4
        reach[sign] = edge
    return records, reach[1], reach[-1]


def _row(
    phases: list[tuple[str, PhaseEvidence]],
    dots: dict[int, int],
    labels: tuple[str, str],
    lang: Language | str,
    limit: int,
) -> alt.LayerChart:
    records, up, down = [], 0.0, 0.0
    for name, e in phases:
        cards, above, below = _cards(e, dots, labels, lang, limit)
        records += [{**c, "phase": name} for c in cards]
        up, down = max(up, above), max(down, below)
    up, down = max(up, 2 * LINE_PX), max(down, 2 * LINE_PX)
    # Empty columns keep a row of fewer phases as wide as the others: columns line up.
    names = [n for n, _ in phases] + [" " * (i + 1) for i in range(PER_ROW - len(phases))]
    data = pd.DataFrame(
        records, columns=["phase", "kind", "item", "dots", "label", "y0", "y1", "top", "ink"]
    )
    x = alt.X(
        "phase:N",
        sort=names,
        scale=alt.Scale(domain=names, paddingInner=GAP_PX / (WIDTH_PX / PER_ROW), paddingOuter=0),
        title=None,
        axis=alt.Axis(
            orient="top",
            labelAngle=0,
            labelExpr="split(datum.label, '\\n')",
            labelFontSize=HEADING_PX,
            labelFontWeight="bold",
            labelColor=INK,
            labelLimit=0,
            labelPadding=6,
            labelLineHeight=round(HEADING_PX * 1.2),
            ticks=False,
            domain=False,
        ),
    )
    scale = alt.Scale(domain=[-down, up], nice=False, zero=False)
    lanes = (
        alt.Chart(pd.DataFrame({"phase": [n for n, _ in phases], "top": up, "bottom": -down}))
        .mark_rect(color=LANE)
        .encode(x=x, y=alt.Y("bottom:Q", scale=scale, axis=None), y2="top:Q")
    )
    base = alt.Chart(data)
    cards = (
        base.transform_filter("datum.kind != ''")
        .mark_rect(cornerRadius=4)
        .encode(
            x=x,
            y=alt.Y("y0:Q", scale=scale, axis=None),
            y2="y1:Q",
            color=alt.Color(
                "kind:N",
                scale=alt.Scale(domain=list(labels), range=[STRENGTH, WEAKNESS]),
                legend=alt.Legend(
                    orient="bottom",
                    title=None,
                    labelFontSize=FONT_PX,
                    labelColor=INK,
                    symbolSize=FONT_PX * 12,
                ),
            ),
        )
    )
    texts = base.mark_text(
        fontSize=FONT_PX,
        lineHeight=LINE_PX,
        lineBreak="\n",
        baseline="top",
        align="left",
        dx=-(WIDTH_PX / PER_ROW - GAP_PX) / 2 + CARD_PAD_PX,
    ).encode(
        x=x,
        y=alt.Y("top:Q", scale=scale),
        text="label:N",
        color=alt.Color("ink:N", scale=None),
    )
    line = (
        alt.Chart(pd.DataFrame({"y": [0]}))
        .mark_rule(color=INK, strokeWidth=2)
        .encode(y=alt.Y("y:Q", scale=scale))
    )
    return alt.layer(lanes, cards, texts, line).properties(width=WIDTH_PX, height=round(up + down))


def journey_print(
    rows: list[PhaseEvidence],
    dots: dict[int, int],
    strength: str,
    weakness: str,
    lang: Language | str,
    *,
    limit: int = LIMIT,
) -> alt.VConcatChart:
    """The journey for an A4 page: PER_ROW phases a row, cards sized to their words, "+N more"."""
    # A heading has the whole column (no card padding); bold letters are a little wider.
    heading_chars = int((WIDTH_PX / PER_ROW - GAP_PX) / (HEADING_PX * BOLD_CHAR_PX))
    named = [
        ("\n".join(_wrap(f"{i + 1}. {e.phase.name}", heading_chars)), e) for i, e in enumerate(rows)
    ]
    groups = [named[i : i + PER_ROW] for i in range(0, len(named), PER_ROW)] or [[]]
    charts = [_row(group, dots, (strength, weakness), lang, limit) for group in groups]
    return alt.vconcat(*charts, spacing=18).configure_view(stroke=None)
