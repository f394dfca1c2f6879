"""Step 3, Order: the encounter's phases and where each key strength and weakness belongs."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from facilitator.domain import Kind, Language, Observation, Participant, Step, Viewpoint
from facilitator.errors import InvalidInput, NotFound
from facilitator.language.text import one_line
from facilitator.room.workshops import authorise, require_input
from facilitator.steps.observations import list_visible
from facilitator.steps.presets import PRESETS
from facilitator.steps.voting import root_of
from facilitator.store import clock
from facilitator.store.db import Store

MAX_PHASES = 12
MAX_PHASE_NAME = 60


@dataclass(frozen=True)
class Phase:
    id: int
    position: int
    name: str
    target_state: str
    critical: bool


@dataclass(frozen=True)
class PhaseEvidence:
    """What was placed on one phase, for the journey chart and the coverage check."""

    phase: Phase
    strengths: tuple[Observation, ...] = ()
    weaknesses: tuple[Observation, ...] = ()
    viewpoints: frozenset[Viewpoint] = field(default_factory=frozenset)

    @property
    def coverage_warning(self) -> str | None:
        """'none' when no viewpoint supports the phase, 'single' when only one does."""
        if not self.viewpoints:
            return "none"
        return "single" if len(self.viewpoints) == 1 else None


def list_phases(store: Store, workshop_id: int) -> list[Phase]:
    """The phases in order."""
    with store.read() as cur:
        rows = cur.execute(
            "SELECT id, position, name, target_state, critical FROM phases"
            " WHERE workshop_id = ? ORDER BY position, id",
            [workshop_id],
        ).fetchall()
    return [Phase(*row) for row in rows]


def save_phases(store: Store, key: object, names: list[tuple[int | None, str]]) -> list[Phase]:
    """Set the phases in order: (id, name) keeps a phase and its content, (None, name) adds one.

    Phases left out are removed together with their placements and behaviours.
    """
    workshop_id = authorise(store, key)
    # A blank new row is skipped, but a kept phase whose name was blanked is an error: dropping
    # it silently would take its placements and behaviours with it.
    cleaned = [
        (None if pid is None else int(pid), one_line(name, field="phase", max_len=MAX_PHASE_NAME))
        for pid, name in names
        if pid is not None or (isinstance(name, str) and name.strip())
    ]
    if not cleaned:
        raise InvalidInput("error.phases_empty")
    if len(cleaned) > MAX_PHASES:
        raise InvalidInput("error.phases_too_many", max=MAX_PHASES)
    existing = {p.id for p in list_phases(store, workshop_id)}
    if any(pid is not None and pid not in existing for pid, _ in cleaned):
        raise NotFound("error.phase_not_found")
    kept = {pid for pid, _ in cleaned if pid is not None}
    if len(kept) != sum(pid is not None for pid, _ in cleaned):
        raise InvalidInput("error.stale_choice")
    with store.write() as cur:
        for gone in existing - kept:
            # A phase the follow-up measures, observes or asks about stays: its results would
            # lose their place, and the backup (and so every download) would refuse them.
            (followed,) = cur.execute(
                "SELECT (SELECT count(*) FROM tracked_metrics WHERE phase_id = ?)"
                " + (SELECT count(*) FROM observation_visits WHERE phase_id = ?)"
                " + (SELECT count(*) FROM pulse_answers WHERE list_contains(phase_ids, ?))",
                [gone, gone, gone],
            ).fetchone()
            if followed:
                raise InvalidInput("error.phase_followed")
            for table, column in (
                ("phases", "id"),
                ("placements", "phase_id"),
                ("behaviours", "phase_id"),
            ):
                cur.execute(
                    f"DELETE FROM {table} WHERE workshop_id = ? AND {column} = ?",  # noqa: S608
                    [workshop_id, gone],
                )
        for position, (pid, name) in enumerate(cleaned):
            if pid is None:
                cur.execute(
                    "INSERT INTO phases (workshop_id, position, name) VALUES (?, ?, ?)",
                    [workshop_id, position, name],
                )
            else:
                cur.execute(
                    "UPDATE phases SET position = ?, name = ? WHERE id = ?", [position, name, pid]
                )
    store.live.bump_state(workshop_id)
    return list_phases(store, workshop_id)


def apply_preset(store: Store, key: object, preset: str, language: Language) -> list[Phase]:
    """Replace the phases with a preset's (the facilitator edits them afterwards)."""
    if preset not in PRESETS:
        raise InvalidInput("error.choice", field="preset")
    if language not in set(Language):
        raise InvalidInput("error.choice", field="language")
    return save_phases(store, key, [(None, name) for name in PRESETS[preset][Language(language)]])


def _phase_ids(store: Store, workshop_id: int) -> set[int]:
    return {p.id for p in list_phases(store, workshop_id)}


def key_observations(store: Store, workshop_id: int) -> list[Observation]:
    """The confirmed key strengths and weaknesses that stand on their own (not merged away)."""
    return [o for o in list_visible(store, workshop_id) if o.is_key and o.merged_into is None]


