"""Model versions: version 2 is a new workshop that carries version 1's model, phases, plan and
units, runs the same five steps, and shows per phase what changed. Both keep their data."""

from __future__ import annotations

from dataclasses import dataclass

from facilitator.domain import Workshop
from facilitator.errors import InvalidInput
from facilitator.room import workshops
from facilitator.room.access import authorise_follow_up
from facilitator.room.workshops import FacilitatorKey, NewWorkshop
from facilitator.steps import plan
from facilitator.steps.model import phases as model_phases
from facilitator.steps.targets import Behaviour
from facilitator.store.db import Store

# Version 1's content that version 2 starts from; inputs (observations, dots, ratings) and the
# follow-up's records stay with version 1.
_MODEL_TEXT = (
    "UPDATE workshops SET model_name = old.model_name, model_promise = old.model_promise,"
    " tone_words = old.tone_words, judgement = old.judgement, previous_id = old.id"
    " FROM workshops old WHERE old.id = ? AND workshops.id = ?"
)
_UNITS = (
    "INSERT INTO units (workshop_id, name, position, created_at)"
    " SELECT ?, name, position, created_at FROM units WHERE workshop_id = ?"
)
# Where a metric row of the plan names its phase (by id, as text).
_METRIC_PHASE = plan.STORED[plan.Section.METRICS].index("phase")


def start_version(store: Store, key: object, passphrase: object) -> tuple[Workshop, FacilitatorKey]:
    """Version 2 (or the next) of this workshop's model, as a new workshop with its own code and
    the facilitator passphrase given here; returns it and a key to its console."""
    workshop_id = authorise_follow_up(store, key)
    old = workshops.get(store, workshop_id)
    # One next version of a model: a second (another tab, the lead and the facilitator at once)
    # would be a workshop nobody follows.
    if (later := next_version(store, workshop_id)) is not None:
        raise InvalidInput("error.version_exists", code=workshops.get(store, later).code)
    new, new_key = workshops.create(
        store,
        NewWorkshop(
            title=old.title,
            organisation=old.organisation,
            language=old.language,
            customer_type=old.customer_type,
            industry=old.industry,
            channels=old.channels,
            passphrase=workshops.check_passphrase(passphrase),
            facilitator=old.facilitator,
        ),
    )
    with store.write() as cur:
        cur.execute(_MODEL_TEXT, [old.id, new.id])
        cur.execute(_UNITS, [new.id, old.id])
        # Phases get new ids; their behaviours follow them, and so do the plan's metrics.
        new_phases: dict[str, str] = {}
        for position, name, target_state, critical, phase_id in cur.execute(
            "SELECT position, name, target_state, critical, id FROM phases"
            " WHERE workshop_id = ? ORDER BY position",
            [old.id],
        ).fetchall():
            (new_phase,) = cur.execute(
                "INSERT INTO phases (workshop_id, position, name, target_state, critical)"
                " VALUES (?, ?, ?, ?, ?) RETURNING id",
                [new.id, position, name, target_state, critical],
            ).fetchone()
            cur.execute(
                "INSERT INTO behaviours SELECT ?, ?, position, text, fixed FROM behaviours"
                " WHERE workshop_id = ? AND phase_id = ?",
                [new.id, new_phase, old.id, phase_id],
            )
            new_phases[str(phase_id)] = str(new_phase)
        for section, position, fields in cur.execute(
            "SELECT section, position, fields FROM plan_rows WHERE workshop_id = ?", [old.id]
        ).fetchall():
            carried = list(fields)
            if section == plan.Section.METRICS and len(carried) > _METRIC_PHASE:
                phase = carried[_METRIC_PHASE]
                carried[_METRIC_PHASE] = new_phases.get(phase, "")
            cur.execute(
                "INSERT INTO plan_rows VALUES (?, ?, ?, ?)", [new.id, section, position, carried]
            )
    store.live.bump_state(new.id)
    return workshops.get(store, new.id), new_key


_PREVIOUS = "SELECT previous_id FROM workshops WHERE id = ?"


def version_number(store: Store, workshop_id: int) -> int:
    """1 for a first workshop, 2 for the one that carries it on, and so on."""
    number = 1
    current = workshop_id
    with store.read() as cur:
        while True:
            row = cur.execute(
                "SELECT previous_id FROM workshops WHERE id = ?", [current]
            ).fetchone()
            if row is None or row[0] is None:
                return number
            number, current = number + 1, row[0]


def previous(store: Store, workshop_id: int) -> int | None:
    """The workshop whose model this one carries on, if any."""
    with store.read() as cur:
        row = cur.execute(
            "SELECT previous_id FROM workshops WHERE id = ?", [workshop_id]
        ).fetchone()
    return row[0] if row else None


def next_version(store: Store, workshop_id: int) -> int | None:
    """The workshop that carries this one's model on, if one was started."""
    with store.read() as cur:
        row = cur.execute(
            "SELECT id FROM workshops WHERE previous_id = ? ORDER BY id DESC", [workshop_id]
        ).fetchone()
    return row[0] if row else None


@dataclass(frozen=True)
class PhaseChange:
    """One phase of the journey in two versions (None where a version lacks it)."""

    name: str
    before_target: str | None
    after_target: str | None
    before: tuple[Behaviour, ...]
    after: tuple[Behaviour, ...]

    @property
    def new(self) -> bool:
        return self.before_target is None

    @property
    def dropped(self) -> bool:
        return self.after_target is None

    @property
    def target_changed(self) -> bool:
        return not self.new and not self.dropped and self.before_target != self.after_target

    @property
    def behaviours_changed(self) -> bool:
        """A behaviour added, dropped, reworded, or turned fixed or flexible."""
        return self.before != self.after

    @property
    def changed(self) -> bool:
        return self.new or self.dropped or self.target_changed or self.behaviours_changed


def changes(store: Store, before_id: int, after_id: int) -> list[PhaseChange]:
    """Per phase (matched by name, in the new version's order, dropped ones last), what changed
    from `before_id` to `after_id`: the target state, the behaviours, fixed or flexible."""
    before = {mp.phase.name.casefold(): mp for mp in model_phases(store, before_id)}
    after = model_phases(store, after_id)
    found = []
    for mp in after:
        old = before.pop(mp.phase.name.casefold(), None)
        found.append(
            PhaseChange(
                mp.phase.name,
                old.phase.target_state if old else None,
                mp.phase.target_state,
                old.behaviours if old else (),
                mp.behaviours,
            )
        )
    for old in before.values():
        found.append(PhaseChange(old.phase.name, old.phase.target_state, None, old.behaviours, ()))
    return found
