"""Step 2, Identify: merging duplicates, dot voting, results by role and the key items."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from facilitator.domain import Kind, Observation, Participant, Role, Step
from facilitator.errors import InputClosed, InvalidInput, NotFound
from facilitator.room.workshops import authorise
from facilitator.room.workshops import get as get_workshop
from facilitator.steps.observations import list_visible
from facilitator.store import clock
from facilitator.store.db import Store

MAX_BUDGET = 20
SIMILARITY_THRESHOLD = 80.0


@dataclass(frozen=True)
class Item:
    """A votable observation with the observations merged into it."""

    observation: Observation
    merged: tuple[Observation, ...] = ()

    @property
    def id(self) -> int:
        return self.observation.id

    @property
    def author_roles(self) -> tuple[Role, ...]:
        return (self.observation.author_role, *(m.author_role for m in self.merged))


@dataclass(frozen=True)
class ItemResult:
    item: Item
    dots: int
    by_role: dict[Role, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Divergence:
    item: Item
    management_share: float
    frontline_share: float
    dots: int = 0  # everyone's dots on the item: breaks ties between equal gaps

    @property
    def gap(self) -> float:
        """Positive where management gave the item a larger share of its dots."""
        return self.management_share - self.frontline_share


def _root(by_id: Mapping[int, Observation], obs: Observation) -> Observation:
    seen = set()
    while obs.merged_into is not None and obs.merged_into in by_id and obs.id not in seen:
        seen.add(obs.id)
        obs = by_id[obs.merged_into]
    return obs


def items(observations: Sequence[Observation], kind: Kind) -> list[Item]:
    """The votable items of one kind: roots of merges, each carrying what was merged into it."""
    by_id = {o.id: o for o in observations}
    children: dict[int, list[Observation]] = defaultdict(list)
    for obs in observations:
        root = _root(by_id, obs)
        if root.id != obs.id:
            children[root.id].append(obs)
    return [
        Item(o, tuple(children[o.id]))
        for o in observations
        if o.kind == kind and _root(by_id, o).id == o.id
    ]


def root_of(observations: Sequence[Observation]) -> dict[int, int]:
    """Each observation id mapped to the id of the item it counts for."""
    by_id = {o.id: o for o in observations}
    return {o.id: _root(by_id, o).id for o in observations}


def suggest_merges(observations: Sequence[Observation]) -> list[tuple[Item, Item, float]]:
    """Pairs of same-kind items whose wording is alike, most alike first."""
    pairs: list[tuple[Item, Item, float]] = []
    for kind in Kind:
        pool = items(observations, kind)
        for i, a in enumerate(pool):
            for b in pool[i + 1 :]:
                score = fuzz.token_set_ratio(a.observation.text.lower(), b.observation.text.lower())
                if score >= SIMILARITY_THRESHOLD:
                    pairs.append((a, b, score))
    return sorted(pairs, key=lambda p: -p[2])


def merge(store: Store, key: object, source_id: int, target_id: int) -> None:
    """Fold one observation into another of the same kind; its author and dots carry over."""
    workshop_id = authorise(store, key)
    if source_id == target_id:
        raise InvalidInput("error.merge_self")
    with store.write() as cur:
        rows = cur.execute(
            "SELECT id, kind, merged_into FROM observations"
            " WHERE workshop_id = ? AND id IN (?, ?) AND NOT hidden",
            [workshop_id, source_id, target_id],
        ).fetchall()
        found = {r[0]: r for r in rows}
        if len(found) != 2:
            raise NotFound("error.observation_not_found")
        if found[source_id][1] != found[target_id][1]:
            raise InvalidInput("error.merge_kind")
        # The target's chain must not lead back to the source, or the merge would loop.
        cursor_id: int | None = target_id
        while cursor_id is not None:
            if cursor_id == source_id:
                raise InvalidInput("error.merge_self")
            row = cur.execute(
                "SELECT merged_into FROM observations WHERE id = ?", [cursor_id]
            ).fetchone()
            cursor_id = row[0] if row else None
        cur.execute(
            "UPDATE observations SET merged_into = ?, updated_at = ? WHERE id = ?",
            [target_id, clock.now(), source_id],
        )
    store.live.bump_state(workshop_id)


def unmerge(store: Store, key: object, observation_id: int) -> None:
    """Undo a merge: the observation stands on its own again, with its own dots."""
    workshop_id = authorise(store, key)
    with store.write() as cur:
        updated = cur.execute(
            "UPDATE observations SET merged_into = NULL, updated_at = ?"
            " WHERE id = ? AND workshop_id = ? RETURNING id",
            [clock.now(), observation_id, workshop_id],
        ).fetchall()
        if not updated:
            raise NotFound("error.observation_not_found")
    store.live.bump_state(workshop_id)


def settings(store: Store, workshop_id: int) -> tuple[int, int]:
    """The dot budget per kind and the most dots one item may get from one person."""

    def load() -> tuple[int, int]:
        with store.read() as cur:
            row = cur.execute(
                "SELECT dot_budget, max_per_item FROM workshops WHERE id = ?", [workshop_id]
            ).fetchone()
        if row is None:
            raise NotFound("error.workshop_not_found")
        return row[0], row[1]

    return store.live.cached(workshop_id, "dot_settings", load, on_state=True)


def set_budget(store: Store, key: object, budget: int, max_per_item: int) -> None:
    """Set the dots each participant has per kind, and the most they may put on one item."""
    workshop_id = authorise(store, key)
    if not isinstance(budget, int) or not 1 <= budget <= MAX_BUDGET:
        raise InvalidInput("error.budget_range", max=MAX_BUDGET)
    if not isinstance(max_per_item, int) or not 1 <= max_per_item <= budget:
        raise InvalidInput("error.max_per_item_range", max=budget)
    with store.write() as cur:
        cur.execute(
            "UPDATE workshops SET dot_budget = ?, max_per_item = ? WHERE id = ?",
            [budget, max_per_item, workshop_id],
        )
    store.live.bump_state(workshop_id)


def submit_ballot(
    store: Store,
    participant: Participant,
    kind: Kind,
    dots: Mapping[int, int],
    submission_key: str | None = None,
) -> dict[int, int]:
    """Store a participant's ballot for one kind; it replaces their earlier one entirely."""
    return submit_ballots(store, participant, {Kind(kind): dots}, submission_key)[Kind(kind)]


