"""The evidence of the follow-up report, after its first page: the critical phases' metrics with
their charts beside what observation shows, milestones and coaching, the staff pulse against
the workshop, and every metric in an appendix."""

from __future__ import annotations

import io
from collections import Counter

from docx.document import Document as DocumentType

from exports.common import (
    TEXT_WIDTH,
    chart_png,
    heading,
    para,
    table,
)
from exports.followup_figures import (
    critical_phases,
    fist_average,
    fixed_behaviours,
    fixed_share,
    latest_pulse,
    metric_words,
    phase_status,
    unit_names,
)
from facilitator.charts.followup import MAX_UNIT_LINES, decimals, figure, period_label, trend
from facilitator.domain import Role
from facilitator.followup.pulse import PhaseShift
from facilitator.followup.rounds import SELDOM, Tally
from facilitator.followup.summary import FollowUp, MetricView, PulseView
from facilitator.followup.units import WHOLE
from facilitator.language import formats
from facilitator.language.i18n import label, t
from facilitator.steps.phases import Phase
from facilitator.steps.report import ReportData

COACHING_SHOWN = 10  # the newest sessions; the workbook holds the whole log
PULSE_ROLES = (Role.FRONTLINE, Role.MANAGEMENT)
# Units side by side in the appendix's table of a metric; more get a row each per period.
UNIT_COLUMNS = 4


def _metric(doc: DocumentType, data: ReportData, follow: FollowUp, view: MetricView) -> None:
    """A metric's line (latest figure, status, baseline and target) and its trend chart."""
    lang = data.workshop.language
    words = metric_words(view, lang)
    line = para(doc, "")
    line.add_run(view.metric.name + ": ").bold = True
    if not view.overall:
        line.add_run(t(lang, "doc.followup.metric_empty", **words))
        return
    line.add_run(t(lang, "doc.followup.metric_line", **words))
    units = {k: v for k, v in unit_names(data, follow).items() if k != WHOLE}
    png = chart_png(trend(view, units, lang, for_paper=True))
    # The chart in the paragraph of its line, kept together: LibreOffice let "keep with next"
    # leave the line at the foot of one page and its chart at the top of the next.
    picture = line.add_run()
    picture.add_break()
    picture.add_picture(io.BytesIO(png), width=TEXT_WIDTH)
    line.paragraph_format.keep_together = True
    if len({r.unit_id for r in view.results} - {WHOLE}) > MAX_UNIT_LINES:
        para(doc, t(lang, "doc.followup.units_in_appendix"))


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
    fixed = fixed_behaviours(data, phase.id)
    rows = []
    for unit in follow.units:
        visits = sum(1 for v in follow.visits if v.phase_id == phase.id and v.unit_id == unit.id)
        if visits:
            tallies = follow.tallies(unit.id)
            # The unit's own seldom seen: one store may have lost a behaviour the others keep.
            seldom = [
                b.text
                for b in fixed
                if (share := tallies.get((phase.id, b.text), Tally()).share) is not None
                and share < SELDOM
            ]
            share = fixed_share(tallies, phase.id, fixed)
            rows.append((unit.name, visits, formats.percent(share, lang), "; ".join(seldom)))
    if len(rows) > 1:
        para(doc, t(lang, "doc.followup.by_unit_help"))
        seldom_column = any(row[3] for row in rows)
        table(
            doc,
            [
                t(lang, "field.unit"),
                t(lang, "doc.followup.col.visits"),
                t(lang, "doc.followup.col.seen"),
                *([t(lang, "doc.followup.col.seldom")] if seldom_column else []),
            ],
            [row if seldom_column else row[:3] for row in rows],
        )


def add_phases(doc: DocumentType, data: ReportData, follow: FollowUp) -> None:
    """Each critical phase: its status, each metric with its chart, and what observation shows."""
    lang = data.workshop.language
    heading(doc, t(lang, "doc.followup.phases"))
    para(doc, t(lang, "doc.followup.phases_intro"))
    critical = critical_phases(follow)
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


def add_milestones(doc: DocumentType, data: ReportData, follow: FollowUp) -> None:
    """The milestones with their status today, and the coaching log in brief."""
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
    names = unit_names(data, follow)
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


