"""The whole follow-up of a workshop at one moment, read once: what the follow-up report, the
workbook, `kohtaamo show --json` and the console's overview are made from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from facilitator.domain import Role
from facilitator.followup import metrics, milestones, pulse, rounds, units, versions
from facilitator.followup.metrics import Result, Status, TrackedMetric
from facilitator.followup.milestones import Coaching, Milestone
from facilitator.followup.pulse import PhaseShift
from facilitator.followup.rounds import PhaseSeen, Tally, Visit
from facilitator.followup.units import Unit
from facilitator.steps.phases import Phase, list_phases
from facilitator.store import clock
from facilitator.store.db import Store


@dataclass(frozen=True)
class MetricView:
    """A metric with its results: per unit, overall, and where it stands."""

    metric: TrackedMetric
    results: tuple[Result, ...]
    overall: tuple[tuple[dt.date, float], ...]
    status: Status

    def by_unit(self, unit_id: int) -> list[tuple[dt.date, float]]:
        """One unit's series (or WHOLE's), oldest period first."""
        return [(r.period, r.value) for r in self.results if r.unit_id == unit_id]

    @property
    def latest(self) -> float | None:
        return self.overall[-1][1] if self.overall else None


@dataclass(frozen=True)
class PulseView:
    pulse: pulse.Pulse
    answers: int
    shifts: tuple[PhaseShift, ...]
    fist: dict[Role, dict[int, int]]
    # Unit id -> its shifts, for the units whose staff answered: old habits may come back in
    # one store first.
    by_unit: dict[int, tuple[PhaseShift, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class FollowUp:
    workshop_id: int
    today: dt.date
    units: tuple[Unit, ...]
    phases: tuple[Phase, ...]
    metrics: tuple[MetricView, ...]
    visits: tuple[Visit, ...]
    seen_by_phase: tuple[PhaseSeen, ...]
    milestones: tuple[Milestone, ...]
    coaching: tuple[Coaching, ...]
    pulses: tuple[PulseView, ...]
    version: int
    previous_id: int | None
    next_id: int | None

    def phase_name(self, phase_id: int | None) -> str:
        """A phase's name by id ("" for none or a phase since removed)."""
        return next((p.name for p in self.phases if p.id == phase_id), "")

    def metrics_of(self, phase_id: int) -> list[MetricView]:
        return [m for m in self.metrics if m.metric.phase_id == phase_id]

    def seen_of(self, phase_id: int) -> PhaseSeen | None:
        return next((s for s in self.seen_by_phase if s.phase.id == phase_id), None)

    def tallies(self, unit_id: int | None = None) -> dict[tuple[int, str], Tally]:
        """(phase id, behaviour) -> how often it was seen (in one unit, or all)."""
        return rounds.by_behaviour(list(self.visits), unit_id)

    def standing_out(self) -> list[Phase]:
        """Critical phases whose metric looks fine (on track) while their fixed behaviours are
        seldom seen: numbers hide how an encounter actually went."""
        found = []
        for phase in self.phases:
            seen = self.seen_of(phase.id)
            on_track = [m for m in self.metrics_of(phase.id) if m.status == Status.ON_TRACK]
            if seen is not None and seen.seldom and on_track:
                found.append(phase)
        return found

    @property
    def late(self) -> list[Milestone]:
        return [m for m in self.milestones if m.status(self.today) == milestones.Status.LATE]


def follow_up(store: Store, workshop_id: int, today: dt.date | None = None) -> FollowUp:
    """Everything the follow-up holds for this workshop, as of `today` (the workshop's today)."""
    day = today or clock.today()
    results = metrics.results(store, workshop_id)
    views = []
    for metric in metrics.metrics(store, workshop_id):
        series = results.get(metric.id, [])
        points = metrics.overall(series)
        views.append(
            MetricView(metric, tuple(series), tuple(points), metrics.status(metric, points))
        )
    visits = rounds.visits(store, workshop_id)
    pulse_views = []
    for found in pulse.pulses(store, workshop_id):
        answered = pulse.answers(store, workshop_id, found.id)
        answering = sorted({a.unit_id for a in answered if a.unit_id is not None})
        pulse_views.append(
            PulseView(
                found,
                len(answered),
                tuple(pulse.compare(store, workshop_id, found.id)),
                {role: dict(c) for role, c in pulse.fist(store, workshop_id, found.id).items()},
                {u: tuple(pulse.compare(store, workshop_id, found.id, u)) for u in answering},
            )
        )
    return FollowUp(
        workshop_id,
        day,
        tuple(units.list_units(store, workshop_id)),
        tuple(list_phases(store, workshop_id)),
        tuple(views),
        tuple(visits),
        tuple(rounds.by_phase(store, workshop_id, visits)),
        tuple(milestones.milestones(store, workshop_id)),
        tuple(milestones.coaching_log(store, workshop_id)),
        tuple(pulse_views),
        versions.version_number(store, workshop_id),
        versions.previous(store, workshop_id),
        versions.next_version(store, workshop_id),
    )