def _checked(
    store: Store, participant: Participant, kind: Kind, dots: Mapping[int, int]
) -> dict[int, int]:
    chosen = {int(i): int(n) for i, n in dots.items() if int(n) != 0}
    if any(n < 0 for n in chosen.values()):
        raise InvalidInput("error.dots_negative")
    budget, per_item = settings(store, participant.workshop_id)
    if sum(chosen.values()) > budget:
        raise InvalidInput("error.dots_over_budget", budget=budget)
    if any(n > per_item for n in chosen.values()):
        raise InvalidInput("error.dots_per_item", max=per_item)
    votable = {i.id for i in items(list_visible(store, participant.workshop_id), kind)}
    if not set(chosen) <= votable:
        raise InvalidInput("error.dots_unknown_item")
    return chosen


# One row of placeholders per kind sent: the statement's text never holds a value.
_BALLOT_ROW = "(?, ?::BIGINT[], ?::INTEGER[])"
_INSERT_BALLOTS = (
    "INSERT INTO ballots (workshop_id, participant_id, kind, submission_key, submitted_at,"
    " dot_items, dot_counts)"
    " SELECT ?, ?, sent.kind, ?, ?, sent.items, sent.counts"
    " FROM workshops, (VALUES ROWS) AS sent(kind, items, counts)"
    " WHERE id = ? AND step = ? AND input_open AND NOT EXISTS ("
    "  SELECT 1 FROM ballots WHERE workshop_id = ? AND participant_id = ?"
    "  AND submission_key = ?)"
    # Two app processes storing the same send at once: the second stores nothing (migration 8)
    # and hears, as a retry does, that its send is in.
    " ON CONFLICT DO NOTHING RETURNING id, kind"
)


