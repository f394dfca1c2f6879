"""Shared pieces of the Word builders: an A4 document, plain-text runs, tables and charts."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass

import altair as alt
import vl_convert as vlc
from docx import Document
from docx.document import Document as DocumentType
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor, Twips
from docx.table import Table, _Row
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

from facilitator.domain import Language, Step
from facilitator.language import formats
from facilitator.language.i18n import t
from facilitator.steps.report import ReportData
from facilitator.store import clock

A4 = (Cm(21.0), Cm(29.7))
TEXT_WIDTH = Cm(16.6)
ACCENT = RGBColor(0x0B, 0x6E, 0x4F)
GREY = RGBColor(0x55, 0x55, 0x55)  # 7.5:1 on white: quiet, still readable in print
DRAFT_RED = RGBColor(0xB4, 0x23, 0x18)
LANGUAGE_TAGS = {Language.FI: "fi-FI", Language.EN: "en-GB"}
_EXTENDED = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
# Characters XML 1.0 cannot hold. Typed text is cleaned before it is stored, but a restored
# backup is stored as it was written: this guards the document and the chart renderer.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SPACED_PERCENT = re.compile(r"(\d) %")
_LONG_WORD = re.compile(r"\S{40,}")


def new_document(data: ReportData, title: str, *, frame: bool = True) -> DocumentType:
    """An A4 document in the workshop's language, with its properties, header and footer.

    `frame` adds the organisation, the title, "confidential" and "page X of Y" to every
    page; without it (the staff card, a poster for a wall) only a draft says so on its page.
    """
    lang = Language(data.workshop.language)
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = A4
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.2))
    section.top_margin = section.bottom_margin = Cm(2.0)
    section.header_distance = section.footer_distance = Cm(0.9)
    normal = doc.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)
    for name in ("Title", "Heading 1", "Heading 2"):
        doc.styles[name].font.color.rgb = ACCENT
    _language(doc, LANGUAGE_TAGS[lang])
    _properties(doc, data, title)
    _header_and_footer(doc, data, title, frame=frame)
    if data.draft and frame:
        # The title page says it too, in words, not only the mark at the top of each page.
        note = doc.add_paragraph()
        mark = note.add_run(t(lang, "doc.frame.draft") + "  ")
        mark.bold, mark.font.size, mark.font.color.rgb = True, Pt(16), DRAFT_RED
        note.add_run(t(lang, "doc.frame.draft_note")).font.color.rgb = DRAFT_RED
    return doc


def _language(doc: DocumentType, tag: str) -> None:
    """The language on docDefaults and Normal, so Word spell-checks and hyphenates by it."""
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    r_pr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for properties in (r_pr, doc.styles["Normal"].element.get_or_add_rPr()):
        lang = properties.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            properties.append(lang)
        lang.set(qn("w:val"), tag)
        lang.set(qn("w:eastAsia"), tag)
    # Word 2010 reads the copy of the styles in stylesWithEffects.xml: it says en-US there.
    for part in doc.part.package.iter_parts():
        if str(part.partname) == "/word/stylesWithEffects.xml":
            part._blob = part.blob.replace(b'"en-US"', f'"{tag}"'.encode())


def _properties(doc: DocumentType, data: ReportData, title: str) -> None:
    """Title, facilitator, organisation and today's date, instead of python-docx's 2013."""
    facilitator = clean(data.workshop.facilitator)
    organisation = clean(data.workshop.organisation)
    made = dt.datetime.combine(data.made_on, clock.now().time().replace(microsecond=0))
    core = doc.core_properties
    core.title = clean(title)
    core.author = core.last_modified_by = facilitator
    core.subject = core.category = organisation
    core.comments = core.keywords = ""
    core.created = core.modified = made
    core.revision = 1
    core.language = LANGUAGE_TAGS[Language(data.workshop.language)]
    for part in doc.part.package.iter_parts():
        if str(part.partname) == "/docProps/app.xml":
            part._blob = _app_xml(part.blob, organisation)


def _app_xml(blob: bytes, organisation: str) -> bytes:
    """app.xml naming the organisation as Company and no other program as its maker."""
    tree = etree.fromstring(blob)
    for name, value in (("Company", organisation), ("Application", "Kohtaamo")):
        element = tree.find(f"{{{_EXTENDED}}}{name}")
        if element is None:
            element = etree.SubElement(tree, f"{{{_EXTENDED}}}{name}")
        element.text = value
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=True)


def _field(paragraph: Paragraph, instruction: str, shown: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice fill in when they lay out."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), ("instr", instruction), ("separate", None)):
        if kind == "instr":
            code = OxmlElement("w:instrText")
            code.set(qn("xml:space"), "preserve")
            code.text = f" {text} "
            run._r.append(code)
        else:
            mark = OxmlElement("w:fldChar")
            mark.set(qn("w:fldCharType"), kind)
            run._r.append(mark)
    paragraph.add_run(shown)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    paragraph.add_run()._r.append(end)


def _right_tab(paragraph: Paragraph, width: int) -> None:
    stops = paragraph.paragraph_format.tab_stops
    # The Header and Footer styles bring Letter-size stops (centre 8.25 cm, right 16.5 cm):
    # cleared, or a tab would stop there first and the page number would sit mid-page.
    for letter in (Twips(4680), Twips(9360)):
        stops.add_tab_stop(letter, WD_TAB_ALIGNMENT.CLEAR)
    stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
    paragraph.paragraph_format.space_after = Pt(0)


def _small(paragraph: Paragraph, text: str, **look: object) -> Run:
    run = paragraph.add_run(clean(text))
    run.font.size = Pt(look.pop("size", 8.5))  # type: ignore[arg-type]
    run.font.color.rgb = look.pop("color", GREY)  # type: ignore[assignment]
    run.bold = bool(look.pop("bold", False))
    return run


# Word's own watermark (Design > Watermark): a VML text shape anchored in the header, behind
# the text of every page. LibreOffice imports it as its own watermark.
_WATERMARK = """<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"
 xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"
 xmlns:w10="urn:schemas-microsoft-com:office:word"><w:pict>
