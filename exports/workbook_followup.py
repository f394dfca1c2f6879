"""The follow-up's sheets of results.xlsx (issue 17): the metrics over time, observation per
behaviour and unit, milestones with their status, the coaching log, and the staff pulse against
the workshop. Same rules as the workshop's sheets: labels in the workshop's language, numbers
and dates as real cells."""

from __future__ import annotations

from exports.table import Sheet, Value
from facilitator.domain import Language
from facilitator.followup import rounds
from facilitator.followup.summary import FollowUp
from facilitator.followup.units import WHOLE
from facilitator.language.i18n import label, t
from facilitator.steps.report import ReportData


def sheets(seen: FollowUp, data: ReportData) -> list[Sheet]:
    """The follow-up's tables, in the order a reader follows it (some may have no rows)."""
    lang = data.workshop.language
    # Whether a behaviour is fixed is the model's to say (the visits keep only its words).
    fixed = {(mp.phase.id, b.text): b.fixed for mp in data.model_phases for b in mp.behaviours}
    return [
        _metrics(seen, lang),
        _observation(seen, lang, fixed),
        _milestones(seen, lang),
        _coaching(seen, lang),
        _pulse(seen, lang),
    ]


def _unit(seen: FollowUp, unit_id: int, lang: Language) -> str:
    if unit_id == WHOLE:
        return t(lang, "followup.whole")
    return next((u.name for u in seen.units if u.id == unit_id), "")


def _percent(share: float | None) -> float | None:
    # A share as a percentage (81.0), not a fraction: the column's name says "%".
    return None if share is None else round(100 * share, 1)


def _metrics(seen: FollowUp, lang: Language) -> Sheet:
    sheet = Sheet(
        t(lang, "data.sheet.fu_metrics"),
        [
            t(lang, "data.col.metric"),
            t(lang, "data.col.phase"),
            t(lang, "data.col.unit"),
            t(lang, "data.col.period"),
            t(lang, "data.col.result"),
            t(lang, "data.col.measure"),
            t(lang, "field.baseline"),
            t(lang, "field.target"),
            t(lang, "data.col.status"),
        ],
        optional=frozenset({t(lang, "data.col.measure")}),
    )
    for view in seen.metrics:
        metric = view.metric
        # One row per result, so a filter on a unit or a metric draws its own series.
        for result in sorted(view.results, key=lambda r: (r.unit_id, r.period)):
            sheet.rows.append(
                [
                    metric.name,
                    seen.phase_name(metric.phase_id) or None,
                    _unit(seen, result.unit_id, lang),
                    result.period,
                    result.value,
                    metric.measure or None,
                    metric.baseline,
                    metric.target,
                    t(lang, f"metric_status.{view.status.value}"),
                ]
            )
    return sheet


def _observation(seen: FollowUp, lang: Language, fixed: dict[tuple[int, str], bool]) -> Sheet:
    sheet = Sheet(
        t(lang, "data.sheet.fu_observation"),
        [
            t(lang, "data.col.phase"),
            t(lang, "data.col.behaviour"),
            t(lang, "data.col.fixed"),
            t(lang, "data.col.unit"),
            t(lang, "mark.seen"),
            t(lang, "mark.not_seen"),
            t(lang, "mark.na"),
            t(lang, "data.col.seen_share"),
        ],
    )
    phase_order = {p.id: n for n, p in enumerate(seen.phases)}
    for unit_id, tallies in rounds.by_unit(list(seen.visits)).items():
        # In the journey's order; a behaviour since reworded keeps the words it was marked by.
        for (phase_id, text), tally in sorted(
            tallies.items(), key=lambda item: phase_order.get(item[0][0], len(phase_order))
        ):
            is_fixed = fixed.get((phase_id, text))
            sheet.rows.append(
                [
                    seen.phase_name(phase_id) or None,
                    text,
                    None
                    if is_fixed is None
                    else t(lang, "data.fixed" if is_fixed else "data.flexible"),
                    _unit(seen, unit_id, lang),
                    tally.seen,
                    tally.not_seen,
                    tally.not_applicable,
                    _percent(tally.share),
                ]
            )
    return sheet


def _milestones(seen: FollowUp, lang: Language) -> Sheet:
    sheet = Sheet(
        t(lang, "data.sheet.fu_milestones"),
        [
            t(lang, "field.plan.title"),
            t(lang, "field.plan.due"),
            t(lang, "field.plan.owner"),
            t(lang, "data.col.status"),
        ],
    )
    sheet.rows = [
        [m.title, m.due, m.owner or None, t(lang, f"milestone.{m.status(seen.today).value}")]
        for m in seen.milestones
    ]
    return sheet


def _coaching(seen: FollowUp, lang: Language) -> Sheet:
    sheet = Sheet(
        t(lang, "data.sheet.fu_coaching"),
        [
            t(lang, "data.col.day"),
            t(lang, "field.coach"),
            t(lang, "data.col.unit"),
            t(lang, "field.topic"),
            t(lang, "field.note"),
        ],
    )
    # Oldest first, as a log is read; the summary holds it newest first for the console.
    sheet.rows = [
        [c.day, c.coach, _unit(seen, c.unit_id, lang), c.topic, c.note or None]
        for c in sorted(seen.coaching, key=lambda c: (c.day, c.id))
    ]
    return sheet


def _pulse(seen: FollowUp, lang: Language) -> Sheet:
    sheet = Sheet(
        t(lang, "data.sheet.fu_pulse"),
        [
            t(lang, "data.col.pulse"),
            t(lang, "data.col.phase"),
            t(lang, "data.col.role"),
            t(lang, "data.col.unrealistic_then"),
            t(lang, "data.col.unrealistic_now"),
            t(lang, "data.col.ratings"),
            t(lang, "data.col.slipping"),
        ],
    )
    for number, view in enumerate(seen.pulses, start=1):
        for shift in view.shifts:
            if not shift.pulse_ratings:
                continue  # a phase this pulse did not ask about has nothing to set against
            row: list[Value] = [
                number,
                seen.phase_name(shift.phase_id) or None,
                label(lang, "role_short", shift.role),
                _percent(shift.workshop_share),
                _percent(shift.pulse_share),
                shift.pulse_ratings,
                t(lang, "data.yes" if shift.slipping else "data.no"),
            ]
            sheet.rows.append(row)
    return sheet
