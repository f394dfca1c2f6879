"""Observation rounds: the model's behaviours as a checklist on an observer's phone, marked seen,
not seen or not applicable per visit, and summed per behaviour, phase and unit, beside the
metric of the same phase (numbers hide how an encounter actually went)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from enum import StrEnum

from facilitator.errors import InvalidInput, NotAuthorised, NotFound
from facilitator.followup.people import Person, Purpose
from facilitator.followup.units import check_unit
from facilitator.language.text import clean_text
from facilitator.steps.phases import Phase, list_phases
from facilitator.steps.targets import Behaviour, behaviours
from facilitator.store import clock
from facilitator.store.db import Store

MAX_NOTE = 500
MAX_KEY = 100
# Below this share of visits, a fixed behaviour is "seldom seen": the phase stands out even
# when its metric looks fine.
SELDOM = 0.5


class Mark(StrEnum):
    SEEN = "seen"
    NOT_SEEN = "not_seen"
    NOT_APPLICABLE = "na"


@dataclass(frozen=True)
class Visit:
    id: int
    person_id: int
    unit_id: int
    phase_id: int
    marks: dict[str, Mark]  # a behaviour's words -> what the observer marked
    note: str


@dataclass(frozen=True)
class Tally:
    """How often a behaviour was seen where it could be (not-applicable marks left out)."""

    seen: int = 0
    not_seen: int = 0
    not_applicable: int = 0

    @property
    def counted(self) -> int:
        return self.seen + self.not_seen

    @property
    def share(self) -> float | None:
        return self.seen / self.counted if self.counted else None

    def plus(self, mark: Mark) -> Tally:
        return Tally(
            self.seen + (mark == Mark.SEEN),
            self.not_seen + (mark == Mark.NOT_SEEN),
            self.not_applicable + (mark == Mark.NOT_APPLICABLE),
        )


def checklist(store: Store, workshop_id: int) -> list[tuple[Phase, list[Behaviour]]]:
    """Each phase with behaviours in the model, in the journey's order: what an observer marks.

    Read from memory until the room's state moves (the phases and behaviours change only with
    it): an observer's save reads the checklist twice, and fifty save at once (make bench).
    """

    def load() -> tuple[tuple[Phase, tuple[Behaviour, ...]], ...]:
        by_phase = behaviours(store, workshop_id)
        return tuple(
            (p, tuple(by_phase[p.id]))
            for p in list_phases(store, workshop_id)
            if by_phase.get(p.id)
        )

    return [
        (p, list(b)) for p, b in store.live.cached(workshop_id, "checklist", load, on_state=True)
    ]


_INSERT_VISIT = (
    "INSERT INTO observation_visits (workshop_id, person_id, unit_id, phase_id, behaviours,"
    " marks, note, submission_key, created_at)"
    " SELECT ?, ?, ?, ?, ?::VARCHAR[], ?::VARCHAR[], ?, ?, ? WHERE NOT EXISTS ("
    "  SELECT 1 FROM observation_visits WHERE workshop_id = ? AND submission_key = ?)"
    " ON CONFLICT DO NOTHING RETURNING id"  # the same send stored by another process
)


def send_visit(
    store: Store,
    person: Person,
    unit_id: object,
    phase_id: object,
    marks: dict[int, object],
    note: object = "",
    submission_key: object = None,
) -> int | None:
    """Store one visit's checklist: every behaviour of the phase marked, by its place in the
    phase (0, 1, 2). A retried send (same key) is stored once; returns the new visit's id, None
    for a retry already stored."""
    if person.purpose != Purpose.OBSERVE:
        raise NotAuthorised()
    unit = check_unit(store, person.workshop_id, unit_id)
    phase_behaviours = dict(checklist(store, person.workshop_id))
    phase = next((p for p in phase_behaviours if p.id == phase_id), None)
    if phase is None:
        raise NotFound("error.phase_not_found")
    listed = phase_behaviours[phase]
    try:
        checked = {int(b): Mark(m) for b, m in marks.items()}
    except (TypeError, ValueError) as exc:
        raise InvalidInput("error.choice", field="mark") from exc
    if set(checked) != set(range(len(listed))):
        raise InvalidInput("error.checklist_incomplete")
    if not isinstance(submission_key, str) or not 0 < len(submission_key) <= MAX_KEY:
        raise InvalidInput("error.invalid")
    clean_note = clean_text(note or "", field="note", max_len=MAX_NOTE, required=False)
    rows = store.write_one(
        _INSERT_VISIT,
        [
            person.workshop_id,
            person.id,
            unit,
            phase.id,
            [b.text for b in listed],
            [checked[i].value for i in range(len(listed))],
            clean_note,
            submission_key,
            clock.now(),
            person.workshop_id,
            submission_key,
        ],
    )
    store.live.bump_data(person.workshop_id)
    return rows[0][0] if rows else None


def visits(store: Store, workshop_id: int, *, person_id: int | None = None) -> list[Visit]:
    """Every visit (or one observer's own), oldest first."""
    with store.read() as cur:
        rows = cur.execute(
            "SELECT id, person_id, unit_id, phase_id, behaviours, marks, note"
            " FROM observation_visits WHERE workshop_id = ? AND (? IS NULL OR person_id = ?)"
            " ORDER BY id",
            [workshop_id, person_id, person_id],
        ).fetchall()
    return [
        Visit(i, p, u, ph, {b: Mark(m) for b, m in zip(texts, marks, strict=True)}, note)
        for i, p, u, ph, texts, marks, note in rows
    ]


def by_behaviour(found: list[Visit], unit_id: int | None = None) -> dict[tuple[int, str], Tally]:
    """(phase id, behaviour's words) -> its tally over the visits (of one unit, or all)."""
    tallies: dict[tuple[int, str], Tally] = defaultdict(Tally)
    for visit in found:
        if unit_id is None or visit.unit_id == unit_id:
            for text, mark in visit.marks.items():
                tallies[(visit.phase_id, text)] = tallies[(visit.phase_id, text)].plus(mark)
    return dict(tallies)


def by_unit(found: list[Visit]) -> dict[int, dict[tuple[int, str], Tally]]:
    """Unit id -> (phase id, behaviour) -> tally."""
    return {unit: by_behaviour(found, unit) for unit in sorted({v.unit_id for v in found})}


@dataclass(frozen=True)
class PhaseSeen:
    phase: Phase
    visits: int
    fixed_share: float | None  # how often the phase's fixed behaviours were seen
    seldom: list[Behaviour]  # fixed behaviours seen in fewer than SELDOM of the visits


def by_phase(store: Store, workshop_id: int, found: list[Visit]) -> list[PhaseSeen]:
    """Per phase on the checklist: visits, the share of its fixed behaviours seen, and the
    fixed behaviours seldom seen."""
    tallies = by_behaviour(found)
    seen = []
    for phase, listed in checklist(store, workshop_id):
        fixed = [(b, tallies.get((phase.id, b.text), Tally())) for b in listed if b.fixed]
        total = sum(t.counted for _, t in fixed)
        share = sum(t.seen for _, t in fixed) / total if total else None
        seldom = [b for b, t in fixed if t.share is not None and t.share < SELDOM]
        seen.append(
            PhaseSeen(phase, sum(1 for v in found if v.phase_id == phase.id), share, seldom)
        )
    return seen