<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800"
 path="m@7,l@8,m@5,21600l@6,21600e"><v:path textpathok="t" o:connecttype="custom"/>
<v:textpath on="t" fitshape="t"/><o:lock v:ext="edit" text="t" shapetype="t"/></v:shapetype>
<v:shape id="PowerPlusWaterMarkObject1" o:spid="_x0000_s1025" type="#_x0000_t136"
 style="position:absolute;margin-left:0;margin-top:0;width:440pt;height:110pt;rotation:315;
 z-index:-251657216;mso-position-horizontal:center;mso-position-horizontal-relative:margin;
 mso-position-vertical:center;mso-position-vertical-relative:margin"
 o:allowincell="f" fillcolor="#e8c4c0" stroked="f"><v:fill opacity=".5"/>
<v:textpath style="font-family:&quot;Calibri&quot;;font-size:1pt" string="{text}"/>
<w10:wrap anchorx="margin" anchory="margin"/></v:shape></w:pict></w:r>"""


def _watermark(paragraph: Paragraph, text: str) -> None:
    """A large pale diagonal word behind every page's text (the header repeats it)."""
    safe = clean(text).replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    paragraph._p.append(parse_xml(_WATERMARK.replace("{text}", safe)))


def _header_and_footer(doc: DocumentType, data: ReportData, title: str, *, frame: bool) -> None:
    """Every page: organisation and title above, confidential and page X of Y below."""
    lang = data.workshop.language
    section = doc.sections[0]
    width = section.page_width - section.left_margin - section.right_margin
    top = section.header.paragraphs[0]
    _right_tab(top, width)
    if frame:
        # One line from the left: a long model name wraps instead of running into the mark.
        _small(top, f"{data.workshop.organisation} · {title}")
    if data.draft:
        _small(top, "\t" + t(lang, "doc.frame.draft"), size=12, color=DRAFT_RED, bold=True)
        _watermark(top, t(lang, "doc.frame.draft"))
    if not frame:
        return
    bottom = section.footer.paragraphs[0]
    _right_tab(bottom, width)
    _small(bottom, t(lang, "doc.frame.confidential"))
    _small(bottom, "\t" + t(lang, "doc.frame.page") + " ")
    _field(bottom, "PAGE", "1")
    _small(bottom, f" {t(lang, 'doc.frame.of')} ")
    _field(bottom, "NUMPAGES", "1")
    for run in bottom.runs:
        run.font.size, run.font.color.rgb = Pt(8.5), GREY


