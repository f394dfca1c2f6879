"""The documents' frame: draft marks, language, properties, header and footer, tables, covers."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from exports import model_report, plan_report, staff_card
from exports.common import (
    FITS,
    clean,
    column_widths,
    fitting,
    new_document,
    save,
    table,
    text_width,
)
from facilitator import demo, model, phases, report, targets, workshops
from facilitator.db import Store
from facilitator.domain import Step

BUILDERS = {"model": model_report, "plan": plan_report, "staff-card": staff_card}
SOFFICE = shutil.which("soffice")
needs_office = pytest.mark.skipif(
    not SOFFICE and not os.environ.get("CI"), reason="LibreOffice not installed"
)


def _data(language: str = "fi", until: str = Step.DONE) -> report.ReportData:
    store = Store(":memory:")
    code = demo.create_demo(store, language=language, until=until)
    return report.gather(store, workshops.find_by_code(store, code).id)


def _blobs(data: report.ReportData) -> dict[str, bytes]:
    return {name: save(builder.build(data)) for name, builder in BUILDERS.items()}


@pytest.fixture(scope="module")
def finished() -> dict[str, bytes]:
    return _blobs(_data())


@pytest.fixture(scope="module")
def unfinished() -> dict[str, bytes]:
    return _blobs(_data(until="target"))


def _read(blob: bytes):  # type: ignore[no-untyped-def]
    return Document(io.BytesIO(blob))


def _part(blob: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(blob)) as package:
        return package.read(name).decode()


def test_every_page_of_a_draft_says_so_and_a_finished_document_does_not(finished, unfinished):
    for name in BUILDERS:
        for section in _read(unfinished[name]).sections:
            assert "LUONNOS" in section.header.paragraphs[0].text, name
            # And a pale diagonal watermark behind the text, Word's own kind.
            xml = section.header._element.xml
            assert 'string="LUONNOS"' in xml and "PowerPlusWaterMarkObject" in xml, name
        for section in _read(finished[name]).sections:
            assert "LUONNOS" not in section.header.paragraphs[0].text, name
            assert "PowerPlusWaterMarkObject" not in section.header._element.xml, name
            assert "LUONNOS" not in "\n".join(p.text for p in _read(finished[name]).paragraphs)
    for name in ("model", "plan"):
        # The title page says it in words too, before the title.
        first = _read(unfinished[name]).paragraphs[0].text
        assert first.startswith("LUONNOS") and "kesken" in first, name


@pytest.mark.parametrize(("language", "tag"), [("fi", "fi-FI"), ("en", "en-GB")])
def test_the_language_is_set_on_the_styles_so_word_checks_spelling_by_it(language, tag):
    blob = save(model_report.build(_data(language)))
    styles = _read(blob).styles.element
    default = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert default.find(qn("w:lang")).get(qn("w:val")) == tag
    normal = _read(blob).styles["Normal"].element.rPr
    assert normal.find(qn("w:lang")).get(qn("w:val")) == tag
    assert "en-US" not in _part(blob, "word/stylesWithEffects.xml")


def test_the_properties_name_the_title_organisation_facilitator_and_today(finished):
    data = _data()
    for name, blob in finished.items():
        core = _read(blob).core_properties
        assert core.title, name
        assert core.subject == core.category == data.workshop.organisation
        assert core.author == data.workshop.facilitator
        assert core.created.date() == core.modified.date() == data.made_on
        assert core.language == "fi-FI"
        assert "Kohtaamo" in _part(blob, "docProps/app.xml")
        assert f"<Company>{data.workshop.organisation}</Company>" in _part(blob, "docProps/app.xml")
        with zipfile.ZipFile(io.BytesIO(blob)) as package:
            for part in package.namelist():
                text = package.read(part)
                assert b"python-docx" not in text, (name, part)
        assert "2013" not in _part(blob, "docProps/core.xml")


def test_each_page_has_organisation_title_confidential_and_page_x_of_y(finished):
    for name in ("model", "plan"):
        doc = _read(finished[name])
        header, footer = doc.sections[0].header, doc.sections[0].footer
        assert header.paragraphs[0].text.startswith("Kotipuoti Oy · "), name
        assert doc.core_properties.title in header.paragraphs[0].text
        assert footer.paragraphs[0].text.startswith("Luottamuksellinen"), name
        codes = [i.text.strip() for i in footer._element.iter(qn("w:instrText"))]
        assert codes == ["PAGE", "NUMPAGES"], name
    english = _read(_blobs(_data("en"))["plan"]).sections[0].footer.paragraphs[0].text
    assert english.startswith("Confidential\tpage 1 of 1")
    # The staff card is a poster for a wall: no page numbers or "confidential" on it.
    card = _read(finished["staff-card"]).sections[0]
    assert not card.footer.paragraphs[0].text
    assert not card.header.paragraphs[0].text.strip()


def test_the_plan_has_a_cover_page_like_the_model_report():
    data = _data()
    doc = _read(save(plan_report.build(data)))
    cover = []
    for p in doc.paragraphs:
        if p._element.xpath(".//w:br[@w:type='page']"):
            break
        cover.append(p.text)
    assert cover[0] == "Muutossuunnitelma"
    assert data.text.name in cover
    assert data.workshop.organisation in cover
    assert any(
        line.endswith(f"{data.made_on.day}.{data.made_on.month}.{data.made_on.year}")
        for line in cover
    )


def test_every_table_repeats_its_header_keeps_rows_whole_and_aligns_figures_right(finished):
    tables = [t for name in ("model", "plan") for t in _read(finished[name]).tables]
    assert tables
    figures = 0
    for grid in tables:
        rows = grid.rows
        assert rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
        assert all(r._tr.trPr.find(qn("w:cantSplit")) is not None for r in rows)
        assert all(c.text.strip() for c in rows[0].cells), [c.text for c in rows[0].cells]
        for row in rows[1:]:
            for cell in row.cells:
                if re.fullmatch(r"\d[\d\s\u00a0,]*(\s?%)?", cell.text.strip()):
                    figures += 1
                    assert cell.paragraphs[0].alignment == 2, cell.text  # RIGHT
    assert figures > 10


def test_a_table_refuses_a_column_without_a_header():
    doc = new_document(_data(), "x")
    with pytest.raises(ValueError, match="header"):
        table(doc, ["Vaihe", ""], [("Huomiointi", "1")])


def test_figures_in_a_table_are_written_the_languages_way():
    for language, expected in (("fi", "1\u00a0234,5"), ("en", "1,234.5")):
        doc = new_document(_data(language, until="observe"), "x")
        grid = table(doc, ["Item", "Value"], [("a", 1234.5)])
        assert grid.rows[1].cells[1].text == expected


def test_no_column_is_narrower_than_its_longest_word():
    headers = ["Rooli", "Henkilöitä", "Huomio"]
    rows = [
        ["Fasilitaattori / ulkopuolinen asiantuntija", "1", "Asiakaspalvelutilanteessa"],
        ["Asiakaspalvelu", "6", ""],
    ]
    widths = column_widths(headers, rows, 470.0, [False, True, False])
    assert sum(widths) == pytest.approx(470.0)
    for column, width in enumerate(widths):
        words = [w for row in [headers, *rows] for w in row[column].split()]
        assert width > max(text_width(w, 10.0, bold=True) for w in words)


def _long_workshop() -> tuple[Store, str]:
    """Twelve phases with the longest names allowed, of long Finnish words."""
    store = Store(":memory:")
    code = demo.create_demo(store, language="fi", until="target")
    _, key = workshops.login(store, code, demo.DEMO_PASSPHRASE)
    words = ["Asiakaspalvelutilanteen", "Vastaanottaminen", "Kokonaisratkaisuehdotus"]
    names = [
        f"{n + 1:02d} {words[n % 3]} ja {words[(n + 1) % 3]} {words[(n + 2) % 3]}"[
            : phases.MAX_PHASE_NAME
        ]
        for n in range(phases.MAX_PHASES)
    ]
    assert {len(name) for name in names} == {phases.MAX_PHASE_NAME}
    made = phases.save_phases(store, key, [(None, name) for name in names])
    for phase in made:
        targets.set_target(
            store,
            key,
            phase.id,
            ("Tahtotila " + "asiakaslähtöisesti " * 12)[: targets.MAX_TARGET].strip(),
            [
                targets.Behaviour(
                    ("Tervehdi " + "henkilökohtaisesti " * 8)[: targets.MAX_BEHAVIOUR].strip(),
                    n % 2 == 0,
                )
                for n in range(targets.MAX_BEHAVIOURS)
            ],
        )
    model.set_text(
        store,
        key,
        name=("Kohtaamisen " * 10)[: model.MAX_NAME].strip(),
        promise=("Lupaamme " * 20)[: model.MAX_PROMISE].strip(),
        tone_words=("lämmin, " * 30)[: model.MAX_TONE].strip(),
        judgement="",
    )
    return store, code


def _pdf(blob: bytes, name: str, folder: Path) -> Path:
    (folder / f"{name}.docx").write_bytes(blob)
    subprocess.run(
        [
            SOFFICE or "soffice",
            f"-env:UserInstallation=file://{folder}/lo",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(folder / f"{name}.docx"),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return folder / f"{name}.pdf"


def _pdf_text(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout


def _table_words(doc) -> set[str]:  # type: ignore[no-untyped-def]
    words = {
        w.strip(".,:;()")
        for grid in doc.tables
        for row in grid.rows
        for cell in row.cells
        for w in cell.text.replace("\u200b", "").split()
    }
    return {w for w in words if len(w) >= 6}


@needs_office
def test_the_plans_six_columns_of_long_finnish_words_break_no_word(tmp_path):
    """The plan's metrics table (six columns, "Neljännesvuosittain", "Vertaishavainnointi") once
    broke "Vahvistamine|n" and "katsekontaktill|a": the table now steps down its type instead."""
    store = Store(":memory:")
    code = demo.create_demo(store, language="fi")
    doc = plan_report.build(report.gather(store, workshops.find_by_code(store, code).id))
    text = _pdf_text(_pdf(save(doc), "plan", tmp_path))
    words = _table_words(doc)
    assert {"Neljännesvuosittain", "Vertaishavainnointi", "katsekontaktilla"} <= words
    broken = sorted(w for w in words if w not in text)
    assert not broken, broken
    assert not re.search(r"\d\s*\n\s*%", text), "a figure was parted from its % sign"


def test_a_table_too_wide_for_its_words_steps_down_its_type_before_breaking_one():
    word = "Neljännesvuosittain"
    headers = ["Vaihe", "Mitä", "Nyt", "Tietolähde", "Kuinka usein", "Vastuuhenkilö"]
    rows = [[word] * 6]
    fit = fitting(headers, rows, 470.0)
    assert fit.body < 10.0
    widths = column_widths(headers, rows, 470.0, [False] * 6, fit)
    assert all(w >= text_width(word, fit.body) + fit.padding for w in widths)
    assert fitting(["Rooli", "Määrä"], [["Johto", "3"]], 470.0) == FITS[0]


def test_a_percent_sign_stays_with_its_figure():
    assert clean("62 % käynneistä") == "62\u00a0% käynneistä"


@needs_office
def test_libreoffice_breaks_no_word_of_a_table_and_fills_in_the_page_numbers(tmp_path):
    store, code = _long_workshop()
    data = report.gather(store, workshops.find_by_code(store, code).id)
    doc = model_report.build(data)
    text = _pdf_text(_pdf(save(doc), "model", tmp_path))
    words = _table_words(doc)
    assert "Asiakaspalvelutilanteen" in words and "Fasilitaattori" in words
    broken = sorted(w for w in words if w not in text)
    assert not broken, broken
    pages = int(re.findall(r"sivu \d+ / (\d+)", text)[0])
    assert pages > 1
    assert [int(n) for n in re.findall(r"sivu (\d+) / \d+", text)] == list(range(1, pages + 1))


@needs_office
def test_the_staff_card_of_twelve_longest_phases_is_one_page_with_its_draft_mark(tmp_path):
    store, code = _long_workshop()
    data = report.gather(store, workshops.find_by_code(store, code).id)
    assert data.draft
    pdf = _pdf(save(staff_card.build(data)), "card", tmp_path)
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
    assert re.search(r"^Pages:\s+1$", info.stdout, re.MULTILINE)
    assert "LUONNOS" in _pdf_text(pdf)
