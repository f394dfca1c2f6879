"""The journey chart in a document: the paper chart, and the cards it left out for an appendix."""

from __future__ import annotations

from docx.document import Document as DocumentType

from exports.common import chart, para, table
from facilitator.charts.paper import LIMIT, Overflow, journey_overflow, journey_print
from facilitator.domain import Kind
from facilitator.language.i18n import label, t
from facilitator.steps.report import ReportData


def add_journey(doc: DocumentType, data: ReportData, limit: int = LIMIT) -> list[Overflow]:
    """The help line and the journey chart for paper; returns the cards it had no room for.

    The caller writes the heading, and lists what is returned with `add_overflow` in its
    appendix, so that no key observation is lost from the document.
    """
    lang = data.workshop.language
    # The help line reads the chart: it stays on the page of the chart's first row.
    para(doc, t(lang, "doc.chart.journey_help")).paragraph_format.keep_with_next = True
    rows = journey_print(
        data.evidence,
        data.dots,
        label(lang, "kind_plural", Kind.STRENGTH),
        label(lang, "kind_plural", Kind.WEAKNESS),
        lang,
        limit=limit,
    )
    for row in rows:
        # One picture a row of phases: Word and LibreOffice can turn the page between rows.
        chart(doc, row)
    left = journey_overflow(data.evidence, data.dots, limit)
    if count := sum(len(o.strengths) + len(o.weaknesses) for o in left):
        para(doc, t(lang, "doc.chart.left_out", n=count))
    return left


def add_overflow(doc: DocumentType, data: ReportData, left: list[Overflow]) -> None:
    """The appendix's table of the cards the chart left out: phase, type, text, dots."""
    if not left:
        return
    lang = data.workshop.language
    para(doc, t(lang, "doc.chart.overflow_intro"))
    rows = [
        (o.phase.phase.name, t(lang, f"doc.chart.{kind}"), item.text, data.dots.get(item.id, 0))
        for o in left
        for kind, items in (("strength", o.strengths), ("weakness", o.weaknesses))
        for item in items
    ]
    table(
        doc,
        [
            t(lang, "field.phase"),
            t(lang, "doc.col.kind"),
            t(lang, "doc.col.item"),
            t(lang, "doc.col.dots"),
        ],
        rows,
    )
