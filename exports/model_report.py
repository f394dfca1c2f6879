"""model.docx: the encounter model for leadership, in the reader's order: a first page with the
decisions asked and the open issues, the model, the plan in brief, then the evidence."""

from __future__ import annotations

from docx.document import Document as DocumentType
from docx.shared import Pt

from exports.common import (
    clean,
    cover,
    day,
    heading,
    metric_line,
    milestones_by_due,
    new_document,
    page_break,
    para,
    table,
)
from exports.journey import add_journey, add_overflow
from facilitator.domain import Kind, Role
from facilitator.language import formats
from facilitator.language.i18n import label, t
from facilitator.steps.findings import (
    AGREEMENT_GAP,
    Finding,
    Issue,
    agrees,
    open_issues,
    threads,
)
from facilitator.steps.model import Rating
from facilitator.steps.report import ReportData
from facilitator.steps.voting import agree_most, differ_most

SHOWN_EACH_WAY = 3  # the divergence table: the items they agree on most and differ on most
SIGN_LINE = "_" * 34


def who_took_part(data: ReportData) -> list[str]:
    """Who made the model: management and front line counted together, anyone else apart."""
    lang = data.workshop.language
    made_by = data.people.get(Role.MANAGEMENT, 0) + data.people.get(Role.FRONTLINE, 0)
    lines = [
        t(
            lang,
            "doc.model.made_by_roles",
            n=made_by,
            observations=t(lang, "doc.model.observations", n=data.observation_count),
        )
    ]
    also = [
        t(lang, key, n=data.people.get(role, 0))
        for role, key in (
            (Role.FACILITATOR, "doc.model.n_facilitators"),
            (Role.OTHER, "doc.model.n_others"),
        )
        if data.people.get(role, 0)
    ]
    if also:
        lines.append(t(lang, "doc.model.also", who=", ".join(also)))
    return lines


def _decisions(doc: DocumentType, data: ReportData) -> None:
    lang = data.workshop.language
    heading(doc, t(lang, "doc.lead.decisions"), 2)
    none = t(lang, "doc.lead.no_proposal")
    coaches = [c for c in data.plan_rows("coaches") if c.get("name")]
    coaching = (
        t(lang, "doc.lead.coaches", n=len(coaches), names=", ".join(c["name"] for c in coaches))
        if coaches
        else none
    )
    dated = [m for m in milestones_by_due(data) if m.get("due")]
    start = (
        t(
            lang,
            "doc.lead.start_proposal",
            date=day(dated[0]["due"], lang),
            title=dated[0].get("title", ""),
        )
        if dated
        else none
    )
    table(
        doc,
        [t(lang, "doc.lead.decision"), t(lang, "doc.lead.proposal"), t(lang, "doc.lead.decided")],
        [
            (t(lang, "doc.lead.sponsor"), t(lang, "doc.lead.sponsor_open"), ""),
            (t(lang, "doc.lead.resources"), coaching, ""),
            (t(lang, "doc.lead.start"), start, ""),
        ],
    )


# Issues about phases are said once, listing the phases: six lines saying "one viewpoint" would
# bury the rest.
PHASE_ISSUES = (Issue.NO_EVIDENCE, Issue.ONE_VIEWPOINT, Issue.NO_STRATEGY)


def _phase(finding: Finding, lang: str) -> str:
    if finding.issue == Issue.ONE_VIEWPOINT:
        return f"{finding.subject} ({label(lang, 'viewpoint', finding.figures['viewpoint'])})"
    return finding.subject


def no_votes_text(finding: Finding, lang: str) -> str:
    """A group that did not vote on a kind, so that it cannot be compared there, as a sentence."""
    return t(
        lang,
        "doc.finding.no_votes",
        group=label(lang, "role", finding.subject),
        kinds=t(lang, f"doc.finding.kinds.{finding.figures['kinds']}"),
    )