def clean(text: str) -> str:
    """Typed text made safe for Word: no XML-illegal characters, long words may break."""
    text = _NOT_XML.sub("", text or "")
    # "90 %" typed with a plain space would wrap as "90" / "% of visits": bind the sign.
    text = _SPACED_PERCENT.sub("\\1\u00a0%", text)
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


# Calibri's widths as shares of the font size, a little generous so that a word measured to
# fit does fit in Word and in LibreOffice (Carlito): wide letters, capitals and the rest.
_WIDE = set("mwMW@%")
_CAPITAL = set("ABCDEFGHIJKLNOPQRSTUVXYZÄÖÅ0123456789")
_NARROW = set("ijlrtf.,:;'|!()[] ")
BODY_PT, HEADER_PT = 10.0, 9.0


@dataclass(frozen=True)
class Fit:
    """A table's type sizes and cell margin: the first of FITS whose longest words all fit."""

    body: float
    header: float
    margin: float  # left and right cell margin in points

    @property
    def padding(self) -> float:
        return 2 * self.margin + 2


# A wide table (the plan's six columns of long Finnish words) steps down to smaller type and
# narrower margins before any word has to break; 8 pt is the least a printed page reads well.
FITS = (Fit(BODY_PT, HEADER_PT, 5.4), Fit(9.0, 8.5, 5.4), Fit(9.0, 8.5, 2.8), Fit(8.0, 8.0, 2.8))
# "40 %", "4,3", "1 234", "-2", "12/40": a figure, aligned right so its digits line up.
_NUMBER = re.compile(r"[-\u2212+]?\d[\d\s\u00a0.,/]*\s?%?")
# A Finnish day ("15.1.2027") is written with digits but is not a figure: a column of days
# aligns left in both languages, as the English "15 January 2027" does.
_DAY = re.compile(r"\d{1,2}\.\d{1,2}\.\d{4}")
# What stands in an empty cell: it says nothing about whether the column holds figures.
PLACEHOLDERS = frozenset({"", "-", "–", "\u2212"})
# A table of up to this many rows is kept on one page; a longer one may turn the page.
KEEP_TOGETHER = 12


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """The estimated width in points of a line of text in Calibri at `size`."""
    units = sum(
        0.9 if c in _WIDE else 0.62 if c in _CAPITAL else 0.3 if c in _NARROW else 0.52
        for c in text
    )
    return units * size * (1.06 if bold else 1.0)


def _is_number(value: object) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return True
    if not isinstance(value, str) or _DAY.fullmatch(value.strip()):
        return False
    return bool(_NUMBER.fullmatch(value.strip()))


def _is_placeholder(value: object) -> bool:
    return value is None or (isinstance(value, str) and value.strip() in PLACEHOLDERS)


def numeric_columns(rows: Sequence[Sequence[object]], width: int) -> list[bool]:
    """Which columns hold figures: at least one, and nothing but figures and placeholders.

    A column is aligned as one: a "–" or a day in a column of text stays left with its text,
    and a "–" in a column of figures goes right with them.
    """
    columns = list(zip(*rows, strict=True)) or [()] * width
    return [
        any(not _is_placeholder(v) for v in column)
        and all(_is_number(v) for v in column if not _is_placeholder(v))
        for column in columns
    ]


def _written(value: object, lang: str) -> str:
    """A cell's text: numbers the language's way ("4,3", "1 234"), the rest as given."""
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return formats.number(value, lang)
    return str(value)


def _longest_word(header: str, cells: Sequence[str], fit: Fit) -> float:
    words = [text_width(w, fit.body) for c in cells for w in c.split()]
    words += [text_width(w, fit.header, bold=True) for w in header.split()]
    return max(words, default=0.0)


def fitting(headers: Sequence[str], rows: Sequence[Sequence[str]], total: float) -> Fit:
    """The largest type and margin at which every column holds its longest word."""
    columns = list(zip(headers, *rows, strict=True)) if rows else [(h,) for h in headers]
    for fit in FITS:
        if sum(_longest_word(h, cells, fit) + fit.padding for h, *cells in columns) < total:
            return fit
    return FITS[-1]


