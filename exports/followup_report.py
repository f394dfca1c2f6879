"""followup.docx: the follow-up report for leadership, in the reader's order: where the roll-out
stands and the decisions now needed, the critical phases' metrics beside what observation shows,
milestones and coaching, the staff pulse against the workshop, and every metric in an appendix.

It can be made at any time: before any result it says so in words, and draws no chart of
nothing.
"""

from __future__ import annotations

import io
from collections import Counter

from docx.document import Document as DocumentType

from exports.common import (
    ACCENT,
    TEXT_WIDTH,
    chart_png,
    cover,
    heading,
    new_document,
    page_break,
    para,
    table,
)
from facilitator.charts.followup import figure, period_label, trend
from facilitator.domain import Role
from facilitator.followup.metrics import Status
from facilitator.followup.milestones import Status as MilestoneStatus
from facilitator.followup.rounds import Tally
from facilitator.followup.summary import FollowUp, MetricView, PulseView
from facilitator.followup.units import WHOLE
from facilitator.language import formats
from facilitator.language.i18n import label, t
from facilitator.steps.phases import Phase
from facilitator.steps.report import ReportData
from facilitator.steps.targets import Behaviour

COACHING_SHOWN = 10  # the newest sessions; the workbook holds the whole log
PULSE_ROLES = (Role.FRONTLINE, Role.MANAGEMENT)


def _critical(follow: FollowUp) -> list[Phase]:
    return [p for p in follow.phases if p.critical]


def phase_status(follow: FollowUp, phase: Phase) -> Status:
    """A phase is behind when any of its metrics is, on track when every metric with results
    is, and without data when none of its metrics has a result yet."""
    found = {m.status for m in follow.metrics_of(phase.id)} - {Status.NO_DATA}
    if Status.BEHIND in found:
        return Status.BEHIND
    return Status.ON_TRACK if found else Status.NO_DATA


def _latest_pulse(follow: FollowUp) -> PulseView | None:
    answered = [p for p in follow.pulses if p.answers]
    return answered[-1] if answered else None


def _fixed(data: ReportData, phase_id: int) -> list[Behaviour]:
    return [
        b for mp in data.model_phases if mp.phase.id == phase_id for b in mp.behaviours if b.fixed
    ]


def _share(
    tallies: dict[tuple[int, str], Tally], phase_id: int, fixed: list[Behaviour]
) -> float | None:
    counted = [tallies.get((phase_id, b.text), Tally()) for b in fixed]
    total = sum(c.counted for c in counted)
    return sum(c.seen for c in counted) / total if total else None


def _metric_words(view: MetricView, lang: str) -> dict[str, str]:
    """A metric's figures as the language writes them, for the sentences of this report."""
    m = view.metric
    last = view.overall[-1] if view.overall else None
    return {
        "metric": m.name,
        "latest": figure(last[1] if last else None, m.measure, lang),
        "period": period_label(last[0], m.frequency, lang) if last else "–",
        "baseline": figure(m.baseline, m.measure, lang),
        "target": figure(m.target, m.measure, lang),
        # Inside a sentence: "86 % (March 2027, on track)", not "On track".
        "status": label(lang, "metric_status", view.status.value).lower(),
    }


def decisions(data: ReportData, follow: FollowUp) -> list[tuple[str, str]]:
    """The decisions the data asks of leadership now, each with its evidence, most urgent first:
    metrics behind, phases whose numbers hide what observation shows, phases the staff find
    less achievable than in the workshop, and milestones whose day has passed."""
    lang = data.workshop.language
    found: list[tuple[str, str]] = []
    critical = {p.id for p in _critical(follow)}
    behind = [m for m in follow.metrics if m.status == Status.BEHIND]
    # A critical phase's metric first: the model's promise depends on those phases most.
    for view in sorted(behind, key=lambda m: m.metric.phase_id not in critical):
        words = _metric_words(view, lang)
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
                    latest=_metric_words(fine, lang)["latest"],
                    share=formats.percent(seen.fixed_share if seen else None, lang),
                    n=seen.visits if seen else 0,
                    behaviours="; ".join(b.text for b in (seen.seldom if seen else [])),
                ),
            )
        )
    latest = _latest_pulse(follow)
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
    if not (any(m.overall for m in follow.metrics) or follow.visits or _latest_pulse(follow)):
        para(doc, t(lang, "doc.followup.nothing_yet"))
    critical = _critical(follow)
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
        fixed = {p.id: _fixed(data, p.id) for p in critical}
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
    latest = _latest_pulse(follow)
    if latest:
        slipping = len({s.phase_id for s in latest.shifts if s.slipping})
        then, now = _fist_average(data.consent), _fist_average(latest.fist)
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


def _fist_average(counts: dict[Role, Counter[int]] | dict[Role, dict[int, int]]) -> float | None:
    total = Counter[int]()
    for by_fingers in counts.values():
        total.update(by_fingers)
    shown = sum(total.values())
    return sum(f * n for f, n in total.items()) / shown if shown else None


