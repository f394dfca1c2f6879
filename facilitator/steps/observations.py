"""Step 1, Observe: strengths and weaknesses of today's encounters from three viewpoints."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from facilitator.domain import Kind, Observation, Participant, Role, Source, Viewpoint
from facilitator.errors import InputClosed, InvalidInput, NotAuthorised, NotFound
from facilitator.language.text import clean_text
from facilitator.room.workshops import authorise
from facilitator.store import clock
from facilitator.store.db import Store, sent_before, stored_by_another

MAX_OBSERVATION = 280
MAX_PER_PARTICIPANT = 60

_COLUMNS = (
    "id, workshop_id, participant_id, author_role, viewpoint, kind, text, score, source,"
    " hidden, created_at, merged_into, is_key"
)


@dataclass(frozen=True)
class Draft:
    viewpoint: Viewpoint
    kind: Kind
    text: str


def _row(row: tuple) -> Observation:
    return Observation(
        id=row[0],
        workshop_id=row[1],
        participant_id=row[2],
        author_role=Role(row[3]),
        viewpoint=Viewpoint(row[4]),
        kind=Kind(row[5]),
        text=row[6],
        score=row[7],
        source=Source(row[8]),
        hidden=row[9],
        created_at=row[10],
        merged_into=row[11],
        is_key=row[12],
    )


def draft(viewpoint: object, kind: object, text: object) -> Draft:
    """Check one observation as typed; raise InvalidInput naming what is wrong."""
    try:
        chosen_viewpoint = Viewpoint(viewpoint)
    except ValueError as exc:
        raise InvalidInput("error.choice", field="viewpoint") from exc
    try:
        chosen_kind = Kind(kind)
    except ValueError as exc:
        raise InvalidInput("error.choice", field="kind") from exc
    return Draft(
        chosen_viewpoint, chosen_kind, clean_text(text, field="text", max_len=MAX_OBSERVATION)
    )


def _insert(
    cur: duckdb.DuckDBPyConnection,
    workshop_id: int,
    d: Draft,
    *,
    participant_id: int | None,
    role: Role,
    source: Source,
    score: float | None = None,
    submission_key: str | None = None,
) -> int:
    now = clock.now()
    found = cur.execute(
        "INSERT INTO observations (workshop_id, participant_id, author_role, viewpoint, kind,"
        " text, score, source, submission_key, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id",
        [
            workshop_id,
            participant_id,
            role.value,
            d.viewpoint.value,
            d.kind.value,
            d.text,
            score,
            source.value,
            submission_key,
            now,
            now,
        ],
    ).fetchone()
    if found is None:  # the same send, just stored by another app process (migration 8)
        return stored_by_another(cur, "observations", workshop_id, submission_key)
    return found[0]


def _require_open(cur: duckdb.DuckDBPyConnection, workshop_id: int) -> None:
    row = cur.execute(
        "SELECT input_open, step FROM workshops WHERE id = ?", [workshop_id]
    ).fetchone()
    if row is None:
        raise NotFound("error.workshop_not_found")
    if not row[0] or row[1] != "observe":
        raise InputClosed()


def submit(
    store: Store, participant: Participant, d: Draft, submission_key: str | None = None
) -> Observation:
    """A participant's new observation; the same submission_key twice stores it once."""
    with store.write() as cur:
        earlier = sent_before(cur, "observations", participant.workshop_id, submission_key)
        if earlier is not None:
            return _get(cur, earlier)
        _require_open(cur, participant.workshop_id)
        (count,) = cur.execute(
            "SELECT count(*) FROM observations WHERE participant_id = ?", [participant.id]
        ).fetchone()
        if count >= MAX_PER_PARTICIPANT:
            raise InvalidInput("error.observation_limit", max=MAX_PER_PARTICIPANT)
        new_id = _insert(
            cur,
            participant.workshop_id,
            d,
            participant_id=participant.id,
            role=participant.role,
            source=Source.PARTICIPANT,
            submission_key=submission_key,
        )
        result = _get(cur, new_id)
    store.live.bump_content(participant.workshop_id)
    return result


def _get(cur: duckdb.DuckDBPyConnection, observation_id: int) -> Observation:
    row = cur.execute(
        f"SELECT {_COLUMNS} FROM observations WHERE id = ?",  # noqa: S608
        [observation_id],
    ).fetchone()
    if row is None:
        raise NotFound("error.observation_not_found")
    return _row(row)


def _own(cur: duckdb.DuckDBPyConnection, participant: Participant, observation_id: int) -> None:
    row = cur.execute(
        "SELECT participant_id FROM observations WHERE id = ? AND workshop_id = ?",
        [observation_id, participant.workshop_id],
    ).fetchone()
    if row is None:
        raise NotFound("error.observation_not_found")
    if row[0] != participant.id:
        raise NotAuthorised()


_REWORD = "UPDATE observations SET viewpoint = ?, kind = ?, text = ?, updated_at = ? WHERE id = ?"


def _reword_params(d: Draft) -> list[object]:
    return [d.viewpoint.value, d.kind.value, d.text]


