"""What the proxy adds (issue 18): the same small requests straight to one app process and
through HAProxy, taken in turn so that the host's own drift hits both alike.

Two kinds: the health check over a kept-open HTTP connection (the proxy's hop alone, the app's
work next to nothing), and a projector redrawing its whole page over its websocket (a real
run, where the hop is a small part). Only with a proxy in front (`--processes N` or `--proxy`).
"""

from __future__ import annotations

import time

from bench.client import HttpConnection, Session
from bench.deploy import Servers
from bench.projector import open_projector
from bench.protocol import percentile
from bench.room import TIMEOUT, Room

HEALTH = "/_stcore/health"


async def proxy_hop(room: Room, rounds: int = 200, reruns: int = 30) -> dict:
    """Median and p95 of each kind both ways, and the proxy's added median in ms."""
    app: Servers = room.app
    if app.proxy_pid is None or not app.replica_ports:
        return {"error": "no proxy in front of the app"}
    direct, proxied = HttpConnection(app.replica_ports[0]), HttpConnection(app.port)
    health: dict[str, list[float]] = {"direct": [], "proxy": []}
    try:
        for _ in range(rounds):
            for name, connection in (("direct", direct), ("proxy", proxied)):
                started = time.perf_counter()
                status, _ = await connection.get(HEALTH)
                if status == 200:
                    health[name].append(time.perf_counter() - started)
    finally:
        await direct.close()
        await proxied.close()
    code = room.seeded.code
    ways = {
        "direct": await open_projector(app.replica_ports[0], code, TIMEOUT),
        "proxy": await open_projector(app.port, code, TIMEOUT),
    }
    runs: dict[str, list[float]] = {"direct": [], "proxy": []}
    try:
        for _ in range(reruns):
            for name, session in ways.items():
                if (took := await _rerun(session)) is not None:
                    runs[name].append(took)
    finally:
        for session in ways.values():
            await session.close()
    return {
        **_figures("health", health),
        **_figures("projector_run", runs),
    }


async def _rerun(session: Session) -> float | None:
    sent = await session.request()
    if not await session.wait_for(lambda: session.finished_since(sent) is not None, TIMEOUT):
        return None
    return time.perf_counter() - sent


def ms(values: list[float], q: float) -> float | None:
    """A percentile in ms to 0.01: the hop is a fraction of a millisecond."""
    found = percentile(values, q)
    return None if found is None else round(found * 1000, 2)


def _figures(kind: str, took: dict[str, list[float]]) -> dict:
    direct, proxy = ms(took["direct"], 50), ms(took["proxy"], 50)
    added = None if direct is None or proxy is None else round(proxy - direct, 2)
    return {
        f"{kind}_count": min(len(took["direct"]), len(took["proxy"])),
        f"{kind}_p50_ms_direct": direct,
        f"{kind}_p50_ms_proxy": proxy,
        f"{kind}_p95_ms_direct": ms(took["direct"], 95),
        f"{kind}_p95_ms_proxy": ms(took["proxy"], 95),
        f"{kind}_added_p50_ms": added,
    }