def _unit_names(data: ReportData, follow: FollowUp) -> dict[int, str]:
    names = {u.id: u.name for u in follow.units}
    names[WHOLE] = t(data.workshop.language, "followup.whole")
    return names


def _metric(doc: DocumentType, data: ReportData, follow: FollowUp, view: MetricView) -> None:
    """A metric's line (latest figure, status, baseline and target) and its trend chart."""
    lang = data.workshop.language
    words = _metric_words(view, lang)
    line = para(doc, "")
    line.add_run(view.metric.name + ": ").bold = True
    if not view.overall:
        line.add_run(t(lang, "doc.followup.metric_empty", **words))
        return
    line.add_run(t(lang, "doc.followup.metric_line", **words))
    units = {k: v for k, v in _unit_names(data, follow).items() if k != WHOLE}
    png = chart_png(trend(view, units, lang, for_paper=True))
    # The chart in the paragraph of its line, kept together: LibreOffice let "keep with next"
    # leave the line at the foot of one page and its chart at the top of the next.
    picture = line.add_run()
    picture.add_break()
    picture.add_picture(io.BytesIO(png), width=TEXT_WIDTH)
    line.paragraph_format.keep_together = True


def _observed(doc: DocumentType, data: ReportData, follow: FollowUp, phase: Phase) -> None:
    """What observation shows for the phase: the share of its fixed behaviours seen, those
    seldom seen, and per unit where there were visits."""
    lang = data.workshop.language
    heading(doc, t(lang, "doc.followup.observed"), 3)
    seen = follow.seen_of(phase.id)
    if seen is None or not seen.visits:
        para(doc, t(lang, "doc.followup.not_observed"))
        return
    para(
        doc,
        t(
            lang,
            "doc.followup.seen_line",
            share=formats.percent(seen.fixed_share, lang),
            n=seen.visits,
        ),
    )
    if seen.seldom:
        para(doc, t(lang, "doc.followup.seldom"), bold=True).paragraph_format.keep_with_next = True
        for behaviour in seen.seldom:
            para(doc, behaviour.text, "List Bullet")
    fixed = _fixed(data, phase.id)
    rows = []
    for unit in follow.units:
        visits = sum(1 for v in follow.visits if v.phase_id == phase.id and v.unit_id == unit.id)
        if visits:
            share = _share(follow.tallies(unit.id), phase.id, fixed)
            rows.append((unit.name, visits, formats.percent(share, lang)))
    if len(rows) > 1:
        para(doc, t(lang, "doc.followup.by_unit_help"))
        table(
            doc,
            [
                t(lang, "field.unit"),
                t(lang, "doc.followup.col.visits"),
                t(lang, "doc.followup.col.seen"),
            ],
            rows,
        )


def _phases(doc: DocumentType, data: ReportData, follow: FollowUp) -> None:
    lang = data.workshop.language
    heading(doc, t(lang, "doc.followup.phases"))
    para(doc, t(lang, "doc.followup.phases_intro"))
    critical = _critical(follow)
    if not critical:
        para(doc, t(lang, "doc.followup.no_critical"))
    for phase in critical:
        heading(doc, phase.name, 2)
        status = label(lang, "metric_status", phase_status(follow, phase).value).lower()
        # With its heading above and its first metric below, never alone at a page's foot.
        line = para(doc, t(lang, "doc.followup.phase_status", status=status))
        line.paragraph_format.keep_with_next = True
        views = follow.metrics_of(phase.id)
        if not views:
            para(doc, t(lang, "doc.followup.no_metric"))
        for view in views:
            _metric(doc, data, follow, view)
        _observed(doc, data, follow, phase)


def _milestones(doc: DocumentType, data: ReportData, follow: FollowUp) -> None:
    lang = data.workshop.language
    heading(doc, t(lang, "doc.followup.milestones"))
    if not follow.milestones:
        para(doc, t(lang, "doc.followup.no_milestones"))
    else:
        table(
            doc,
            [
                t(lang, "field.plan.due"),
                t(lang, "field.plan.title"),
                t(lang, "field.plan.owner"),
                t(lang, "field.status"),
            ],
            [
                (
                    formats.date(m.due, lang) if m.due else "–",
                    m.title,
                    m.owner,
                    label(lang, "milestone", m.status(follow.today).value),
                )
                for m in follow.milestones
            ],
        )
    heading(doc, t(lang, "doc.followup.coaching"), 2)
    if not follow.coaching:
        para(doc, t(lang, "doc.followup.no_coaching"))
        return
    names = _unit_names(data, follow)
    per_unit = Counter(names.get(c.unit_id, "–") for c in follow.coaching)
    para(
        doc,
        t(
            lang,
            "doc.followup.coaching_line",
            n=len(follow.coaching),
            units=", ".join(f"{u} {n}" for u, n in per_unit.most_common()),
            date=formats.date(follow.coaching[0].day, lang),
        ),
    )
    shown = follow.coaching[:COACHING_SHOWN]
    if len(follow.coaching) > len(shown):
        para(doc, t(lang, "doc.followup.coaching_newest", n=len(shown)))
    table(
        doc,
        [
            t(lang, "doc.followup.col.day"),
            t(lang, "field.coach"),
            t(lang, "field.unit"),
            t(lang, "field.topic"),
        ],
        [(formats.date(c.day, lang), c.coach, names.get(c.unit_id, "–"), c.topic) for c in shown],
    )


