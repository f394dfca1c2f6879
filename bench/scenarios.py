"""The measured scenarios. Each drives the phones over the protocol and returns its figures."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from pathlib import Path

from bench.client import Session
from bench.console import (
    console_drawn,
    download_documents,
    open_console,
    said,
    switch_input_off,
)
from bench.observers import Observer
from bench.phones import Phone
from bench.projector import ProjectorWatch, projector_figures
from bench.room import TIMEOUT, Burst, Meter, Room, ballot, ms, spread

# Phones that need another ballot tab open it within this window before a burst, then settle.
TAB_WINDOW_S = 5
SETTLE_S = 2
OBSERVER_BASE = 500  # observers are bench-500 and on: apart from the phones, 0-199 and 999
TRAILS = Path(__file__).resolve().parents[1] / "artifacts"  # not committed


async def join_storm(room: Room, count: int, window_s: float) -> dict:
    """`count` phones open the join link within `window_s` and each joins with a role."""
    rss_before = room.app.rss_kib()
    offsets = spread(count, window_s, room.rng)
    thinking = [room.rng.uniform(0.5, 2.0) for _ in range(count)]
    phones = [Phone(i, room.app.port, room.code_for(i), room.assets) for i in range(count)]

    async def one(phone: Phone, offset: float, think: float) -> None:
        await asyncio.sleep(offset)
        try:
            if await phone.arrive(TIMEOUT):
                await asyncio.sleep(think)  # reading the form and tapping a role
                await phone.join(TIMEOUT)
        except Exception as exc:  # a refused connection is a failed phone, not a failed run
            phone.error = repr(exc)

    meter = Meter(room.app)
    await asyncio.gather(*(one(p, o, t) for p, o, t in zip(phones, offsets, thinking, strict=True)))
    cpu, client_cpu = meter.pct_one_core(), meter.client_pct_one_core()
    work, by_process = meter.server_seconds(), meter.by_process_seconds()
    beside = meter.beside(count)
    await asyncio.sleep(2)  # let the last pages settle before reading the memory
    joined = [p for p in phones if p.error is None]
    for phone in phones:
        if phone.error is not None and phone.session is not None:
            await phone.session.close()
    room.phones = joined
    rss_after = room.app.rss_kib()
    renders = [p.first_render_s for p in phones if p.first_render_s is not None]
    loads = [p.http_s for p in phones if p.http_s is not None]
    return {
        "phones": count,
        "failed": count - len(joined),
        "errors": sorted({p.error for p in phones if p.error})[:5],
        "p50_first_render_ms": ms(renders, 50),
        "p95_first_render_ms": ms(renders, 95),
        "p95_http_part_ms": ms(loads, 95),
        "shell_assets": len(room.assets),
        "p95_join_ms": ms([p.join_s for p in joined if p.join_s is not None], 95),
        "rss_before_kib": rss_before,
        "rss_after_kib": rss_after,
        "rss_per_session_kib": round((rss_after - rss_before) / max(len(joined), 1), 1),
        "cpu_pct_one_core": cpu,
        "server_cpu_ms_per_phone": round(1000 * work / count, 1),
        **_per_process(by_process, count),
        **beside,
        "client_cpu_pct_one_core": client_cpu,
    }


def _per_process(seconds: list[float], phones: int) -> dict:
    """With several app processes: each one's CPU in ms per phone (of all the phones), which
    sum to the server's figure, so an uneven split shows."""
    if len(seconds) < 2:
        return {}
    return {"server_cpu_ms_per_phone_by_process": [round(1000 * s / phones, 1) for s in seconds]}


async def idle(room: Room, seconds: float) -> dict:
    """Everyone waits on their page for `seconds`; only the fragment timers run."""
    meter = Meter(room.app)
    started = time.perf_counter()
    await asyncio.sleep(seconds)
    cpu, client_cpu = meter.pct_one_core(), meter.client_pct_one_core()
    beside = meter.beside(len(room.phones))
    ended = time.perf_counter()

    def within(session: Session) -> list[float]:
        return [
            t.latency for t in session.ticks if started <= t.sent and t.sent + t.latency <= ended
        ]

    phone_ticks = [x for p in room.phones if p.session for x in within(p.session)]
    projector_ticks = within(room.projector)
    return {
        "phones": len(room.phones),
        "seconds": seconds,
        "cpu_pct_one_core": cpu,
        **beside,
        "client_cpu_pct_one_core": client_cpu,
        "ticks": len(phone_ticks),
        "tick_p50_ms": ms(phone_ticks, 50),
        "tick_p95_ms": ms(phone_ticks, 95),
        "projector_ticks": len(projector_ticks),
        "projector_tick_p95_ms": ms(projector_ticks, 95),
    }


