"""The projector: opened like a browser tab, and watched for when it shows a burst's total."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

from bench.client import Session
from bench.room import KINDS, Room


async def open_projector(port: int, code: str, timeout: float) -> Session:
    """The projector view at /projector?code=, drawn once with its charts."""
    session = Session(port, f"code={code}", page_name="projector")
    await session.open()
    sent = await session.request()
    if not await session.wait_for(lambda: session.finished_since(sent) is not None, timeout):
        raise RuntimeError("the projector did not draw")
    return session


@dataclass
class ProjectorWatch:
    """Every projector run that finishes while it watches: when (epoch s) and the totals drawn."""

    session: Session
    drawn: list[tuple[float, list[float]]] = field(default_factory=list)
    stop: asyncio.Event = field(default_factory=asyncio.Event)

    async def watch(self) -> None:
        """Record each finished run until `stop` is set (checked at least once a second)."""
        seen = len(self.session.finished)
        while not self.stop.is_set():
            await self.session.wait_for(lambda n=seen: len(self.session.finished) > n, 1.0)
            if len(self.session.finished) > seen:
                seen = len(self.session.finished)
                self.drawn.append((time.time(), self.session.page.chart_totals()))

    def total(self, index: int, at: int = -1) -> float | None:
        """The total chart `index` showed in the `at`-th recorded run."""
        if not self.drawn or len(self.drawn[at][1]) <= index:
            return None
        return self.drawn[at][1][index]

    async def settle(self, index: int, quiet_s: float = 6, limit_s: float = 30) -> None:
        """Watch on until the chart's total has not changed for `quiet_s`, then stop."""
        deadline = time.time() + limit_s
        while time.time() < deadline:
            changes = [at for i, (at, _) in enumerate(self.drawn) if self._changed(index, i)]
            if time.time() - max(changes, default=0.0) >= quiet_s and self.drawn:
                break
            await asyncio.sleep(0.2)
        self.stop.set()

    def _changed(self, index: int, i: int) -> bool:
        return i == 0 or self.total(index, i) != self.total(index, i - 1)

    def first_showing(self, index: int, total: float | None) -> float | None:
        """When (epoch s) the chart first showed this total."""
        shown = (at for i, (at, _) in enumerate(self.drawn) if self.total(index, i) == total)
        return next(shown, None) if total is not None else None


async def projector_figures(room: Room, watches: dict[str, ProjectorWatch], kind: str) -> dict:
    """The total the projectors settled on after a burst (summed over the rooms), and when the
    last of them first showed its own.

    The lag itself needs the time the last ballot was stored, which only the database knows
    after the run (`projector_lag_ms`, added by the tally). The totals only grow during a
    burst, so the first run that shows the settled one is the one that matters. The total the
    phones' ballots should give is there to compare: a ballot sent but never stored shows up
    as a difference.
    """
    index = KINDS.index(kind)
    await asyncio.gather(*(watch.settle(index) for watch in watches.values()))
    finals = {code: watch.total(index) for code, watch in watches.items()}
    shown_at = [watches[code].first_showing(index, total) for code, total in finals.items()]
    known = [total for total in finals.values() if total is not None]
    return {
        "projector_total": sum(known) if len(known) == len(finals) else None,
        "projector_expected": sum(room.baseline[code][kind] for code in watches)
        + sum(sum(p.sent.get(kind, {}).values()) for p in room.phones),
        "projector_final_at": None if None in shown_at else max(shown_at, default=None),
    }