def finding_texts(found: list[Finding], lang: str) -> list[str]:
    """The open issues as sentences in the document's language, phase issues one line each."""
    lines = []
    for issue in Issue:
        picked = [f for f in found if f.issue == issue]
        if issue in PHASE_ISSUES:
            if picked:
                subject = ", ".join(_phase(f, lang) for f in picked)
                lines.append(t(lang, f"doc.finding.{issue.value}", subject=subject))
            continue
        for finding in picked:
            figures = dict(finding.figures)
            key = f"doc.finding.{issue.value}"
            if issue == Issue.NO_VOTES:
                lines.append(no_votes_text(finding, lang))
                continue
            if issue == Issue.GAP:
                figures = {k: formats.percent(float(v), lang) for k, v in figures.items()}
            elif issue == Issue.LOW_CONSENT:
                figures["average"] = formats.decimal(float(figures["average"]), lang)
                if not figures["n"]:
                    key = "doc.finding.low_consent_average"  # not ", 0 of them 0 or 1"
            # A quoted item is followed by a colon: its own full stop would read ".":".
            subject = finding.subject.rstrip(".")
            lines.append(t(lang, key, subject=subject, **figures))
    return lines


def _open_issues(doc: DocumentType, data: ReportData) -> None:
    lang = data.workshop.language
    heading(doc, t(lang, "doc.lead.issues"), 2)
    para(doc, t(lang, "doc.lead.issues_help"))
    found = finding_texts(open_issues(data), lang)
    for line in found:
        para(doc, line, "List Bullet")
    if not found:
        para(doc, t(lang, "doc.lead.no_issues"))


def _sign_off(doc: DocumentType, data: ReportData) -> None:
    lang = data.workshop.language
    heading(doc, t(lang, "doc.lead.signoff"), 2)
    if data.draft:
        # A draft is read, not signed: the lines come with the finished model.
        para(doc, t(lang, "doc.lead.signoff_draft"))
        return
    para(doc, t(lang, "doc.lead.signoff_help"))
    for key in ("doc.lead.sign_name", "doc.lead.sign_role", "doc.lead.sign_date"):
        line = para(doc, f"{t(lang, key)}: {SIGN_LINE}")
        # Room above each line for a pen.
        line.paragraph_format.space_before = Pt(14)


def _for_leadership(doc: DocumentType, data: ReportData) -> None:
    lang = data.workshop.language
    heading(doc, t(lang, "doc.lead.title"))
    heading(doc, t(lang, "doc.model.summary"), 2)
    line = para(doc, "")
    line.add_run(clean(data.text.name or data.workshop.title)).bold = True
    if data.text.promise:
        line.add_run(clean(": " + data.text.promise))
    if data.model_phases:
        names = " → ".join(mp.phase.name for mp in data.model_phases)
        para(doc, t(lang, "doc.lead.phases", n=len(data.model_phases), phases=names))
    for sentence in who_took_part(data):
        para(doc, sentence)
    _decisions(doc, data)
    _open_issues(doc, data)
    _sign_off(doc, data)
    page_break(doc)


def _model(doc: DocumentType, data: ReportData) -> None:
    lang = data.workshop.language
    heading(doc, t(lang, "doc.model.phases"))
    if not data.model_phases:
        para(doc, t(lang, "doc.none_yet"))
    if data.text.tone_words:
        para(doc, t(lang, "doc.model.tone", words=data.text.tone_words))
    for number, mp in enumerate(data.model_phases, start=1):
        heading(doc, f"{number}. {mp.phase.name}", 2)
        para(
            doc, mp.phase.target_state or t(lang, "doc.none_yet"), bold=bool(mp.phase.target_state)
        )
        for b in mp.behaviours:
            item = para(doc, b.text, "List Bullet")
            item.add_run(f" ({t(lang, 'doc.fixed' if b.fixed else 'doc.flexible')})").italic = True
    heading(doc, t(lang, "doc.model.judgement"), 2)
    para(doc, data.text.judgement or t(lang, "doc.none_yet"))