async def ballot_burst(room: Room, name: str, kind: str, dots: int, window_s: float) -> dict:
    """Every joined phone sends a `dots`-dot ballot of `kind` within `window_s`."""

    # Before the bell, everyone has the kind's tab open (tapped at their own pace, untimed).
    async def open_tab(phone: Phone, offset: float) -> None:
        await asyncio.sleep(offset)
        await phone.open_ballot(kind, TIMEOUT)

    tab_offsets = spread(len(room.phones), TAB_WINDOW_S, room.rng)
    await asyncio.gather(*(open_tab(p, o) for p, o in zip(room.phones, tab_offsets, strict=True)))
    await asyncio.sleep(SETTLE_S)
    burst = Burst(name, kind)
    room.bursts.append(burst)
    offsets = spread(len(room.phones), window_s, room.rng)
    acked_at: list[tuple[float, float]] = []  # (wall, server CPU seconds) at each confirmation

    async def one(phone: Phone, offset: float) -> float | None:
        await asyncio.sleep(offset)
        phone.error = None
        leading = room.seeded.leading_in(phone.code)[kind]
        burst.sent[phone.name] = ballot(phone.index, leading, dots)
        try:
            latency = await phone.vote(kind, burst.sent[phone.name], TIMEOUT)
        except Exception as exc:  # a dropped connection is an unconfirmed ballot
            phone.error = repr(exc)
            return None
        if latency is not None:
            burst.acknowledged.add(phone.name)
            acked_at.append((time.perf_counter(), room.app.cpu_seconds()))
        return latency

    watches = {code: ProjectorWatch(projector) for code, projector in room.projectors.items()}
    watching = [asyncio.create_task(watch.watch()) for watch in watches.values()]
    meter = Meter(room.app)
    latencies = await asyncio.gather(
        *(one(p, o) for p, o in zip(room.phones, offsets, strict=True))
    )
    client_cpu = meter.client_pct_one_core()
    # The server's CPU up to the last confirmation, so phones left waiting do not dilute it.
    last, cpu_then = max(acked_at, default=(time.perf_counter(), room.app.cpu_seconds()))
    cpu = round(100 * (cpu_then - meter.cpu) / max(last - meter.wall, 1e-3), 1)
    beside = meter.beside(len(room.phones))
    done = [x for x in latencies if x is not None]
    lag = await projector_figures(room, watches, kind)
    await asyncio.gather(*watching)
    trails = keep_trails(name, [p for p in room.phones if p.name not in burst.acknowledged])
    return {
        "phones": len(room.phones),
        "window_s": window_s,
        "acknowledged": len(done),
        "p50_ms": ms(done, 50),
        "p95_ms": ms(done, 95),
        "p99_ms": ms(done, 99),
        "max_ms": ms(done, 100),
        "cpu_pct_one_core": cpu,
        "server_cpu_ms_per_phone": round(
            1000 * (cpu_then - meter.cpu) / max(len(room.phones), 1), 1
        ),
        **beside,
        "client_cpu_pct_one_core": client_cpu,
        "unconfirmed": dict(
            Counter(p.error for p in room.phones if p.name not in burst.acknowledged)
        ),
        **lag,
        **({"unconfirmed_trails": str(trails)} if trails else {}),
    }


def keep_trails(burst: str, phones: list[Phone]) -> Path | None:
    """The last messages of each phone left unconfirmed, for finding out why (artifacts/)."""
    if not phones:
        return None
    TRAILS.mkdir(exist_ok=True)
    out = TRAILS / f"bench-unconfirmed-{burst}.txt"
    with out.open("w") as file:
        for phone in phones:
            trail = phone.session.trail if phone.session else []
            file.write(f"## {phone.name}: {phone.error}\n" + "\n".join(trail) + "\n\n")
    return out


async def export_under_load(room: Room, dots: int, window_s: float) -> dict:
    """The facilitator downloads the finished demo's three documents during a ballot burst."""
    console = await open_console(
        room.app.port, room.seeded.finished_code, room.seeded.passphrase, TIMEOUT
    )
    try:
        alone_s, alone_sizes = await download_documents(console, TIMEOUT)

        async def export_soon() -> tuple[float, dict[str, int]]:
            await asyncio.sleep(min(1.0, window_s / 4))  # into the thick of the burst
            return await download_documents(console, TIMEOUT)

        export = asyncio.create_task(export_soon())
        burst = await ballot_burst(room, "export_under_load", "strength", dots, window_s)
        loaded_s, sizes = await export
    finally:
        await console.close()
    return {
        "export_s": round(loaded_s, 2),
        "documents_missing": sum(1 for n in sizes.values() if not n),
        "document_bytes": sizes,
        "export_alone_s": round(alone_s, 2),
        "documents_missing_alone": sum(1 for n in alone_sizes.values() if not n),
        "burst": burst,
    }


