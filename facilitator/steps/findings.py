"""What leadership should look at before signing: open issues and the thread from each key
weakness to the behaviour and metric that answer it, found in a workshop's results (pure)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from math import log

from facilitator.domain import Kind, Role, Viewpoint
from facilitator.steps.model import Rating
from facilitator.steps.report import ReportData
from facilitator.steps.targets import Behaviour
from facilitator.steps.voting import Divergence, differ_most, silent_groups

# The fist of five is low when the room's average is below three fingers ("I can live with it")
# or when anyone shows 0 or 1 (a block or a strong reservation): one such vote is worth a talk.
LOW_CONSENT_AVERAGE = 3.0
LOW_CONSENT_FINGERS = 1
# A gap in the share of dots narrower than this counts as agreement between the two groups.
AGREEMENT_GAP = 0.15
WIDEST_GAPS = 3  # at most this many gaps are raised, widest first


class Issue(StrEnum):
    UNREALISTIC = "unrealistic"
    NO_EVIDENCE = "no_evidence"
    ONE_VIEWPOINT = "one_viewpoint"
    NO_STRATEGY = "no_strategy"
    NO_VOTES = "no_votes"
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
    # Nothing placed says all there is to say of a phase; one viewpoint is raised, and so is a
    # phase the strategy never spoke to, both for a phase resting on experience alone.
    found = []
    for e in data.evidence:
        if not e.viewpoints:
            found.append(Finding(Issue.NO_EVIDENCE, e.phase.name))
            continue
        if len(e.viewpoints) == 1:
            (only,) = e.viewpoints
            found.append(Finding(Issue.ONE_VIEWPOINT, e.phase.name, {"viewpoint": only}))
        if Viewpoint.STRATEGY not in e.viewpoints:
            found.append(Finding(Issue.NO_STRATEGY, e.phase.name))
    return found


def agrees(d: Divergence) -> bool:
    """Whether the two groups' shares are within AGREEMENT_GAP (to the hundredth of a point:
    0.40 - 0.25 is 0.15000000000000002 in floating point, and exactly 15 points is no
    agreement)."""
    return round(abs(d.gap), 6) < AGREEMENT_GAP


def _no_votes(data: ReportData) -> list[Finding]:
    # A group that gave no dots of a kind cannot be compared on it (the other group's shares
    # would all read as gaps): said once a group, naming the kinds, where anyone voted at all.
    silent: dict[Role, list[Kind]] = {}
    for kind in Kind:
        if any(r.dots for r in data.ranked[kind]):
            for role in silent_groups(data.ranked[kind]):
                silent.setdefault(role, []).append(kind)
    return [
        Finding(
            Issue.NO_VOTES, role.value, {"kinds": kinds[0].value if len(kinds) == 1 else "both"}
        )
        for role, kinds in silent.items()
    ]


def _gaps(data: ReportData) -> list[Finding]:
    rows = differ_most(
        [d for kind in Kind for d in data.divergence[kind] if not agrees(d)], WIDEST_GAPS
    )
    return [
        Finding(
            Issue.GAP,
            d.item.observation.text,
            {"management": d.management_share, "frontline": d.frontline_share},
        )
        for d in rows
    ]


def _low_consent(data: ReportData) -> list[Finding]:
    # model.consent counts only the roles that take a stand (the facilitator leads the room).
    shows: Counter[int] = Counter()
    for counts in data.consent.values():
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
    return [
        *_unrealistic(data),
        *_thin_evidence(data),
        *_no_votes(data),
        *_gaps(data),
        *_low_consent(data),
    ]


@dataclass(frozen=True)
class Thread:
    """A key weakness, the phase it was placed on, the behaviour and the metric answering it.

    No behaviour or metric where none of the phase's names the weakness: a guess would send
    leadership a measure for a different problem.
    """

    weakness: str
    phase: str | None = None
    behaviour: Behaviour | None = None
    metric: dict[str, str] | None = None
    phase_has_metrics: bool = False  # so "none measures this" differs from "none set yet"


# Two words share a stem when they begin alike: Finnish inflects at the end ("ruuhkassa",
# "ruuhka"; "nyökkää", "nyökkäyksellä"), so five letters in common are one stem, and four
# when that is all of the shorter word but its last letter ("kiitä", "kiitos").
STEM_LETTERS = 5
SHORT_STEM_LETTERS = 4
SHORTEST_WORD = 3  # "nod" counts; "a", "of", "ei" never carry the meaning
# Words that tie any two sentences together and so tell nothing about what answers what.
STOPWORDS = frozenset(
    "and the with for are not you your our was were has have been will when then than that"
    " this them they their its from into about also only even every each some any can cannot"
    " ja tai kun jos että joka jotka mutta myös niin sekä vain vielä ole olen ovat oli eikä"
    " emme ettei siitä sen sitä hän heitä meillä".split()
)
_WORD = re.compile(r"[^\W\d_]+")


def _words(text: str) -> set[str]:
    return {
        w for w in _WORD.findall(text.lower()) if len(w) >= SHORTEST_WORD and w not in STOPWORDS
    }


def _same_stem(a: str, b: str) -> bool:
    if a == b:
        return True
    shorter = min(len(a), len(b))
    # Letters in common at the start (zip stops at the shorter word, which may be all of it).
    common = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), shorter)
    return common >= STEM_LETTERS or (common >= SHORT_STEM_LETTERS and common >= shorter - 1)


class Matcher:
    """Scores how much two texts share, each shared stem weighted by how rare it is among all
    the texts compared (idf): "asiakas" / "customer" is in most behaviours and metrics and
    tells little; "ruuhka" / "busy" is in two and tells which they are."""

    def __init__(self, texts: list[str]) -> None:
        self._texts = [_words(t) for t in texts]

    def _weight(self, word: str) -> float:
        having = sum(1 for words in self._texts if any(_same_stem(word, w) for w in words))
        return log((len(self._texts) + 1) / max(having, 1))

    def score(self, a: str, b: str) -> float:
        """The weight of the stems of `a` that `b` shares; 0 when they share none."""
        theirs = _words(b)
        return sum(self._weight(w) for w in _words(a) if any(_same_stem(w, x) for x in theirs))

    def best(self, text: str, candidates: list[str]) -> int | None:
        """The candidate sharing most with `text` (the first on a tie); None if none shares."""
        scores = [self.score(text, c) for c in candidates]
        if not scores or max(scores) <= 0:
            return None
        return scores.index(max(scores))


def answer(
    weakness: str,
    behaviours: tuple[Behaviour, ...],
    metrics: list[dict[str, str]],
    matcher: Matcher,
) -> tuple[Behaviour | None, dict[str, str] | None]:
    """The behaviour and the metric of a phase that answer a weakness, each None if none does.

    The metric first: it is worded as what is counted, sharper than a behaviour, and the
    behaviour it counts answers the weakness ("Ruuhkassa asiakas jää odottamaan" is counted by
    "Odottava asiakas huomioitu nyökkäyksellä … ruuhkassa", which counts "nyökkää"). Without
    one, the behaviour the weakness names, and the metric that counts that behaviour.
    """
    whats = [m.get("what", "") for m in metrics]
    texts = [b.text for b in behaviours]
    m = matcher.best(weakness, whats)
    b = matcher.best(whats[m], texts) if m is not None else None
    if b is None:
        b = matcher.best(weakness, texts)
    if m is None and b is not None:
        m = matcher.best(texts[b], whats)
    return (behaviours[b] if b is not None else None, metrics[m] if m is not None else None)


def threads(data: ReportData) -> list[Thread]:
    """From each key weakness to its phase, the behaviour answering it and the metric."""
    placed = {o.id: e.phase for e in data.evidence for o in e.weaknesses}
    behaviours = {mp.phase.id: mp.behaviours for mp in data.model_phases}
    metrics = data.plan_rows("metrics")
    weaknesses = data.key_results(Kind.WEAKNESS)
    # Rarity is judged over everything that could be matched, so one phase's few texts do not
    # make a common word look rare.
    matcher = Matcher(
        [r.item.observation.text for r in weaknesses]
        + [b.text for bs in behaviours.values() for b in bs]
        + [m.get("what", "") for m in metrics]
    )
    result = []
    for r in weaknesses:
        text = r.item.observation.text
        phase = placed.get(r.item.id)
        if phase is None:
            result.append(Thread(text))
            continue
        own = [m for m in metrics if m.get("phase") == str(phase.id)]
        behaviour, metric = answer(text, behaviours.get(phase.id, ()), own, matcher)
        result.append(Thread(text, phase.name, behaviour, metric, bool(own)))
    return result
