"""Open issues and the weakness-to-metric thread, each from a workshop built to have it (or not).

The demo workshop is gathered once; each test replaces the results it is about with ones made
to hold (or to miss) one issue, so a finding is proved by exactly the data that should raise it.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable

import pytest

from facilitator.data import demo
from facilitator.domain import Kind, Role, Viewpoint
from facilitator.room import workshops
from facilitator.steps import model, participants, report, voting
from facilitator.steps.findings import (
    Issue,
    Matcher,
    answer,
    open_issues,
    threads,
)
from facilitator.steps.model import Achievability, ModelPhase, Rating
from facilitator.steps.plan import Section
from facilitator.steps.report import ReportData
from facilitator.steps.targets import Behaviour
from facilitator.steps.voting import Divergence, ItemResult
from facilitator.store.db import Store

BOTH = frozenset({Viewpoint.STRATEGY, Viewpoint.EXPERIENCE})


@pytest.fixture(scope="module")
def demo_data(make_module_store: Callable[..., Store]) -> ReportData:
    store = make_module_store()
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
        (frozenset(), [Issue.NO_EVIDENCE]),
        (frozenset({Viewpoint.STRATEGY}), [Issue.ONE_VIEWPOINT]),
        # Experience alone is both: one viewpoint, and nothing from the strategy.
        (frozenset({Viewpoint.EXPERIENCE}), [Issue.ONE_VIEWPOINT, Issue.NO_STRATEGY]),
        (frozenset({Viewpoint.EXPERIENCE, Viewpoint.FEEDBACK}), [Issue.NO_STRATEGY]),
    ],
)
def test_a_phase_resting_on_one_viewpoint_or_none_from_strategy_is_raised(
    calm, viewpoints, expected
):
    thin = dataclasses.replace(calm.evidence[1], viewpoints=viewpoints)
    data = dataclasses.replace(calm, evidence=[calm.evidence[0], thin, *calm.evidence[2:]])
    found = open_issues(data)
    assert [f.issue for f in found] == expected
    assert {f.subject for f in found} == {thin.phase.name}


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


def test_exactly_fifteen_points_apart_is_a_gap_not_agreement(calm, demo_data):
    items = [r.item for r in demo_data.ranked[Kind.STRENGTH]]
    # 0.40 - 0.25 is 0.15000000000000002 in floating point; 0.45 - 0.30 is 0.14999999999999997.
    rows = [Divergence(items[0], 0.40, 0.25), Divergence(items[1], 0.45, 0.30)]
    data = dataclasses.replace(calm, divergence={Kind.STRENGTH: rows, Kind.WEAKNESS: []})
    assert [f.subject for f in open_issues(data)] == [i.observation.text for i in items[:2]]


def without(data: ReportData, role: Role) -> ReportData:
    """The same workshop as if `role` had given no dots at all."""
    ranked = {
        kind: [
            ItemResult(r.item, r.dots - r.by_role.get(role, 0), {**r.by_role, role: 0})
            for r in data.ranked[kind]
        ]
        for kind in Kind
    }
    return dataclasses.replace(
        data,
        ranked=ranked,
        divergence={kind: voting.divergence(ranked[kind]) for kind in Kind},
    )


def test_a_group_that_gave_no_dots_is_said_not_to_have_voted_and_raises_no_gap(calm):
    data = without(calm, Role.MANAGEMENT)
    # Before, management's 0 % on every item read as the widest gaps of the workshop.
    assert data.divergence == {Kind.STRENGTH: [], Kind.WEAKNESS: []}
    (finding,) = open_issues(data)
    assert (finding.issue, finding.subject) == (Issue.NO_VOTES, Role.MANAGEMENT.value)
    assert finding.figures == {"kinds": "both"}


def test_a_group_silent_on_one_kind_is_compared_on_the_other(calm, demo_data):
    weak = [
        ItemResult(r.item, r.dots - r.by_role[Role.FRONTLINE], {**r.by_role, Role.FRONTLINE: 0})
        for r in demo_data.ranked[Kind.WEAKNESS]
    ]
    data = dataclasses.replace(
        calm,
        ranked={**demo_data.ranked, Kind.WEAKNESS: weak},
        divergence={
            Kind.STRENGTH: demo_data.divergence[Kind.STRENGTH],
            Kind.WEAKNESS: voting.divergence(weak),
        },
    )
    found = open_issues(data)
    assert found[0].issue == Issue.NO_VOTES
    assert (found[0].subject, found[0].figures) == (Role.FRONTLINE.value, {"kinds": "weakness"})
    strengths = {r.item.observation.text for r in demo_data.ranked[Kind.STRENGTH]}
    assert [f.issue for f in found[1:]] == [Issue.GAP] * 2
    assert {f.subject for f in found[1:]} <= strengths


@pytest.mark.parametrize(
    ("consent", "low"),
    [
        ({Role.FRONTLINE: Counter({2: 3, 3: 1})}, True),  # average 2.25
        ({Role.FRONTLINE: Counter({5: 5}), Role.MANAGEMENT: Counter({1: 1})}, True),  # one 1
        ({Role.FRONTLINE: Counter({0: 1, 5: 9})}, True),  # a block among the enthusiasts
        ({Role.FRONTLINE: Counter({3: 4})}, False),  # exactly 3 is not below it
        ({role: Counter() for role in Role}, False),  # nobody has shown yet
    ],
)
def test_a_low_fist_of_five_is_raised(calm, consent, low):
    data = dataclasses.replace(calm, consent=consent)
    assert issues(data) == ([Issue.LOW_CONSENT] if low else [])


def test_the_facilitators_show_never_reaches_the_fist_of_five(store):
    # The real path: model.consent counts the roles that take a stand, so a facilitator's 0
    # (they lead the room) is no block in the findings.
    workshop = workshops.find_by_code(store, demo.create_demo(store, until="condense"))
    before = open_issues(report.gather(store, workshop.id))
    leader, _ = participants.join(store, workshop, Role.FACILITATOR, "Fasilitaattori Kaksi")
    model.give_consent(store, leader, 0)
    data = report.gather(store, workshop.id)

    assert Role.FACILITATOR not in data.consent
    assert open_issues(data) == before
    assert Issue.LOW_CONSENT not in issues(data)


def test_the_low_fist_of_five_names_its_average_and_its_low_votes(calm):
    data = dataclasses.replace(calm, consent={Role.FRONTLINE: Counter({1: 1, 4: 3})})
    (finding,) = open_issues(data)
    assert finding.figures == {"average": 3.25, "n": 1, "of": 4}


def test_the_demo_raises_its_unrealistic_phase_and_its_thin_evidence(demo_data):
    found = open_issues(demo_data)
    unrealistic = [f.subject for f in found if f.issue == Issue.UNREALISTIC]
    assert unrealistic == [a.phase.name for a in demo_data.achievability if a.flagged] != []
    assert Issue.ONE_VIEWPOINT in issues(demo_data)


def matched(weakness: str, behaviours: tuple[Behaviour, ...], whats: list[str]):  # type: ignore[no-untyped-def]
    metrics = [{"phase": "1", "what": w} for w in whats]
    texts = [weakness, *(b.text for b in behaviours), *whats]
    return answer(weakness, behaviours, metrics, Matcher(texts))


def test_the_behaviour_sharing_the_weaknesses_word_stems_answers_it():
    behaviours = (
        Behaviour("Kiitä ja toivota hyvää päivänjatkoa", True),
        Behaviour("Vahvista toimitusaika ja hinta kirjallisesti", False),
    )
    behaviour, metric = matched("Toimitusaikaa ei vahvisteta kirjallisesti.", behaviours, [])
    assert (behaviour, metric) == (behaviours[1], None)
    # "Kiitos" and "kiitä" share their stem though only four letters: all of "kiitä" but one.
    behaviour, _ = matched("Kiitos unohtuu kiireessä.", behaviours, [])
    assert behaviour == behaviours[0]


def test_the_metric_counting_the_weakness_picks_the_behaviour_it_counts():
    # The weakness shares "asiakas" and "katse" with the greeting, yet "ruuhka" and "odotta"
    # with the metric that counts the nod: the nod answers it, as the metric says.
    behaviours = (
        Behaviour("Tervehdi asiakasta 10 sekunnissa katsekontaktilla", True),
        Behaviour("Jos palvelet toista, nyökkää ja sano: ”Olen kohta luonasi”", True),
    )
    whats = [
        "Asiakas tervehditty 10 sekunnissa katsekontaktilla",
        "Ruuhkassa odottava asiakas huomioitu nyökkäyksellä ja sanoin",
    ]
    behaviour, metric = matched(
        "Ruuhkassa asiakas jää odottamaan ilman katsetta.", behaviours, whats
    )
    assert behaviour == behaviours[1]
    assert metric == {"phase": "1", "what": whats[1]}


def test_without_a_shared_stem_nothing_is_guessed():
    behaviours = (
        Behaviour("Saata asiakas ovelle", False),
        Behaviour("Kiitä ja toivota hyvää päivänjatkoa", True),
    )
    assert matched("Hinnat ovat epäselviä.", behaviours, ["Kiitetty ovella"]) == (None, None)
    assert matched("Hinnat ovat epäselviä.", (), []) == (None, None)


@pytest.mark.parametrize(
    ("language", "weakness", "behaviour", "metric"),
    [
        (
            "fi",
            "Ruuhkassa asiakas jää odottamaan ilman katsetta.",
            "Jos palvelet toista, nyökkää ja sano: ”Olen kohta luonasi”",
            "Ruuhkassa odottava asiakas huomioitu nyökkäyksellä ja sanoin",
        ),
        (
            "en",
            "At busy times a waiting customer doesn't even get a glance.",
            "If you are serving someone, nod and say: “I will be with you shortly”",
            "A waiting customer acknowledged with a nod and a word at busy times",
        ),
    ],
)
def test_the_demos_busy_time_weakness_leads_to_the_nod_and_its_metric(
    store, language, weakness, behaviour, metric
):
    code = demo.create_demo(store, language=language)
    data = report.gather(store, workshops.find_by_code(store, code).id)
    by_weakness = {th.weakness: th for th in threads(data)}
    th = by_weakness[weakness]
    assert th.behaviour is not None and th.behaviour.text == behaviour
    assert th.metric is not None and th.metric["what"] == metric
    # Every other thread of the demo finds a behaviour of its own phase in words.
    assert all(th.behaviour for th in by_weakness.values())


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
