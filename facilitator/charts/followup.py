"""A followed metric's trend for the console and the follow-up report: a line per unit and the
overall line, with the baseline and the target as labelled rules.

One builder serves both: `for_paper` sizes every word for an A4 page at 16.6 cm (as
charts/paper.py does for the journey), and without it the chart is as wide as `width` for a
laptop's screen.
"""

from __future__ import annotations

import datetime as dt
import textwrap

import altair as alt
import pandas as pd
from babel.dates import format_date

from facilitator.charts.paper import FONT_PX, WIDTH_PX
from facilitator.charts.screen import INK
from facilitator.domain import Language
from facilitator.followup.metrics import Frequency
from facilitator.followup.summary import MetricView
from facilitator.followup.units import WHOLE
from facilitator.language import formats
from facilitator.language.i18n import t

# The overall line is the one leadership reads: dark and thick. The units are lighter, each its
# own hue, distinguishable from one another and from the rules in print.
OVERALL = INK
UNIT_COLOURS = ("#1f77b4", "#d95f02", "#7570b3", "#1b9e77", "#e7298a", "#66a61e", "#a6761d")
TARGET, BASELINE = "#0b6e4f", "#6b6b6b"
PAPER_HEIGHT_PX = 330  # with its title and legend, two charts and their text fit an A4 page
SCREEN_FONT_PX = 14


