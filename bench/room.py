"""The room the scenarios share, and the small figures they compute."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field

from bench.client import Session
from bench.deploy import Servers
from bench.phones import Phone
from bench.protocol import percentile
from bench.seed import Seeded

KINDS = ("strength", "weakness")  # the projector draws one chart per kind, in this order
TIMEOUT = 60.0


@dataclass
class Burst:
    """What one burst sent, phone by phone, and which phones saw it confirmed."""

    name: str
    kind: str
    sent: dict[str, dict[int, int]] = field(default_factory=dict)
    acknowledged: set[str] = field(default_factory=set)


@dataclass
class Room:
    """The app, the projectors and the joined phones, shared by the scenarios in turn.

    With several rooms (issue 18) each has its projector, by the room's code; the phones are
    split between them, and every scenario's figures are over all rooms.
    """

    app: Servers
    seeded: Seeded
    projectors: dict[str, Session]
    assets: list[str]
    rng: random.Random
    phones: list[Phone] = field(default_factory=list)
    bursts: list[Burst] = field(default_factory=list)
    baseline: dict[str, dict[str, float]] = field(default_factory=dict)  # code -> kind -> total
    observed: dict[str, bool] = field(default_factory=dict)  # observer -> their visit confirmed

    @property
    def projector(self) -> Session:
        """The first room's projector."""
        return self.projectors[self.seeded.code]

    def code_for(self, index: int) -> str:
        """The room phone `index` joins: the phones go round the rooms in turn."""
        codes = self.seeded.room_codes()
        return codes[index % len(codes)]


def spread(count: int, window_s: float, rng: random.Random) -> list[float]:
    """Start offsets for `count` users arriving at random within a window."""
    return sorted(rng.uniform(0, window_s) for _ in range(count))


def ballot(index: int, leading: list[int], dots: int) -> dict[int, int]:
    """Phone `index`'s ballot of 3, 4 or 5 dots on two of the leading items (at most 3 each)."""
    first, second = leading[index % len(leading)], leading[(index + 1) % len(leading)]
    return {first: min(dots - 1, 3), second: dots - min(dots - 1, 3)}


def ms(values: list[float], q: float) -> float | None:
    """A percentile of durations in seconds, in milliseconds rounded to 0.1."""
    found = percentile(values, q)
    return None if found is None else round(found * 1000, 1)


class Meter:
    """The server's CPU time (every app process's, summed), the proxy's, and this client's,
    over a stretch of wall time."""

    def __init__(self, app: Servers) -> None:
        self.app, self.wall = app, time.perf_counter()
        self.cpu, self.client_cpu = app.cpu_seconds(), time.process_time()
        self.by_process, self.proxy = app.cpu_by_process(), app.proxy_cpu_seconds()
        self.db = app.db_cpu_seconds()

    def pct_one_core(self) -> float:
        """Server CPU seconds per wall second since the start, in % of one core."""
        wall = time.perf_counter() - self.wall
        return round(100 * (self.app.cpu_seconds() - self.cpu) / wall, 1)

    def server_seconds(self) -> float:
        """Server CPU seconds since the start: the work done, however long it took."""
        return self.app.cpu_seconds() - self.cpu

    def by_process_seconds(self) -> list[float]:
        """Each app process's CPU seconds since the start, in the order of `app.app_pids`."""
        now = self.app.cpu_by_process()
        return [round(b - a, 2) for a, b in zip(self.by_process, now, strict=True)]

    def beside(self, phones: int) -> dict[str, float]:
        """The CPU of the proxy and of the database server since the start, in % of one core
        and in ms per phone, when they run apart from the app (issue 18); nothing otherwise."""
        wall = time.perf_counter() - self.wall
        found: dict[str, float] = {}
        for name, before, now in (
            ("proxy", self.proxy, self.app.proxy_cpu_seconds()),
            ("db", self.db, self.app.db_cpu_seconds()),
        ):
            if before is not None and now is not None:
                found[f"{name}_cpu_pct_one_core"] = round(100 * (now - before) / wall, 1)
                found[f"{name}_cpu_ms_per_phone"] = round(1000 * (now - before) / max(phones, 1), 2)
        return found

    def client_pct_one_core(self) -> float:
        """The same for the process playing the phones, which shares the machine's cores."""
        wall = time.perf_counter() - self.wall
        return round(100 * (time.process_time() - self.client_cpu) / wall, 1)


def read_baseline(room: Room) -> None:
    """Each projector's totals before any phone of the benchmark has voted."""
    room.baseline = {
        code: dict(zip(KINDS, projector.page.chart_totals(), strict=True))
        for code, projector in room.projectors.items()
    }
