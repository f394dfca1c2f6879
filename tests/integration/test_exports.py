"""The Word documents, read back with python-docx (and opened by LibreOffice where it is there)."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
from collections.abc import Callable

import pytest
from docx import Document

from exports import model_report, plan_report, staff_card
from exports.common import save
from facilitator.data import demo
from facilitator.domain import Kind, Step
from facilitator.room import workshops
from facilitator.steps import observations, participants, phases, report, targets, voting
from facilitator.store import clock
from facilitator.store.db import Store

BUILDERS = {"model": model_report, "plan": plan_report, "staff-card": staff_card}


def documents(store: Store, code: str) -> dict[str, bytes]:
    data = report.gather(store, workshops.find_by_code(store, code).id)
    return {name: save(builder.build(data)) for name, builder in BUILDERS.items()}


def read(blob: bytes):  # type: ignore[no-untyped-def]
    return Document(io.BytesIO(blob))


def all_text(doc) -> str:  # type: ignore[no-untyped-def]
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def headings(doc, level: int) -> list[str]:  # type: ignore[no-untyped-def]
    return [p.text for p in doc.paragraphs if p.style.name == f"Heading {level}"]


@pytest.fixture(scope="module")
def finnish_demo(make_module_store: Callable[..., Store]) -> dict[str, bytes]:
    store = make_module_store()
    return documents(store, demo.create_demo(store, language="fi"))


def test_the_model_report_has_the_golden_outline_of_the_demo(finnish_demo):
    doc = read(finnish_demo["model"])
    assert doc.paragraphs[0].text == "Kotipuodin kohtaaminen"
    assert doc.paragraphs[0].style.name == "Title"
    # The reader's order: leadership's page, the model, the plan, the thread, then the evidence.
    assert headings(doc, 1) == [
        "Johdolle",
        "Malli vaihe vaiheelta",
        "Muutossuunnitelma lyhyesti",
        "Havainnosta mittariin",
        "Liite: mallin perusteet",
    ]
    phases = ["Huomiointi", "Kysyminen", "Kuuntelu", "Ehdottaminen", "Vahvistaminen", "Kiittäminen"]
    assert [h for h in headings(doc, 2) if h[0].isdigit()] == [
        f"{n}. {name}" for n, name in enumerate(phases, 1)
    ]
    text = all_text(doc)
    assert "Tervehdi asiakasta 10 sekunnissa katsekontaktilla (kiinteä)" in text
    assert "Kysy budjettia luontevasti omin sanoin (joustava)" in text
    assert "Asiakas tervehditään yleensä heti ovella." in text
    assert len(doc.inline_shapes) == 2  # the journey chart: six phases, two rows of three
    section = doc.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)


def test_the_model_report_lists_key_items_with_dots_by_role(finnish_demo):
    doc = read(finnish_demo["model"])
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Vahvuudet")
    header = [c.text for c in table.rows[0].cells]
    assert header == ["Vahvuudet", "Pisteet", "Johto", "Asiakaspalvelu", "Fasilitaattori", "Muu"]
    first = [c.text for c in table.rows[1].cells]
    assert first[0] == "Asiakas tervehditään yleensä heti ovella."
    assert int(first[1]) == sum(int(x) for x in first[2:])


def test_the_plan_holds_metrics_milestones_coaching_observation_and_the_challenges(finnish_demo):
    doc = read(finnish_demo["plan"])
    # The summary first (what is measured, when, who coaches), then how it is done.
    assert headings(doc, 1) == [
        "Kriittisten vaiheiden mittarit",
        "Käyttöönoton virstanpylväät",
        "Valmennusorganisaatio",
        "Havainnointisuunnitelma",
        "Kolme tunnettua haastetta",
        "Osallistujien näkemykset",
    ]
    assert headings(doc, 2)[:3] == [
        "Tottumukset",
        "Yhtenäisyys persoonallisuutta kadottamatta",
        "Malli ei voi kattaa kaikkea",
    ]
    text = all_text(doc)
    # The demo's milestones fall so many days after the day it was agreed (demo.FOLLOWED_FOR
    # days before it was made); Babel writes the day the Finnish way.
    day = clock.today() - dt.timedelta(days=demo.FOLLOWED_FOR - demo.EVERY_STORE)
    assert "Sari Virtanen" in text and f"{day.day}.{day.month}.{day.year}" in text
    assert "Asiakas tervehditty 10 sekunnissa katsekontaktilla" in text  # its phase's own 10 s


def test_the_staff_card_holds_the_model_and_every_phase(finnish_demo):
    doc = read(finnish_demo["staff-card"])
    text = all_text(doc)
    assert doc.paragraphs[0].text == "Kotipuodin kohtaaminen"
    for name in ["Huomiointi", "Kysyminen", "Kiittäminen"]:
        assert name in text
    assert "■ Tervehdi asiakasta 10 sekunnissa katsekontaktilla" in text
    assert not doc.tables


@pytest.mark.parametrize("until", ["lobby", "observe", "identify", "target"])
def test_an_unfinished_workshop_gives_documents_that_say_what_is_not_done(store, until):
    docs = documents(store, demo.create_demo(store, language="en", until=until))
    text = all_text(read(docs["model"]))
    assert "Not done yet:" in text
    assert "Change plan" in text.split("Not done yet:")[1].split("\n")[0]
    assert "Not done yet:" in all_text(read(docs["plan"]))
    assert read(docs["staff-card"]).paragraphs


HOSTILE = [
    "<script>alert(1)</script>",
    "**bold** [x](javascript:alert(1)) ![](http://example.invalid/x.png)",
    "a" * 2000,
    "Hyvä 👍🏽 palvelu",
    "خدمة العملاء ممتازة",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_participant_text_reaches_word_as_plain_text(store, text):
    code = demo.create_demo(store, language="en", until="observe")
    workshop = workshops.find_by_code(store, code)
    _, key = workshops.login(store, code, demo.DEMO_PASSPHRASE)
    person, _ = participants.join(store, workshop, "frontline")
    observations.submit(store, person, observations.draft("experience", "weakness", text[:280]))
    workshops.set_step(store, key, Step.IDENTIFY)
    mine = [o.id for o in observations.list_visible(store, workshop.id) if o.text == text[:280]]
    voting.confirm_keys(store, key, Kind.WEAKNESS, mine)
    doc = read(documents(store, code)["model"])
    cells = [c for t in doc.tables for row in t.rows for c in row.cells]
    shown = [c for c in cells if c.text.replace("\u200b", "") == text[:280]]
    assert shown, "the text is in the key weaknesses table as typed"
    runs = [r for p in shown[0].paragraphs for r in p.runs]
    assert len(runs) == 1 and not runs[0].bold and not runs[0].italic


SOFFICE = shutil.which("soffice")


@pytest.mark.skipif(not SOFFICE and not os.environ.get("CI"), reason="LibreOffice not installed")
def test_libreoffice_opens_each_document_and_the_staff_card_is_one_page(finnish_demo, tmp_path):
    assert SOFFICE, "CI must have LibreOffice to open the documents"
    for name, blob in finnish_demo.items():
        (tmp_path / f"{name}.docx").write_bytes(blob)
    subprocess.run(
        [
            SOFFICE,
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            *map(str, sorted(tmp_path.glob("*.docx"))),
        ],
        check=True,
        capture_output=True,
        timeout=180,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    pages = {}
    for name in BUILDERS:
        info = subprocess.run(
            ["pdfinfo", str(tmp_path / f"{name}.pdf")], check=True, capture_output=True, text=True
        ).stdout
        pages[name] = int(
            next(line.split()[1] for line in info.splitlines() if line.startswith("Pages"))
        )
        text = subprocess.run(
            ["pdftotext", str(tmp_path / f"{name}.pdf"), "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        for phase in [
            "Huomiointi",
            "Kysyminen",
            "Kuuntelu",
            "Ehdottaminen",
            "Vahvistaminen",
            "Kiittäminen",
        ]:
            if name != "plan":
                assert phase in text, (name, phase)
    assert pages["staff-card"] == 1
    assert pages["model"] >= 3 and pages["plan"] >= 2


@pytest.mark.skipif(not SOFFICE and not os.environ.get("CI"), reason="LibreOffice not installed")
def test_the_staff_card_stays_one_page_with_the_largest_model_allowed(store, tmp_path):
    code = demo.create_demo(store, language="fi", until="target")
    _, key = workshops.login(store, code, demo.DEMO_PASSPHRASE)
    made = phases.save_phases(
        store, key, [(None, f"Vaihe {n} " + "x" * 40) for n in range(phases.MAX_PHASES)]
    )
    for phase in made:
        targets.set_target(
            store,
            key,
            phase.id,
            "Tahtotila " + "sanoja " * 27,
            [targets.Behaviour("Tervehdi " + "pitkästi " * 14, n % 2 == 0) for n in range(3)],
        )
    blob = documents(store, code)["staff-card"]
    (tmp_path / "card.docx").write_bytes(blob)
    subprocess.run(
        [
            SOFFICE,
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(tmp_path / "card.docx"),
        ],
        check=True,
        capture_output=True,
        timeout=180,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    info = subprocess.run(
        ["pdfinfo", str(tmp_path / "card.pdf")], check=True, capture_output=True, text=True
    ).stdout
    assert "Pages:           1" in info