def column_widths(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    total: float,
    numeric: Sequence[bool] | None = None,
    fit: Fit = FITS[0],
) -> list[float]:
    """Widths in points that fit each column's longest word, then share the rest by text length.

    No column is narrower than its longest word (a word broken mid-word reads as two). The
    room left is given in rounds: first so that the text columns' typical texts fit on one
    line, then every header, then the longest texts; what is still left widens the text
    columns.
    """
    columns = list(zip(headers, *rows, strict=True)) if rows else [(h,) for h in headers]
    numeric = list(numeric or [False] * len(headers))
    least, typical, longest = [], [], []
    for header, *cells in columns:
        least.append(_longest_word(header, cells, fit) + fit.padding)
        lengths = sorted(text_width(c, fit.body) for c in cells) or [0.0]
        header_line = text_width(header, fit.header, bold=True)
        # The upper quartile: one long answer may wrap rather than squeeze every other column.
        typical.append(max(lengths[(len(lengths) * 3) // 4], header_line) + fit.padding)
        longest.append(max(lengths[-1], header_line) + fit.padding)
    if sum(least) >= total:
        return [total * w / sum(least) for w in least]
    widths, spare = list(least), total - sum(least)
    # Text before headers: a header of figures may wrap at a space, a sentence had better not.
    texts_first = [m if n else w for m, w, n in zip(least, typical, numeric, strict=True)]
    for goal in (texts_first, typical, longest):
        want = [max(g - w, 0.0) for g, w in zip(goal, widths, strict=True)]
        share = min(1.0, spare / sum(want)) if sum(want) else 0.0
        widths = [w + x * share for w, x in zip(widths, want, strict=True)]
        spare -= sum(want) * share
    # Still room: the text columns take it, so a column of figures stays close to its figures.
    takers = [0.0 if n else w for w, n in zip(widths, numeric, strict=True)]
    if not sum(takers):
        takers = list(widths)
    return [w + spare * x / sum(takers) for w, x in zip(widths, takers, strict=True)]


def _row_flag(row: _Row, name: str) -> None:
    flag = OxmlElement(name)
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def table(
    doc: DocumentType,
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
) -> Table:
    """A grid table sized to its content, its header row repeated on every page.

    Every column fits its longest word; a row never splits across pages; a column of figures
    is written the language's way and aligned right, as a column. The paragraph just before
    the table (its help line) stays with it, and a table of up to KEEP_TOGETHER rows stays
    on one page. Every column needs a header: an empty one is refused (a reader cannot tell
    what the column means).
    """
    if any(not str(h).strip() for h in headers):
        raise ValueError(f"a table column needs a header: {list(headers)!r}")
    lang = _language_of(doc)
    texts = [[clean(_written(v, lang)) for v in values] for values in rows]
    # A column of figures is right-aligned; an empty one (leadership's to fill in) is not.
    numeric = numeric_columns(rows, len(headers))
    fit = fitting([clean(h) for h in headers], texts, TEXT_WIDTH.pt)
    widths = column_widths([clean(h) for h in headers], texts, TEXT_WIDTH.pt, numeric, fit)
    grid = doc.add_table(rows=1, cols=len(headers))
    grid.autofit = False
    grid.style = doc.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    _row_flag(grid.rows[0], "w:tblHeader")
    for cell, text, right in zip(grid.rows[0].cells, headers, numeric, strict=True):
        run = cell.paragraphs[0].add_run(clean(text))
        run.bold = True
        run.font.size = Pt(fit.header)
        _shade(cell, "E6F1EC")
        if right:
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for line in texts:
        row = grid.add_row()
        for cell, text, right in zip(row.cells, line, numeric, strict=True):
            run = cell.paragraphs[0].add_run(text)
            run.font.size = Pt(fit.body)
            if right:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if fit.margin != FITS[0].margin:
        _cell_margins(grid, fit.margin)
    for row in grid.rows:
        # A row stays on one page: half a phase's row on the next page reads as two rows.
        _row_flag(row, "w:cantSplit")
    _keep_together(grid)
    for column, width in zip(grid.columns, widths, strict=True):
        # Word reads each cell's width, LibreOffice the table grid: set both.
        column.width = Pt(width)
        for cell in column.cells:
            cell.width = Pt(width)
    doc.add_paragraph()
    return grid


def _keep_together(grid: Table) -> None:
    """The help line above stays with the table, and a small table stays on one page.

    Word keeps a table together through "keep with next" on the paragraphs of every row but
    the last; LibreOffice reads it the same way. A long table keeps only its header row with
    the first row, so that a header never ends a page alone.
    """
    before = grid._tbl.getprevious()
    if before is not None and before.tag == qn("w:p"):
        help_line = Paragraph(before, grid._parent)
        if help_line.text.strip():
            help_line.paragraph_format.keep_with_next = True
    rows = grid.rows
    kept = rows[:-1] if len(rows) - 1 <= KEEP_TOGETHER else rows[:1]
    for row in kept:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True


def _cell_margins(grid: Table, margin: float) -> None:
    """The table's left and right cell margins, for Word and LibreOffice alike."""
    properties = grid._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:w"), str(round(margin * 20)))  # twentieths of a point
        edge.set(qn("w:type"), "dxa")
        margins.append(edge)
    properties.append(margins)


def _language_of(doc: DocumentType) -> str:
    """The document's language ("fi"/"en"), as new_document set it on the properties."""
    return (doc.core_properties.language or "fi")[:2]


def _xml_safe(value: object) -> object:
    if isinstance(value, str):
        return _NOT_XML.sub("", value)
    if isinstance(value, dict):
        return {_xml_safe(k): _xml_safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_xml_safe(v) for v in value]
    return value


def chart_png(figure: alt.TopLevelMixin) -> bytes:
    """An Altair chart as a crisp PNG (rendered at three times its size)."""
    # The renderer draws text through SVG: a character XML cannot hold in a label makes it
    # panic and abort the whole process (the app with it), so no such character reaches it.
    return vlc.vegalite_to_png(_xml_safe(figure.to_dict()), scale=3)


def chart(doc: DocumentType, figure: alt.TopLevelMixin, width: Cm = TEXT_WIDTH) -> None:
    """An Altair chart as a crisp PNG, in a paragraph of its own."""
    doc.add_picture(io.BytesIO(chart_png(figure)), width=width)


def page_break(doc: DocumentType) -> None:
    """The next content starts on a new page."""
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def day(iso: str, lang: str) -> str:
    """A stored ISO day as the language writes it ("15.1.2027", "15 January 2027")."""
    # Stored as ISO; a row saved before dates were checked may hold anything: shown as it is.
    try:
        return formats.date(dt.date.fromisoformat(iso), lang)
    except ValueError:
        return iso


def metric_line(row: dict[str, str]) -> str:
    """A metric's value now and its target: "4,1 → 4,5" (a dash where one is missing)."""
    return f"{row.get('baseline') or '–'} → {row.get('target') or '–'}"


def milestones_by_due(data: ReportData) -> list[dict[str, str]]:
    """The plan's milestones, the soonest first; those without a day last, as entered."""
    # ISO days sort as text; "9999" puts an undated milestone after every dated one.
    return sorted(data.plan_rows("milestones"), key=lambda m: m.get("due") or "9999")


def cover_date(data: ReportData) -> str:
    """The cover's date: the day the room agreed the model, and never "agreed" in a draft."""
    lang = data.workshop.language
    if data.draft:
        return t(lang, "doc.date_draft", date=formats.date(data.made_on, lang))
    if data.agreed_on:
        return t(lang, "doc.date", date=formats.date(data.agreed_on, lang))
    return t(lang, "doc.date_made", date=formats.date(data.made_on, lang))


def cover(doc: DocumentType, data: ReportData, title: str, subtitle: str = "") -> None:
    """A title page: title, subtitle, organisation, workshop, facilitator, date; then a page."""
    lang = data.workshop.language
    para(doc, title, "Title")
    if subtitle:
        para(doc, subtitle, "Subtitle")
    para(doc, data.workshop.organisation, bold=True)
    # The workshop's title is named as the workshop's: beside the model's name it read as a
    # second name for the model. Where the model has no name yet, the title is already above.
    if data.workshop.title.strip() and data.workshop.title not in (title, subtitle):
        para(doc, t(lang, "doc.frame.workshop", title=data.workshop.title))
    if data.workshop.facilitator.strip():
        para(doc, t(lang, "doc.frame.facilitator", name=data.workshop.facilitator))
    para(doc, cover_date(data))
    missing_note(doc, data.missing, lang)
    page_break(doc)


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