async def room_change(room: Room, window_s: float = 10, gap_s: float = 0) -> dict:
    """Each room's facilitator closes the input (the vote ends): all at once, or one room after
    another `gap_s` apart; each phone shows it once the server has pushed the change to it
    (server/push.py), from whichever app process holds it. A phone counts only within
    `window_s` of its room's change, shorter than the phones' own safety check (15 s), so what
    is shown came by push."""
    codes = room.seeded.room_codes()
    consoles = await asyncio.gather(
        *(open_console(room.app.port, code, room.seeded.passphrase, TIMEOUT) for code in codes)
    )

    async def shown(phone: Phone, sent: float) -> float | None:
        session = phone.session
        if session is None:
            return None
        got = await session.wait_for(lambda: input_closed(session, sent), window_s)
        return time.perf_counter() - sent if got else None

    async def change(turn: int, code: str, console: Session) -> list[float | None]:
        await asyncio.sleep(turn * gap_s)
        sent = await switch_input_off(console)
        # The phones are watched from the moment the change is sent: the console's own redraw
        # may come after theirs (on a busy process it waits its turn behind them), and a phone
        # found showing it only then would be timed by the console, not by itself.
        watching = asyncio.gather(*(shown(p, sent) for p in room.phones if p.code == code))
        await console_drawn(console, sent, TIMEOUT)
        return await watching

    try:
        meter = Meter(room.app)
        by_room = await asyncio.gather(
            *(change(turn, *pair) for turn, pair in enumerate(zip(codes, consoles, strict=True)))
        )
        cpu, beside = meter.pct_one_core(), meter.beside(len(room.phones))
    finally:
        await asyncio.gather(*(console.close() for console in consoles))
    seen = [x for found in by_room for x in found]
    done = [x for x in seen if x is not None]
    return {
        "phones": len(room.phones),
        "rooms": len(codes),
        "gap_s": gap_s,
        "shown": len(done),
        "not_shown": len(room.phones) - len(done),
        "p50_ms": ms(done, 50),
        "p95_ms": ms(done, 95),
        "max_ms": ms(done, 100),
        "cpu_pct_one_core": cpu,
        **beside,
    }


def input_closed(session: Session, since: float) -> bool:
    """The phone has drawn its page again after `since`, saying that input is closed."""
    closed = said("phone.input_closed")
    return session.finished_since(since) is not None and any(
        alert.proto.body in closed for alert in session.page.find("alert")
    )


# An observer reads the form, picks the unit and the phase at their own pace before the round.
OBSERVER_PREP_S = 10


async def observation_round(room: Room, count: int, window_s: float) -> dict:
    """`count` observers join with the follow-up code (at their own pace, untimed), pick a unit
    and a phase, then all save a visit's checklist within `window_s`: the latency until each
    phone shows its visit saved. The phones of the join storm stay connected throughout."""
    seeded = room.seeded
    observers = [
        Observer(OBSERVER_BASE + i, room.app.port, seeded.observer_code, room.assets)
        for i in range(count)
    ]

    async def prepare(observer: Observer, offset: float) -> None:
        await asyncio.sleep(offset)
        try:
            unit = seeded.units[observer.index % len(seeded.units)]
            if await observer.arrive(TIMEOUT) and await observer.join(TIMEOUT):
                await observer.ready(unit, TIMEOUT)
        except Exception as exc:  # a refused connection is a failed observer, not a failed run
            observer.error = repr(exc)

    offsets = spread(count, OBSERVER_PREP_S, room.rng)
    await asyncio.gather(*(prepare(o, t) for o, t in zip(observers, offsets, strict=True)))
    ready = [o for o in observers if o.error is None]
    await asyncio.sleep(SETTLE_S)

    async def one(observer: Observer, offset: float) -> float | None:
        await asyncio.sleep(offset)
        try:
            return await observer.send(TIMEOUT)
        except Exception as exc:  # a dropped connection is an unconfirmed visit
            observer.error = repr(exc)
            return None

    meter = Meter(room.app)
    offsets = spread(len(ready), window_s, room.rng)
    try:
        latencies = await asyncio.gather(*(one(o, t) for o, t in zip(ready, offsets, strict=True)))
        cpu, client_cpu = meter.pct_one_core(), meter.client_pct_one_core()
    finally:
        for observer in observers:
            if observer.session is not None:
                await observer.session.close()
    room.observed = {o.name: x is not None for o, x in zip(ready, latencies, strict=True)}
    done = [x for x in latencies if x is not None]
    return {
        "observers": count,
        "not_ready": count - len(ready),
        "window_s": window_s,
        "acknowledged": len(done),
        "p50_ms": ms(done, 50),
        "p95_ms": ms(done, 95),
        "p99_ms": ms(done, 99),
        "max_ms": ms(done, 100),
        "cpu_pct_one_core": cpu,
        "client_cpu_pct_one_core": client_cpu,
        "errors": dict(Counter(o.error for o in observers if o.error)),
    }
