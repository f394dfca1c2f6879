"""Open issues and the weakness-to-metric thread, each from a workshop built to have it (or not).

The demo workshop is gathered once; each test replaces the results it is about with ones made
to hold (or to miss) one issue, so a finding is proved by exactly the data that should raise it.
"""

from __future__ import annotations

import dataclasses
from collections import Counter

import pytest

from facilitator import demo, report, workshops
from facilitator.db import Store
from facilitator.domain import Kind, Role, Viewpoint
from facilitator.findings import (
    Issue,
    answering_behaviour,
    open_issues,
    threads,
)
from facilitator.model import Achievability, ModelPhase, Rating
from facilitator.plan import Section
from facilitator.report import ReportData
from facilitator.targets import Behaviour
from facilitator.voting import Divergence

BOTH = frozenset({Viewpoint.STRATEGY, Viewpoint.EXPERIENCE})


@pytest.fixture(scope="module")
def demo_data() -> ReportData:
    store = Store(":memory:")
    code = demo.create_demo(store, language="en")
    return report.gather(store, workshops.find_by_code(store, code).id)


@pytest.fixture
def calm(demo_data: ReportData) -> ReportData:
    """The demo with nothing to raise: realistic, well supported, agreed, confident."""
    phases = [mp.phase for mp in demo_data.model_phases]
    return dataclasses.replace(
        demo_data,
        achievability=[
            Achievability(p, {Role.FRONTLINE: Counter({Rating.CAN: 5, Rating.UNREALISTIC: 1})})
            for p in phases
        ],
        evidence=[dataclasses.replace(e, viewpoints=BOTH) for e in demo_data.evidence],
        divergence={kind: [] for kind in Kind},
        consent={Role.MANAGEMENT: Counter({4: 3}), Role.FRONTLINE: Counter({3: 2, 5: 4})},
    )


def issues(data: ReportData) -> list[Issue]:
    return [f.issue for f in open_issues(data)]


def test_a_calm_workshop_raises_no_issue(calm):
    assert open_issues(calm) == []


def test_a_phase_a_third_of_the_front_line_finds_unrealistic_is_raised(calm):
    phase = calm.achievability[2].phase
    ratings = Counter({Rating.CAN: 4, Rating.UNREALISTIC: 2})
    # Management finding it unrealistic does not count: the front line does the work.
    data = dataclasses.replace(
        calm,
        achievability=[
            *calm.achievability[:2],
            Achievability(phase, {Role.FRONTLINE: ratings}),
            Achievability(
                calm.achievability[3].phase,
                {Role.MANAGEMENT: Counter({Rating.UNREALISTIC: 3})},
            ),
        ],
    )
    (finding,) = open_issues(data)
    assert (finding.issue, finding.subject) == (Issue.UNREALISTIC, phase.name)
    assert finding.figures == {"n": 2, "of": 6}


@pytest.mark.parametrize(
    ("viewpoints", "expected"),
    [
        (frozenset(), Issue.NO_EVIDENCE),
        (frozenset({Viewpoint.STRATEGY}), Issue.ONE_VIEWPOINT),
        (frozenset({Viewpoint.EXPERIENCE, Viewpoint.FEEDBACK}), Issue.NO_STRATEGY),
    ],
)
def test_a_phase_resting_on_one_viewpoint_or_none_from_strategy_is_raised(
    calm, viewpoints, expected
):
    thin = dataclasses.replace(calm.evidence[1], viewpoints=viewpoints)
    data = dataclasses.replace(calm, evidence=[calm.evidence[0], thin, *calm.evidence[2:]])
    (finding,) = open_issues(data)
    assert (finding.issue, finding.subject) == (expected, thin.phase.name)


def test_a_phase_with_strategy_and_another_viewpoint_is_not_raised(calm):
    full = frozenset(Viewpoint)
    data = dataclasses.replace(
        calm, evidence=[dataclasses.replace(e, viewpoints=full) for e in calm.evidence]
    )
    assert open_issues(data) == []


def test_the_widest_management_and_front_line_gaps_are_raised_widest_first(calm, demo_data):
    items = [r.item for r in demo_data.ranked[Kind.STRENGTH]]
    rows = [
        Divergence(items[0], 0.30, 0.25),  # agreement: not an issue
        Divergence(items[1], 0.40, 0.0),
        Divergence(items[2], 0.05, 0.60),
        Divergence(items[3], 0.10, 0.30),
        Divergence(items[4], 0.0, 0.16),
    ]
    data = dataclasses.replace(calm, divergence={Kind.STRENGTH: rows, Kind.WEAKNESS: []})
    found = open_issues(data)
    assert [f.issue for f in found] == [Issue.GAP] * 3
    assert [f.subject for f in found] == [
        i.observation.text for i in (items[2], items[1], items[3])
    ]
    assert found[0].figures == {"management": 0.05, "frontline": 0.60}


