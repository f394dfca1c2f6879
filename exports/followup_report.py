"""followup.docx: the follow-up report for leadership, in the reader's order: where the roll-out
stands and the decisions now needed, the critical phases' metrics beside what observation shows,
milestones and coaching, the staff pulse against the workshop, and every metric in an appendix.

It can be made at any time: before any result it says so in words, and draws no chart of
nothing.
"""

from __future__ import annotations

from collections import Counter

from docx.document import Document as DocumentType

from exports.common import (
    ACCENT,
    cover,
    heading,
    new_document,
    page_break,
    para,
    table,
)
from exports.followup_evidence import add_appendix, add_milestones, add_phases, add_pulse
from exports.followup_figures import (
    critical_phases,
    fist_average,
    fixed_behaviours,
    latest_pulse,
    metric_words,
    phase_status,
)
from facilitator.followup.metrics import Status
from facilitator.followup.milestones import Status as MilestoneStatus
from facilitator.followup.rounds import Tally
from facilitator.followup.summary import FollowUp
from facilitator.language import formats
from facilitator.language.i18n import label, t
from facilitator.steps.report import ReportData


def decisions(data: ReportData, follow: FollowUp) -> list[tuple[str, str]]:
    """The decisions the data asks of leadership now, each with its evidence, most urgent first:
    metrics behind, phases whose numbers hide what observation shows, phases the staff find
    less achievable than in the workshop, and milestones whose day has passed."""
    lang = data.workshop.language
    found: list[tuple[str, str]] = []
    critical = {p.id for p in critical_phases(follow)}
    behind = [m for m in follow.metrics if m.status == Status.BEHIND]
    # A critical phase's metric first: the model's promise depends on those phases most.
    for view in sorted(behind, key=lambda m: m.metric.phase_id not in critical):
        words = metric_words(view, lang)
        phase = follow.phase_name(view.metric.phase_id) or t(lang, "doc.followup.no_phase")
        found.append(
            (
                t(lang, "doc.followup.decide.behind", metric=view.metric.name, phase=phase),
                t(lang, "doc.followup.why.behind", **words),
            )
        )
    for phase in follow.standing_out():
        seen = follow.seen_of(phase.id)
        fine = next(m for m in follow.metrics_of(phase.id) if m.status == Status.ON_TRACK)
        found.append(
            (
                t(lang, "doc.followup.decide.hidden", phase=phase.name),
                t(
                    lang,
                    "doc.followup.why.hidden",
                    metric=fine.metric.name,
                    latest=metric_words(fine, lang)["latest"],
                    share=formats.percent(seen.fixed_share if seen else None, lang),
                    n=seen.visits if seen else 0,
                    behaviours="; ".join(b.text for b in (seen.seldom if seen else [])),
                ),
            )
        )
    latest = latest_pulse(follow)
    for shift in latest.shifts if latest else ():
        if shift.slipping:
            found.append(
                (
                    t(
                        lang,
                        "doc.followup.decide.slipping",
                        phase=follow.phase_name(shift.phase_id),
                        role=label(lang, "role", shift.role.value),
                    ),
                    t(
                        lang,
                        "doc.followup.why.slipping",
                        then=formats.percent(shift.workshop_share, lang),
                        now=formats.percent(shift.pulse_share, lang),
                        n=shift.pulse_ratings,
                    ),
                )
            )
    for milestone in follow.late:
        found.append(
            (
                t(lang, "doc.followup.decide.late", title=milestone.title),
                t(
                    lang,
                    "doc.followup.why.late",
                    date=formats.date(milestone.due, lang) if milestone.due else "–",
                    owner=milestone.owner or "–",
                    status=label(lang, "milestone", milestone.stored.value).lower(),
                ),
            )
        )
    return found


