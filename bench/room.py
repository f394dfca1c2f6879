"""The room the scenarios share, and the small figures they compute."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field

from bench.client import Session
from bench.phones import Phone
from bench.protocol import percentile
from bench.seed import Seeded
from bench.server import App

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
    """The app, the projector and the joined phones, shared by the scenarios in turn."""

    app: App
    seeded: Seeded
    projector: Session
    assets: list[str]
    rng: random.Random
    phones: list[Phone] = field(default_factory=list)
    bursts: list[Burst] = field(default_factory=list)
    baseline: dict[str, float] = field(default_factory=dict)
    observed: dict[str, bool] = field(default_factory=dict)  # observer -> their visit confirmed


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
    """The server's CPU time, and this client's, over a stretch of wall time."""

    def __init__(self, app: App) -> None:
        self.app, self.wall = app, time.perf_counter()
        self.cpu, self.client_cpu = app.cpu_seconds(), time.process_time()

    def pct_one_core(self) -> float:
        """Server CPU seconds per wall second since the start, in % of one core."""
        wall = time.perf_counter() - self.wall
        return round(100 * (self.app.cpu_seconds() - self.cpu) / wall, 1)

    def server_seconds(self) -> float:
        """Server CPU seconds since the start: the work done, however long it took."""
        return self.app.cpu_seconds() - self.cpu

    def client_pct_one_core(self) -> float:
        """The same for the process playing the phones, which shares the machine's cores."""
        wall = time.perf_counter() - self.wall
        return round(100 * (time.process_time() - self.client_cpu) / wall, 1)


def read_baseline(room: Room) -> None:
    """The projector's totals before any phone of the benchmark has voted."""
    room.baseline = dict(zip(KINDS, room.projector.page.chart_totals(), strict=True))
