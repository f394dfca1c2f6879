"""The journey chart for paper: every word legible at print size, nothing clipped or cut.

The screen chart (screen.journey) is sized for a room; on an A4 page at 16.6 cm its type
came out at 7 pt, phase names ran into each other and card texts were cut. This one lays the
phases out a few to a row, one image a row, wraps every text to its column, sizes each card
to its text and shows at most `limit` cards a side per phase (fewer when they would not fit
a page), saying "+N more" for the rest, which `journey_overflow` returns so that the
document can list them in an appendix.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

import altair as alt
import pandas as pd

from facilitator.charts.screen import INK
from facilitator.domain import Language, Observation
from facilitator.language.i18n import t
from facilitator.steps.phases import PhaseEvidence

WIDTH_PX = 880  # the chart's drawing width; the document places the whole image at 16.6 cm
PRINT_WIDTH_PT = 16.6 / 2.54 * 72
SMALLEST_PT = 9.0
PADDING_PX = 5  # Vega's default padding on each side, part of the placed image
# 9 pt at print size: the image (WIDTH_PX plus its padding) is shrunk to 16.6 cm.
FONT_PX = int(-(-SMALLEST_PT * (WIDTH_PX + 2 * PADDING_PX) // PRINT_WIDTH_PT))
HEADING_PX = FONT_PX + 1
LINE_PX = round(FONT_PX * 1.25)
HEADING_LINE_PX = round(HEADING_PX * 1.2)
PER_ROW = 3  # phases side by side: three columns of about 27 characters each
LIMIT = 4  # cards a side per phase before "+N more"
# Vega's sans-serif (Liberation Sans, Arial's metrics): Finnish and English running text
# averages 0.48 of the font size a character; a line wider than its card is cut at the card's
# edge by the text mark's limit, so a line of wide letters cannot run out of its card.
CHAR_PX = 0.52
BOLD_CHAR_PX = 0.6
GAP_PX = 10
CARD_GAP_PX = 3
# How far the cards of one side may reach from the line: a row of phases (both sides and the
# headings) then fits an A4 page, whose 25.7 cm of text height is about 1,380 px at this scale.
SIDE_PX = 600  # two cards of the longest observation (280 characters) fit
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


def _lines(o: Observation, dots: dict[int, int]) -> list[str]:
    """A card's lines: its words wrapped to the column, then its dots."""
    n = dots.get(o.id, 0)
    return _wrap(o.text, _column_chars(FONT_PX)) + ([f"● {n}"] if n else [])


def _card_height(lines: list[str]) -> float:
    return len(lines) * LINE_PX + 2 * CARD_PAD_PX


def _split(
    items: tuple[Observation, ...], dots: dict[int, int], limit: int
) -> tuple[list[Observation], list[Observation]]:
    """The cards a side shows (at most `limit`, and no taller than SIDE_PX) and the rest."""
    ordered, used = _ordered(items, dots), 0.0
    for shown, o in enumerate(ordered[:limit]):
        used += _card_height(_lines(o, dots)) + CARD_GAP_PX
        # The first card always shows: a single card of the longest text fits the side.
        if shown and used > SIDE_PX:
            return ordered[:shown], ordered[shown:]
    return ordered[:limit], ordered[limit:]


def journey_overflow(
    rows: list[PhaseEvidence], dots: dict[int, int], limit: int = LIMIT
) -> list[Overflow]:
    """The observations the paper chart leaves out (beyond `limit` or a page), by phase."""
    left = [
        Overflow(
            e,
            tuple(_split(e.strengths, dots, limit)[1]),
            tuple(_split(e.weaknesses, dots, limit)[1]),
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
    records, reach = [], {1: 0.0, -1: 0.0}
    for items, kind, sign in ((e.strengths, labels[0], 1), (e.weaknesses, labels[1], -1)):
        edge = 0.0
        shown, rest = _split(items, dots, limit)
        for o in shown:
            n = dots.get(o.id, 0)
            lines = _lines(o, dots)
            height = _card_height(lines)
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
            edge += height + CARD_GAP_PX
        if rest:
            more = t(lang, "doc.chart.more", n=len(rest))
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


def _headings(names: list[str], x: alt.X) -> alt.Chart:
    """The phase names above their columns, each wrapped within its column, top-aligned.

    Drawn as text rather than as axis labels: Vega puts a multi-line label's later lines
    below the axis, into the cards.
    """
    lines = max((n.count("\n") + 1 for n in names), default=1)
    return (
        alt.Chart(pd.DataFrame({"phase": names}))
        .mark_text(
            fontSize=HEADING_PX,
            fontWeight="bold",
            lineHeight=HEADING_LINE_PX,
            lineBreak="\n",
            baseline="top",
            align="center",
            color=INK,
        )
        .encode(x=x, y=alt.value(0), text="phase:N")
        .properties(width=WIDTH_PX, height=lines * HEADING_LINE_PX)
    )


def _row(
    phases: list[tuple[str, PhaseEvidence]],
    dots: dict[int, int],
    labels: tuple[str, str],
    lang: Language | str,
    limit: int,
    *,
    legend: bool,
) -> alt.VConcatChart:
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
        axis=None,
    )
    scale = alt.Scale(domain=[-down, up], nice=False, zero=False)
    lanes = (
        alt.Chart(pd.DataFrame({"phase": [n for n, _ in phases], "top": up, "bottom": -down}))
        .mark_rect(color=LANE)
        .encode(x=x, y=alt.Y("bottom:Q", scale=scale, axis=None), y2="top:Q")
    )
    base = alt.Chart(data)
    key = alt.Legend(
        orient="bottom",
        title=None,
        labelFontSize=FONT_PX,
        labelColor=INK,
        symbolSize=FONT_PX * 12,
    )
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
                legend=key if legend else None,
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
        limit=WIDTH_PX / PER_ROW - GAP_PX - 2 * CARD_PAD_PX,
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
    plot = alt.layer(lanes, cards, texts, line).properties(width=WIDTH_PX, height=round(up + down))
    return alt.vconcat(_headings(names, x), plot, spacing=6).configure_view(stroke=None)


def journey_print(
    rows: list[PhaseEvidence],
    dots: dict[int, int],
    strength: str,
    weakness: str,
    lang: Language | str,
    *,
    limit: int = LIMIT,
) -> list[alt.VConcatChart]:
    """The journey for A4 pages, one image a row of PER_ROW phases (Word breaks pages between).

    Cards are sized to their words; a side shows at most `limit` cards and SIDE_PX of them,
    and says "+N more" for the rest. The legend goes under the last row.
    """
    # A heading has the whole column (no card padding); bold letters are a little wider.
    heading_chars = int((WIDTH_PX / PER_ROW - GAP_PX) / (HEADING_PX * BOLD_CHAR_PX))
    named = [
        ("\n".join(_wrap(f"{i + 1}. {e.phase.name}", heading_chars)), e) for i, e in enumerate(rows)
    ]
    groups = [named[i : i + PER_ROW] for i in range(0, len(named), PER_ROW)] or [[]]
    return [
        _row(group, dots, (strength, weakness), lang, limit, legend=i == len(groups) - 1)
        for i, group in enumerate(groups)
    ]
