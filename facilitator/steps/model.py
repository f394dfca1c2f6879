"""Step 5, Condense: the model, and the room's checks of it (achievable, memorable, agreed)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from enum import StrEnum

from facilitator.domain import Participant, Role, Step
from facilitator.errors import InvalidInput
from facilitator.language.text import clean_text, one_line
from facilitator.room.workshops import authorise, require_input
from facilitator.steps.phases import Phase, evidence, list_phases
from facilitator.steps.targets import Behaviour, behaviours
from facilitator.store import clock
from facilitator.store.db import Store

MAX_NAME = 80
MAX_PROMISE = 160
MAX_TONE = 200
MAX_JUDGEMENT = 1000
MEMORABLE_PHASES = 7
LONG_TARGET = 120
LONG_BEHAVIOUR = 90
UNREALISTIC_SHARE = 1 / 3
DOUBTS = 2  # a show of two fingers or fewer is a reservation the room should hear
# Whose ratings and fist of five count in the model's checks. The facilitator runs the process
# and does not own the model: their own ratings and shows are kept, but left out of every
# figure (issue 15), so a facilitator who rates moves nothing on a chart or in a document.
COUNTED_ROLES: tuple[Role, ...] = tuple(r for r in Role if r != Role.FACILITATOR)


class Rating(StrEnum):
    CAN = "can"
    SUPPORT = "support"
    UNREALISTIC = "unrealistic"


@dataclass(frozen=True)
class ModelText:
    name: str
    promise: str
    tone_words: str
    judgement: str


@dataclass(frozen=True)
class ModelPhase:
    phase: Phase
    behaviours: tuple[Behaviour, ...]


@dataclass(frozen=True)
class Achievability:
    phase: Phase
    by_role: dict[Role, Counter[Rating]]

    @property
    def flagged(self) -> bool:
        """The front line finds the target unrealistic (a third or more of its ratings)."""
        front = self.by_role.get(Role.FRONTLINE, Counter())
        total = sum(front.values())
        return total > 0 and front[Rating.UNREALISTIC] / total >= UNREALISTIC_SHARE


@dataclass(frozen=True)
class ConsentSummary:
    shown: int
    average: float | None
    doubts: int


def text(store: Store, workshop_id: int) -> ModelText:
    """The model's name, promise, tone words and what is left to judgement (every phone's run in
    step 5 reads it: from memory until the facilitator changes it)."""

    def load() -> ModelText:
        with store.read() as cur:
            row = cur.execute(
                "SELECT model_name, model_promise, tone_words, judgement FROM workshops"
                " WHERE id = ?",
                [workshop_id],
            ).fetchone()
        return ModelText(*row) if row else ModelText("", "", "", "")

    return store.live.cached(workshop_id, "model_text", load, on_state=True)


def set_text(
    store: Store,
    key: object,
    *,
    name: object,
    promise: object,
    tone_words: object,
    judgement: object,
) -> ModelText:
    """Write the model's name, one-line promise, tone words and what is left to judgement."""
    workshop_id = authorise(store, key)
    new = ModelText(
        one_line(name, field="model_name", max_len=MAX_NAME),
        one_line(promise, field="promise", max_len=MAX_PROMISE, required=False),
        one_line(tone_words, field="tone_words", max_len=MAX_TONE, required=False),
        clean_text(judgement, field="judgement", max_len=MAX_JUDGEMENT, required=False),
    )
    with store.write() as cur:
        cur.execute(
            "UPDATE workshops SET model_name = ?, model_promise = ?, tone_words = ?, judgement = ?"
            " WHERE id = ?",
            [new.name, new.promise, new.tone_words, new.judgement, workshop_id],
        )
    store.live.bump_state(workshop_id)
    return new


def phases(store: Store, workshop_id: int) -> list[ModelPhase]:
    """The model phase by phase: target state and behaviours."""
    by_phase = behaviours(store, workshop_id)
    return [ModelPhase(p, tuple(by_phase.get(p.id, []))) for p in list_phases(store, workshop_id)]


def memorability_warnings(model_phases: list[ModelPhase]) -> list[tuple[str, dict]]:
    """Catalog keys and params of what makes the model hard to remember."""
    warnings: list[tuple[str, dict]] = []
    if len(model_phases) > MEMORABLE_PHASES:
        warnings.append(
            ("model.too_many_phases", {"n": len(model_phases), "max": MEMORABLE_PHASES})
        )
    for mp in model_phases:
        if len(mp.phase.target_state) > LONG_TARGET:
            warnings.append(("model.long_target", {"phase": mp.phase.name, "max": LONG_TARGET}))
        for b in mp.behaviours:
            if len(b.text) > LONG_BEHAVIOUR:
                warnings.append(
                    ("model.long_behaviour", {"phase": mp.phase.name, "max": LONG_BEHAVIOUR})
                )
    return warnings


def rate(store: Store, participant: Participant, ratings: dict[int, object]) -> None:
    """A participant rates each phase's target state; a later rating replaces an earlier one."""
    valid = {p.id for p in list_phases(store, participant.workshop_id)}
    try:
        chosen = {int(pid): Rating(r) for pid, r in ratings.items() if r is not None}
    except ValueError as exc:
        raise InvalidInput("error.choice", field="rating") from exc
    if not set(chosen) <= valid:
        raise InvalidInput("error.stale_choice")
    if not chosen:
        raise InvalidInput("condense.nothing_rated")
    now = clock.now()
    with store.write() as cur:
        require_input(cur, participant.workshop_id, Step.CONDENSE)
        cur.executemany(
            "INSERT INTO ratings (workshop_id, participant_id, phase_id, rating, created_at)"
            " VALUES (?, ?, ?, ?, ?)",
            [
                [participant.workshop_id, participant.id, pid, r.value, now]
                for pid, r in chosen.items()
            ],
        )
    store.live.bump_data(participant.workshop_id)


