"""The trend chart of a followed metric (facilitator/charts/followup.py), read from its Vega-Lite
specification: the same builder for paper and screen, periods as the language writes them."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from facilitator.charts.followup import figure, period_label, trend
from facilitator.followup.metrics import Direction, Frequency, Result, Source, Status
from facilitator.followup.metrics import TrackedMetric as Metric
from facilitator.followup.summary import MetricView

JAN, FEB = dt.date(2027, 1, 1), dt.date(2027, 2, 1)


def _view(direction: Direction = Direction.HIGHER, results: tuple = ()) -> MetricView:
    metric = Metric(1, 1, "Jonotusaika kassalla", "min", direction, 6.0, 3.0, Frequency.MONTHLY)
    series = results or (
        Result(1, JAN, 7, 5.5, Source.HAND),
        Result(1, JAN, 8, 4.5, Source.HAND),
        Result(1, FEB, 7, 4.0, Source.HAND),
    )
    overall = ((JAN, 5.0), (FEB, 4.0))
    return MetricView(metric, series, overall, Status.ON_TRACK)


def _spec(**kwargs) -> str:  # type: ignore[no-untyped-def]
    chart = trend(_view(**kwargs.pop("view", {})), {7: "Tampere", 8: "Oulu"}, "fi", **kwargs)
    return json.dumps(chart.to_dict(), ensure_ascii=False)


def test_the_chart_names_each_unit_the_overall_line_the_baseline_and_the_target():
    spec = _spec(for_paper=True)
    for words in (
        "Tampere",
        "Oulu",
        "Kaikki yhteensä",
        "Tavoite 3\u00a0min",
        "Lähtötaso 6\u00a0min",
    ):
        assert words in spec


def test_a_lower_is_better_metric_says_so_on_its_chart():
    assert "Pienempi on parempi" in _spec(view={"direction": Direction.LOWER})
    assert "Suurempi on parempi" in _spec()


def test_periods_are_written_as_finnish_and_english_write_months():
    assert "tammi 2027" in _spec()
    assert period_label(FEB, Frequency.MONTHLY, "fi") == "helmikuu 2027"
    assert period_label(FEB, Frequency.MONTHLY, "en") == "February 2027"
    assert period_label(dt.date(2027, 4, 1), Frequency.QUARTERLY, "fi") == "2. neljännes 2027"
    assert period_label(dt.date(2027, 4, 1), Frequency.QUARTERLY, "en") == "Q2 2027"
    assert period_label(dt.date(2027, 2, 1), Frequency.WEEKLY, "fi") == "Viikko 5/2027"


def test_one_builder_serves_paper_and_screen_by_its_width():
    paper = json.loads(_spec(for_paper=True))
    screen = json.loads(_spec(width=500))
    assert paper["width"] == 880 and screen["width"] == 500
    # On paper the numbers are written the Finnish way by the chart itself; the page does it
    # on screen.
    assert paper["config"]["locale"]["number"]["decimal"] == ","
    assert "locale" not in screen.get("config", {})


def test_a_metric_without_results_has_no_chart():
    empty = MetricView(_view().metric, (), (), Status.NO_DATA)
    with pytest.raises(ValueError, match="no trend"):
        trend(empty, {}, "fi")


def test_a_figure_carries_its_measure_the_languages_way():
    assert figure(86.0, "% käynneistä", "fi") == "86\u00a0%\u00a0käynneistä"
    assert figure(86.5, "% of visits", "en") == "86.5%\u00a0of\u00a0visits"
    assert figure(4.25, "/ 5", "fi", short=True) == "4,2"
    assert figure(None, "%", "fi") == "–"