def submit_ballots(
    store: Store,
    participant: Participant,
    ballots: Mapping[Kind, Mapping[int, int]],
    submission_key: str | None = None,
) -> dict[Kind, dict[int, int]]:
    """Store a participant's ballots of one send (strengths and weaknesses) together: both or
    neither; each replaces their earlier ballot of its kind."""
    # Every kind is checked before anything is written: a weakness over budget keeps the
    # strengths of the same send out too, so the phone never holds half a ballot it thinks sent.
    chosen = {Kind(k): _checked(store, participant, Kind(k), d) for k, d in ballots.items()}
    # A kind sent again unchanged leaves its stored ballot standing: a second tap on a ballot
    # already shown sent, or one kind changed and the other not. (One phone's runs never
    # overlap, so reading first is safe.)
    changed = {k: d for k, d in chosen.items() if d != my_ballot(store, participant, k)}
    if not changed:
        # Standing as stored; once input is locked, only a retry of the send that stored it
        # hears so (its answer was lost), and anything else that input is closed.
        if _voting_open(store, participant) or _sent_before(store, participant, submission_key):
            return chosen
        raise InputClosed()
    # One statement checks that voting is open and that this send is new, and inserts a row per
    # kind: the write lock is held for one database call, since every call gives up the GIL and
    # must win it back from the other phones' threads; and one statement is one transaction.
    rows: list[object] = []
    for kind, dots in sorted(changed.items()):
        ids, counts = zip(*sorted(dots.items()), strict=True) if dots else ((), ())
        rows += [kind.value, list(ids), list(counts)]
    inserted = store.write_one(
        _INSERT_BALLOTS.replace("ROWS", ", ".join([_BALLOT_ROW] * len(changed))),
        [
            participant.workshop_id,
            participant.id,
            submission_key,
            clock.now(),
            *rows,
            participant.workshop_id,
            Step.IDENTIFY.value,
            participant.workshop_id,
            participant.id,
            submission_key,
        ],
    )
    if not inserted:
        if _sent_before(store, participant, submission_key):
            return chosen  # a retry of a send already stored, not a second ballot
        raise InputClosed()
    for ballot_id, kind in inserted:
        store.live.keep_row(
            participant.workshop_id,
            _ballot_key(participant, Kind(kind)),
            tuple(sorted(changed[Kind(kind)].items())),
            version=ballot_id,
        )
    store.live.bump_data(participant.workshop_id)
    return chosen


def _sent_before(store: Store, participant: Participant, submission_key: str | None) -> bool:
    if not submission_key:
        return False
    with store.read() as cur:
        row = cur.execute(
            "SELECT 1 FROM ballots WHERE workshop_id = ? AND participant_id = ?"
            " AND submission_key = ?",
            [participant.workshop_id, participant.id, submission_key],
        ).fetchone()
    return row is not None


def _voting_open(store: Store, participant: Participant) -> bool:
    try:
        workshop = get_workshop(store, participant.workshop_id)
    except NotFound:
        return False
    return workshop.step == Step.IDENTIFY and workshop.input_open


def my_ballot(store: Store, participant: Participant, kind: Kind) -> dict[int, int]:
    """The dots of a participant's current ballot for one kind (empty before they vote)."""
    # Each phone's ballot form reads this on every run, so the latest ballot is kept in memory
    # (make bench, issue 6: the query was a fifth of the join storm's samples).
    key = _ballot_key(participant, kind)
    if (kept := store.live.row(participant.workshop_id, key)) is not None:
        return dict(kept[1])  # type: ignore[call-overload]
    with store.read() as cur:
        row = cur.execute(
            "SELECT id, dot_items, dot_counts FROM ballots WHERE participant_id = ? AND kind = ?"
            " ORDER BY id DESC LIMIT 1",
            [participant.id, Kind(kind).value],
        ).fetchone()
    ballot_id, dots = (row[0], dict(zip(row[1], row[2], strict=True))) if row else (0, {})
    store.live.keep_row(participant.workshop_id, key, tuple(dots.items()), version=ballot_id)
    return dots


def no_ballots_yet(store: Store, participant: Participant) -> None:
    """Someone who has just joined has no ballot: kept so, until their first (a newer row)."""
    for kind in Kind:
        store.live.keep_row(participant.workshop_id, _ballot_key(participant, kind), ())


def _ballot_key(participant: Participant, kind: Kind) -> tuple[str, int, str]:
    return ("ballot", participant.id, Kind(kind).value)


def voters(store: Store, workshop_id: int) -> int:
    """How many participants have a ballot in."""
    with store.read() as cur:
        (n,) = cur.execute(
            "SELECT count(DISTINCT participant_id) FROM ballots WHERE workshop_id = ?",
            [workshop_id],
        ).fetchone()
    return n


