"""model.docx: the agreed encounter model and the evidence behind it, for leadership."""

from __future__ import annotations

from docx.document import Document as DocumentType
from docx.enum.text import WD_BREAK

from exports.common import chart, clean, heading, missing_note, new_document, para, table
from facilitator import charts, formats
from facilitator.domain import Kind, Role
from facilitator.i18n import label, t
from facilitator.model import Rating
from facilitator.report import ReportData

AGREEMENT_GAP = 0.15  # shares closer than this count as agreement


def _title_page(doc: DocumentType, data: ReportData) -> None:
    lang = data.workshop.language
    para(doc, data.text.name or data.workshop.title, "Title")
    if data.text.promise:
        para(doc, data.text.promise, "Subtitle")
    para(doc, data.workshop.organisation, bold=True)
    para(doc, t(lang, "doc.model.subtitle", title=data.workshop.title))
    para(doc, t(lang, "doc.date", date=formats.date(data.made_on, lang)))
    missing_note(doc, data.missing, lang)
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _summary(doc: DocumentType, data: ReportData) -> None:
    lang = data.workshop.language
    heading(doc, t(lang, "doc.model.summary"))
    para(doc, t(lang, "doc.model.summary_intro", n=len(data.model_phases)))
    for mp in data.model_phases:
        item = para(doc, "", "List Number")
        item.add_run(clean(mp.phase.name)).bold = True
        if mp.phase.target_state:
            item.add_run(clean(": " + mp.phase.target_state))
    if data.text.tone_words:
        para(doc, t(lang, "doc.model.tone", words=data.text.tone_words))
    people = sum(data.people.values())
    para(
        doc,
        t(
            lang,
            "doc.model.made_by",
            people=t(lang, "doc.model.people", n=people),
            observations=t(lang, "doc.model.observations", n=data.observation_count),
        ),
    )


def _context(doc: DocumentType, data: ReportData) -> None:
    lang, w = data.workshop.language, data.workshop
    heading(doc, t(lang, "doc.model.context"))
    table(
        doc,
        [t(lang, "doc.col.item"), t(lang, "doc.col.value")],
        [
            (t(lang, "field.customer_type"), label(lang, "customer_type", w.customer_type)),
            (t(lang, "field.industry"), label(lang, "industry", w.industry)),
            (t(lang, "field.channels"), ", ".join(label(lang, "channel", c) for c in w.channels)),
        ],
    )
    heading(doc, t(lang, "doc.model.participants"), 2)
    table(
        doc,
        [t(lang, "field.role"), t(lang, "doc.col.count")],
        [(label(lang, "role", r), data.people[r]) for r in Role],
    )
    para(doc, t(lang, "doc.model.anonymous"))


def _evidence(doc: DocumentType, data: ReportData) -> None:
    lang = data.workshop.language
    names = {r: label(lang, "role_short", r) for r in Role}
    heading(doc, t(lang, "doc.model.evidence"))
    for kind in Kind:
        heading(doc, t(lang, f"doc.model.key_{kind.value}"), 2)
        results = data.key_results(kind)
        if not results:
            para(doc, t(lang, "doc.none_yet"))
            continue
        table(
            doc,
            [label(lang, "kind_plural", kind), t(lang, "doc.col.dots"), *names.values()],
            [
                (r.item.observation.text, r.dots, *(r.by_role.get(role, 0) for role in Role))
                for r in results
            ],
        )
    if any(e.strengths or e.weaknesses for e in data.evidence):
        heading(doc, t(lang, "doc.model.journey"), 2)
        para(doc, t(lang, "doc.model.journey_help"))
        figure = charts.journey(
            data.evidence,
            data.dots,
            label(lang, "kind_plural", Kind.STRENGTH),
            label(lang, "kind_plural", Kind.WEAKNESS),
        )
        chart(doc, figure.properties(width=880))
    heading(doc, t(lang, "doc.model.divergence"), 2)
    para(doc, t(lang, "doc.model.divergence_help"))
    rows = [
        (
            d.item.observation.text,
            formats.percent(d.management_share, lang),
            formats.percent(d.frontline_share, lang),
            t(lang, "doc.model.agree")
            if abs(d.gap) < AGREEMENT_GAP
            else t(lang, "doc.model.differ"),
        )
        for kind in Kind
        for d in data.divergence[kind][:4]
        if d.management_share or d.frontline_share
    ]
    if rows:
        table(
            doc,
            [
                t(lang, "doc.col.item"),
                names[Role.MANAGEMENT],
                names[Role.FRONTLINE],
                t(lang, "doc.col.verdict"),
            ],
            rows,
        )
    else:
        para(doc, t(lang, "doc.none_yet"))
    heading(doc, t(lang, "doc.model.coverage"), 2)
    table(
        doc,
        [t(lang, "field.phase"), t(lang, "doc.col.viewpoints")],
        [
            (
                e.phase.name,
                ", ".join(label(lang, "viewpoint", v) for v in sorted(e.viewpoints))
                or t(lang, "doc.model.no_viewpoint"),
            )
            for e in data.evidence
        ],
    )