def _plan_in_brief(doc: DocumentType, data: ReportData) -> None:
    lang = data.workshop.language
    heading(doc, t(lang, "doc.model.plan_brief"))
    critical = [mp.phase.name for mp in data.model_phases if mp.phase.critical]
    if critical:
        para(doc, t(lang, "doc.model.critical", phases=", ".join(critical)))
    names = data.phase_names
    metrics = data.plan_rows("metrics")
    milestones = milestones_by_due(data)
    coaches = [c for c in data.plan_rows("coaches") if c.get("name")]
    if metrics:
        table(
            doc,
            [
                t(lang, "field.phase"),
                t(lang, "field.plan.what"),
                t(lang, "doc.col.baseline_target"),
                t(lang, "field.plan.owner"),
            ],
            [
                (
                    names.get(m.get("phase", ""), ""),
                    m.get("what", ""),
                    metric_line(m),
                    m.get("owner", ""),
                )
                for m in metrics
            ],
        )
    if milestones:
        table(
            doc,
            [t(lang, "field.plan.due"), t(lang, "field.plan.title"), t(lang, "field.plan.owner")],
            [
                (day(m.get("due") or "", lang), m.get("title", ""), m.get("owner", ""))
                for m in milestones
            ],
        )
    if coaches:
        who = ", ".join(
            f"{c['name']} ({c['teams']})" if c.get("teams") else c["name"] for c in coaches
        )
        para(doc, t(lang, "doc.model.coaches_line", names=who))
    if not (metrics or milestones or coaches):
        para(doc, t(lang, "doc.none_yet"))
    para(doc, t(lang, "doc.model.see_plan"))


def _thread(doc: DocumentType, data: ReportData) -> None:
    lang = data.workshop.language
    heading(doc, t(lang, "doc.thread.title"))
    para(doc, t(lang, "doc.thread.help"))
    rows = []
    for th in threads(data):
        if th.phase is None:
            rows.append((th.weakness, t(lang, "doc.thread.not_placed"), "–", "–"))
            continue
        if th.metric:
            metric = f"{th.metric.get('what', '')}: {metric_line(th.metric)}"
        elif th.phase_has_metrics:
            metric = t(lang, "doc.thread.metric_unmatched")
        else:
            metric = t(lang, "doc.thread.no_metric")
        behaviour = th.behaviour.text if th.behaviour else t(lang, "doc.thread.no_behaviour")
        rows.append((th.weakness, th.phase, behaviour, metric))
    if rows:
        table(
            doc,
            [
                t(lang, "doc.thread.weakness"),
                t(lang, "field.phase"),
                t(lang, "doc.thread.behaviour"),
                t(lang, "doc.thread.metric"),
            ],
            rows,
        )
    else:
        para(doc, t(lang, "doc.none_yet"))


def divergence_rows(data: ReportData) -> list[tuple[str, float, float, bool]]:
    """The items management and the front line are closest on, then those furthest apart.

    Closest: the items both groups gave dots, smallest gap first, ties to the item with more
    dots (voting.agree_most); furthest: the widest gaps of at least AGREEMENT_GAP not already
    shown (voting.differ_most). Each row says whether the two agree (a gap under
    AGREEMENT_GAP), so the closest items still read "differ" when the groups agree on nothing.
    A kind one group did not vote on has no rows (see voting.divergence).
    """
    rows = [d for kind in Kind for d in data.divergence[kind]]
    closest = agree_most(rows, SHOWN_EACH_WAY)
    apart = differ_most(
        [d for d in rows if d not in closest], SHOWN_EACH_WAY, at_least=AGREEMENT_GAP
    )
    return [
        (d.item.observation.text, d.management_share, d.frontline_share, agrees(d))
        for d in [*closest, *apart]
    ]


def _key_items(doc: DocumentType, data: ReportData, names: dict[Role, str]) -> None:
    lang = data.workshop.language
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