def add_pulse(doc: DocumentType, data: ReportData, follow: FollowUp) -> None:
    """The latest staff pulse against the workshop: unrealistic shares by role and unit, and
    the fist of five."""
    lang = data.workshop.language
    heading(doc, t(lang, "doc.followup.pulse"))
    latest = latest_pulse(follow)
    if latest is None:
        para(doc, t(lang, "doc.followup.no_pulse"))
        return
    # The introduction stays with what it introduces, not alone at the foot of a page.
    intro = para(doc, t(lang, "doc.followup.pulse_intro", n=latest.answers))
    intro.paragraph_format.keep_with_next = True
    heading(doc, t(lang, "doc.followup.unrealistic"), 2)
    rows = _shift_rows(follow, lang, latest.shifts)
    if not rows:
        para(doc, t(lang, "doc.followup.no_ratings"))
    else:
        para(doc, t(lang, "doc.followup.unrealistic_help"))
        _shifts_table(doc, lang, rows)
    names = {u.id: u.name for u in follow.units}
    by_unit = [
        (names[unit], *row)
        for unit, shifts in latest.by_unit.items()
        if unit in names
        for row in _shift_rows(follow, lang, shifts)
    ]
    # One unit's answers are the whole's: the table would only repeat the one above.
    if len({row[0] for row in by_unit}) > 1:
        para(doc, t(lang, "doc.followup.by_unit_pulse_help"))
        _shifts_table(doc, lang, by_unit, by_unit=True)
    _fist(doc, data, latest)


def _shift_rows(follow: FollowUp, lang: str, shifts: tuple[PhaseShift, ...]) -> list[tuple]:
    return [
        (
            follow.phase_name(s.phase_id),
            label(lang, "role", s.role.value),
            formats.percent(s.workshop_share, lang),
            formats.percent(s.pulse_share, lang),
            s.pulse_ratings,
            t(lang, "doc.followup.slipping") if s.slipping else "",
        )
        for s in shifts
        # A phase nobody of the role rated in the pulse has nothing to set against the workshop.
        if s.pulse_ratings
    ]


def _shifts_table(
    doc: DocumentType, lang: str, rows: list[tuple], *, by_unit: bool = False
) -> None:
    table(
        doc,
        [
            *([t(lang, "field.unit")] if by_unit else []),
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
                formats.decimal(fist_average(then), lang),
                sum(then[role].values()),
                formats.decimal(fist_average(now), lang),
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


def add_appendix(doc: DocumentType, data: ReportData, follow: FollowUp) -> None:
    """Every metric, critical or not, with its figures per unit and period."""
    lang = data.workshop.language
    heading(doc, t(lang, "doc.followup.appendix"))
    para(doc, t(lang, "doc.followup.appendix_intro"))
    if not follow.metrics:
        para(doc, t(lang, "doc.followup.no_metrics"))
    names = unit_names(data, follow)
    for view in follow.metrics:
        m = view.metric
        heading(doc, m.name, 2)
        words = metric_words(view, lang)
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
        # The units that have results, in the order they were named; the overall figure last.
        given = {r.unit_id for r in view.results}
        columns = [u.id for u in follow.units if u.id in given]
        values = {(r.period, r.unit_id): r.value for r in view.results}
        overall = dict(view.overall)
        period, total = t(lang, "doc.followup.col.period"), t(lang, "doc.followup.overall")
        # One number of decimals for the whole table, so that its figures line up.
        digits = decimals([*values.values(), *overall.values()])
        if len(columns) <= UNIT_COLUMNS:
            headers = [period, *(names[u] for u in columns), total]
            rows = [
                (
                    period_label(day, m.frequency, lang),
                    *(
                        figure(values.get((day, u)), m.measure, lang, short=True, digits=digits)
                        for u in columns
                    ),
                    figure(overall[day], m.measure, lang, short=True, digits=digits),
                )
                for day in sorted(overall)
            ]
        else:
            # Too many units for a column each on A4 (their names broke mid-word): a row each.
            headers = [period, t(lang, "field.unit"), t(lang, "field.value")]
            rows = []
            for day in sorted(overall):
                written = period_label(day, m.frequency, lang)
                rows += [
                    (
                        written,
                        names[u],
                        figure(values[(day, u)], m.measure, lang, short=True, digits=digits),
                    )
                    for u in columns
                    if (day, u) in values
                ]
                rows.append(
                    (
                        written,
                        total,
                        figure(overall[day], m.measure, lang, short=True, digits=digits),
                    )
                )
        table(doc, headers, rows)
