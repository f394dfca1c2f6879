"""Golden content of the second round of issue 15 (read back from model.docx): a group that did
not vote, the agreement table that can agree, the thread from weakness to the measure that
counts it, and the open issues in a chief executive's words, in Finnish and English."""

from __future__ import annotations

import dataclasses
import io
from collections import Counter
from collections.abc import Callable

import pytest
from docx import Document

from exports import model_report
from exports.common import save
from facilitator.data import demo
from facilitator.domain import Kind, Role
from facilitator.room import workshops
from facilitator.steps import report, voting
from facilitator.steps.model import ModelPhase
from facilitator.steps.report import ReportData
from facilitator.steps.targets import Behaviour
from facilitator.store.db import Store

DIVERGENCE = {
    "fi": "Missä johto ja asiakaspalvelu ovat samaa mieltä ja missä eri mieltä",
    "en": "Where management and the front line agree and where they differ",
}
ISSUES = {"fi": "Avoimet kysymykset tuloksissa", "en": "Open issues in the results"}
SIGN_OFF = {"fi": "Johdon kuittaus", "en": "Sign-off"}
ITEM = {"fi": "Kohta", "en": "Item"}
VIEW = {"fi": "Näkemys", "en": "View"}
WEAKNESS = {"fi": "Keskeinen heikkous", "en": "Key weakness"}


@pytest.fixture(scope="module", params=["fi", "en"])
def demo_data(
    request: pytest.FixtureRequest, make_module_store: Callable[..., Store]
) -> ReportData:
    store = make_module_store()
    code = demo.create_demo(store, language=request.param)
    return report.gather(store, workshops.find_by_code(store, code).id)


def paragraphs(data: ReportData) -> tuple[list[str], list[list[list[str]]]]:
    doc = Document(io.BytesIO(save(model_report.build(data))))
    tables = [[[c.text.replace("\u200b", "") for c in r.cells] for r in t.rows] for t in doc.tables]
    return [p.text for p in doc.paragraphs if p.text.strip()], tables


def under(texts: list[str], title: str, end: str | None = None) -> list[str]:
    start = texts.index(title) + 1
    return texts[start : texts.index(end, start) if end else start + 3]


def table_headed(
    tables: list[list[list[str]]], first: str, last: str | None = None
) -> list[list[str]] | None:
    return next((t for t in tables if t[0][0] == first and last in (None, t[0][-1])), None)


def without_management(data: ReportData) -> ReportData:
    """The demo as if no manager had been in the room to vote."""
    ranked = {
        kind: [
            voting.ItemResult(
                r.item, r.dots - r.by_role[Role.MANAGEMENT], {**r.by_role, Role.MANAGEMENT: 0}
            )
            for r in data.ranked[kind]
        ]
        for kind in Kind
    }
    divergence = {kind: voting.divergence(ranked[kind]) for kind in Kind}
    return dataclasses.replace(data, ranked=ranked, divergence=divergence)


NO_MANAGEMENT = {
    "fi": "Johto ei äänestänyt vahvuuksista eikä heikkouksista, joten johtoa ja asiakaspalvelua "
    "ei voi niissä verrata.",
    "en": "Management did not vote on strengths or weaknesses, so management and the front line "
    "cannot be compared there.",
}


def test_without_management_votes_the_report_says_so_instead_of_zero_percent_gaps(demo_data):
    lang = demo_data.workshop.language
    texts, tables = paragraphs(without_management(demo_data))

    issues = under(texts, ISSUES[lang], SIGN_OFF[lang])
    assert NO_MANAGEMENT[lang] in issues
    assert not [line for line in issues if "0 %" in line or "0%" in line]
    assert NO_MANAGEMENT[lang] in under(texts, DIVERGENCE[lang])
    assert table_headed(tables, ITEM[lang], VIEW[lang]) is None  # no table of false gaps


AGREE = {"fi": "samaa mieltä", "en": "agree"}
DIFFER = {"fi": "eri mieltä", "en": "differ"}


def test_the_demos_table_agrees_on_the_strengths_both_groups_backed_alike(demo_data):
    lang = demo_data.workshop.language
    texts, tables = paragraphs(demo_data)
    table = table_headed(tables, ITEM[lang], VIEW[lang])
    assert table is not None
    views = [row[3] for row in table[1:]]
    # Strengths 5 and 7: 40 % and 20 % of both groups' strength dots; the rest differ.
    assert views == [AGREE[lang]] * 2 + [DIFFER[lang]] * 4
    by_id = {r.item.id: r for r in demo_data.ranked[Kind.STRENGTH]}
    agreed = [d for d in demo_data.divergence[Kind.STRENGTH] if not d.gap and d.management_share]
    assert [row[0] for row in table[1:3]] == [
        by_id[d.item.id].item.observation.text
        for d in sorted(agreed, key=lambda d: -d.management_share)
    ]
    help_text = under(texts, DIVERGENCE[lang])[0]
    assert ("vahvuus- tai heikkouspisteistään" in help_text) or (
        "strength dots" in help_text and "weakness dots" in help_text
    )