@pytest.mark.parametrize(
    ("consent", "low"),
    [
        ({Role.FRONTLINE: Counter({2: 3, 3: 1})}, True),  # average 2.25
        ({Role.FRONTLINE: Counter({5: 5}), Role.MANAGEMENT: Counter({1: 1})}, True),  # one 1
        ({Role.FRONTLINE: Counter({0: 1, 5: 9})}, True),  # a block among the enthusiasts
        ({Role.FRONTLINE: Counter({3: 4})}, False),  # exactly 3 is not below it
        ({Role.FRONTLINE: Counter({4: 3}), Role.FACILITATOR: Counter({0: 1})}, False),
        ({role: Counter() for role in Role}, False),  # nobody has shown yet
    ],
)
def test_a_low_fist_of_five_is_raised_and_the_facilitators_show_is_left_out(calm, consent, low):
    data = dataclasses.replace(calm, consent=consent)
    assert issues(data) == ([Issue.LOW_CONSENT] if low else [])


def test_the_low_fist_of_five_names_its_average_and_its_low_votes(calm):
    data = dataclasses.replace(calm, consent={Role.FRONTLINE: Counter({1: 1, 4: 3})})
    (finding,) = open_issues(data)
    assert finding.figures == {"average": 3.25, "n": 1, "of": 4}


def test_the_demo_raises_its_unrealistic_phase_and_its_thin_evidence(demo_data):
    found = open_issues(demo_data)
    unrealistic = [f.subject for f in found if f.issue == Issue.UNREALISTIC]
    assert unrealistic == [a.phase.name for a in demo_data.achievability if a.flagged] != []
    assert Issue.ONE_VIEWPOINT in issues(demo_data)


def test_the_behaviour_sharing_the_weaknesses_words_answers_it():
    behaviours = (
        Behaviour("Kiitä ja toivota hyvää päivänjatkoa", True),
        Behaviour("Vahvista toimitusaika ja hinta kirjallisesti", False),
    )
    picked = answering_behaviour("Toimitusaikaa ei vahvisteta kirjallisesti.", behaviours)
    assert picked == behaviours[1]


def test_without_shared_words_the_first_fixed_behaviour_answers_it():
    behaviours = (
        Behaviour("Saata asiakas ovelle", False),
        Behaviour("Kiitä ja toivota hyvää päivänjatkoa", True),
    )
    assert answering_behaviour("Hinnat ovat epäselviä.", behaviours) == behaviours[1]
    assert answering_behaviour("Hinnat ovat epäselviä.", ()) is None


def test_each_key_weakness_leads_to_its_phase_behaviour_and_that_phases_own_metric(demo_data):
    phases = [mp.phase for mp in demo_data.model_phases]
    first, last = phases[0], phases[-1]
    metrics = [
        {"phase": str(first.id), "what": "Greeted within 10 seconds", "baseline": "60 %"},
        {"phase": str(last.id), "what": "Thanked at the door", "target": "95 %"},
    ]
    weaknesses = demo_data.key_results(Kind.WEAKNESS)
    placed = {e.phase.id: e for e in demo_data.evidence}
    evidence = [
        dataclasses.replace(e, weaknesses=()) for e in demo_data.evidence if e.phase.id != last.id
    ] + [dataclasses.replace(placed[last.id], weaknesses=(weaknesses[0].item.observation,))]
    model_phases = [
        mp
        if mp.phase.id != last.id
        else ModelPhase(last, (Behaviour("Thank every customer", True),))
        for mp in demo_data.model_phases
    ]
    data = dataclasses.replace(
        demo_data,
        evidence=evidence,
        model_phases=model_phases,
        plan={**demo_data.plan, Section.METRICS: metrics},
    )
    found = threads(data)
    assert [th.weakness for th in found] == [r.item.observation.text for r in weaknesses]
    head, *rest = found
    assert head.phase == last.name
    assert head.behaviour == Behaviour("Thank every customer", True)
    assert head.metric == metrics[1]  # its own phase's metric, never the first phase's
    assert all(th.phase is None and th.metric is None for th in rest)
