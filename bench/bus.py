"""What telling the other processes costs (facilitator/store/bus.py), on a real PostgreSQL.

`python -m bench.bus [--db postgresql://…]` (without --db a throwaway server is started from the
system's packages) prints:

- the latency from a state change on one store to the listener of another on the same database
  (two processes' stores; one change at a time, the next once the last was heard);
- what a burst of changes costs: the CPU of the thread that makes them, with and without the
  bus, and the whole process's CPU until the other store has heard the last one.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import threading
import time
from pathlib import Path

from facilitator.store.db import Store
from facilitator.store.live import Live
from kohtaamo.postgres import LocalPostgres


def latency(url: str, changes: int) -> list[float]:
    """Milliseconds from `bump_state` on A to B's listener, one change at a time."""
    a, b = Store(url), Store(url)
    heard = threading.Event()
    b.live.listen(lambda _workshop_id: heard.set())
    took: list[float] = []
    try:
        for i in range(changes):
            heard.clear()
            start = time.perf_counter()
            a.live.bump_state(i % 50 + 1)
            if not heard.wait(5):
                raise RuntimeError("a change was not heard within 5 s")
            took.append((time.perf_counter() - start) * 1000)
    finally:
        a.close()
        b.close()
    return took


def input_latency(url: str, changes: int) -> list[float]:
    """Milliseconds from `bump_content` on A (someone's input) until B's counter moved."""
    a, b = Store(url), Store(url)
    took: list[float] = []
    try:
        for i in range(changes):
            start = time.perf_counter()
            a.live.bump_content(1)
            while b.live.content_version(1) <= i:
                time.sleep(0.0002)
            took.append((time.perf_counter() - start) * 1000)
    finally:
        a.close()
        b.close()
    return took


def burst(url: str, changes: int, rooms: int) -> dict[str, float]:
    """CPU milliseconds of `changes` ballot changes over `rooms` rooms, as a burst sends them."""
    alone = Live()
    start = time.thread_time()
    for i in range(changes):
        alone.bump_data(i % rooms + 1)
    without_bus = (time.thread_time() - start) * 1000

    a, b = Store(url), Store(url)
    last = rooms  # the last room the burst changes, heard on B once everything was sent
    try:
        time.sleep(0.2)  # both stores settled: their threads idle
        process_start, wall_start = time.process_time(), time.perf_counter()
        start = time.thread_time()
        for i in range(changes):
            a.live.bump_data(i % rooms + 1)
        caller = (time.thread_time() - start) * 1000
        a.live.bump_state(last)  # a marker after the burst, sent after it in order
        while b.live.state_version(last) == 0:
            time.sleep(0.0005)
        process = (time.process_time() - process_start) * 1000
        wall = (time.perf_counter() - wall_start) * 1000
    finally:
        a.close()
        b.close()
    return {
        "caller_without_bus_ms": without_bus,
        "caller_with_bus_ms": caller,
        "process_until_heard_ms": process,
        "wall_until_heard_ms": wall,
    }


def paced(url: str, changes: int, rooms: int, every_s: float) -> dict[str, float]:
    """A burst as a room sends it, one change every `every_s`: how many notifications carry it,
    and the process's CPU over the burst with the bus and with a Live alone."""

    def run(live: Live) -> float:
        start = time.process_time()
        for i in range(changes):
            live.bump_data(i % rooms + 1)
            time.sleep(every_s)
        return (time.process_time() - start) * 1000

    without_bus = run(Live())
    a, b = Store(url), Store(url)
    try:
        with_bus = run(a.live)
        a.live.bump_state(rooms)
        while b.live.state_version(rooms) == 0:
            time.sleep(0.0005)
        notifications = a._bus.notifications if a._bus is not None else 0
    finally:
        a.close()
        b.close()
    return {"without_bus_ms": without_bus, "with_bus_ms": with_bus, "notifications": notifications}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="a PostgreSQL URL (default: a throwaway server)")
    parser.add_argument("--changes", type=int, default=500)
    parser.add_argument("--burst", type=int, default=1_000)
    parser.add_argument("--rooms", type=int, default=3)
    args = parser.parse_args(argv)
    local = None
    url = args.db
    if url is None:
        local = LocalPostgres(Path(tempfile.mkdtemp(prefix="kohtaamo-bench-bus-")), throwaway=True)
        url = local.start()
    try:
        took = sorted(latency(url, args.changes))
        p95 = took[int(len(took) * 0.95) - 1]
        print(
            f"state change A -> B's listener over {len(took)} changes: median "
            f"{statistics.median(took):.2f} ms, p95 {p95:.2f} ms, max {took[-1]:.2f} ms"
        )
        took = sorted(input_latency(url, args.changes // 5))
        p95 = took[int(len(took) * 0.95) - 1]
        print(
            f"input (content) change A -> B's counter over {len(took)} changes: median "
            f"{statistics.median(took):.2f} ms, p95 {p95:.2f} ms"
        )
        for run in range(3):
            cost = burst(url, args.burst, args.rooms)
            print(
                f"burst of {args.burst} changes over {args.rooms} rooms (run {run + 1}): the "
                f"changing thread {cost['caller_without_bus_ms']:.1f} ms CPU without the bus, "
                f"{cost['caller_with_bus_ms']:.1f} ms with it; the whole process "
                f"{cost['process_until_heard_ms']:.1f} ms CPU until B heard the last "
                f"({cost['wall_until_heard_ms']:.1f} ms)"
            )
        for run in range(3):
            cost = paced(url, args.burst, args.rooms, 0.001)
            print(
                f"paced burst of {args.burst} changes, one a millisecond (run {run + 1}): "
                f"{cost['notifications']:.0f} notifications; the process "
                f"{cost['without_bus_ms']:.0f} ms CPU without the bus, "
                f"{cost['with_bus_ms']:.0f} ms with it (both stores' threads)"
            )
    finally:
        if local is not None:
            local.stop("immediate")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
