"""The follow-up of a workshop on the command line: the `follow_up` object of `show --json`, and
the few lines `show` prints of it."""

from __future__ import annotations

from typing import Any

from facilitator.domain import Language
from facilitator.followup import summary
from facilitator.followup.milestones import Status as MilestoneStatus
from facilitator.followup.summary import FollowUp
from facilitator.followup.units import WHOLE
from facilitator.language import formats
from facilitator.language.i18n import t
from facilitator.steps import model
from facilitator.store.db import Store


def state(store: Store, workshop_id: int) -> dict[str, Any]:
    """The follow-up as plain data: names instead of ids, English keys and values (scripts
    read them), dates as ISO 8601."""
    seen = summary.follow_up(store, workshop_id)
    fixed = {
        (mp.phase.id, b.text): b.fixed
        for mp in model.phases(store, workshop_id)
        for b in mp.behaviours
    }
    return {
        "version": seen.version,
        "units": [u.name for u in seen.units],
        "metrics": _metrics(seen),
        "observation": _observation(seen, fixed),
        "milestones": [
            {
                "title": m.title,
                "due": m.due.isoformat() if m.due else None,
                "owner": m.owner,
                "status": m.status(seen.today).value,
            }
            for m in seen.milestones
        ],
        "coaching_sessions": len(seen.coaching),
        "pulses": _pulses(seen),
    }


def _unit(seen: FollowUp, unit_id: int) -> str | None:
    # The whole organisation is no unit: null, so a unit named "Whole" cannot be mistaken for it.
    if unit_id == WHOLE:
        return None
    return next((u.name for u in seen.units if u.id == unit_id), "")


def _metrics(seen: FollowUp) -> list[dict[str, Any]]:
    return [
        {
            "name": view.metric.name,
            "phase": seen.phase_name(view.metric.phase_id),
            "measure": view.metric.measure,
            "direction": view.metric.direction.value,
            "frequency": view.metric.frequency.value,
            "baseline": view.metric.baseline,
            "target": view.metric.target,
            "status": view.status.value,
            "series": [
                {"period": r.period.isoformat(), "unit": _unit(seen, r.unit_id), "value": r.value}
                for r in view.results
            ],
            "overall": [{"period": p.isoformat(), "value": v} for p, v in view.overall],
        }
        for view in seen.metrics
    ]


def _observation(seen: FollowUp, fixed: dict[tuple[int, str], bool]) -> dict[str, Any]:
    behaviours = []
    for (phase_id, text), tally in sorted(
        seen.tallies().items(),
        key=lambda item: ([p.id for p in seen.phases] + [item[0][0]]).index(item[0][0]),
    ):
        behaviours.append(
            {
                "phase": seen.phase_name(phase_id),
                "behaviour": text,
                "fixed": fixed.get((phase_id, text)),
                "seen": tally.seen,
                "not_seen": tally.not_seen,
                "not_applicable": tally.not_applicable,
                "share": tally.share,
            }
        )
    return {
        "visits": len(seen.visits),
        "behaviours": behaviours,
        "phases": [
            {
                "phase": s.phase.name,
                "visits": s.visits,
                "fixed_share": s.fixed_share,
                "seldom_seen": [b.text for b in s.seldom],
            }
            for s in seen.seen_by_phase
        ],
        "standing_out": [p.name for p in seen.standing_out()],
    }


def _pulses(seen: FollowUp) -> list[dict[str, Any]]:
    return [
        {
            "open": view.pulse.open,
            "answers": view.answers,
            "unrealistic": [
                {
                    "phase": seen.phase_name(s.phase_id),
                    "role": s.role.value,
                    "workshop": s.workshop_share,
                    "pulse": s.pulse_share,
                    "ratings": s.pulse_ratings,
                    "slipping": s.slipping,
                }
                for s in view.shifts
            ],
            "fist": {
                role.value: {str(f): n for f, n in sorted(counts.items())}
                for role, counts in view.fist.items()
            },
        }
        for view in seen.pulses
    ]


def lines(data: dict[str, Any], lang: Language) -> list[str]:
    """What `show` prints of the follow-up, in the workshop's language; nothing before it has
    begun."""
    if not (data["units"] or data["metrics"] or data["milestones"] or data["pulses"]):
        return []
    found = [t(lang, "cli.follow_up.title", version=data["version"])]
    if data["units"]:
        found.append(t(lang, "cli.follow_up.units", units=", ".join(data["units"])))
    for metric in data["metrics"]:
        status = t(lang, f"metric_status.{metric['status']}")
        latest = metric["overall"][-1]["value"] if metric["overall"] else None
        figure = "" if latest is None else f" {formats.decimal(latest, lang)} {metric['measure']}"
        found.append(f"  {metric['name']}:{figure.rstrip()} ({status})")
    observation = data["observation"]
    if observation["visits"]:
        found.append(t(lang, "cli.follow_up.visits", n=observation["visits"]))
        found += [
            "  " + t(lang, "cli.follow_up.standing_out", phase=name)
            for name in observation["standing_out"]
        ]
    counts = {s: 0 for s in MilestoneStatus}
    for milestone in data["milestones"]:
        counts[MilestoneStatus(milestone["status"])] += 1
    if data["milestones"]:
        said = ", ".join(f"{t(lang, f'milestone.{s.value}')} {n}" for s, n in counts.items() if n)
        found.append(t(lang, "cli.follow_up.milestones", counts=said))
    for number, pulse in enumerate(data["pulses"], start=1):
        found.append(t(lang, "cli.follow_up.pulse", number=number, n=pulse["answers"]))
    return found
