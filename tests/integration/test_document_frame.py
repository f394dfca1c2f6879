"""The documents' frame: draft marks, language, properties, header and footer, tables, covers."""

from __future__ import annotations

import ast
import inspect
import io
import os
import re
import shutil
import subprocess
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from docx import Document
from docx.document import Document as DocumentType
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

import exports.common
from exports import model_report, plan_report, staff_card
from exports.common import (
    FITS,
    KEEP_TOGETHER,
    Fit,
    clean,
    column_widths,
    fitting,
    milestones_by_due,
    new_document,
    save,
    table,
    text_width,
)
from facilitator.data import demo
from facilitator.domain import Step
from facilitator.language.catalogs import frame as catalog_frame
from facilitator.room import workshops
from facilitator.steps import model, phases, plan, report, targets
from facilitator.store.db import Store

BUILDERS = {"model": model_report, "plan": plan_report, "staff-card": staff_card}
SOFFICE = shutil.which("soffice")
needs_office = pytest.mark.skipif(
    not SOFFICE and not os.environ.get("CI"), reason="LibreOffice not installed"
)


def _data(store: Store, language: str = "fi", until: str = Step.DONE) -> report.ReportData:
    code = demo.create_demo(store, language=language, until=until)
    return report.gather(store, workshops.find_by_code(store, code).id)


def _blobs(data: report.ReportData) -> dict[str, bytes]:
    return {name: save(builder.build(data)) for name, builder in BUILDERS.items()}


@pytest.fixture(scope="module")
def finished(make_module_store) -> dict[str, bytes]:
    return _blobs(_data(make_module_store()))


@pytest.fixture(scope="module")
def unfinished(make_module_store) -> dict[str, bytes]:
    return _blobs(_data(make_module_store(), until="target"))


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
def test_the_language_is_set_on_the_styles_so_word_checks_spelling_by_it(make_store, language, tag):
    blob = save(model_report.build(_data(make_store(), language)))
    styles = _read(blob).styles.element
    default = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert default.find(qn("w:lang")).get(qn("w:val")) == tag
    normal = _read(blob).styles["Normal"].element.rPr
    assert normal.find(qn("w:lang")).get(qn("w:val")) == tag
    assert "en-US" not in _part(blob, "word/stylesWithEffects.xml")


def test_the_properties_name_the_title_organisation_facilitator_and_today(make_store, finished):
    data = _data(make_store())
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


def test_each_page_has_organisation_title_confidential_and_page_x_of_y(make_store, finished):
    for name in ("model", "plan"):
        doc = _read(finished[name])
        header, footer = doc.sections[0].header, doc.sections[0].footer
        assert header.paragraphs[0].text.startswith("Kotipuoti Oy · "), name
        assert doc.core_properties.title in header.paragraphs[0].text
        assert footer.paragraphs[0].text.startswith("Luottamuksellinen"), name
        codes = [i.text.strip() for i in footer._element.iter(qn("w:instrText"))]
        assert codes == ["PAGE", "NUMPAGES"], name
    english = _read(_blobs(_data(make_store(), "en"))["plan"]).sections[0].footer.paragraphs[0].text
    assert english.startswith("Confidential\tpage 1 of 1")
    # The staff card is a poster for a wall: no page numbers or "confidential" on it.
    card = _read(finished["staff-card"]).sections[0]
    assert not card.footer.paragraphs[0].text
    assert not card.header.paragraphs[0].text.strip()


def _cover(blob: bytes) -> list[str]:
    """The cover's lines: every paragraph before the first page break."""
    lines = []
    for p in _read(blob).paragraphs:
        if p._element.xpath(".//w:br[@w:type='page']"):
            break
        lines.append(p.text)
    return lines


def test_the_plan_has_a_cover_page_like_the_model_report(make_store):
    data = _data(make_store())
    cover = _cover(save(plan_report.build(data)))
    assert cover[0] == "Muutossuunnitelma"
    assert data.text.name in cover
    assert data.workshop.organisation in cover
    assert any(
        line.endswith(f"{data.agreed_on.day}.{data.agreed_on.month}.{data.agreed_on.year}")
        for line in cover
    )


