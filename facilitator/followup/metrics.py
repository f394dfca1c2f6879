"""Metrics over time: the plan's metrics with their phase, unit of measure, direction, baseline,
target and rhythm, their results per period and unit, and where each one stands."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass
from enum import StrEnum

from facilitator.errors import InvalidInput, NotFound
from facilitator.followup.units import WHOLE, check_unit
from facilitator.language import formats
from facilitator.language.text import one_line
from facilitator.room.access import authorise_follow_up
from facilitator.steps import plan
from facilitator.steps.phases import list_phases
from facilitator.store import clock
from facilitator.store.db import Store

MAX_NAME = 200
MAX_MEASURE = 40
MAX_METRICS = 40
# A result far outside any figure a metric of this kind takes is a typo (a share of 6 200 %).
LARGEST = 1e9


class Direction(StrEnum):
    HIGHER = "higher"
    LOWER = "lower"


class Frequency(StrEnum):
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"


class Status(StrEnum):
    ON_TRACK = "on_track"
    BEHIND = "behind"
    NO_DATA = "no_data"


class Source(StrEnum):
    HAND = "hand"
    IMPORT = "import"


@dataclass(frozen=True)
class TrackedMetric:
    id: int
    phase_id: int | None
    name: str
    measure: str
    direction: Direction
    baseline: float | None
    target: float | None
    frequency: Frequency

    def better(self, value: float, than: float) -> bool:
        """Whether `value` is better than `than` in this metric's direction."""
        return value > than if self.direction == Direction.HIGHER else value < than

    def reached(self, value: float) -> bool:
        """Whether `value` is at or past the target."""
        if self.target is None:
            return False
        return value == self.target or self.better(value, self.target)


@dataclass(frozen=True)
class Result:
    metric_id: int
    period: dt.date
    unit_id: int
    value: float
    source: Source


_COLUMNS = "id, phase_id, name, measure, direction, baseline, target, frequency"


def _metric(row: tuple) -> TrackedMetric:
    i, phase_id, name, measure, direction, baseline, target, frequency = row
    return TrackedMetric(
        i, phase_id, name, measure, Direction(direction), baseline, target, Frequency(frequency)
    )


def metrics(store: Store, workshop_id: int) -> list[TrackedMetric]:
    """The metrics followed, in the plan's order."""
    with store.read() as cur:
        rows = cur.execute(
            f"SELECT {_COLUMNS} FROM tracked_metrics WHERE workshop_id = ?"  # noqa: S608
            " ORDER BY position, id",
            [workshop_id],
        ).fetchall()
    return [_metric(r) for r in rows]


def get(store: Store, workshop_id: int, metric_id: object) -> TrackedMetric:
    """One metric of this workshop, else NotFound."""
    for metric in metrics(store, workshop_id):
        if metric.id == metric_id:
            return metric
    raise NotFound("error.metric_not_found")


_LOWER_WORDS = re.compile(
    r"\b(enintään|korkeintaan|alle|at most|under|below|no more than|less than)\b", re.I
)
# Not "min" or "max": they are minutes and maxima as often as at least and at most ("4 min").
_HIGHER_WORDS = re.compile(r"\b(vähintään|yli|at least|over|above|more than)\b", re.I)


def read_plan_row(row: dict[str, str]) -> dict[str, object]:
    """What a metric row of the plan, written as words ("62 % käynneistä" -> "90 %"), says in
    figures: baseline, target, unit of measure and direction. Nothing is guessed that the
    words do not say: a target without a number stays empty, to be filled in the follow-up."""
    baseline = formats.first_number(row.get("baseline") or "")
    target = formats.first_number(row.get("target") or "")
    measure = (target or baseline or (0.0, ""))[1]
    measure = re.sub(_LOWER_WORDS, "", re.sub(_HIGHER_WORDS, "", measure)).strip()
    words = f"{row.get('target') or ''} {row.get('what') or ''}"
    if _LOWER_WORDS.search(words):
        direction = Direction.LOWER
    elif _HIGHER_WORDS.search(words) or baseline is None or target is None:
        direction = Direction.HIGHER
    else:
        direction = Direction.LOWER if target[0] < baseline[0] else Direction.HIGHER
    return {
        "name": " ".join((row.get("what") or "").split())[:MAX_NAME],
        "phase_id": int(row["phase"]) if (row.get("phase") or "").isdigit() else None,
        "measure": measure[:MAX_MEASURE],
        "direction": direction,
        "baseline": baseline[0] if baseline else None,
        "target": target[0] if target else None,
        "frequency": _frequency(row.get("frequency") or ""),
    }