def place(store: Store, key: object, placements: dict[int, int | None]) -> None:
    """Put each key item on a phase (None takes it off); other placements stay as they are."""
    workshop_id = authorise(store, key)
    phase_ids = _phase_ids(store, workshop_id)
    keys = {o.id for o in key_observations(store, workshop_id)}
    for observation_id, phase_id in placements.items():
        if observation_id not in keys:
            raise NotFound("error.observation_not_found")
        if phase_id is not None and phase_id not in phase_ids:
            raise NotFound("error.phase_not_found")
    with store.write() as cur:
        for observation_id, phase_id in placements.items():
            cur.execute(
                "DELETE FROM placements WHERE workshop_id = ? AND observation_id = ?",
                [workshop_id, observation_id],
            )
            if phase_id is not None:
                cur.execute(
                    "INSERT INTO placements VALUES (?, ?, ?)",
                    [workshop_id, observation_id, phase_id],
                )
    store.live.bump_state(workshop_id)


def placements(store: Store, workshop_id: int) -> dict[int, int]:
    """Key item id -> phase id, for the items that are placed."""
    with store.read() as cur:
        rows = cur.execute(
            "SELECT observation_id, phase_id FROM placements WHERE workshop_id = ?", [workshop_id]
        ).fetchall()
    return dict(rows)


def suggest(store: Store, participant: Participant, suggestions: dict[int, int | None]) -> None:
    """A participant suggests a phase for key items; a later suggestion replaces an earlier one."""
    if not suggestions:
        return
    phase_ids = _phase_ids(store, participant.workshop_id)
    keys = {o.id for o in key_observations(store, participant.workshop_id)}
    if not set(suggestions) <= keys or any(
        p is not None and p not in phase_ids for p in suggestions.values()
    ):
        raise InvalidInput("error.stale_choice")
    now = clock.now()
    with store.write() as cur:
        require_input(cur, participant.workshop_id, Step.ORDER)
        cur.executemany(
            "INSERT INTO phase_suggestions (workshop_id, participant_id, observation_id, phase_id,"
            " created_at) VALUES (?, ?, ?, ?, ?)",
            [
                [participant.workshop_id, participant.id, obs, phase, now]
                for obs, phase in suggestions.items()
            ],
        )
    store.live.bump_data(participant.workshop_id)


def _latest_suggestions(store: Store, workshop_id: int) -> list[tuple[int, int, int | None]]:
    # arg_max would skip a latest "no suggestion" (NULL) and revive the one before it.
    with store.read() as cur:
        rows = cur.execute(
            "SELECT participant_id, observation_id, arg_max_null(phase_id, id)"
            " FROM phase_suggestions WHERE workshop_id = ? GROUP BY participant_id, observation_id",
            [workshop_id],
        ).fetchall()
    # A suggestion for a phase removed since then counts as none.
    phase_ids = _phase_ids(store, workshop_id)
    return [(who, obs, phase if phase in phase_ids else None) for who, obs, phase in rows]


def my_suggestions(store: Store, participant: Participant) -> dict[int, int | None]:
    """A participant's current suggestion per key item."""
    return {
        obs: phase
        for who, obs, phase in _latest_suggestions(store, participant.workshop_id)
        if who == participant.id
    }


def suggestion_counts(store: Store, workshop_id: int) -> dict[int, Counter[int]]:
    """Key item id -> how many participants suggest each phase."""
    counts: dict[int, Counter[int]] = {}
    for _, obs, phase in _latest_suggestions(store, workshop_id):
        if phase is not None:
            counts.setdefault(obs, Counter())[phase] += 1
    return counts


def suggesters(store: Store, workshop_id: int) -> int:
    """How many participants currently suggest a phase for at least one key item."""
    return len({who for who, _, phase in _latest_suggestions(store, workshop_id) if phase})


def evidence(store: Store, workshop_id: int) -> list[PhaseEvidence]:
    """Phase by phase: the key items placed there and the viewpoints they come from.

    An item counts the viewpoints of everything merged into it, so a merged duplicate from
    customer feedback still supports its phase.
    """
    visible = list_visible(store, workshop_id)
    roots = root_of(visible)
    by_root: dict[int, set[Viewpoint]] = {}
    for obs in visible:
        by_root.setdefault(roots[obs.id], set()).add(obs.viewpoint)
    placed = placements(store, workshop_id)
    keys = {o.id: o for o in key_observations(store, workshop_id)}
    result = []
    for phase in list_phases(store, workshop_id):
        items = [keys[i] for i, p in placed.items() if p == phase.id and i in keys]
        items.sort(key=lambda o: o.id)
        viewpoints = frozenset(v for o in items for v in by_root.get(o.id, {o.viewpoint}))
        result.append(
            PhaseEvidence(
                phase,
                tuple(o for o in items if o.kind == Kind.STRENGTH),
                tuple(o for o in items if o.kind == Kind.WEAKNESS),
                viewpoints,
            )
        )
    return result