@pytest.mark.parametrize(
    ("language", "workshop", "facilitator"),
    [("fi", "Työpaja: ", "Fasilitaattori: "), ("en", "Workshop: ", "Facilitator: ")],
)
@pytest.mark.parametrize("until", [Step.DONE, Step.TARGET])
def test_both_covers_name_the_workshop_as_a_workshop_the_facilitator_and_one_date(
    make_store, language, workshop, facilitator, until
):
    """The workshop's title once read as a second name of the model ("Asiakaskohtaamismalli:
    Kohtaamisen malli 2027"), the facilitator was not named, and the plan's date said "Made on"
    where the model's said "Prepared on"."""
    data = _data(make_store(), language, until)
    assert data.workshop.facilitator
    covers = {name: _cover(save(BUILDERS[name].build(data))) for name in ("model", "plan")}
    for name, cover in covers.items():
        if data.text.name:
            assert data.workshop.title != data.text.name
            assert f"{workshop}{data.workshop.title}" in cover, name
        else:
            # No model name yet: the workshop's title stands in for it, said once.
            assert sum(data.workshop.title in line for line in cover) == 1, (name, cover)
            assert not any(line.startswith(workshop) for line in cover), name
        assert f"{facilitator}{data.workshop.facilitator}" in cover, name
        assert not any(
            line.startswith(("Asiakaskohtaamismalli:", "Customer encounter model:"))
            for line in cover
        ), name
    # One date line, the same words in both: agreed on, or a draft's situation on.
    start = {
        ("fi", True): "Luonnos, tilanne ",
        ("fi", False): "Sovittu ",
        ("en", True): "Draft, situation on ",
        ("en", False): "Agreed on ",
    }[(language, data.draft)]
    dates = {
        name: [line for line in cover if line.startswith(start)] for name, cover in covers.items()
    }
    assert len(dates["model"]) == 1 and dates["model"] == dates["plan"], covers


def test_the_frames_catalog_holds_no_key_the_code_does_not_use():
    code = "\n".join(
        path.read_text()
        for folder in ("exports", "pages", "facilitator")
        for path in Path(folder).rglob("*.py")
        if not path.name.startswith("catalog")
    )
    for key in catalog_frame.EN:
        # A key is named as it is, or built from its prefix: t(lang, f"doc.chart.{kind}").
        assert key in code or key.rsplit(".", 1)[0] + ".{" in code, key


def test_the_plan_builder_does_not_import_the_model_report():
    tree = ast.parse(inspect.getsource(plan_report))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)} | {
        a.name for node in ast.walk(tree) if isinstance(node, ast.Import) for a in node.names
    }
    assert "exports.model_report" not in imported
    assert not any(
        isinstance(node, ast.ImportFrom)
        and node.module == "exports"
        and any(a.name == "model_report" for a in node.names)
        for node in ast.walk(tree)
    )


def test_milestones_come_soonest_first_and_an_undated_one_last(make_store):
    data = _data(make_store())
    data.plan[plan.Section.MILESTONES] = [
        {"due": "", "title": "Ei päivää"},
        {"due": "2027-06-30", "title": "Kesä"},
        {"due": "2027-01-15", "title": "Tammi"},
    ]
    assert [m["title"] for m in milestones_by_due(data)] == ["Tammi", "Kesä", "Ei päivää"]
    doc = _read(save(plan_report.build(data)))
    grid = next(g for g in doc.tables if g.rows[0].cells[0].text == "Määräaika")
    assert [r.cells[1].text for r in grid.rows[1:]] == ["Tammi", "Kesä", "Ei päivää"]


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


def test_a_table_refuses_a_column_without_a_header(make_store):
    doc = new_document(_data(make_store()), "x")
    with pytest.raises(ValueError, match="header"):
        table(doc, ["Vaihe", ""], [("Huomiointi", "1")])


def _kept(paragraph) -> bool:  # type: ignore[no-untyped-def]
    """Whether the paragraph keeps with the next, set on it or on its style (headings)."""
    own = paragraph.paragraph_format.keep_with_next
    return bool(own if own is not None else paragraph.style.paragraph_format.keep_with_next)