def _frequency(words: str) -> Frequency:
    said = words.casefold()
    if any(w in said for w in ("viik", "week")):
        return Frequency.WEEKLY
    if any(w in said for w in ("neljännes", "kvartaa", "quarter")):
        return Frequency.QUARTERLY
    return Frequency.MONTHLY


def take_from_plan(store: Store, key: object) -> list[TrackedMetric]:
    """Follow each metric of the plan not yet followed (by name), read into figures; returns
    the metrics followed now. Taking twice adds nothing."""
    workshop_id = authorise_follow_up(store, key)
    have = {m.name.casefold() for m in metrics(store, workshop_id)}
    phase_ids = {p.id for p in list_phases(store, workshop_id)}
    new = []
    for row in plan.rows(store, workshop_id, plan.Section.METRICS):
        read = read_plan_row(row)
        if not read["name"] or str(read["name"]).casefold() in have:
            continue
        if read["phase_id"] not in phase_ids:
            read["phase_id"] = None
        have.add(str(read["name"]).casefold())
        new.append(read)
    if new:
        _insert(store, workshop_id, new)
    return metrics(store, workshop_id)


def _insert(store: Store, workshop_id: int, new: list[dict[str, object]]) -> None:
    with store.write() as cur:
        (count,) = cur.execute(
            "SELECT count(*) FROM tracked_metrics WHERE workshop_id = ?", [workshop_id]
        ).fetchone()
        if count + len(new) > MAX_METRICS:
            raise InvalidInput("error.too_many_metrics", max=MAX_METRICS)
        for position, m in enumerate(new, start=count):
            cur.execute(
                "INSERT INTO tracked_metrics (workshop_id, phase_id, name, measure, direction,"
                " baseline, target, frequency, position, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    workshop_id,
                    m["phase_id"],
                    m["name"],
                    m["measure"],
                    str(m["direction"]),
                    m["baseline"],
                    m["target"],
                    str(m["frequency"]),
                    position,
                    clock.now(),
                ],
            )
    store.live.bump_state(workshop_id)


def _optional_number(value: object, field: str) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = formats.parse_number(value)
    except InvalidInput as exc:
        raise InvalidInput("error.number_field", field=field, value=str(value)) from exc
    if abs(number) > LARGEST:
        raise InvalidInput("error.number_too_large", field=field)
    return number


def _checked(
    store: Store,
    workshop_id: int,
    name: object,
    phase_id: int | None,
    measure: object,
    direction: object,
    baseline: object,
    target: object,
    frequency: object,
) -> dict[str, object]:
    if phase_id is not None and phase_id not in {p.id for p in list_phases(store, workshop_id)}:
        raise NotFound("error.phase_not_found")
    try:
        chosen_direction = Direction(direction or Direction.HIGHER)
    except ValueError as exc:
        raise InvalidInput("error.choice", field="direction") from exc
    try:
        chosen_frequency = Frequency(frequency or Frequency.MONTHLY)
    except ValueError as exc:
        raise InvalidInput("error.choice", field="frequency") from exc
    return {
        "phase_id": phase_id,
        "name": one_line(name, field="metric", max_len=MAX_NAME),
        "measure": one_line(measure or "", field="measure", max_len=MAX_MEASURE, required=False),
        "direction": chosen_direction,
        "baseline": _optional_number(baseline, "baseline"),
        "target": _optional_number(target, "target"),
        "frequency": chosen_frequency,
    }