def edit_own(store: Store, participant: Participant, observation_id: int, d: Draft) -> Observation:
    """A participant rewrites one of their own observations."""
    with store.write() as cur:
        _require_open(cur, participant.workshop_id)
        _own(cur, participant, observation_id)
        cur.execute(_REWORD, [*_reword_params(d), clock.now(), observation_id])
        result = _get(cur, observation_id)
    store.live.bump_content(participant.workshop_id)
    return result


def delete_own(store: Store, participant: Participant, observation_id: int) -> None:
    """A participant removes one of their own observations."""
    with store.write() as cur:
        _require_open(cur, participant.workshop_id)
        _own(cur, participant, observation_id)
        cur.execute("DELETE FROM observations WHERE id = ?", [observation_id])
    store.live.bump_content(participant.workshop_id)


def list_own(store: Store, participant: Participant) -> list[Observation]:
    """A participant's own observations, newest first."""
    with store.read() as cur:
        rows = cur.execute(
            f"SELECT {_COLUMNS} FROM observations WHERE participant_id = ?"  # noqa: S608
            " ORDER BY created_at DESC, id DESC",
            [participant.id],
        ).fetchall()
    return [_row(r) for r in rows]


def list_visible(store: Store, workshop_id: int) -> tuple[Observation, ...]:
    """What the room may see: every observation not hidden by the facilitator.

    Every phone's tap reads this, so it comes from memory until an observation changes.
    """

    def load() -> tuple[Observation, ...]:
        with store.read() as cur:
            rows = cur.execute(
                f"SELECT {_COLUMNS} FROM observations"  # noqa: S608
                " WHERE workshop_id = ? AND NOT hidden ORDER BY created_at, id",
                [workshop_id],
            ).fetchall()
        return tuple(_row(r) for r in rows)

    return store.live.cached(workshop_id, "visible_observations", load)


def list_all(store: Store, key: object) -> list[Observation]:
    """Every observation, hidden ones included, for the facilitator."""
    workshop_id = authorise(store, key)
    with store.read() as cur:
        rows = cur.execute(
            f"SELECT {_COLUMNS} FROM observations WHERE workshop_id = ? ORDER BY created_at, id",  # noqa: S608
            [workshop_id],
        ).fetchall()
    return [_row(r) for r in rows]


def add_for(
    store: Store, key: object, d: Draft, role: object, submission_key: str | None = None
) -> Observation:
    """The facilitator types in an observation for someone without a phone; the same
    submission_key twice stores it once."""
    workshop_id = authorise(store, key)
    try:
        chosen = Role(role)
    except ValueError as exc:
        raise InvalidInput("error.choice", field="role") from exc
    with store.write() as cur:
        earlier = sent_before(cur, "observations", workshop_id, submission_key)
        if earlier is not None:
            return _get(cur, earlier)
        new_id = _insert(
            cur,
            workshop_id,
            d,
            participant_id=None,
            role=chosen,
            source=Source.FACILITATOR,
            submission_key=submission_key,
        )
        result = _get(cur, new_id)
    store.live.bump_state(workshop_id)
    return result


def _facilitator_update(
    store: Store, key: object, observation_id: int, sql: str, params: list
) -> Observation:
    workshop_id = authorise(store, key)
    with store.write() as cur:
        row = cur.execute(
            "SELECT 1 FROM observations WHERE id = ? AND workshop_id = ?",
            [observation_id, workshop_id],
        ).fetchone()
        if row is None:
            raise NotFound("error.observation_not_found")
        cur.execute(sql, [*params, clock.now(), observation_id])
        result = _get(cur, observation_id)
    store.live.bump_state(workshop_id)
    return result


def set_hidden(store: Store, key: object, observation_id: int, hidden: bool) -> Observation:
    """Hide an inappropriate observation from every result (it is kept), or show it again."""
    return _facilitator_update(
        store,
        key,
        observation_id,
        "UPDATE observations SET hidden = ?, updated_at = ? WHERE id = ?",
        [bool(hidden)],
    )


def edit_any(store: Store, key: object, observation_id: int, d: Draft) -> Observation:
    """The facilitator corrects any observation's wording, viewpoint or kind."""
    return _facilitator_update(
        store,
        key,
        observation_id,
        _REWORD,
        _reword_params(d),
    )


@dataclass(frozen=True)
class GridCell:
    viewpoint: Viewpoint
    kind: Kind
    items: tuple[Observation, ...]
    by_role: dict[Role, int]


def grid(observations: list[Observation]) -> dict[tuple[Viewpoint, Kind], GridCell]:
    """Observations arranged by viewpoint and kind, with counts by the author's role."""
    cells: dict[tuple[Viewpoint, Kind], GridCell] = {}
    for viewpoint in Viewpoint:
        for kind in Kind:
            items = tuple(o for o in observations if o.viewpoint == viewpoint and o.kind == kind)
            by_role = dict.fromkeys(Role, 0)
            for o in items:
                by_role[o.author_role] += 1
            cells[(viewpoint, kind)] = GridCell(viewpoint, kind, items, by_role)
    return cells


def count(store: Store, workshop_id: int) -> int:
    """How many visible observations the workshop has."""
    with store.read() as cur:
        (n,) = cur.execute(
            "SELECT count(*) FROM observations WHERE workshop_id = ? AND NOT hidden", [workshop_id]
        ).fetchone()
    return n