def results(store: Store, workshop_id: int, kind: Kind) -> list[ItemResult]:
    """Every item of one kind with its dots in total and by role, most dots first."""
    visible = list_visible(store, workshop_id)
    roots = root_of(visible)
    with store.read() as cur:
        rows = cur.execute(
            "WITH latest AS (SELECT max(id) AS id FROM ballots WHERE workshop_id = ?"
            " GROUP BY participant_id, kind)"
            " SELECT d.observation_id, p.role, sum(d.dots)"
            " FROM latest JOIN ballots b ON b.id = latest.id"
            " JOIN ballot_dots d ON d.ballot_id = b.id"
            " JOIN participants p ON p.id = b.participant_id"
            " WHERE b.kind = ? GROUP BY d.observation_id, p.role",
            [workshop_id, Kind(kind).value],
        ).fetchall()
    by_item: dict[int, dict[Role, int]] = defaultdict(lambda: dict.fromkeys(Role, 0))
    for observation_id, role, n in rows:
        if observation_id in roots:
            by_item[roots[observation_id]][Role(role)] += int(n)
    ranked = [
        ItemResult(item, sum(by_item[item.id].values()), dict(by_item[item.id]))
        for item in items(visible, Kind(kind))
    ]
    return sorted(ranked, key=lambda r: (-r.dots, r.item.id))


# The two groups whose dots are compared: the facilitator leads and "other" is neither side.
COMPARED = (Role.MANAGEMENT, Role.FRONTLINE)


def silent_groups(ranked: list[ItemResult]) -> list[Role]:
    """Management and/or the front line, where that group gave none of these items a dot."""
    return [role for role in COMPARED if not sum(r.by_role.get(role, 0) for r in ranked)]


def divergence(ranked: list[ItemResult]) -> list[Divergence]:
    """Item by item, management's share of its dots beside the front line's; widest gap first.

    Empty when either group gave no dots of this kind: its 0 % everywhere would read as a gap
    on every item the other group backed.
    """
    if silent_groups(ranked):
        return []
    totals = {role: sum(r.by_role.get(role, 0) for r in ranked) for role in COMPARED}

    def share(result: ItemResult, role: Role) -> float:
        return result.by_role.get(role, 0) / totals[role]

    rows = [
        Divergence(r.item, share(r, Role.MANAGEMENT), share(r, Role.FRONTLINE), r.dots)
        for r in ranked
    ]
    return sorted(rows, key=lambda d: (-abs(d.gap), -d.dots, d.item.id))


def _gap(d: Divergence) -> float:
    # To a millionth: 0.40 - 0.25 is 0.15000000000000002 in floating point, 0.15 on paper.
    return round(abs(d.gap), 6)


def differ_most(rows: list[Divergence], count: int, at_least: float = 0.0) -> list[Divergence]:
    """The items where management and the front line differ most: widest gap first (ties: the
    item with more dots), gaps under `at_least` and gapless items left out."""
    wide = (d for d in rows if _gap(d) and _gap(d) >= at_least)
    return sorted(wide, key=lambda d: (-_gap(d), -d.dots, d.item.id))[:count]


def agree_most(rows: list[Divergence], count: int) -> list[Divergence]:
    """The items both management and the front line backed, most alike first (ties: the item
    with more dots): an item neither gave a dot has no gap either, yet nobody agreed on it."""
    both = [d for d in rows if d.management_share > 0 and d.frontline_share > 0]
    return sorted(both, key=lambda d: (_gap(d), -d.dots, d.item.id))[:count]


def default_keys(ranked: list[ItemResult], count: int = 3) -> list[int]:
    """The items the facilitator is offered as key ones: the top `count` that got any dots."""
    return [r.item.id for r in ranked if r.dots > 0][:count]


def confirm_keys(store: Store, key: object, kind: Kind, observation_ids: list[int]) -> None:
    """Mark exactly these items as the key strengths (or weaknesses) of the workshop."""
    workshop_id = authorise(store, key)
    wanted = {int(i) for i in observation_ids}
    votable = {i.id for i in items(list_visible(store, workshop_id), Kind(kind))}
    if not wanted <= votable:
        raise InvalidInput("error.dots_unknown_item")
    with store.write() as cur:
        cur.execute(
            "UPDATE observations SET is_key = list_contains(?, id)"
            " WHERE workshop_id = ? AND kind = ?",
            [sorted(wanted), workshop_id, Kind(kind).value],
        )
    store.live.bump_state(workshop_id)


def key_items(store: Store, workshop_id: int, kind: Kind) -> list[Observation]:
    """The confirmed key strengths or weaknesses, in the order they were written."""
    return [o for o in list_visible(store, workshop_id) if o.is_key and o.kind == Kind(kind)]