def add_metric(
    store: Store,
    key: object,
    *,
    name: object,
    phase_id: int | None = None,
    measure: object = "",
    direction: object = Direction.HIGHER,
    baseline: object = None,
    target: object = None,
    frequency: object = Frequency.MONTHLY,
) -> TrackedMetric:
    """A metric followed beside the plan's; a name already followed is refused."""
    workshop_id = authorise_follow_up(store, key)
    checked = _checked(
        store, workshop_id, name, phase_id, measure, direction, baseline, target, frequency
    )
    taken = {m.name.casefold() for m in metrics(store, workshop_id)}
    if str(checked["name"]).casefold() in taken:
        raise InvalidInput("error.metric_twice", name=checked["name"])
    _insert(store, workshop_id, [checked])
    return next(m for m in metrics(store, workshop_id) if m.name == checked["name"])


def update_metric(
    store: Store,
    key: object,
    metric_id: int,
    *,
    name: object,
    phase_id: int | None = None,
    measure: object = "",
    direction: object = Direction.HIGHER,
    baseline: object = None,
    target: object = None,
    frequency: object = Frequency.MONTHLY,
) -> TrackedMetric:
    """Change what a metric is (its results stay)."""
    workshop_id = authorise_follow_up(store, key)
    get(store, workshop_id, metric_id)
    checked = _checked(
        store, workshop_id, name, phase_id, measure, direction, baseline, target, frequency
    )
    clash = [
        m
        for m in metrics(store, workshop_id)
        if m.name.casefold() == str(checked["name"]).casefold() and m.id != metric_id
    ]
    if clash:
        raise InvalidInput("error.metric_twice", name=checked["name"])
    with store.write() as cur:
        cur.execute(
            "UPDATE tracked_metrics SET phase_id = ?, name = ?, measure = ?, direction = ?,"
            " baseline = ?, target = ?, frequency = ? WHERE id = ?",
            [
                checked["phase_id"],
                checked["name"],
                checked["measure"],
                str(checked["direction"]),
                checked["baseline"],
                checked["target"],
                str(checked["frequency"]),
                metric_id,
            ],
        )
    store.live.bump_state(workshop_id)
    return get(store, workshop_id, metric_id)


def remove_metric(store: Store, key: object, metric_id: int) -> None:
    """Stop following a metric that has no results yet; one with results is refused."""
    workshop_id = authorise_follow_up(store, key)
    get(store, workshop_id, metric_id)
    with store.write() as cur:
        (count,) = cur.execute(
            "SELECT count(*) FROM metric_results WHERE metric_id = ?", [metric_id]
        ).fetchone()
        if count:
            raise InvalidInput("error.metric_has_results", n=count)
        cur.execute("DELETE FROM tracked_metrics WHERE id = ?", [metric_id])
    store.live.bump_state(workshop_id)


def period_of(day: dt.date, frequency: Frequency) -> dt.date:
    """The first day of the period `day` falls in: its Monday, month or quarter."""
    if frequency == Frequency.WEEKLY:
        return day - dt.timedelta(days=day.weekday())
    if frequency == Frequency.QUARTERLY:
        return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return day.replace(day=1)