NO_AGREEMENT = {
    "fi": "Ero on jokaisessa kohdassa vähintään 15 prosenttiyksikköä: lähimmissäkään kohdissa "
    "ryhmät eivät ole samaa mieltä.",
    "en": "The gap is at least 15 percentage points on every item: even on the closest items "
    "the groups do not agree.",
}


def test_when_no_item_is_within_the_threshold_the_table_says_so(demo_data):
    lang = demo_data.workshop.language
    items = [r.item for r in demo_data.ranked[Kind.STRENGTH]]
    rows = [voting.Divergence(items[0], 0.40, 0.25, 5), voting.Divergence(items[1], 0.5, 0.1, 4)]
    data = dataclasses.replace(demo_data, divergence={Kind.STRENGTH: rows, Kind.WEAKNESS: []})
    texts, tables = paragraphs(data)

    assert NO_AGREEMENT[lang] in under(texts, DIVERGENCE[lang])
    table = table_headed(tables, ITEM[lang], VIEW[lang])
    assert table is not None and [r[3] for r in table[1:]] == [DIFFER[lang]] * 2
    # With the demo's own votes, two strengths agree: no such line.
    assert NO_AGREEMENT[lang] not in paragraphs(demo_data)[0]


def test_the_closest_items_are_ranked_by_gap_then_by_dots(demo_data):
    items = sorted((r.item for r in demo_data.ranked[Kind.STRENGTH]), key=lambda i: i.id)
    # The same gap: the item with more dots comes first, though its id is the later one.
    few = voting.Divergence(items[0], 0.25, 0.20, 2)
    many = voting.Divergence(items[1], 0.45, 0.40, 9)
    wide = voting.Divergence(items[2], 0.50, 0.20, 20)

    assert voting.agree_most([few, wide, many], 2) == [many, few]
    assert voting.differ_most([few, many, wide], 3, at_least=0.15) == [wide]


THREAD = {
    "fi": [
        "Ruuhkassa asiakas jää odottamaan ilman katsetta.",
        "Huomiointi",
        "Jos palvelet toista, nyökkää ja sano: ”Olen kohta luonasi”",
        "Ruuhkassa odottava asiakas huomioitu nyökkäyksellä ja sanoin: "
        "40\xa0% tilanteista → 85\xa0% tilanteista",
    ],
    "en": [
        "At busy times a waiting customer doesn't even get a glance.",
        "Noticing",
        "If you are serving someone, nod and say: “I will be with you shortly”",
        "A waiting customer acknowledged with a nod and a word at busy times: "
        "40% of cases → 85% of cases",
    ],
}


def test_the_busy_time_weakness_leads_to_the_nod_and_the_metric_counting_it(demo_data):
    lang = demo_data.workshop.language
    _, tables = paragraphs(demo_data)
    thread = table_headed(tables, WEAKNESS[lang])
    assert thread is not None
    assert THREAD[lang] in thread[1:]


UNANSWERED = {
    "fi": ("ei suoraa vastinetta mallissa", "vaiheen mittareista mikään ei mittaa tätä"),
    "en": ("no behaviour in the model names it", "none of the phase's metrics measures this"),
}


def test_a_weakness_nothing_in_the_model_names_is_said_to_be_unanswered(demo_data):
    lang = demo_data.workshop.language
    first = demo_data.model_phases[0].phase
    unrelated = (Behaviour("Pidä hyllyt siistinä", True), Behaviour("Keep the shelves tidy", True))
    data = dataclasses.replace(
        demo_data,
        model_phases=[
            ModelPhase(first, unrelated),
            *demo_data.model_phases[1:],
        ],
        plan={
            **demo_data.plan,
            "metrics": [
                {**m, "what": "Hyllyt siistinä / Shelves tidy"}
                if m.get("phase") == str(first.id)
                else m
                for m in demo_data.plan_rows("metrics")
            ],
        },
    )
    _, tables = paragraphs(data)
    thread = table_headed(tables, WEAKNESS[lang])
    assert thread is not None
    row = next(r for r in thread if r[0] == THREAD[lang][0])
    assert row[1:] == [THREAD[lang][1], *UNANSWERED[lang]]


LOW_WITHOUT_LOWS = {
    "fi": "Viiden sormen äänestyksen tulos on matala: keskiarvo 2,5 (4 ääntä).",
    "en": "The fist of five is low: an average of 2.5 from 4 votes.",
}
HELP = {
    "fi": "Asiat, jotka johdon on hyvä ratkaista tai tarkistaa ennen käyttöönottoa.",
    "en": "What leadership should settle or check before signing the model.",
}
UNREALISTIC = {
    "fi": "Ehdottaminen: 6 asiakaspalvelun arvioijasta 2 pitää tahtotilaa epärealistisena.",
    "en": "Suggesting: 2 of 6 front-line raters find the target state unrealistic.",
}


def test_the_open_issues_speak_plainly(demo_data):
    lang = demo_data.workshop.language
    data = dataclasses.replace(demo_data, consent={Role.FRONTLINE: Counter({2: 2, 3: 2})})
    issues = under(paragraphs(data)[0], ISSUES[lang], SIGN_OFF[lang])

    assert issues[0] == HELP[lang]
    assert UNREALISTIC[lang] in issues
    assert LOW_WITHOUT_LOWS[lang] in issues  # no ", 0 of them 0 or 1"