def my_ratings(store: Store, participant: Participant) -> dict[int, Rating]:
    """A participant's current rating per phase."""
    with store.read() as cur:
        rows = cur.execute(
            "SELECT phase_id, arg_max(rating, id) FROM ratings WHERE participant_id = ?"
            " GROUP BY phase_id",
            [participant.id],
        ).fetchall()
    return {pid: Rating(r) for pid, r in rows}


def achievability(store: Store, workshop_id: int) -> list[Achievability]:
    """Per phase, the ratings counted by the raters' role (the facilitator's left out)."""
    with store.read() as cur:
        rows = cur.execute(
            "SELECT r.phase_id, p.role, arg_max(r.rating, r.id) FROM ratings r"
            " JOIN participants p ON p.id = r.participant_id WHERE r.workshop_id = ?"
            " AND list_contains(?, p.role) GROUP BY r.phase_id, r.participant_id, p.role",
            [workshop_id, [r.value for r in COUNTED_ROLES]],
        ).fetchall()
    counts: dict[int, dict[Role, Counter[Rating]]] = {}
    for pid, role, rating in rows:
        counts.setdefault(pid, {}).setdefault(Role(role), Counter())[Rating(rating)] += 1
    return [Achievability(p, counts.get(p.id, {})) for p in list_phases(store, workshop_id)]


def raters(store: Store, workshop_id: int) -> int:
    """How many people have rated at least one phase (the facilitator not counted)."""
    with store.read() as cur:
        (n,) = cur.execute(
            "SELECT count(DISTINCT r.participant_id) FROM ratings r"
            " JOIN participants p ON p.id = r.participant_id"
            " WHERE r.workshop_id = ? AND list_contains(?, p.role)",
            [workshop_id, [r.value for r in COUNTED_ROLES]],
        ).fetchone()
    return n


def give_consent(store: Store, participant: Participant, fingers: int) -> None:
    """Fist of five: 0 (block) to 5 (full support); a later show replaces an earlier one."""
    if isinstance(fingers, bool) or not isinstance(fingers, int) or not 0 <= fingers <= 5:
        raise InvalidInput("error.consent_range")
    with store.write() as cur:
        require_input(cur, participant.workshop_id, Step.CONDENSE)
        cur.execute(
            "INSERT INTO consent (workshop_id, participant_id, fingers, created_at)"
            " VALUES (?, ?, ?, ?)",
            [participant.workshop_id, participant.id, fingers, clock.now()],
        )
    store.live.bump_data(participant.workshop_id)


def my_consent(store: Store, participant: Participant) -> int | None:
    """A participant's current fist-of-five, if any."""
    with store.read() as cur:
        row = cur.execute(
            "SELECT arg_max(fingers, id) FROM consent WHERE participant_id = ?", [participant.id]
        ).fetchone()
    return row[0] if row else None


def consent(store: Store, workshop_id: int) -> dict[Role, Counter[int]]:
    """Fist-of-five counts (0..5) by role, for the roles that count (not the facilitator)."""
    with store.read() as cur:
        rows = cur.execute(
            "SELECT p.role, arg_max(c.fingers, c.id) FROM consent c"
            " JOIN participants p ON p.id = c.participant_id WHERE c.workshop_id = ?"
            " AND list_contains(?, p.role) GROUP BY c.participant_id, p.role",
            [workshop_id, [r.value for r in COUNTED_ROLES]],
        ).fetchall()
    result: dict[Role, Counter[int]] = {role: Counter() for role in COUNTED_ROLES}
    for role, fingers in rows:
        result[Role(role)][fingers] += 1
    return result


def consent_summary(counts: dict[Role, Counter[int]]) -> ConsentSummary:
    """Everyone's shows together: how many, their average, and how many have doubts (0 to 2)."""
    total: Counter[int] = Counter()
    for by_fingers in counts.values():
        total.update(by_fingers)
    shown = sum(total.values())
    average = sum(f * n for f, n in total.items()) / shown if shown else None
    return ConsentSummary(shown, average, sum(n for f, n in total.items() if f <= DOUBTS))


def default_critical(store: Store, workshop_id: int, count: int = 2) -> list[int]:
    """The phases with the most key weaknesses placed on them (ties in phase order)."""
    ranked = sorted(
        ((len(e.weaknesses), e.phase.position, e.phase.id) for e in evidence(store, workshop_id)),
        key=lambda t: (-t[0], t[1]),
    )
    return [pid for n, _, pid in ranked if n > 0][:count]


def set_critical(store: Store, key: object, phase_ids: list[int]) -> None:
    """Mark exactly these phases as critical (they get metrics in the change plan)."""
    workshop_id = authorise(store, key)
    wanted = sorted({int(i) for i in phase_ids})
    if not set(wanted) <= {p.id for p in list_phases(store, workshop_id)}:
        raise InvalidInput("error.stale_choice")
    with store.write() as cur:
        cur.execute(
            "UPDATE phases SET critical = list_contains(?, id) WHERE workshop_id = ?",
            [wanted, workshop_id],
        )
    store.live.bump_state(workshop_id)
