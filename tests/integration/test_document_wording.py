"""The wording rules of issue 15 point 12, read back from the three documents the demo produces.

tests/unit/test_wording.py holds the catalogs to the rules; this holds the documents to them,
so a builder that picks the phone's first-person key, or demo text with English quotation
marks, is caught where the chief executive would see it.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable

import pytest
from docx import Document

from exports import model_report, plan_report, staff_card
from exports.common import save
from facilitator.data import demo
from facilitator.room import workshops
from facilitator.steps import report
from facilitator.store.db import Store

BUILDERS = {"model": model_report, "plan": plan_report, "staff-card": staff_card}


def _texts(blob: bytes) -> tuple[list[str], list[str], list[list[str]]]:
    """(every paragraph, the headings, each table's header row) of a document."""
    doc = Document(io.BytesIO(blob))
    paragraphs = [p.text for p in doc.paragraphs]
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    headers = [[c.text for c in t.rows[0].cells] for t in doc.tables]
    return paragraphs + cells, headings, headers


def _demo(store: Store, language: str) -> dict[str, tuple]:
    code = demo.create_demo(store, language=language)
    data = report.gather(store, workshops.find_by_code(store, code).id)
    return {name: _texts(save(b.build(data))) for name, b in BUILDERS.items()}


@pytest.fixture(scope="module")
def finnish(make_module_store: Callable[..., Store]) -> dict[str, tuple]:
    return _demo(make_module_store(), "fi")


@pytest.fixture(scope="module", params=["fi", "en"])
def demo_documents(request, finnish, make_module_store) -> tuple[str, dict[str, tuple]]:  # type: ignore[no-untyped-def]
    if request.param == "fi":
        return request.param, finnish
    return request.param, _demo(make_module_store(), "en")


def test_the_model_report_names_achievability_and_the_fist_of_five_as_the_app_does(
    demo_documents,
):
    language, docs = demo_documents
    _, headings, _ = docs["model"]
    achievability, fist = {
        "fi": ("Toteutettavuus vaiheittain", "Viiden sormen äänestys"),
        "en": ("Achievability by phase", "Fist of five"),
    }[language]
    assert achievability in headings
    assert any(h.startswith(fist) for h in headings)


def test_no_document_calls_achievability_accessibility(demo_documents):
    _, docs = demo_documents
    found = [t for name in docs for t in docs[name][0] if re.search("saavutettav", t, re.I)]
    assert found == []


def test_the_achievability_columns_speak_to_leadership_not_as_a_participant(demo_documents):
    language, docs = demo_documents
    _, _, headers = docs["model"]
    ratings = {
        "fi": ["Onnistuu", "Onnistuu tuella", "Ei realistinen"],
        "en": ["Within reach", "With support", "Not realistic"],
    }[language]
    table = next(h for h in headers if h[1:4] == ratings)
    assert not {"Pystyn tähän", "I can do this"} & set(table)


def test_finnish_documents_quote_with_finnish_marks(finnish):
    texts = [t for name in finnish for t in finnish[name][0]]
    foreign = [t for t in texts if re.search('[\u201c\u201e"]', t)]
    single = [t for t in texts if re.search(r"(?:^|[\s(:])'[^']+'(?=$|[\s.,:;!?)])", t)]
    assert (foreign, single) == ([], [])
    assert any("”Olen kohta luonasi”" in t for t in texts)  # the demo's quotation, in Finnish


# Second round (the chief-executive reader): the demo's plan agrees with its model, and the
# documents' headings and labels read as a Finnish manager (or a British one) writes them.


@pytest.fixture(scope="module", params=["fi", "en"])
def demo_data(request, make_module_store):  # type: ignore[no-untyped-def]
    store = make_module_store()
    code = demo.create_demo(store, language=request.param)
    return request.param, report.gather(store, workshops.find_by_code(store, code).id)


def test_the_demo_plans_answer_to_uniformity_matches_its_mostly_fixed_model(demo_data):
    language, data = demo_data
    behaviours = [b for mp in data.model_phases for b in mp.behaviours]
    fixed = [b for b in behaviours if b.fixed]
    set_words = [b for b in behaviours if re.search("[”“]", b.text)]
    assert len(fixed) > len(behaviours) / 2 and len(set_words) == 1
    answer = next(
        c["actions"] for c in data.plan_rows("challenges") if c["challenge"] == "uniformity"
    )
    # It must not claim few fixed steps; it says the one set line is for a waiting customer.
    assert not re.search(r"vähän|few", answer, re.I)
    assert {"fi": "vain odottavalle asiakkaalle", "en": "only a waiting customer"}[
        language
    ] in answer


def test_the_demo_plans_daily_feedback_comes_from_the_store_manager_not_the_fortnightly_coach(
    demo_data,
):
    language, data = demo_data
    habits = next(c["actions"] for c in data.plan_rows("challenges") if c["challenge"] == "habits")
    manager, coach = {"fi": ("Myymäläpäällikkö", "valmentaja"), "en": ("store manager", "coach")}[
        language
    ]
    clause = habits.split(";")[0]
    assert manager in clause and coach not in clause.lower()
    visits = {"fi": "joka toinen viikko", "en": "every other week"}[language]
    assert all(visits in c["duties"] for c in data.plan_rows("coaches"))


def test_peer_observation_in_the_demo_is_done_by_colleagues_not_by_the_coaches(demo_data):
    _, data = demo_data
    peer = [o for o in data.plan_rows("observation") if re.match("Vertais|Peer", o["method"])]
    assert peer
    assert not [o for o in peer if re.search("valmentaj|coach", o["who"], re.I)]


def test_every_owner_in_the_demo_plan_is_one_person_with_a_full_name(demo_data):
    _, data = demo_data
    owners = [r["owner"] for s in ("milestones", "metrics") for r in data.plan_rows(s)]
    assert owners
    assert all(re.fullmatch(r"[A-ZÅÄÖ][a-zåäö]+ [A-ZÅÄÖ][a-zåäö]+", o) for o in owners), owners


def test_the_demo_writes_the_sentences_the_reviewer_corrected(demo_documents):
    language, docs = demo_documents
    text = "\n".join(t for name in docs for t in docs[name][0])
    wanted, gone = {
        "fi": (
            [
                "Kysy budjettia luontevasti omin sanoin",
                "Valmentaa myymäläpäälliköitä kuukausittain",
                "Ruuhkassa odottava asiakas huomioitu nyökkäyksellä ja sanoin",
                "Taulukko näyttää jokaisesta keskeisestä heikkoudesta vaiheen, jossa se ilmenee,",
            ],
            ["Kysy budjetti ", "myymäläpäälliköt ", "Kiinteitä kohtia on vähän"],
        ),
        "en": (
            [
                "You feel at home from the moment you walk in.",
                "doesn't even get a glance",
                "Model made part of new-staff induction",
                "takes time to settle in, so the roll-out is run as a project",
            ],
            ["from the door on", "gets not even", "whole look", "a whole that", "Taking root"],
        ),
    }[language]
    assert [w for w in wanted if w not in text] == []
    assert [g for g in gone if g in text] == []


def test_the_judgement_heading_is_not_echoed_by_the_sentence_under_it(demo_documents):
    language, docs = demo_documents
    paragraphs = docs["model"][0]
    heading = {"fi": "Mitä malli jättää avoimeksi", "en": "What the model leaves open"}[language]
    below = paragraphs[paragraphs.index(heading) + 1]
    assert below.startswith(("Jutustelu", "Small talk"))
    assert not {w.lower() for w in heading.split() if len(w) > 4} & set(below.lower().split())


def test_the_model_names_roles_and_channels_one_way_in_running_text(demo_documents):
    language, docs = demo_documents
    cells = docs["model"][0]
    roles, channels = {
        "fi": (
            ["Johto", "Asiakaspalvelu", "Fasilitaattori", "Muu"],
            "Kasvokkain, verkon itsepalvelu, chat-palvelu",
        ),
        "en": (
            ["Management", "Front line", "Facilitator", "Other"],
            "In person, web self-service, chat",
        ),
    }[language]
    assert channels in cells
    texts = [t for name in docs for t in docs[name][0]]
    assert not [t for t in texts if re.search("ulkopuolinen asiantuntija|Front-line staff", t)]
    assert all(r in cells for r in roles)


def test_the_sign_off_block_does_not_echo_the_phase_vahvistaminen(finnish):
    _, headings, _ = finnish["model"]
    assert "Johdon kuittaus" in headings and "Vahvistus" not in headings
