"""The change plan: coaching, roll-out, metrics, observation, the three challenges, and the room's
contributions from their phones."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from facilitator.domain import Participant, Step, Workshop
from facilitator.errors import InvalidInput, NotFound
from facilitator.language import formats
from facilitator.language.text import clean_text, one_line
from facilitator.room.workshops import authorise, require_input
from facilitator.steps.phases import list_phases
from facilitator.steps.suggestions import Metric, PhaseText, metric_suggestions
from facilitator.steps.targets import behaviours
from facilitator.store import clock
from facilitator.store.db import Store, sent_before, stored_by_another

MAX_FIELD = 300
MAX_ROWS = 40
MAX_CONTRIBUTION = 280


class Section(StrEnum):
    COACHES = "coaches"
    MILESTONES = "milestones"
    METRICS = "metrics"
    OBSERVATION = "observation"
    CHALLENGES = "challenges"


FIELDS: dict[Section, tuple[str, ...]] = {
    Section.COACHES: ("name", "teams", "duties"),
    Section.MILESTONES: ("title", "due", "owner"),
    Section.METRICS: ("phase", "what", "baseline", "target", "source", "frequency", "owner"),
    Section.OBSERVATION: ("what", "method", "who", "frequency"),
    Section.CHALLENGES: ("challenge", "risks", "actions"),
}
# The order a row's values are stored in: FIELDS, except that a field added later goes last, so
# rows stored before it (and backups made before it) still read right, without a migration
# that would have to rewrite every stored row and every old backup alike (issue 15: baseline).
STORED: dict[Section, tuple[str, ...]] = {
    **FIELDS,
    Section.METRICS: ("phase", "what", "target", "source", "frequency", "owner", "baseline"),
}


class Challenge(StrEnum):
    HABITS = "habits"
    UNIFORMITY = "uniformity"
    COVERAGE = "coverage"


class Prompt(StrEnum):
    HARD = "hard"
    HELP = "help"


@dataclass(frozen=True)
class Contribution:
    id: int
    prompt: Prompt
    text: str
    curated: bool
    hidden: bool


def rows(store: Store, workshop_id: int, section: Section) -> list[dict[str, str]]:
    """A section's rows in order, each a dict of all its fields (a field added since a row was
    stored reads as empty)."""
    names = STORED[Section(section)]
    with store.read() as cur:
        found = cur.execute(
            "SELECT fields FROM plan_rows WHERE workshop_id = ? AND section = ? ORDER BY position",
            [workshop_id, Section(section).value],
        ).fetchall()
    result = []
    for (values,) in found:
        stored = dict(zip(names, values, strict=False))
        result.append({name: stored.get(name, "") for name in FIELDS[Section(section)]})
    return result


def _iso_date(value: str) -> str:
    # Typed the Finnish, British or ISO way, stored as ISO. A year far off is refused: it is a
    # typo, and it once slipped in as 0025 and the milestone vanished from the projector.
    return formats.parse_date(value).isoformat()


def is_late(row: dict[str, str], today: dt.date) -> bool:
    """Whether a milestone's day has passed (an undated or unreadable one is not late)."""
    try:
        return dt.date.fromisoformat(row.get("due") or "") < today
    except ValueError:
        return False


def _clean_row(store: Store, workshop_id: int, section: Section, row: dict) -> list[str] | None:
    names = FIELDS[section]
    values = [
        clean_text(row.get(name) or "", field=f"plan.{name}", max_len=MAX_FIELD, required=False)
        for name in names
    ]
    if not any(values):
        return None
    fields = dict(zip(names, values, strict=True))
    if section == Section.MILESTONES and fields["due"]:
        fields["due"] = _iso_date(fields["due"])
    if section == Section.METRICS and fields["phase"]:
        if fields["phase"] not in {str(p.id) for p in list_phases(store, workshop_id)}:
            raise NotFound("error.phase_not_found")
    if section == Section.CHALLENGES and fields["challenge"] not in set(Challenge):
        raise InvalidInput("error.choice", field="challenge")
    return [fields[name] for name in STORED[section]]


def replace(
    store: Store, key: object, section: Section, new_rows: list[dict]
) -> list[dict[str, str]]:
    """Replace a section's rows with these (empty rows are dropped), in one transaction."""
    workshop_id = authorise(store, key)
    section = Section(section)
    cleaned = [r for r in (_clean_row(store, workshop_id, section, row) for row in new_rows) if r]
    if len(cleaned) > MAX_ROWS:
        raise InvalidInput("error.plan_too_many_rows", max=MAX_ROWS)
    if section == Section.CHALLENGES and len({r[0] for r in cleaned}) != len(cleaned):
        raise InvalidInput("error.challenge_twice")
    with store.write() as cur:
        cur.execute(
            "DELETE FROM plan_rows WHERE workshop_id = ? AND section = ?",
            [workshop_id, section.value],
        )
        # DuckDB refuses an executemany without rows: an emptied section is only deleted.
        if cleaned:
            cur.executemany(
                "INSERT INTO plan_rows VALUES (?, ?, ?, ?)",
                [[workshop_id, section.value, i, values] for i, values in enumerate(cleaned)],
            )
    store.live.bump_state(workshop_id)
    return rows(store, workshop_id, section)


