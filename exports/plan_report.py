"""plan.docx: the change plan that makes the model everyday work, its summary first."""

from __future__ import annotations

from docx.document import Document as DocumentType

from exports.common import (
    clean,
    cover,
    day,
    heading,
    metric_line,
    milestones_by_due,
    new_document,
    para,
    table,
)
from facilitator.language.i18n import t
from facilitator.steps.plan import FIELDS, Challenge, Prompt, Section
from facilitator.steps.report import ReportData

# A metric shows its value now and its target in one column, "4,1 → 4,5", as leadership reads it.
METRIC_COLUMNS = ("phase", "what", "change", "source", "frequency", "owner")
HEADERS = {"change": "doc.col.baseline_target"}


def _section(
    doc: DocumentType,
    data: ReportData,
    section: Section,
    rows: list[dict],
    fields: tuple[str, ...] | None = None,
    note: str = "",
) -> None:
    lang = data.workshop.language
    heading(doc, t(lang, f"doc.plan.{section.value}"))
    para(doc, t(lang, f"doc.plan.{section.value}_intro"))
    if note:
        para(doc, note)
    if not rows:
        para(doc, t(lang, "doc.none_yet"))
        return
    fields = fields or FIELDS[section]
    table(
        doc,
        [t(lang, HEADERS.get(f, f"field.plan.{f}")) for f in fields],
        [[row.get(f, "") for f in fields] for row in rows],
    )


def build(data: ReportData) -> DocumentType:
    """The change plan: metrics, milestones, coaches first; observation, challenges, the room."""
    lang = data.workshop.language
    name = data.text.name or data.workshop.title
    doc = new_document(data, f"{t(lang, 'doc.plan.title')} – {name}")
    # The same cover as the model report's, with the plan's title above the model's name.
    cover(doc, data, t(lang, "doc.plan.title"), name)
    para(doc, t(lang, "doc.plan.intro"))

    # The reader's order: what will be measured, when, and who coaches; then how it is done.
    names = data.phase_names
    metrics = [
        {**m, "phase": names.get(m.get("phase", ""), ""), "change": metric_line(m)}
        for m in data.plan_rows("metrics")
    ]
    critical = [mp.phase.name for mp in data.model_phases if mp.phase.critical]
    note = t(lang, "doc.model.critical", phases=", ".join(critical)) if critical else ""
    _section(doc, data, Section.METRICS, metrics, METRIC_COLUMNS, note)
    milestones = [{**m, "due": day(m.get("due") or "", lang)} for m in milestones_by_due(data)]
    _section(doc, data, Section.MILESTONES, milestones, ("due", "title", "owner"))
    _section(doc, data, Section.COACHES, data.plan_rows("coaches"))
    _section(doc, data, Section.OBSERVATION, data.plan_rows("observation"))

    heading(doc, t(lang, "doc.plan.challenges"))
    answers = {row.get("challenge"): row for row in data.plan_rows("challenges")}
    for challenge in Challenge:
        heading(doc, t(lang, f"doc.challenge.{challenge.value}"), 2)
        para(doc, t(lang, f"doc.challenge.{challenge.value}_why")).runs[0].italic = True
        answer = answers.get(challenge.value, {})
        for field in ("risks", "actions"):
            line = para(doc, "")
            line.add_run(t(lang, f"field.plan.{field}") + ": ").bold = True
            line.add_run(clean(answer.get(field) or t(lang, "doc.none_yet")))

    heading(doc, t(lang, "doc.plan.room"))
    if not data.contributions:
        para(doc, t(lang, "doc.none_yet"))
    for prompt in Prompt:
        picked = [c for c in data.contributions if c.prompt == prompt]
        if picked:
            heading(doc, t(lang, f"doc.prompt.{prompt.value}"), 2)
            for c in picked:
                para(doc, c.text, "List Bullet")
    return doc
