"""What the follow-up report's sections share: a phase's status, the latest pulse, the share of
fixed behaviours seen, and a metric's figures as words for its sentences."""

from __future__ import annotations

from collections import Counter

from facilitator.charts.followup import figure, period_label
from facilitator.domain import Role
from facilitator.followup.metrics import Status
from facilitator.followup.rounds import Tally
from facilitator.followup.summary import FollowUp, MetricView, PulseView
from facilitator.followup.units import WHOLE
from facilitator.language.i18n import label, t
from facilitator.steps.phases import Phase
from facilitator.steps.report import ReportData
from facilitator.steps.targets import Behaviour


def critical_phases(follow: FollowUp) -> list[Phase]:
    """The model's critical phases, in the journey's order."""
    return [p for p in follow.phases if p.critical]


def phase_status(follow: FollowUp, phase: Phase) -> Status:
    """A phase is behind when any of its metrics is, on track when every metric with results
    is, and without data when none of its metrics has a result yet."""
    found = {m.status for m in follow.metrics_of(phase.id)} - {Status.NO_DATA}
    if Status.BEHIND in found:
        return Status.BEHIND
    return Status.ON_TRACK if found else Status.NO_DATA


def latest_pulse(follow: FollowUp) -> PulseView | None:
    """The newest pulse anyone has answered (an empty one just opened says nothing yet)."""
    answered = [p for p in follow.pulses if p.answers]
    return answered[-1] if answered else None


def fixed_behaviours(data: ReportData, phase_id: int) -> list[Behaviour]:
    """The fixed behaviours of a phase in the model."""
    return [
        b for mp in data.model_phases if mp.phase.id == phase_id for b in mp.behaviours if b.fixed
    ]


def fixed_share(
    tallies: dict[tuple[int, str], Tally], phase_id: int, fixed: list[Behaviour]
) -> float | None:
    """How often the phase's fixed behaviours were seen in these tallies (None: not observed)."""
    counted = [tallies.get((phase_id, b.text), Tally()) for b in fixed]
    total = sum(c.counted for c in counted)
    return sum(c.seen for c in counted) / total if total else None


def metric_words(view: MetricView, lang: str) -> dict[str, str]:
    """A metric's figures as the language writes them, for the sentences of this report."""
    m = view.metric
    last = view.overall[-1] if view.overall else None
    return {
        "metric": m.name,
        "latest": figure(last[1] if last else None, m.measure, lang),
        "period": period_label(last[0], m.frequency, lang) if last else "–",
        "baseline": figure(m.baseline, m.measure, lang),
        "target": figure(m.target, m.measure, lang),
        # Inside a sentence: "86 % (March 2027, on track)", not "On track".
        "status": label(lang, "metric_status", view.status.value).lower(),
    }


def fist_average(counts: dict[Role, Counter[int]] | dict[Role, dict[int, int]]) -> float | None:
    """The average fist of five over every role (None: nobody showed one)."""
    total = Counter[int]()
    for by_fingers in counts.values():
        total.update(by_fingers)
    shown = sum(total.values())
    return sum(f * n for f, n in total.items()) / shown if shown else None


def unit_names(data: ReportData, follow: FollowUp) -> dict[int, str]:
    """Unit id -> name, the whole organisation included."""
    names = {u.id: u.name for u in follow.units}
    names[WHOLE] = t(data.workshop.language, "followup.whole")
    return names
