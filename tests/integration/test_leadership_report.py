"""Golden content of what leadership reads: the first page, the thread from weakness to metric,
the agree/differ table, exact counts and dates, and no "agreed" in a draft (read back from .docx).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from collections import Counter
from collections.abc import Callable

import pytest
from docx import Document

from exports import model_report, plan_report, staff_card
from exports.common import clean, save
from facilitator.data import demo
from facilitator.domain import Kind, Role, Step, Viewpoint
from facilitator.room import workshops
from facilitator.steps import report, voting
from facilitator.steps.model import Achievability, Rating
from facilitator.steps.plan import Section
from facilitator.steps.report import ReportData
from facilitator.store.db import Store

BUILDERS = {"model": model_report, "plan": plan_report, "staff-card": staff_card}


def gathered(store: Store, language: str, until: str = "done") -> ReportData:
    code = demo.create_demo(store, language=language, until=until)
    return report.gather(store, workshops.find_by_code(store, code).id)


def built(data: ReportData, name: str = "model"):  # type: ignore[no-untyped-def]
    return Document(io.BytesIO(save(BUILDERS[name].build(data))))


def all_text(doc) -> str:  # type: ignore[no-untyped-def]
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells).replace("\u200b", "")


def section(doc, title: str) -> list[str]:  # type: ignore[no-untyped-def]
    """The paragraphs under a Heading 1, up to the next one."""
    texts, inside = [], False
    for p in doc.paragraphs:
        if p.style.name == "Heading 1":
            inside = p.text == title
        elif inside and p.text.strip():
            texts.append(p.text)
    return texts


def rows(table) -> list[list[str]]:  # type: ignore[no-untyped-def]
    return [[c.text.replace("\u200b", "") for c in r.cells] for r in table.rows]


def table_headed(doc, first: str) -> list[list[str]]:  # type: ignore[no-untyped-def]
    return rows(next(t for t in doc.tables if t.rows[0].cells[0].text == first))


@pytest.fixture(scope="module")
def fi_data(make_module_store: Callable[..., Store]) -> ReportData:
    return gathered(make_module_store(), "fi")


@pytest.fixture(scope="module")
def en_data(make_module_store: Callable[..., Store]) -> ReportData:
    return gathered(make_module_store(), "en")


@pytest.fixture(scope="module")
def fi_model(fi_data):  # type: ignore[no-untyped-def]
    return built(fi_data)


def test_the_first_page_gives_the_model_in_a_few_lines(fi_model):
    page = section(fi_model, "Johdolle")
    assert page[:4] == [
        "Malli lyhyesti",
        "Kotipuodin kohtaaminen: Tunnet olosi kotoisaksi heti ovelta.",
        "6 vaihetta: Huomiointi → Kysyminen → Kuuntelu → Ehdottaminen → Vahvistaminen → "
        "Kiittäminen.",
        "Mallin laati 9 johdon ja asiakaspalvelun edustajaa. "
        "Pohjana oli 24 havaintoa nykyisistä kohtaamisista.",
    ]
    # The demo's facilitator and two "other" participants are named apart, not in the nine.
    assert page[4] == "Lisäksi mukana: 1 fasilitaattori, 2 muuta osallistujaa."


def test_only_management_and_front_line_are_counted_as_their_representatives(en_data):
    people = {Role.MANAGEMENT: 1, Role.FRONTLINE: 0, Role.FACILITATOR: 0, Role.OTHER: 0}
    text = all_text(built(dataclasses.replace(en_data, people=people)))
    assert "Made by 1 representative of management and the front line" in text
    assert "Also present" not in text


def due(data: ReportData, days: int) -> str:
    """A milestone's day in the demo's plan, the Finnish way: so many days after the agreed day
    (a finished demo was agreed demo.FOLLOWED_FOR days before it was made)."""
    assert data.agreed_on is not None
    day = data.agreed_on + dt.timedelta(days=days)
    return f"{day.day}.{day.month}.{day.year}"


def test_the_decisions_asked_carry_the_plans_proposals(fi_data, fi_model):
    assert table_headed(fi_model, "Päätös") == [
        ["Päätös", "Työpajan ehdotus", "Johdon päätös"],
        ["Käyttöönoton vastuuhenkilö johdosta", "Johtoryhmän jäsen, jonka johto nimeää", ""],
        ["Resurssit valmennukseen", "2 valmentajaa: Sari Virtanen, Mikko Laine", ""],
        ["Käyttöönoton aloitus", f"{due(fi_data, demo.KICK_OFF)}: Aloitus myymäläpäälliköille", ""],
    ]


def test_without_a_plan_the_decisions_say_there_is_no_proposal_yet(en_data):
    empty = {s: [] for s in Section}
    doc = built(dataclasses.replace(en_data, plan=empty))
    proposals = [r[1] for r in table_headed(doc, "Decision")[1:]]
    assert proposals[1:] == ["No proposal from the workshop yet"] * 2


def test_the_first_page_ends_with_a_sign_off_block(fi_model):
    page = section(fi_model, "Johdolle")
    block = page[page.index("Johdon kuittaus") + 2 :]
    assert [line.split(":")[0] for line in block] == ["Nimi", "Tehtävä", "Päivämäärä"]
    assert all(line.endswith("_" * 20) for line in block)


@pytest.fixture
def calm(en_data):  # type: ignore[no-untyped-def]
    """The demo made to raise nothing: realistic, well supported, agreed, confident."""
    both = frozenset({Viewpoint.STRATEGY, Viewpoint.FEEDBACK})
    return dataclasses.replace(
        en_data,
        achievability=[
            Achievability(a.phase, {Role.FRONTLINE: Counter({Rating.CAN: 3})})
            for a in en_data.achievability
        ],
        evidence=[dataclasses.replace(e, viewpoints=both) for e in en_data.evidence],
        divergence={kind: [] for kind in Kind},
        consent={Role.FRONTLINE: Counter({4: 5})},
    )


def issues_on_first_page(data: ReportData) -> list[str]:
    doc = built(data)
    page = section(doc, "For leadership")
    return page[page.index("Open issues in the results") + 2 : page.index("Sign-off")]


def test_a_workshop_without_issues_says_so_on_the_first_page(calm):
    assert issues_on_first_page(calm) == ["The results raise no open issues."]


def test_each_open_issue_built_into_a_workshop_reaches_the_first_page(calm, en_data):
    phases = [a.phase for a in calm.achievability]
    item = en_data.ranked[Kind.WEAKNESS][0].item
    data = dataclasses.replace(
        calm,
        achievability=[
            Achievability(phases[0], {Role.FRONTLINE: Counter({Rating.UNREALISTIC: 1})}),
            *calm.achievability[1:],
        ],
        evidence=[
            dataclasses.replace(calm.evidence[0], viewpoints=frozenset({Viewpoint.EXPERIENCE})),
            dataclasses.replace(calm.evidence[1], viewpoints=frozenset()),
            dataclasses.replace(calm.evidence[2], viewpoints=frozenset({Viewpoint.EXPERIENCE})),
            dataclasses.replace(
                calm.evidence[3], viewpoints=frozenset({Viewpoint.EXPERIENCE, Viewpoint.FEEDBACK})
            ),
            *calm.evidence[4:],
        ],
        divergence={Kind.STRENGTH: [], Kind.WEAKNESS: [voting.Divergence(item, 0.5, 0.1)]},
        consent={Role.FRONTLINE: Counter({1: 1, 4: 1})},
    )
    names = [p.name for p in phases]
    assert issues_on_first_page(data) == [
        f"{names[0]}: 1 of 1 front-line raters find the target state unrealistic.",
        "No key strength or weakness was placed on these phases, so they rest on no evidence: "
        f"{names[1]}.",
        f"Resting on one viewpoint only: {names[0]} (Customer experience), "
        f"{names[2]} (Customer experience).",
        # A phase resting on experience alone lacks the strategy too: both are said.
        f"Nothing from the strategy supports these phases: {names[0]}, {names[2]}, {names[3]}.",
        f"Management and the front line weigh “{item.observation.text.rstrip('.')}” differently: "
        "50% of management's dots, 10% of the front line's.",
        "The fist of five is low: an average of 2.5 from 2 votes, 1 of them 0 or 1.",
    ]


def test_the_thread_leads_each_key_weakness_to_its_phase_behaviour_and_metric(fi_model, fi_data):
    thread = table_headed(fi_model, "Keskeinen heikkous")
    assert thread[0] == [
        "Keskeinen heikkous",
        "Vaihe",
        "Vastaava toimintatapa",
        "Mittari: nyt → tavoite",
    ]
    by_weakness = {r[0]: r[1:] for r in thread[1:]}
    phase, behaviour, metric = by_weakness["Toimitusaikaa ei vahvisteta kirjallisesti."]
    assert (phase, behaviour) == ("Vahvistaminen", "Vahvista toimitusaika ja hinta kirjallisesti")
    phase_id = next(str(mp.phase.id) for mp in fi_data.model_phases if mp.phase.name == phase)
    own = [m for m in fi_data.plan_rows("metrics") if m["phase"] == phase_id]
    assert own, "the demo measures its critical phase Vahvistaminen"
    assert metric in {clean(f"{m['what']}: {model_report.metric_line(m)}") for m in own}
    # Kuuntelu has no metric in the demo's plan: the row says so rather than borrow another's.
    assert by_weakness["Asiakkaat kokevat, ettei heitä kuunnella loppuun."][2] == (
        "vaiheella ei vielä mittaria"
    )


def test_a_weakness_not_placed_on_a_phase_says_so_in_the_thread(fi_data):
    data = dataclasses.replace(
        fi_data, evidence=[dataclasses.replace(e, weaknesses=()) for e in fi_data.evidence]
    )
    thread = table_headed(built(data), "Keskeinen heikkous")[1:]
    assert thread and all(r[1:] == ["ei sijoitettu vaiheeseen", "–", "–"] for r in thread)


def test_the_thread_shows_the_metrics_baseline_and_target(en_data):
    first = en_data.model_phases[0].phase
    metric = {"phase": str(first.id), "what": "Greeted in 10 s", "baseline": "60%", "target": "90%"}
    placed = [e for e in en_data.evidence if e.phase.id == first.id and e.weaknesses]
    assert placed, "the demo places a key weakness on its first phase"
    data = dataclasses.replace(en_data, plan={**en_data.plan, Section.METRICS: [metric]})
    thread = table_headed(built(data), "Key weakness")
    row = next(r for r in thread if r[0] == placed[0].weaknesses[0].text)
    assert row[1] == first.name and row[3] == "Greeted in 10 s: 60% → 90%"
    plan_doc = built(data, "plan")
    assert ["Greeted in 10 s", "60% → 90%"] == table_headed(plan_doc, "Phase")[1][1:3]


def test_the_divergence_table_can_say_agree_as_well_as_differ(en_data):
    ranked = en_data.ranked[Kind.STRENGTH]
    items = [r.item for r in ranked]
    rows = [
        voting.Divergence(items[0], 0.30, 0.28),
        voting.Divergence(items[1], 0.50, 0.05),
        voting.Divergence(items[2], 0.0, 0.0),  # nobody's: neither agreement nor a gap
    ]
    data = dataclasses.replace(en_data, divergence={Kind.STRENGTH: rows, Kind.WEAKNESS: []})
    table = table_headed(built(data), "Item")
    assert table[0] == ["Item", "Management", "Front line", "View"]
    assert [(r[0], r[3]) for r in table[1:3]] == [
        (items[0].observation.text, "agree"),
        (items[1].observation.text, "differ"),
    ]


def test_the_facilitators_dots_are_not_in_the_shares(en_data):
    results = [
        voting.ItemResult(r.item, 0, {Role.MANAGEMENT: m, Role.FRONTLINE: f, Role.FACILITATOR: x})
        for r, (m, f, x) in zip(en_data.ranked[Kind.STRENGTH], [(2, 4, 9), (2, 4, 0)], strict=False)
    ]
    shares = {
        d.item.id: (d.management_share, d.frontline_share) for d in voting.divergence(results)
    }
    assert list(shares.values()) == [(0.5, 0.5), (0.5, 0.5)]


def test_leadership_reads_no_first_person_column(fi_model, en_data):
    headers = [c.text for t in fi_model.tables for c in t.rows[0].cells]
    headers += [c.text for t in built(en_data).tables for c in t.rows[0].cells]
    assert not [h for h in headers if h.startswith(("Pystyn", "I ")) or not h.strip()]


def test_a_finished_model_is_agreed_on_the_day_the_room_agreed_it(fi_data):
    data = dataclasses.replace(fi_data, agreed_on=dt.date(2027, 1, 14))
    assert not data.draft
    assert "Sovittu 14.1.2027" in [p.text for p in built(data).paragraphs[:6]]


@pytest.mark.parametrize("language", ["fi", "en"])
@pytest.mark.parametrize("until", ["observe", "target", "plan"])
def test_a_draft_never_says_agreed_in_any_document(store, language, until):
    data = dataclasses.replace(gathered(store, language, until), agreed_on=dt.date(2027, 1, 14))
    assert data.draft
    for name in BUILDERS:
        text = all_text(built(data, name)).lower()
        for word in ("hyväksy", "sovittu", "agreed"):
            assert word not in text, (name, word)
    model_doc = built(data)
    title_page = [p.text for p in model_doc.paragraphs[:8]]
    draft_line = "Luonnos, tilanne" if language == "fi" else "Draft, situation on"
    assert any(line.startswith(draft_line) for line in title_page)
    # A draft is not offered for signing.
    assert not [p for p in model_doc.paragraphs if p.text.endswith("_" * 20)]


def test_a_finished_workshop_with_a_missing_step_is_still_a_draft(fi_data):
    data = dataclasses.replace(fi_data, missing=[Step.PLAN], agreed_on=dt.date(2027, 1, 14))
    assert "sovittu" not in all_text(built(data)).lower()


def test_the_plan_opens_with_the_critical_phases_metrics_milestones_and_coaches(fi_data):
    doc = built(fi_data, "plan")
    assert section(doc, "Kriittisten vaiheiden mittarit") == [
        "Mittarit ovat tiimien keskeiset onnistumisen kriteerit.",
        "Kriittiset vaiheet, joita mitataan ensin: Huomiointi, Vahvistaminen.",
    ]
    metrics, milestones, coaches = doc.tables[:3]
    assert rows(metrics)[0] == [
        "Vaihe",
        "Mitä",
        "Nyt → tavoite",
        "Tietolähde",
        "Kuinka usein",
        "Vastuuhenkilö",
    ]
    assert {r[0] for r in rows(metrics)[1:]} == {"Huomiointi", "Vahvistaminen"}
    assert [r[0] for r in rows(milestones)] == [
        "Määräaika",
        *(due(fi_data, d) for d in (demo.KICK_OFF, demo.EVERY_STORE, demo.REVIEW, demo.INDUCTION)),
    ]
    assert rows(coaches)[1][0] == "Sari Virtanen"