def contribute(
    store: Store,
    participant: Participant,
    prompt: object,
    text: object,
    submission_key: str | None = None,
) -> int:
    """A participant answers a plan prompt from the phone; a retried submission is stored once."""
    try:
        chosen = Prompt(prompt)
    except ValueError as exc:
        raise InvalidInput("error.choice", field="prompt") from exc
    clean = one_line(text, field="text", max_len=MAX_CONTRIBUTION)
    with store.write() as cur:
        earlier = sent_before(cur, "contributions", participant.workshop_id, submission_key)
        if earlier is not None:
            return earlier
        require_input(cur, participant.workshop_id, Step.PLAN)
        found = cur.execute(
            "INSERT INTO contributions (workshop_id, participant_id, prompt, text, submission_key,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id",
            [
                participant.workshop_id,
                participant.id,
                chosen.value,
                clean,
                submission_key,
                clock.now(),
            ],
        ).fetchone()
        if found is None:  # the same send, just stored by another app process (migration 8)
            return stored_by_another(cur, "contributions", participant.workshop_id, submission_key)
        new_id = found[0]
    store.live.bump_data(participant.workshop_id)
    return new_id


def contributions(
    store: Store,
    workshop_id: int,
    *,
    participant: Participant | None = None,
    include_hidden: bool = False,
) -> list[Contribution]:
    """The room's contributions (or one participant's own), oldest first."""
    with store.read() as cur:
        found = cur.execute(
            "SELECT id, prompt, text, curated, hidden FROM contributions WHERE workshop_id = ?"
            " AND (? IS NULL OR participant_id = ?) AND (? OR NOT hidden) ORDER BY id",
            [workshop_id, *[participant.id if participant else None] * 2, include_hidden],
        ).fetchall()
    return [Contribution(i, Prompt(p), t, c, h) for i, p, t, c, h in found]


def curate(store: Store, key: object, contribution_id: int, *, curated: bool, hidden: bool) -> None:
    """Take a contribution into the plan (curated), or hide it; it is never deleted."""
    workshop_id = authorise(store, key)
    with store.write() as cur:
        done = cur.execute(
            "UPDATE contributions SET curated = ?, hidden = ? WHERE id = ? AND workshop_id = ?"
            " RETURNING id",
            [bool(curated), bool(hidden), contribution_id, workshop_id],
        ).fetchall()
    if not done:
        raise NotFound("error.contribution_not_found")
    store.live.bump_state(workshop_id)


def suggestion_phase(current: list[dict[str, str]], critical_ids: list[int]) -> str | None:
    """Where suggested metrics go: the first critical phase without metrics, else the first."""
    if not critical_ids:
        return None
    measured = {row.get("phase") for row in current}
    return next((str(i) for i in critical_ids if str(i) not in measured), str(critical_ids[0]))


def phase_text(store: Store, workshop_id: int) -> dict[str, PhaseText]:
    """Phase id (as stored in a metric row) -> what a metric suggestion reads of the phase."""
    by_phase = behaviours(store, workshop_id)
    return {
        str(p.id): PhaseText(
            p.name, p.target_state, tuple((b.text, b.fixed) for b in by_phase.get(p.id, []))
        )
        for p in list_phases(store, workshop_id)
    }


def suggestions_for(
    store: Store, workshop: Workshop, current: list[dict[str, str]]
) -> tuple[str | None, list[Metric]]:
    """The critical phase the next suggestions go to (see suggestion_phase) and its suggestions,
    none with a "what" already among `current` (the workshop's metrics, every phase's)."""
    critical_ids = [p.id for p in list_phases(store, workshop.id) if p.critical]
    phase = suggestion_phase(current, critical_ids)
    if phase is None:
        return None, []
    suggested = metric_suggestions(
        phase_text(store, workshop.id)[phase],
        workshop.industry,
        workshop.customer_type,
        workshop.language,
        taken=[row.get("what") or "" for row in current],
    )
    return phase, suggested


def with_suggestions(
    current: list[dict[str, str]], suggested: list[Metric], critical_ids: list[int]
) -> list[dict[str, str]]:
    """The metric rows plus the suggestions, on the phase suggestion_phase() picks.

    A suggestion already in the table (same "what") is not added twice, so a second click
    adds nothing.
    """
    phase = suggestion_phase(current, critical_ids)
    if phase is None:
        return list(current)
    present = {(row.get("what") or "").strip().casefold() for row in current}
    added = [
        {
            "phase": phase,
            "what": what,
            "baseline": "",
            "target": target,
            "source": source,
            "frequency": often,
            "owner": "",
        }
        for what, target, source, often in suggested
        if what.strip().casefold() not in present
    ]
    return [*current, *added]