def period_label(day: dt.date, frequency: Frequency, lang: str, *, short: bool = False) -> str:
    """A period as the language writes it: "tammikuu 2027" / "January 2027" (short on a chart's
    axis: "tammi 2027" / "Jan 2027"), a quarter or a week by its number."""
    # The year as text: a number given to t() is grouped as a figure ("2 027").
    if frequency == Frequency.QUARTERLY:
        return t(lang, "doc.followup.quarter", n=(day.month - 1) // 3 + 1, year=str(day.year))
    if frequency == Frequency.WEEKLY:
        week = day.isocalendar()
        return t(lang, "doc.followup.week", n=week.week, year=str(week.year))
    pattern = "LLL yyyy" if short else "LLLL yyyy"
    return format_date(day, format=pattern, locale=formats.LOCALES[Language(lang)])


def figure(value: float | None, measure: str, lang: str, *, short: bool = False) -> str:
    """A result with its unit of measure, as the language writes it: "87,5 % käynneistä",
    "4,2 min". `short` (a table's column under one metric) keeps only a leading "%"."""
    if value is None:
        return "–"
    written = formats.decimal(value, lang, 0 if float(value).is_integer() else 1)
    if short:
        measure = "%" if measure.startswith("%") else ""
    if not measure:
        return written
    # Finnish writes a space before "%", British English none; a word always gets a space.
    # The spaces are non-breaking: "4,5 / 5" never wraps as "4,5 /" and "5".
    space = "" if measure.startswith("%") and lang == "en" else "\u00a0"
    return f"{written}{space}{measure.replace(' ', chr(0xA0))}"


def _records(view: MetricView, names: dict[int, str], lang: str) -> list[dict[str, object]]:
    frequency = view.metric.frequency
    overall = t(lang, "doc.followup.overall")
    rows = [
        {
            "period": period_label(period, frequency, lang, short=True),
            "day": period.isoformat(),
            "series": overall,
            "value": value,
        }
        for period, value in view.overall
    ]
    for r in view.results:
        if r.unit_id != WHOLE and r.unit_id in names:
            rows.append(
                {
                    "period": period_label(r.period, frequency, lang, short=True),
                    "day": r.period.isoformat(),
                    "series": names[r.unit_id],
                    "value": r.value,
                }
            )
    return rows


def trend(
    view: MetricView,
    unit_names: dict[int, str],
    lang: str,
    *,
    for_paper: bool = False,
    width: int = 640,
) -> alt.LayerChart:
    """The metric's results per period: the overall line, a thinner line per unit, and the
    baseline and target as labelled rules. `unit_names` maps unit id to name (WHOLE left out).
    A metric without results gets no chart: the caller says so in words instead."""
    if not view.overall:
        raise ValueError("a metric without results has no trend to draw")
    font = FONT_PX if for_paper else SCREEN_FONT_PX
    plot_width = WIDTH_PX if for_paper else width
    metric = view.metric
    rows = _records(view, unit_names, lang)
    overall = t(lang, "doc.followup.overall")
    units = [unit_names[u] for u in sorted({r.unit_id for r in view.results}) if u in unit_names]
    series = [overall, *units]
    colours = [OVERALL, *(UNIT_COLOURS[i % len(UNIT_COLOURS)] for i in range(len(units)))]
    periods = sorted({(r["day"], r["period"]) for r in rows})
    x = alt.X(
        "period:O",
        sort=[label for _, label in periods],
        title=None,
        axis=alt.Axis(labelAngle=0, labelFontSize=font, labelColor=INK, labelLimit=0),
    )
    values = [float(r["value"]) for r in rows]  # type: ignore[arg-type]
    # The baseline and the target are named in the legend, not beside their rules: a label on
    # the plot ran through the lines wherever the results came near the rule.
    rules = [
        (t(lang, key, value=figure(level, metric.measure, lang)), level, ink)
        for key, level, ink in (
            ("doc.followup.target_rule", metric.target, TARGET),
            ("doc.followup.baseline_rule", metric.baseline, BASELINE),
        )
        if level is not None
    ]
    levels = values + [level for _, level, _ in rules]
    low, high = min(levels), max(levels)
    room = (high - low) * 0.12 or abs(high) * 0.1 or 1.0
    scale = alt.Scale(domain=[low - room, high + room], nice=False, zero=False)
    y = alt.Y(
        "value:Q",
        scale=scale,
        title=metric.measure or None,
        axis=alt.Axis(
            labelFontSize=font, titleFontSize=font, labelColor=INK, titleColor=INK, tickCount=5
        ),
    )
    named = series + [words for words, _, _ in rules]
    # As many legend columns as fit the plot's width at the longest entry (about 0.55 of the
    # font size a character, and the symbol), so the legend never widens the image.
    entry = max(len(n) for n in named) * font * 0.55 + 4 * font
    colour = alt.Color(
        "series:N",
        sort=named,
        scale=alt.Scale(domain=named, range=colours + [ink for _, _, ink in rules]),
        legend=alt.Legend(
            orient="bottom",
            title=None,
            labelFontSize=font,
            labelColor=INK,
            labelLimit=0,
            symbolType="stroke",
            symbolStrokeWidth=3,
            symbolSize=font * 30,
            columns=max(1, min(len(named), 4, int(plot_width // entry))),
        ),
    )
    data = pd.DataFrame(rows, columns=["period", "day", "series", "value"])
    is_overall = alt.datum.series == overall
    lines = (
        alt.Chart(data)
        .mark_line(point=alt.OverlayMarkDef(size=font * 5, filled=True))
        .encode(
            x=x,
            y=y,
            color=colour,
            strokeWidth=alt.condition(is_overall, alt.value(4), alt.value(2)),
            order=alt.Order("day:N"),
        )
    )
    levels_frame = pd.DataFrame(
        {"series": [words for words, _, _ in rules], "value": [level for _, level, _ in rules]}
    )
    layers = (
        [
            alt.Chart(levels_frame)
            .mark_rule(strokeDash=[8, 4], strokeWidth=2)
            .encode(y=alt.Y("value:Q", scale=scale), color=colour)
        ]
        if rules
        else []
    )
    direction = t(lang, f"doc.followup.direction.{metric.direction.value}")
    if for_paper:
        # The document names the metric in the line above: the chart says which way is better.
        title = alt.TitleParams(direction, anchor="start", fontSize=font, color=INK)
    else:
        title = alt.TitleParams(
            textwrap.wrap(metric.name, max(30, width // 9)) or [""],
            subtitle=direction,
            anchor="start",
            fontSize=font + 1,
            color=INK,
            subtitleFontSize=font,
            subtitleColor=INK,
        )
    chart = alt.layer(*layers, lines).properties(
        width=plot_width,
        height=PAPER_HEIGHT_PX if for_paper else round(width * 0.45),
        title=title,
    )
    if for_paper:
        # On paper nothing else sets the numbers' language (the console's page does on screen).
        chart = chart.configure(locale={"number": formats.chart_locale(lang)}).configure_view(
            stroke=None
        )
    return chart