def test_a_tables_help_line_and_a_small_tables_rows_stay_on_its_page(finished):
    """The anonymity sentence once sat on page 7 apart from its participants table, and the
    plan's observation table left one row alone on a page."""
    doc = _read(finished["model"])
    participants = next(
        g
        for g in doc.tables
        if g.rows[0].cells[0].text == "Rooli" and g.rows[0].cells[1].text == "Henkilöitä"
    )
    before = participants._tbl.getprevious()
    assert "nimettöminä" in "".join(before.itertext())
    checked = 0
    for name in ("model", "plan"):
        doc = _read(finished[name])
        for grid in doc.tables:
            before = grid._tbl.getprevious()
            help_line = next(p for p in doc.paragraphs if p._p is before)
            if help_line.text.strip():
                assert _kept(help_line), (name, help_line.text)
                checked += 1
            rows = grid.rows
            assert len(rows) - 1 <= KEEP_TOGETHER, "the demo's tables are all small"
            for row in rows[:-1]:
                assert all(
                    p.paragraph_format.keep_with_next for c in row.cells for p in c.paragraphs
                ), (name, row.cells[0].text)
            assert not any(
                p.paragraph_format.keep_with_next for c in rows[-1].cells for p in c.paragraphs
            )
    assert checked > 10
    # A heading keeps with what follows through its style.
    assert all(
        _read(finished["model"]).styles[h].paragraph_format.keep_with_next
        for h in ("Heading 1", "Heading 2")
    )


def test_the_journey_charts_help_line_stays_with_the_chart(finished):
    doc = _read(finished["model"])
    body = list(doc.element.body)
    first_chart = next(e for e in body if e.xpath(".//pic:pic"))
    help_line = next(p for p in doc.paragraphs if p._p is first_chart.getprevious())
    assert "●" in help_line.text
    assert help_line.paragraph_format.keep_with_next


def test_a_long_table_keeps_only_its_header_with_the_first_row(make_store):
    doc = new_document(_data(make_store(), until="observe"), "x")
    para = doc.add_paragraph("Ohje taulukolle")
    grid = table(doc, ["Kohta", "Määrä"], [(f"Rivi {n}", n) for n in range(KEEP_TOGETHER + 1)])
    assert para.paragraph_format.keep_with_next
    kept = [
        all(p.paragraph_format.keep_with_next for c in r.cells for p in c.paragraphs)
        for r in grid.rows
    ]
    assert kept == [True] + [False] * (KEEP_TOGETHER + 1)
    # An empty paragraph (a page break's) is not a help line: nothing to keep.
    blank = doc.add_paragraph()
    table(doc, ["Kohta"], [("a",)])
    assert blank.paragraph_format.keep_with_next is None


@pytest.mark.parametrize(
    ("language", "days"),
    [("fi", ["15.1.2027", "31.3.2027"]), ("en", ["15 January 2027", "31 March 2027"])],
)
def test_a_column_aligns_as_one_whatever_its_cells_look_like(make_store, language, days):
    """A "–" or a Finnish day once sat right inside a column of text, English days left."""
    doc = new_document(_data(make_store(), language, until="observe"), "x")
    grid = table(
        doc,
        ["Päivä", "Teksti", "Luku"],
        [(days[0], "Tervehdi", 3), (days[1], "–", "–"), ("", "12 kk", 4.5)],
    )
    align = [[c.paragraphs[0].alignment for c in row.cells] for row in grid.rows]
    right = WD_ALIGN_PARAGRAPH.RIGHT
    assert all(row[0] != right and row[1] != right for row in align), align
    assert all(row[2] == right for row in align), align


@pytest.mark.parametrize("language", ["fi", "en"])
def test_the_plans_milestone_days_align_left_in_both_languages(make_store, language):
    doc = _read(save(plan_report.build(_data(make_store(), language))))
    grid = doc.tables[1]
    assert grid.rows[0].cells[1].text in ("Virstanpylväs", "Milestone")
    assert all(r.cells[0].paragraphs[0].alignment != WD_ALIGN_PARAGRAPH.RIGHT for r in grid.rows)


def test_figures_in_a_table_are_written_the_languages_way(make_store):
    for language, expected in (("fi", "1\u00a0234,5"), ("en", "1,234.5")):
        doc = new_document(_data(make_store(), language, until="observe"), "x")
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


def _long_workshop(store: Store) -> tuple[Store, str]:
    """Twelve phases with the longest names allowed, of long Finnish words."""
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