def _phases(doc: DocumentType, data: ReportData) -> None:
    lang = data.workshop.language
    heading(doc, t(lang, "doc.model.phases"))
    if not data.model_phases:
        para(doc, t(lang, "doc.none_yet"))
    for number, mp in enumerate(data.model_phases, start=1):
        heading(doc, f"{number}. {mp.phase.name}", 2)
        para(
            doc, mp.phase.target_state or t(lang, "doc.none_yet"), bold=bool(mp.phase.target_state)
        )
        for b in mp.behaviours:
            item = para(doc, b.text, "List Bullet")
            item.add_run(f" ({t(lang, 'doc.fixed' if b.fixed else 'doc.flexible')})").italic = True


def _checks(doc: DocumentType, data: ReportData) -> None:
    lang = data.workshop.language
    heading(doc, t(lang, "doc.model.checks"))
    heading(doc, t(lang, "doc.model.achievability"), 2)
    para(doc, t(lang, "doc.model.achievability_help"))
    front = label(lang, "role_short", Role.FRONTLINE)
    rows = [
        (
            a.phase.name,
            *(sum(c.get(r, 0) for c in a.by_role.values()) for r in Rating),
            a.by_role.get(Role.FRONTLINE, {}).get(Rating.UNREALISTIC, 0),
            t(lang, "doc.model.flag") if a.flagged else "",
        )
        for a in data.achievability
        if a.by_role
    ]
    if rows:
        headers = [t(lang, "field.phase"), *(t(lang, f"doc.rating.{r.value}") for r in Rating)]
        headers += [t(lang, "doc.col.front_unrealistic", role=front), t(lang, "doc.col.flag")]
        table(doc, headers, rows, first=0.28)
    else:
        para(doc, t(lang, "doc.none_yet"))
    heading(doc, t(lang, "doc.model.consent"), 2)
    consent_rows = [
        (
            label(lang, "role_short", role),
            *(counts.get(n, 0) for n in range(6)),
            formats.decimal(sum(n * c for n, c in counts.items()) / sum(counts.values()), lang),
        )
        for role, counts in data.consent.items()
        if sum(counts.values())
    ]
    if consent_rows:
        table(
            doc,
            [t(lang, "field.role"), *map(str, range(6)), t(lang, "doc.col.average")],
            consent_rows,
        )
    else:
        para(doc, t(lang, "doc.none_yet"))


def _judgement_and_next(doc: DocumentType, data: ReportData) -> None:
    lang = data.workshop.language
    heading(doc, t(lang, "doc.model.judgement"))
    para(doc, data.text.judgement or t(lang, "doc.none_yet"))
    heading(doc, t(lang, "doc.model.next"))
    critical = [mp.phase.name for mp in data.model_phases if mp.phase.critical]
    if critical:
        para(doc, t(lang, "doc.model.critical", phases=", ".join(critical)))
    milestones = sorted(data.plan_rows("milestones"), key=lambda m: m.get("due") or "9999")
    for m in milestones[:4]:
        para(
            doc,
            f"{m.get('due') or '–'}  {m.get('title', '')} ({m.get('owner', '')})",
            "List Bullet",
        )
    para(doc, t(lang, "doc.model.see_plan"))


def build(data: ReportData) -> DocumentType:
    """The encounter model report: title page, summary, context, evidence, model, checks."""
    doc = new_document(data, data.text.name or data.workshop.title)
    _title_page(doc, data)
    _summary(doc, data)
    _context(doc, data)
    _evidence(doc, data)
    _phases(doc, data)
    _checks(doc, data)
    _judgement_and_next(doc, data)
    return doc