def _standing(doc: DocumentType, data: ReportData, follow: FollowUp) -> None:
    """Where the roll-out stands, in a few lines."""
    lang = data.workshop.language
    heading(doc, t(lang, "doc.followup.standing"))
    if not (any(m.overall for m in follow.metrics) or follow.visits or latest_pulse(follow)):
        para(doc, t(lang, "doc.followup.nothing_yet"))
    critical = critical_phases(follow)
    states = Counter(phase_status(follow, p) for p in critical)
    lines = [
        t(
            lang,
            "doc.followup.phases_line",
            n=len(critical),
            on=states[Status.ON_TRACK],
            behind=states[Status.BEHIND],
            none=states[Status.NO_DATA],
        )
        if critical
        else t(lang, "doc.followup.no_critical"),
    ]
    if follow.milestones:
        done = sum(1 for m in follow.milestones if m.stored == MilestoneStatus.DONE)
        lines.append(
            t(
                lang,
                "doc.followup.milestones_line",
                n=len(follow.milestones),
                done=done,
                late=len(follow.late),
            )
        )
    if follow.visits:
        fixed = {p.id: fixed_behaviours(data, p.id) for p in critical}
        tallies = follow.tallies()
        counted = [tallies.get((pid, b.text), Tally()) for pid, bs in fixed.items() for b in bs]
        total = sum(c.counted for c in counted)
        lines.append(
            t(
                lang,
                "doc.followup.observation_line",
                n=len(follow.visits),
                units=len({v.unit_id for v in follow.visits}),
                share=formats.percent(
                    sum(c.seen for c in counted) / total if total else None, lang
                ),
            )
        )
    else:
        lines.append(t(lang, "doc.followup.no_visits"))
    latest = latest_pulse(follow)
    if latest:
        slipping = len({s.phase_id for s in latest.shifts if s.slipping})
        then, now = fist_average(data.consent), fist_average(latest.fist)
        pulse_line = t(
            lang,
            "doc.followup.pulse_line",
            n=latest.answers,
            then=formats.decimal(then, lang),
            now=formats.decimal(now, lang),
        )
        shifted = (
            t(lang, "doc.followup.slipping_line", n=slipping)
            if slipping
            else t(lang, "doc.followup.slipping_none")
        )
        lines.append(f"{pulse_line} {shifted}")
    else:
        lines.append(t(lang, "doc.followup.no_pulse"))
    for line in lines:
        para(doc, line, "List Bullet")


def _decisions(doc: DocumentType, data: ReportData, follow: FollowUp) -> None:
    lang = data.workshop.language
    heading(doc, t(lang, "doc.followup.decisions"), 2)
    found = decisions(data, follow)
    if not found:
        para(doc, t(lang, "doc.followup.no_decisions"))
        return
    para(doc, t(lang, "doc.followup.decisions_help"))
    table(
        doc,
        [
            t(lang, "doc.followup.col.decision"),
            t(lang, "doc.followup.col.evidence"),
            t(lang, "doc.lead.decided"),
        ],
        [(decide, why, "") for decide, why in found],
    )


def build(data: ReportData, follow: FollowUp) -> DocumentType:
    """The follow-up report: standing and decisions first, the evidence after, the figures last."""
    lang = data.workshop.language
    name = data.text.name or data.workshop.title
    title = t(lang, "doc.followup.title")
    doc = new_document(data, f"{title} – {name}")
    # The observation's sub-headings: the document's colour, not Word's default blue.
    doc.styles["Heading 3"].font.color.rgb = ACCENT
    subtitle = t(lang, "doc.followup.subtitle", name=name, date=formats.date(follow.today, lang))
    if follow.version > 1:
        subtitle += " · " + t(lang, "doc.followup.version", n=follow.version)
    cover(doc, data, title, subtitle)
    _standing(doc, data, follow)
    _decisions(doc, data, follow)
    page_break(doc)
    add_phases(doc, data, follow)
    add_milestones(doc, data, follow)
    add_pulse(doc, data, follow)
    page_break(doc)
    add_appendix(doc, data, follow)
    return doc
