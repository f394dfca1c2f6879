"""What leadership should look at before signing: open issues and the thread from each key
weakness to the behaviour and metric that answer it, found in a workshop's results (pure)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum

from rapidfuzz import fuzz

from facilitator.domain import Kind, Role, Viewpoint
from facilitator.model import Rating
from facilitator.report import ReportData
from facilitator.targets import Behaviour

# The fist of five is low when the room's average is below three fingers ("I can live with it")
# or when anyone shows 0 or 1 (a block or a strong reservation): one such vote is worth a talk.
LOW_CONSENT_AVERAGE = 3.0
LOW_CONSENT_FINGERS = 1
# A gap in the share of dots narrower than this counts as agreement between the two groups.
AGREEMENT_GAP = 0.15
WIDEST_GAPS = 3  # at most this many gaps are raised, widest first
# A behaviour answers a weakness when their words overlap at least this much (rapidfuzz's
# token_set_ratio, 0-100): it tolerates Finnish inflection better than exact word matches.
MATCH_SCORE = 50.0


class Issue(StrEnum):
    UNREALISTIC = "unrealistic"
    NO_EVIDENCE = "no_evidence"
    ONE_VIEWPOINT = "one_viewpoint"
    NO_STRATEGY = "no_strategy"
    GAP = "gap"
    LOW_CONSENT = "low_consent"


@dataclass(frozen=True)
class Finding:
    """One open issue: what it is, what it concerns (a phase or an item) and its figures."""

    issue: Issue
    subject: str = ""
    figures: dict[str, float | int | str] = field(default_factory=dict)


def _unrealistic(data: ReportData) -> list[Finding]:
    found = []
    for a in data.achievability:
        if a.flagged:
            front = a.by_role.get(Role.FRONTLINE, Counter())
            found.append(
                Finding(
                    Issue.UNREALISTIC,
                    a.phase.name,
                    {"n": front[Rating.UNREALISTIC], "of": sum(front.values())},
                )
            )
    return found


def _thin_evidence(data: ReportData) -> list[Finding]:
    # One finding per phase, the most serious first: nothing placed, then a single viewpoint,
    # then a phase the strategy never spoke to.
    found = []
    for e in data.evidence:
        if not e.viewpoints:
            found.append(Finding(Issue.NO_EVIDENCE, e.phase.name))
        elif len(e.viewpoints) == 1:
            (only,) = e.viewpoints
            found.append(Finding(Issue.ONE_VIEWPOINT, e.phase.name, {"viewpoint": only}))
        elif Viewpoint.STRATEGY not in e.viewpoints:
            found.append(Finding(Issue.NO_STRATEGY, e.phase.name))
    return found


def _gaps(data: ReportData) -> list[Finding]:
    rows = [d for kind in Kind for d in data.divergence[kind] if abs(d.gap) >= AGREEMENT_GAP]
    rows.sort(key=lambda d: (-abs(d.gap), d.item.id))
    return [
        Finding(
            Issue.GAP,
            d.item.observation.text,
            {"management": d.management_share, "frontline": d.frontline_share},
        )
        for d in rows[:WIDEST_GAPS]
    ]


def _low_consent(data: ReportData) -> list[Finding]:
    # The facilitator leads the room and does not take a stand on its model.
    shows: Counter[int] = Counter()
    for role, counts in data.consent.items():
        if role != Role.FACILITATOR:
            shows.update(counts)
    total = sum(shows.values())
    if not total:
        return []
    average = sum(f * n for f, n in shows.items()) / total
    low = sum(n for f, n in shows.items() if f <= LOW_CONSENT_FINGERS)
    if average < LOW_CONSENT_AVERAGE or low:
        return [Finding(Issue.LOW_CONSENT, "", {"average": average, "n": low, "of": total})]
    return []


def open_issues(data: ReportData) -> list[Finding]:
    """Every open issue in the results, in the order leadership should read them."""
    return [*_unrealistic(data), *_thin_evidence(data), *_gaps(data), *_low_consent(data)]


@dataclass(frozen=True)
class Thread:
    """A key weakness, the phase it was placed on, the behaviour and the metric answering it."""

    weakness: str
    phase: str | None = None
    behaviour: Behaviour | None = None
    metric: dict[str, str] | None = None


def _best(text: str, candidates: list[str]) -> int | None:
    scores = [fuzz.token_set_ratio(text.lower(), c.lower()) for c in candidates]
    if not scores or max(scores) < MATCH_SCORE:
        return None
    return scores.index(max(scores))


def answering_behaviour(weakness: str, behaviours: tuple[Behaviour, ...]) -> Behaviour | None:
    """The behaviour whose words best match the weakness; else the first fixed one, else any."""
    if not behaviours:
        return None
    best = _best(weakness, [b.text for b in behaviours])
    if best is not None:
        return behaviours[best]
    # No behaviour speaks to it in words: a fixed behaviour is what the phase promises always.
    return next((b for b in behaviours if b.fixed), behaviours[0])


def threads(data: ReportData) -> list[Thread]:
    """From each key weakness to its phase, the behaviour answering it and the phase's metric."""
    placed = {o.id: e.phase for e in data.evidence for o in e.weaknesses}
    behaviours = {mp.phase.id: mp.behaviours for mp in data.model_phases}
    metrics = data.plan_rows("metrics")
    result = []
    for r in data.key_results(Kind.WEAKNESS):
        text = r.item.observation.text
        phase = placed.get(r.item.id)
        if phase is None:
            result.append(Thread(text))
            continue
        behaviour = answering_behaviour(text, behaviours.get(phase.id, ()))
        own = [m for m in metrics if m.get("phase") == str(phase.id)]
        # The metric that measures the chosen behaviour (a fixed "10 seconds" is what the
        # metric counts); else the phase's first metric.
        best = _best(behaviour.text if behaviour else text, [m.get("what", "") for m in own])
        metric = own[best if best is not None else 0] if own else None
        result.append(Thread(text, phase.name, behaviour, metric))
    return result
