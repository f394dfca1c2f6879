"""The wording rules of issue 15 point 12, read back from the three documents the demo produces.

tests/unit/test_wording.py holds the catalogs to the rules; this holds the documents to them,
so a builder that picks the phone's first-person key, or demo text with English quotation
marks, is caught where the chief executive would see it.
"""

from __future__ import annotations

import io
import re

import pytest
from docx import Document

from exports import model_report, plan_report, staff_card
from exports.common import save
from facilitator import demo, report, workshops
from facilitator.db import Store

BUILDERS = {"model": model_report, "plan": plan_report, "staff-card": staff_card}


def _texts(blob: bytes) -> tuple[list[str], list[str], list[list[str]]]:
    """(every paragraph, the headings, each table's header row) of a document."""
    doc = Document(io.BytesIO(blob))
    paragraphs = [p.text for p in doc.paragraphs]
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    headers = [[c.text for c in t.rows[0].cells] for t in doc.tables]
    return paragraphs + cells, headings, headers


def _demo(language: str) -> dict[str, tuple]:
    store = Store(":memory:")
    code = demo.create_demo(store, language=language)
    data = report.gather(store, workshops.find_by_code(store, code).id)
    return {name: _texts(save(b.build(data))) for name, b in BUILDERS.items()}


@pytest.fixture(scope="module")
def finnish() -> dict[str, tuple]:
    return _demo("fi")


@pytest.fixture(scope="module", params=["fi", "en"])
def demo_documents(request, finnish) -> tuple[str, dict[str, tuple]]:  # type: ignore[no-untyped-def]
    return request.param, finnish if request.param == "fi" else _demo("en")


def test_the_model_report_names_achievability_and_the_fist_of_five_as_the_app_does(
    demo_documents,
):
    language, docs = demo_documents
    _, headings, _ = docs["model"]
    achievability, fist = {
        "fi": ("Toteutettavuus rooleittain", "Viiden sormen äänestys"),
        "en": ("Achievability by role", "Fist of five"),
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