def read_period(value: object) -> dt.date:
    """A period as typed: a day (15.1.2027, 2027-01-15), a month ("1/2027", "2027-01") or a
    quarter ("Q1 2027", "2027 Q1"); InvalidInput("error.period") otherwise."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    typed = " ".join(str(value or "").split())
    if found := re.fullmatch(r"(?:Q([1-4])\s*(\d{4})|(\d{4})\s*Q([1-4]))", typed, re.I):
        quarter, year = (found[1], found[2]) if found[1] else (found[4], found[3])
        return dt.date(int(year), 3 * (int(quarter) - 1) + 1, 1)
    if found := re.fullmatch(r"(\d{1,2})\s*[/.]\s*(\d{4})|(\d{4})-(\d{1,2})", typed):
        month, year = (found[1], found[2]) if found[1] else (found[4], found[3])
        if 1 <= int(month) <= 12 and formats.FIRST_YEAR <= int(year) <= formats.LAST_YEAR:
            return dt.date(int(year), int(month), 1)
        raise InvalidInput("error.period", value=typed)
    try:
        return formats.parse_date(typed)
    except InvalidInput as exc:
        raise InvalidInput("error.period", value=typed) from exc


def check_value(value: object) -> float:
    """A result as typed ("87,5", "87.5 %"), else InvalidInput naming it."""
    number = formats.parse_number(value)
    if abs(number) > LARGEST:
        raise InvalidInput("error.number_too_large", field="value")
    return number


def record(
    store: Store,
    key: object,
    metric_id: int,
    period: object,
    unit_id: int,
    value: object,
    source: Source = Source.HAND,
) -> Result:
    """Store a metric's result for a period and a unit (or WHOLE); a second result for the same
    period and unit replaces the first."""
    workshop_id = authorise_follow_up(store, key)
    metric = get(store, workshop_id, metric_id)
    unit = check_unit(store, workshop_id, unit_id, whole=True)
    result = Result(
        metric.id,
        period_of(read_period(period), metric.frequency),
        unit,
        check_value(value),
        source,
    )
    store_results(store, workshop_id, [result])
    return result


def store_results(store: Store, workshop_id: int, new: list[Result]) -> None:
    """Checked results into the store in one transaction, each replacing any for its metric,
    period and unit (used by `record` and the import)."""
    with store.write() as cur:
        for r in new:
            cur.execute(
                "DELETE FROM metric_results WHERE metric_id = ? AND period = ? AND unit_id = ?",
                [r.metric_id, r.period, r.unit_id],
            )
            cur.execute(
                "INSERT INTO metric_results (workshop_id, metric_id, period, unit_id, value,"
                " source, entered_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    workshop_id,
                    r.metric_id,
                    r.period,
                    r.unit_id,
                    r.value,
                    str(r.source),
                    clock.now(),
                ],
            )
    store.live.bump_state(workshop_id)


def remove_result(store: Store, key: object, metric_id: int, period: object, unit_id: int) -> None:
    """Take back one result (a typo stored by hand)."""
    workshop_id = authorise_follow_up(store, key)
    get(store, workshop_id, metric_id)
    with store.write() as cur:
        cur.execute(
            "DELETE FROM metric_results WHERE metric_id = ? AND period = ? AND unit_id = ?",
            [metric_id, read_period(period), unit_id],
        )
    store.live.bump_state(workshop_id)


def results(store: Store, workshop_id: int) -> dict[int, list[Result]]:
    """Metric id -> its results, oldest period first."""
    with store.read() as cur:
        rows = cur.execute(
            "SELECT metric_id, period, unit_id, value, source FROM metric_results"
            " WHERE workshop_id = ? ORDER BY period, unit_id",
            [workshop_id],
        ).fetchall()
    found: dict[int, list[Result]] = defaultdict(list)
    for metric_id, period, unit_id, value, source in rows:
        found[metric_id].append(Result(metric_id, period, unit_id, value, Source(source)))
    return dict(found)


def overall(series: list[Result]) -> list[tuple[dt.date, float]]:
    """Per period, the result for the whole organisation where one was given, else the mean of
    the units' results that period."""
    by_period: dict[dt.date, list[Result]] = defaultdict(list)
    for r in series:
        by_period[r.period].append(r)
    points = []
    for period in sorted(by_period):
        given = by_period[period]
        whole = [r.value for r in given if r.unit_id == WHOLE]
        values = whole or [r.value for r in given]
        points.append((period, whole[0] if whole else sum(values) / len(values)))
    return points


def status(metric: TrackedMetric, points: list[tuple[dt.date, float]]) -> Status:
    """On track: the latest result is at or past the target, or better than the baseline and no
    worse than the result before it (without a baseline: no worse than the one before, and
    there is one). Behind: any other result. No data: no result yet."""
    if not points:
        return Status.NO_DATA
    latest = points[-1][1]
    if metric.reached(latest):
        return Status.ON_TRACK
    previous = points[-2][1] if len(points) > 1 else metric.baseline
    if previous is None:
        # No baseline and one result: nothing says it moved toward the target yet.
        return Status.BEHIND
    past_baseline = metric.baseline is None or metric.better(latest, metric.baseline)
    holding = not metric.better(previous, latest)
    return Status.ON_TRACK if past_baseline and holding else Status.BEHIND
