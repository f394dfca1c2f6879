"""The plan's milestones with a status (planned, in progress, done; late once the day has passed
without done), and the coaches' log of who coached whom, when and on what."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from facilitator.errors import InvalidInput, NotFound
from facilitator.followup.units import check_unit
from facilitator.language import formats
from facilitator.language.text import clean_text, one_line
from facilitator.room.access import authorise_follow_up
from facilitator.steps import plan
from facilitator.store import clock
from facilitator.store.db import Store

MAX_TITLE = 300
MAX_COACH = 80
MAX_TOPIC = 200
MAX_NOTE = 1000


class Status(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    LATE = "late"  # never stored: a day passed without done


@dataclass(frozen=True)
class Milestone:
    id: int
    title: str
    due: dt.date | None
    owner: str
    stored: Status  # as the lead set it: planned, in progress or done

    def status(self, today: dt.date) -> Status:
        """As the lead set it, except that a day passed without done is late."""
        if self.stored != Status.DONE and self.due is not None and self.due < today:
            return Status.LATE
        return self.stored


def milestones(store: Store, workshop_id: int) -> list[Milestone]:
    """The milestones followed, soonest first (undated last)."""
    with store.read() as cur:
        rows = cur.execute(
            "SELECT id, title, due, owner, status FROM tracked_milestones WHERE workshop_id = ?"
            " ORDER BY due NULLS LAST, position, id",
            [workshop_id],
        ).fetchall()
    return [Milestone(i, t, d, o, Status(s)) for i, t, d, o, s in rows]


def take_from_plan(store: Store, key: object) -> list[Milestone]:
    """Follow each milestone of the plan not yet followed (by title); taking twice adds nothing."""
    workshop_id = authorise_follow_up(store, key)
    have = {m.title.casefold() for m in milestones(store, workshop_id)}
    new = []
    for row in plan.rows(store, workshop_id, plan.Section.MILESTONES):
        title = " ".join((row.get("title") or "").split())[:MAX_TITLE]
        if not title or title.casefold() in have:
            continue
        have.add(title.casefold())
        due = dt.date.fromisoformat(row["due"]) if row.get("due") else None
        new.append((title, due, (row.get("owner") or "")[:MAX_COACH]))
    with store.write() as cur:
        (count,) = cur.execute(
            "SELECT count(*) FROM tracked_milestones WHERE workshop_id = ?", [workshop_id]
        ).fetchone()
        for position, (title, due, owner) in enumerate(new, start=count):
            cur.execute(
                "INSERT INTO tracked_milestones (workshop_id, title, due, owner, status, position,"
                " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [workshop_id, title, due, owner, Status.PLANNED.value, position, clock.now()],
            )
    store.live.bump_state(workshop_id)
    return milestones(store, workshop_id)


def set_status(store: Store, key: object, milestone_id: int, status: object) -> Milestone:
    """Planned, in progress or done (late is not set: it follows from the day)."""
    workshop_id = authorise_follow_up(store, key)
    try:
        chosen = Status(status)
    except ValueError as exc:
        raise InvalidInput("error.choice", field="status") from exc
    if chosen == Status.LATE:
        raise InvalidInput("error.choice", field="status")
    with store.write() as cur:
        done = cur.execute(
            "UPDATE tracked_milestones SET status = ?, updated_at = ? WHERE id = ?"
            " AND workshop_id = ? RETURNING id",
            [chosen.value, clock.now(), milestone_id, workshop_id],
        ).fetchall()
    if not done:
        raise NotFound("error.milestone_not_found")
    store.live.bump_state(workshop_id)
    return next(m for m in milestones(store, workshop_id) if m.id == milestone_id)


@dataclass(frozen=True)
class Coaching:
    id: int
    day: dt.date
    coach: str
    unit_id: int
    topic: str
    note: str


def log_coaching(
    store: Store,
    key: object,
    *,
    day: object,
    coach: object,
    unit_id: object,
    topic: object,
    note: object = "",
) -> Coaching:
    """One coaching session in the log: when, who coached, which unit, on what."""
    workshop_id = authorise_follow_up(store, key)
    when = day if isinstance(day, dt.date) else formats.parse_date(str(day or ""))
    entry = (
        when,
        one_line(coach, field="coach", max_len=MAX_COACH),
        check_unit(store, workshop_id, unit_id),
        one_line(topic, field="topic", max_len=MAX_TOPIC),
        clean_text(note or "", field="note", max_len=MAX_NOTE, required=False),
    )
    with store.write() as cur:
        (new_id,) = cur.execute(
            "INSERT INTO coaching_log (workshop_id, day, coach, unit_id, topic, note, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
            [workshop_id, *entry, clock.now()],
        ).fetchone()
    store.live.bump_state(workshop_id)
    return Coaching(new_id, *entry)


def coaching_log(store: Store, workshop_id: int) -> list[Coaching]:
    """The log, newest first."""
    with store.read() as cur:
        rows = cur.execute(
            "SELECT id, day, coach, unit_id, topic, note FROM coaching_log WHERE workshop_id = ?"
            " ORDER BY day DESC, id DESC",
            [workshop_id],
        ).fetchall()
    return [Coaching(*row) for row in rows]