def _pulse(doc: DocumentType, data: ReportData, follow: FollowUp) -> None:
    lang = data.workshop.language
    heading(doc, t(lang, "doc.followup.pulse"))
    latest = _latest_pulse(follow)
    if latest is None:
        para(doc, t(lang, "doc.followup.no_pulse"))
        return
    # The introduction stays with what it introduces, not alone at the foot of a page.
    intro = para(doc, t(lang, "doc.followup.pulse_intro", n=latest.answers))
    intro.paragraph_format.keep_with_next = True
    heading(doc, t(lang, "doc.followup.unrealistic"), 2)
    rows = [
        (
            follow.phase_name(s.phase_id),
            label(lang, "role", s.role.value),
            formats.percent(s.workshop_share, lang),
            formats.percent(s.pulse_share, lang),
            s.pulse_ratings,
            t(lang, "doc.followup.slipping") if s.slipping else "",
        )
        for s in latest.shifts
        # A phase nobody of the role rated in the pulse has nothing to set against the workshop.
        if s.pulse_ratings
    ]
    if not rows:
        para(doc, t(lang, "doc.followup.no_ratings"))
    else:
        para(doc, t(lang, "doc.followup.unrealistic_help"))
        _shifts_table(doc, lang, rows)
    _fist(doc, data, latest)


def _shifts_table(doc: DocumentType, lang: str, rows: list[tuple[object, ...]]) -> None:
    table(
        doc,
        [
            t(lang, "field.phase"),
            t(lang, "doc.followup.col.role"),
            t(lang, "doc.followup.col.then"),
            t(lang, "doc.followup.col.now"),
            t(lang, "doc.followup.col.ratings"),
            t(lang, "doc.followup.col.change"),
        ],
        rows,
    )


def _fist(doc: DocumentType, data: ReportData, latest: PulseView) -> None:
    lang = data.workshop.language
    heading(doc, t(lang, "doc.followup.fist"), 2)
    para(doc, t(lang, "doc.followup.fist_help"))
    fist_rows = []
    for role in PULSE_ROLES:
        then = {role: data.consent.get(role, Counter())}
        now = {role: latest.fist.get(role, {})}
        fist_rows.append(
            (
                label(lang, "role", role.value),
                formats.decimal(_fist_average(then), lang),
                sum(then[role].values()),
                formats.decimal(_fist_average(now), lang),
                sum(now[role].values()),
            )
        )
    table(
        doc,
        [
            t(lang, "doc.followup.col.role"),
            t(lang, "doc.followup.col.fist_then"),
            t(lang, "doc.followup.col.shown_then"),
            t(lang, "doc.followup.col.fist_now"),
            t(lang, "doc.followup.col.shown_now"),
        ],
        fist_rows,
    )


def _appendix(doc: DocumentType, data: ReportData, follow: FollowUp) -> None:
    """Every metric, critical or not, with its figures per unit and period."""
    lang = data.workshop.language
    heading(doc, t(lang, "doc.followup.appendix"))
    para(doc, t(lang, "doc.followup.appendix_intro"))
    if not follow.metrics:
        para(doc, t(lang, "doc.followup.no_metrics"))
    names = _unit_names(data, follow)
    for view in follow.metrics:
        m = view.metric
        heading(doc, m.name, 2)
        words = _metric_words(view, lang)
        phase = follow.phase_name(m.phase_id) or t(lang, "doc.followup.no_phase")
        para(
            doc,
            t(
                lang,
                "doc.followup.appendix_line",
                phase=phase,
                baseline=words["baseline"],
                target=words["target"],
                direction=label(lang, "direction", m.direction.value).lower(),
                frequency=label(lang, "frequency", m.frequency.value).lower(),
                status=words["status"],
            ),
        )
        if not view.overall:
            continue  # the line above says "no results yet"
        # The units that have results, in the order they were named; WHOLE last when given.
        given = {r.unit_id for r in view.results}
        columns = [u.id for u in follow.units if u.id in given]
        values = {(r.period, r.unit_id): r.value for r in view.results}
        overall = dict(view.overall)
        headers = [
            t(lang, "doc.followup.col.period"),
            *(names[u] for u in columns),
            t(lang, "doc.followup.overall"),
        ]
        rows = [
            (
                period_label(period, m.frequency, lang),
                *(figure(values.get((period, u)), m.measure, lang, short=True) for u in columns),
                figure(overall[period], m.measure, lang, short=True),
            )
            for period in sorted(overall)
        ]
        table(doc, headers, rows)


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
    _phases(doc, data, follow)
    _milestones(doc, data, follow)
    _pulse(doc, data, follow)
    page_break(doc)
    _appendix(doc, data, follow)
    return doc
