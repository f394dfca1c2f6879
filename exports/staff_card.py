"""staff-card.docx: the model on exactly one A4 page, large and plain enough for a wall."""

from __future__ import annotations

from docx.document import Document as DocumentType
from docx.shared import Cm, Pt

from exports.common import ACCENT, clean, new_document
from facilitator.language.i18n import t
from facilitator.steps.report import ReportData

PAGE_HEIGHT_PT = (29.7 - 2.8) * 28.35
TEXT_WIDTH_PT = (21.0 - 3.2) * 28.35
CHAR_WIDTH = 0.52  # of the font size: Calibri's average, a little generous
FILL = 0.82  # leave room for the renderer's own metrics


def _height(data: ReportData, base: float) -> float:
    """Estimated height in points of the card at a base font size, wrapping included."""

    def block(text: str, size: float, after: float) -> float:
        per_line = max(1, int(TEXT_WIDTH_PT / (size * CHAR_WIDTH)))
        lines = -(-max(len(text), 1) // per_line)
        return lines * size * 1.2 + after

    name_size, phase_size = base * 2.2, base * 1.35
    total = block(data.text.name or data.workshop.title, name_size, 4)
    total += block(data.text.promise, phase_size, 10) if data.text.promise else 0
    for mp in data.model_phases:
        total += block(f"00. {mp.phase.name}", phase_size, 1)
        total += block(mp.phase.target_state, base, 1) if mp.phase.target_state else 0
        total += sum(block("■ " + b.text, base, 1) for b in mp.behaviours) + base * 0.6
    return total + block("legend " + data.text.tone_words, base, 0)


def _sizes(data: ReportData) -> tuple[float, float, float]:
    """The largest fonts (name, phase, line) with which the card still fits on one page."""
    base = 16.0
    while base > 6 and _height(data, base) > PAGE_HEIGHT_PT * FILL:
        base -= 0.5
    return base * 2.2, base * 1.35, base


def _line(doc: DocumentType, text: str, size: float, *, bold: bool = False, space: float = 2):
    paragraph = doc.add_paragraph()
    paragraph.paragraph_format.space_after = Pt(space)
    paragraph.paragraph_format.space_before = Pt(0)
    run = paragraph.add_run(clean(text))
    run.font.size = Pt(size)
    run.bold = bold
    return paragraph, run


def build(data: ReportData) -> DocumentType:
    """One page: the model's name, promise, and each phase with its behaviours."""
    lang = data.workshop.language
    doc = new_document(data, data.text.name or data.workshop.title, frame=False)
    section = doc.sections[0]
    section.left_margin = section.right_margin = Cm(1.6)
    section.top_margin = section.bottom_margin = Cm(1.4)
    name_size, phase_size, line_size = _sizes(data)
    _, title = _line(doc, data.text.name or data.workshop.title, name_size, bold=True, space=4)
    title.font.color.rgb = ACCENT
    if data.text.promise:
        _line(doc, data.text.promise, phase_size, space=10)
    for number, mp in enumerate(data.model_phases, start=1):
        _, run = _line(doc, f"{number}. {mp.phase.name}", phase_size, bold=True, space=1)
        run.font.color.rgb = ACCENT
        if mp.phase.target_state:
            _, target = _line(doc, mp.phase.target_state, line_size, space=1)
            target.italic = True
        for b in mp.behaviours:
            _line(doc, ("■ " if b.fixed else "□ ") + b.text, line_size, space=1)
        doc.paragraphs[-1].paragraph_format.space_after = Pt(line_size * 0.6)
    if not data.model_phases:
        _line(doc, t(lang, "doc.none_yet"), line_size)
    legend = f"■ {t(lang, 'doc.fixed_legend')}   □ {t(lang, 'doc.flexible_legend')}"
    if data.text.tone_words:
        legend += f"   ·   {data.text.tone_words}"
    _line(doc, legend, max(line_size - 1.5, 7), space=0)
    return doc