# Words of letters only: a word broken across a table's line reads as two shorter ones.
_LETTERS = re.compile(r"[^\W\d_]{6,}")


def _counts(text: str) -> Counter[str]:
    return Counter(_LETTERS.findall(text.replace("\u200b", "")))


def _broken_table_words(doc, pdf_text: str) -> dict[str, tuple[int, int]]:  # type: ignore[no-untyped-def]
    """Table words the PDF holds fewer times than the document does: broken somewhere.

    A word is counted in all of the document's text (paragraphs and tables), not only found
    somewhere: the table words also stand in headings and notes, where they are whole. Words
    of the header and footer are left out, as the PDF repeats them on every page.
    """
    body = [p.text for p in doc.paragraphs]
    cells = [c.text for g in doc.tables for row in g.rows for c in row.cells]
    frame = _counts(
        " ".join(p.text for s in doc.sections for p in [*s.header.paragraphs, *s.footer.paragraphs])
    )
    wanted = _counts("\n".join(body + cells))
    found = _counts(pdf_text)
    return {
        w: (wanted[w], found[w])
        for w in _counts("\n".join(cells))
        if w not in frame and found[w] < wanted[w]
    }


def _plan_of_the_demo(store: Store) -> DocumentType:
    code = demo.create_demo(store, language="fi")
    return plan_report.build(report.gather(store, workshops.find_by_code(store, code).id))


@needs_office
def test_the_plans_six_columns_of_long_finnish_words_break_no_word(make_store, tmp_path):
    """The plan's metrics table (six columns, "Neljännesvuosittain", "Vertaishavainnointi") once
    broke "Vahvistamine|n" and "katsekontaktill|a": the table now steps down its type instead."""
    doc = _plan_of_the_demo(make_store())
    text = _pdf_text(_pdf(save(doc), "plan", tmp_path))
    cells = _counts(" ".join(c.text for g in doc.tables for r in g.rows for c in r.cells))
    assert {"Neljännesvuosittain", "Vertaishavainnointi", "katsekontaktilla"} <= set(cells)
    broken = _broken_table_words(doc, text)
    assert not broken, broken
    assert not re.search(r"\d\s*\n\s*%", text), "a figure was parted from its % sign"


@needs_office
def test_the_broken_word_check_sees_a_table_forced_too_narrow(make_store, tmp_path, monkeypatch):
    """The check above counts words, so it catches a break even where the word stands whole in
    a heading or a note too: with only 11 pt type allowed, the plan's tables must break words."""
    monkeypatch.setattr(exports.common, "FITS", (Fit(11.0, 11.0, 5.4),))
    doc = _plan_of_the_demo(make_store())
    broken = _broken_table_words(doc, _pdf_text(_pdf(save(doc), "narrow", tmp_path)))
    assert broken
    # Among them a word that also stands whole outside the tables: found somewhere, yet broken.
    outside = _counts("\n".join(p.text for p in doc.paragraphs))
    assert any(outside[w] for w in broken), broken


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
def test_libreoffice_breaks_no_word_of_a_table_and_fills_in_the_page_numbers(make_store, tmp_path):
    store, code = _long_workshop(make_store())
    data = report.gather(store, workshops.find_by_code(store, code).id)
    doc = model_report.build(data)
    text = _pdf_text(_pdf(save(doc), "model", tmp_path))
    cells = _counts(" ".join(c.text for g in doc.tables for r in g.rows for c in r.cells))
    assert "Asiakaspalvelutilanteen" in cells and "Fasilitaattori" in cells
    broken = _broken_table_words(doc, text)
    assert not broken, broken
    pages = int(re.findall(r"sivu \d+ / (\d+)", text)[0])
    assert pages > 1
    assert [int(n) for n in re.findall(r"sivu (\d+) / \d+", text)] == list(range(1, pages + 1))


@needs_office
def test_the_staff_card_of_twelve_longest_phases_is_one_page_with_its_draft_mark(
    make_store, tmp_path
):
    store, code = _long_workshop(make_store())
    data = report.gather(store, workshops.find_by_code(store, code).id)
    assert data.draft
    pdf = _pdf(save(staff_card.build(data)), "card", tmp_path)
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
    assert re.search(r"^Pages:\s+1$", info.stdout, re.MULTILINE)
    assert "LUONNOS" in _pdf_text(pdf)