def _divergence(doc: DocumentType, data: ReportData, names: dict[Role, str]) -> None:
    lang = data.workshop.language
    heading(doc, t(lang, "doc.model.divergence"), 2)
    points = str(round(AGREEMENT_GAP * 100))
    para(doc, t(lang, "doc.model.divergence_help", points=points))
    found = divergence_rows(data)
    if found and not any(agreed for *_, agreed in found):
        para(doc, t(lang, "doc.model.no_agreement", points=points))
    rows = [
        (
            text,
            formats.percent(management, lang),
            formats.percent(frontline, lang),
            t(lang, "doc.model.agree" if agreed else "doc.model.differ"),
        )
        for text, management, frontline, agreed in found
    ]
    # A kind a group did not vote on is left out of the table: said here, not shown as gaps.
    silent = [f for f in open_issues(data) if f.issue == Issue.NO_VOTES]
    for finding in silent:
        para(doc, no_votes_text(finding, lang))
    if rows:
        table(
            doc,
            [
                t(lang, "doc.col.item"),
                names[Role.MANAGEMENT],
                names[Role.FRONTLINE],
                t(lang, "doc.col.view"),
            ],
            rows,
        )
    elif not silent:
        para(doc, t(lang, "doc.none_yet"))


def _coverage(doc: DocumentType, data: ReportData) -> None:
    lang = data.workshop.language
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


def _achievability(doc: DocumentType, data: ReportData) -> None:
    lang = data.workshop.language
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
        headers += [t(lang, "doc.col.front_unrealistic", role=front), t(lang, "doc.col.note")]
        table(doc, headers, rows)
    else:
        para(doc, t(lang, "doc.none_yet"))


def _consent(doc: DocumentType, data: ReportData) -> None:
    lang = data.workshop.language
    heading(doc, t(lang, "doc.model.consent"), 2)
    rows = [
        (
            label(lang, "role_short", role),
            *(counts.get(n, 0) for n in range(6)),
            formats.decimal(sum(n * c for n, c in counts.items()) / sum(counts.values()), lang),
        )
        for role, counts in data.consent.items()
        if sum(counts.values())
    ]
    if rows:
        table(doc, [t(lang, "field.role"), *map(str, range(6)), t(lang, "doc.col.average")], rows)
    else:
        para(doc, t(lang, "doc.none_yet"))


def _context(doc: DocumentType, data: ReportData) -> None:
    lang, w = data.workshop.language, data.workshop
    heading(doc, t(lang, "doc.model.participants"), 2)
    # Said before the table, as its help line, so the page cannot turn between the two.
    para(doc, t(lang, "doc.model.anonymous"))
    table(
        doc,
        [t(lang, "field.role"), t(lang, "doc.col.count")],
        # The short labels, as every other table of the documents names the roles.
        [(label(lang, "role_short", r), data.people.get(r, 0)) for r in Role],
    )
    heading(doc, t(lang, "doc.model.context"), 2)
    table(
        doc,
        [t(lang, "doc.col.item"), t(lang, "doc.col.value")],
        [
            (t(lang, "field.customer_type"), label(lang, "customer_type", w.customer_type)),
            (t(lang, "field.industry"), label(lang, "industry", w.industry)),
            # A list in running text: only its first label keeps its capital (no channel
            # label holds a proper noun or an acronym).
            (
                t(lang, "field.channels"),
                ", ".join(label(lang, "channel", c) for c in w.channels).capitalize(),
            ),
        ],
    )


def _appendix(doc: DocumentType, data: ReportData) -> None:
    lang = data.workshop.language
    names = {r: label(lang, "role_short", r) for r in Role}
    heading(doc, t(lang, "doc.model.appendix"))
    _key_items(doc, data, names)
    if any(e.strengths or e.weaknesses for e in data.evidence):
        heading(doc, t(lang, "doc.model.journey"), 2)
        # The chart for paper says "+N more" where a phase is full; those cards follow it.
        add_overflow(doc, data, add_journey(doc, data))
    _divergence(doc, data, names)
    _coverage(doc, data)
    _achievability(doc, data)
    _consent(doc, data)
    _context(doc, data)


def build(data: ReportData) -> DocumentType:
    """The model report in the reader's order: leadership's page, model, plan, thread, evidence."""
    doc = new_document(data, data.text.name or data.workshop.title)
    cover(doc, data, data.text.name or data.workshop.title, data.text.promise)
    _for_leadership(doc, data)
    _model(doc, data)
    page_break(doc)
    _plan_in_brief(doc, data)
    _thread(doc, data)
    page_break(doc)
    _appendix(doc, data)
    return doc
