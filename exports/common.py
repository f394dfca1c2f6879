"""Shared pieces of the Word builders: an A4 document, plain-text runs, tables and charts."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence

import altair as alt
import vl_convert as vlc
from docx import Document
from docx.document import Document as DocumentType
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph

from facilitator.domain import Language, Step
from facilitator.i18n import t

A4 = (Cm(21.0), Cm(29.7))
TEXT_WIDTH = Cm(16.6)
ACCENT = RGBColor(0x0B, 0x6E, 0x4F)
# Characters XML 1.0 cannot hold. Typed text is cleaned before it is stored, but a restored
# backup is stored as it was written: this guards the document and the chart renderer.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_LONG_WORD = re.compile(r"\S{40,}")


def new_document(title: str, language: Language) -> DocumentType:
    """An A4 document with our margins, fonts and the title in its properties."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = A4
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.2))
    section.top_margin = section.bottom_margin = Cm(2.0)
    normal = doc.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)
    for name in ("Title", "Heading 1", "Heading 2"):
        doc.styles[name].font.color.rgb = ACCENT
    doc.core_properties.title = clean(title)
    doc.core_properties.language = Language(language).value
    return doc


def clean(text: str) -> str:
    """Typed text made safe for Word: no XML-illegal characters, long words may break."""
    text = _NOT_XML.sub("", text or "")
    # A zero-width space lets Word break a 40+ character word instead of widening the page.
    return _LONG_WORD.sub(lambda m: "\u200b".join(re.findall(".{1,30}", m.group())), text)


def para(
    doc: DocumentType, text: str = "", style: str | None = None, *, bold: bool = False
) -> Paragraph:
    """A paragraph holding the text as one plain run: markup stays text, never formatting."""
    paragraph = doc.add_paragraph(style=style)
    if text:
        paragraph.add_run(clean(text)).bold = bold
    return paragraph


def heading(doc: DocumentType, text: str, level: int = 1) -> Paragraph:
    """A real Word heading (Heading 1, 2, ...), so the document has an outline."""
    return doc.add_heading(clean(text), level=level)


def _shade(cell, fill: str) -> None:  # type: ignore[no-untyped-def]
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:fill"), fill)
    properties.append(shading)


def table(
    doc: DocumentType,
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    first: float = 0.45,
    weights: Sequence[float] | None = None,
) -> Table:
    """A grid table with a shaded header row that repeats on every page.

    Column widths follow `weights` when given; otherwise the first column (the text) takes
    `first` of the width and the others share the rest.
    """
    if weights is None:
        others = len(headers) - 1
        weights = [first, *([(1 - first) / others] * others)] if others else [1.0]
    shares = [w / sum(weights) for w in weights]
    grid = doc.add_table(rows=1, cols=len(headers))
    grid.autofit = False
    grid.style = doc.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    header_row = grid.rows[0]
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    header_row._tr.get_or_add_trPr().append(flag)
    for cell, text in zip(header_row.cells, headers, strict=True):
        run = cell.paragraphs[0].add_run(clean(text))
        run.bold = True
        run.font.size = Pt(9)
        _shade(cell, "E6F1EC")
    for values in rows:
        cells = grid.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            cell.paragraphs[0].add_run(clean("" if value is None else str(value)))
    for column, share in zip(grid.columns, shares, strict=True):
        # Word reads each cell's width, LibreOffice the table grid: set both.
        column.width = int(TEXT_WIDTH * share)
        for cell in column.cells:
            cell.width = int(TEXT_WIDTH * share)
    doc.add_paragraph()
    return grid


def _xml_safe(value: object) -> object:
    if isinstance(value, str):
        return _NOT_XML.sub("", value)
    if isinstance(value, dict):
        return {_xml_safe(k): _xml_safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_xml_safe(v) for v in value]
    return value


def chart(doc: DocumentType, figure: alt.TopLevelMixin, width: Cm = TEXT_WIDTH) -> None:
    """An Altair chart as a crisp PNG (rendered at three times its size)."""
    # The renderer draws text through SVG: a character XML cannot hold in a label makes it
    # panic and abort the whole process (the app with it), so no such character reaches it.
    png = vlc.vegalite_to_png(_xml_safe(figure.to_dict()), scale=3)
    doc.add_picture(io.BytesIO(png), width=width)


def missing_note(doc: DocumentType, missing: Sequence[Step], language: Language) -> None:
    """Say which steps are not done yet: an unfinished workshop still gives a document."""
    if not missing:
        return
    steps = ", ".join(t(language, f"step.{s.value}.title") for s in missing)
    note = para(doc, t(language, "doc.unfinished", steps=steps), "Intense Quote")
    note.runs[0].italic = True


def save(doc: DocumentType) -> bytes:
    """The document as .docx bytes, built in memory."""
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
