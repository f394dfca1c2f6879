"""Metric results from a CSV or Excel file, with the same care as the feedback import: a preview
first, the rows that will be taken and the rows refused with their reason, and nothing stored
until the person says so.

A row holds a period, a value and, where the file has them, a unit and a metric. A file for
one metric needs no metric column (the person picks the metric); a unit column may be left out
or empty for the whole organisation.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from facilitator.errors import InvalidInput, KohtaamoError
from facilitator.files.tables import Cell, Table, guess
from facilitator.followup import metrics, units
from facilitator.followup.metrics import Result, Source, TrackedMetric
from facilitator.room.access import authorise_follow_up
from facilitator.store.db import Store

_PERIOD_HINTS = ("jakso", "kuukausi", "kk", "päivä", "pvm", "aika", "period", "month", "date")
_UNIT_HINTS = ("yksikkö", "myymälä", "toimipiste", "tiimi", "unit", "store", "team", "location")
_VALUE_HINTS = ("arvo", "tulos", "lukema", "value", "result", "figure")
_METRIC_HINTS = ("mittari", "metric", "measure")
# Words a file uses for the organisation as a whole, not one unit.
_WHOLE_WORDS = {"", "koko organisaatio", "yhteensä", "kaikki", "whole organisation", "total", "all"}


@dataclass(frozen=True)
class Columns:
    period: str | None
    value: str | None
    unit: str | None = None
    metric: str | None = None


@dataclass(frozen=True)
class Refused:
    """A row left out, with the reason in the catalog's words (shown in the user's language)."""

    line: int  # as a spreadsheet numbers it: the header is line 1
    key: str
    params: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Taken:
    line: int
    metric: TrackedMetric
    unit_id: int
    period: dt.date
    value: float
    replaces: float | None  # the value already stored for this metric, period and unit


@dataclass(frozen=True)
class Preview:
    taken: tuple[Taken, ...]
    refused: tuple[Refused, ...]
    empty: int  # rows with nothing in them, passed over


def guess_columns(table: Table, metric: TrackedMetric | None = None) -> Columns:
    """The columns that seem to hold the period, value, unit and metric. A file for one metric
    often names its value column after the metric: that counts as the value."""
    value = guess(table.columns, _VALUE_HINTS)
    if value is None and metric is not None:
        value = guess(table.columns, (metric.name.lower()[:20],))
    return Columns(
        guess(table.columns, _PERIOD_HINTS),
        value,
        guess(table.columns, _UNIT_HINTS),
        guess(table.columns, _METRIC_HINTS),
    )


def _text(cell: Cell) -> str:
    return " ".join(str(cell or "").split())


def _blank(row: dict[str, Cell]) -> bool:
    return not any(_text(v) for v in row.values())


def preview(
    store: Store,
    key: object,
    table: Table,
    columns: Columns,
    metric_id: int | None = None,
) -> Preview:
    """What the import would store: each row taken (with the value it replaces, if any) or
    refused with its reason. Nothing is stored."""
    workshop_id = authorise_follow_up(store, key)
    for chosen in (columns.period, columns.value, columns.unit, columns.metric):
        if chosen is not None and chosen not in table.columns:
            raise InvalidInput("error.choice", field="column")
    if columns.period is None or columns.value is None:
        raise InvalidInput("error.import_columns")
    followed = metrics.metrics(store, workshop_id)
    fixed = metrics.get(store, workshop_id, metric_id) if metric_id is not None else None
    if fixed is None and columns.metric is None:
        raise InvalidInput("error.import_which_metric")
    by_name = {m.name.casefold(): m for m in followed}
    unit_ids = {u.name.casefold(): u.id for u in units.list_units(store, workshop_id)}
    stored = {
        (r.metric_id, r.period, r.unit_id): r.value
        for series in metrics.results(store, workshop_id).values()
        for r in series
    }
    taken: dict[tuple[int, dt.date, int], Taken] = {}
    refused: list[Refused] = []
    empty = 0
    for line, row in enumerate(table.rows, start=2):
        if _blank(row):
            empty += 1
            continue
        try:
            found = _read(row, columns, fixed, by_name, unit_ids)
        except KohtaamoError as err:
            refused.append(Refused(line, err.key, dict(err.params)))
            continue
        same = (found.metric.id, found.period, found.unit_id)
        if same in taken:
            # Two rows for one period and unit: the later one would silently win; say so.
            refused.append(Refused(line, "error.import_twice", {"other": taken[same].line}))
            continue
        taken[same] = Taken(
            line, found.metric, found.unit_id, found.period, found.value, stored.get(same)
        )
    return Preview(tuple(taken.values()), tuple(refused), empty)


@dataclass(frozen=True)
class _Row:
    metric: TrackedMetric
    unit_id: int
    period: dt.date
    value: float


def _read(
    row: dict[str, Cell],
    columns: Columns,
    fixed: TrackedMetric | None,
    by_name: dict[str, TrackedMetric],
    unit_ids: dict[str, int],
) -> _Row:
    metric = fixed
    if metric is None:
        name = _text(row.get(columns.metric or "", ""))
        metric = by_name.get(name.casefold())
        if metric is None:
            raise InvalidInput("error.import_metric_unknown", name=name or "–")
    unit_name = _text(row.get(columns.unit, "")) if columns.unit else ""
    if unit_name.casefold() in _WHOLE_WORDS:
        unit_id = units.WHOLE
    elif unit_name.casefold() in unit_ids:
        unit_id = unit_ids[unit_name.casefold()]
    else:
        raise InvalidInput("error.import_unit_unknown", name=unit_name)
    raw_period = row.get(columns.period or "", "")
    period = metrics.period_of(metrics.read_period(raw_period), metric.frequency)
    raw_value = row.get(columns.value or "", "")
    if isinstance(raw_value, dt.date):
        raise InvalidInput("error.number", value=raw_value.isoformat())
    value = metrics.check_value(raw_value if isinstance(raw_value, float) else _text(raw_value))
    return _Row(metric, unit_id, period, value)


def store_preview(store: Store, key: object, shown: Preview) -> int:
    """Store the rows a preview took, in one transaction; returns how many. The preview is
    read again first, so a file is never stored against metrics that changed meanwhile."""
    workshop_id = authorise_follow_up(store, key)
    followed = {m.id: m for m in metrics.metrics(store, workshop_id)}
    known_units = {u.id for u in units.list_units(store, workshop_id)} | {units.WHOLE}
    for row in shown.taken:
        if followed.get(row.metric.id) != row.metric or row.unit_id not in known_units:
            raise InvalidInput("error.import_stale")
    metrics.store_results(
        store,
        workshop_id,
        [Result(t.metric.id, t.period, t.unit_id, t.value, Source.IMPORT) for t in shown.taken],
    )
    return len(shown.taken)
