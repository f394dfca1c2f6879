"""One browser tab over a websocket: sends reruns, keeps the page, runs the fragment timers.

A `Session` does what the Streamlit frontend does for a phone or the projector: asks for a run,
keeps the widget states it has sent, and reruns each `run_every` fragment on a timer that fires
whether or not the last tick has finished (as the browser's setInterval does). Each finished
tick is recorded with its latency, so a scenario can read the ticks of a time window.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import BackendOperationResponse, ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

from bench.page import DONE, RenderedPage, Run
from bench.protocol import SUBPROTOCOL, rerun_message, stream_url

TRAIL = 150  # messages kept per session for the trail
# A button's press and a custom component's event go with one run only, as in the browser.
TRIGGERS = {"trigger_value", "json_trigger_value"}


def describe(kind: str, msg: ForwardMsg) -> str:
    """One message on one line, for a trail: its type, its run, and what it drew."""
    run = f"run={msg.metadata.run.script_run_id[-6:]}"
    fragments = ",".join(f[-8:] for f in msg.metadata.run.fragment_ids) or "-"
    if kind == "delta":
        delta = msg.delta
        what = delta.WhichOneof("type") or ""
        inner = (
            getattr(delta, what).WhichOneof("type") if what in {"new_element", "add_block"} else ""
        )
        path = ".".join(map(str, msg.metadata.delta_path))
        return f"delta {what}:{inner} path={path} fragment={delta.fragment_id[-8:] or '-'}"
    if kind == "script_finished":
        return f"script_finished {msg.script_finished} {run} fragments={fragments}"
    if kind == "new_session":
        return f"new_session {run} fragments={fragments}"
    return kind


@dataclass(frozen=True)
class Finished:
    """A run that ended, when it did, and how."""

    run: Run
    status: int
    at: float


@dataclass(frozen=True)
class Tick:
    """One timer-driven fragment rerun: when it was sent and how long it took."""

    fragment_id: str
    sent: float
    latency: float


@dataclass
class Session:
    """A connected tab; `open`, then `request` runs and `wait_for` what they draw."""

    port: int
    query_string: str
    page_name: str = ""
    page: RenderedPage = field(default_factory=RenderedPage)
    finished: list[Finished] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)
    widget_values: dict[str, WidgetState] = field(default_factory=dict)
    responses: dict[str, BackendOperationResponse] = field(default_factory=dict)
    closed: bool = False
    # The browser's cookies for this site, shared with the tab's page loads: behind a proxy
    # with sticky sessions its cookie keeps the tab on one app process (issue 18).
    cookies: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._ws: websockets.ClientConnection | None = None
        self._reader: asyncio.Task | None = None
        self._timers: dict[str, asyncio.Task] = {}
        self._pending_ticks: dict[str, list[float]] = {}
        self._run_started: dict[str, float] = {}
        self._changed = asyncio.Condition()
        self.page.query_string = self.query_string
        # The last messages each way, one line each: what a phone left unconfirmed was doing.
        self.trail: deque[str] = deque(maxlen=TRAIL)

    async def open(self) -> None:
        """Connect the websocket and start reading; no run is asked for yet."""
        self._ws = await websockets.connect(
            stream_url(self.port),
            subprotocols=[websockets.Subprotocol(SUBPROTOCOL)],
            max_size=None,
            open_timeout=30,
            ping_interval=None,
            additional_headers=cookie_header(self.cookies),
            proxy=None,  # loopback only, whatever the environment names as a proxy
        )
        response = self._ws.response
        if response is not None:
            keep_cookies(self.cookies, response.headers.get_all("Set-Cookie"))
        self._reader = asyncio.create_task(self._read())

    async def close(self) -> None:
        """Stop the timers and the reader, and close the websocket."""
        for task in self._timers.values():
            task.cancel()
        self._timers.clear()
        if self._ws is not None:
            await self._ws.close()
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._reader

    async def request(
        self,
        widget_states: Iterable[WidgetState] = (),
        *,
        fragment_id: str = "",
        is_auto_rerun: bool = False,
    ) -> float:
        """Ask for a run of the page (or one fragment); returns when it was sent."""
        ws = self._socket()
        explicit = {state.id: state for state in widget_states}
        for state in explicit.values():
            if state.WhichOneof("value") not in TRIGGERS:
                self.widget_values[state.id] = state
        # Like the browser: the values of every widget still on the page go with each run.
        present = self.page.widget_ids()
        held = [s for i, s in self.widget_values.items() if i in present and i not in explicit]
        msg = rerun_message(
            self.page.query_string,
            page_script_hash=self.page.page_script_hash,
            page_name=self.page_name,
            widget_states=[*held, *explicit.values()],
            fragment_id=fragment_id,
            is_auto_rerun=is_auto_rerun,
        )
        sent = time.perf_counter()
        await ws.send(msg.SerializeToString())
        states = " ".join(f"{s.id[-24:]}:{s.WhichOneof('value')}" for s in explicit.values())
        self.trail.append(
            f"{sent:.3f} > rerun fragment={fragment_id[-8:] or '-'} auto={is_auto_rerun}"
            f" widgets={len(held) + len(explicit)} {states}"
        )
        return sent

    async def deferred_file(self, file_id: str, timeout: float) -> str | None:
        """Press a download button whose data is built on click; returns the file's URL."""
        ws = self._socket()
        msg = BackMsg()
        msg.backend_operation_request.request_id = file_id
        msg.backend_operation_request.session_id = self.page.session_id
        msg.backend_operation_request.deferred_file.file_id = file_id
        await ws.send(msg.SerializeToString())
        if not await self.wait_for(lambda: file_id in self.responses, timeout):
            return None
        reply = self.responses.pop(file_id)
        return reply.deferred_file.url if reply.HasField("deferred_file") else None

    async def wait_for(self, done: Callable[[], bool], timeout: float) -> bool:
        """Wait until `done()` holds after some message; False if the time ran out."""
        async with self._changed:
            try:
                await asyncio.wait_for(self._changed.wait_for(done), timeout)
            except TimeoutError:
                return False
        return True

    def finished_since(self, since: float, fragment_id: str | None = None) -> Finished | None:
        """The first run that ended well after `since` (the whole page, or this fragment)."""
        for item in self.finished:
            if item.at < since or item.status not in DONE:
                continue
            if fragment_id is None and not item.run.fragment_ids:
                return item
            if fragment_id is not None and fragment_id in item.run.fragment_ids:
                return item
        return None

    def _socket(self) -> websockets.ClientConnection:
        if self._ws is None:
            raise RuntimeError("open() the session first")
        return self._ws

    async def _read(self) -> None:
        try:
            async for data in self._socket():
                msg = ForwardMsg()
                msg.ParseFromString(data)
                kind = self.page.apply(msg)
                self._follow(kind, msg)
                self.trail.append(f"{time.perf_counter():.3f} < {describe(kind, msg)}")
                async with self._changed:
                    self._changed.notify_all()
        except websockets.ConnectionClosed:
            pass
        finally:
            self.closed = True
            async with self._changed:
                self._changed.notify_all()

    def _follow(self, kind: str, msg: ForwardMsg) -> None:
        now = time.perf_counter()
        if kind == "new_session":
            run = self.page.run
            if run is not None and not run.fragment_ids:
                for task in self._timers.values():
                    task.cancel()
                self._timers.clear()
            if run is not None:
                self._run_started[run.run_id] = now
        elif kind == "auto_rerun":
            fragment_id, interval = msg.auto_rerun.fragment_id, msg.auto_rerun.interval
            if fragment_id not in self._timers:
                self._timers[fragment_id] = asyncio.create_task(self._tick(fragment_id, interval))
        elif kind == "stop_auto_rerun":
            for fragment_id in msg.stop_auto_rerun.fragment_ids:
                if (task := self._timers.pop(fragment_id, None)) is not None:
                    task.cancel()
        elif kind == "backend_operation_response":
            self.responses[msg.backend_operation_response.request_id] = (
                msg.backend_operation_response
            )
        elif kind == "script_finished":
            run = Run(msg.metadata.run.script_run_id, tuple(msg.metadata.run.fragment_ids))
            self.finished.append(Finished(run, msg.script_finished, now))
            if msg.script_finished in DONE:
                self._settle_ticks(run, now)

    def _settle_ticks(self, run: Run, now: float) -> None:
        started = self._run_started.pop(run.run_id, now)
        for fragment_id in run.fragment_ids:
            waiting = self._pending_ticks.get(fragment_id, [])
            served = [sent for sent in waiting if sent <= started]
            self._pending_ticks[fragment_id] = [sent for sent in waiting if sent > started]
            self.ticks.extend(Tick(fragment_id, sent, now - sent) for sent in served)

    async def _tick(self, fragment_id: str, interval: float) -> None:
        while True:
            await asyncio.sleep(interval)
            try:
                sent = await self.request(fragment_id=fragment_id, is_auto_rerun=True)
            except websockets.ConnectionClosed:
                return
            self._pending_ticks.setdefault(fragment_id, []).append(sent)


def cookie_header(cookies: dict[str, str]) -> dict[str, str]:
    """The Cookie header a browser sends with what it holds (none when it holds nothing)."""
    return {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())} if cookies else {}


def keep_cookies(cookies: dict[str, str], set_cookies: Iterable[str]) -> None:
    """Keep each Set-Cookie's name and value, as a browser does (its attributes do not matter
    on loopback for the length of a run)."""
    for line in set_cookies:
        name, _, value = line.split(";", 1)[0].strip().partition("=")
        if name:
            cookies[name] = value


async def http_get(port: int, path: str, cookies: dict[str, str] | None = None) -> tuple[int, int]:
    """One GET on a connection of its own; returns (status, bytes read)."""
    connection = HttpConnection(port, cookies)
    try:
        return await connection.get(path)
    finally:
        await connection.close()


class HttpConnection:
    """An HTTP/1.1 keep-alive connection on loopback, as a browser holds while loading a page.

    GETs go one after another; each answer is read to its end (Content-Length or chunked)
    so the next can follow on the same connection.
    """

    def __init__(self, port: int, cookies: dict[str, str] | None = None) -> None:
        self.port = port
        self.cookies = {} if cookies is None else cookies  # shared with the tab, not copied
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> tuple[int, int]:
        """(status, bytes read, head included)."""
        if self._writer is None:
            self._reader, self._writer = await asyncio.open_connection("127.0.0.1", self.port)
        reader, writer = self._reader, self._writer
        assert reader is not None  # noqa: S101 - opened together above
        cookie = "".join(f"{k}: {v}\r\n" for k, v in cookie_header(self.cookies).items())
        writer.write(
            f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n{cookie}"
            "Accept-Encoding: gzip, deflate\r\nConnection: keep-alive\r\n\r\n".encode()
        )
        await writer.drain()
        status_line = await reader.readline()
        size, headers, set_cookies = len(status_line), {}, []
        while True:
            line = await reader.readline()
            size += len(line)
            if line in (b"\r\n", b"\n", b""):
                break
            name, _, value = line.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
            if name.strip().lower() == "set-cookie":
                set_cookies.append(value.strip())
        keep_cookies(self.cookies, set_cookies)
        if "content-length" in headers:
            size += len(await reader.readexactly(int(headers["content-length"])))
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            while (length := int((await reader.readline()).split(b";")[0], 16)) > 0:
                size += len(await reader.readexactly(length + 2))
            await reader.readline()
        else:  # the server closes to end the body
            while chunk := await reader.read(65536):
                size += len(chunk)
            await self.close()
        if headers.get("connection", "").lower() == "close":
            await self.close()
        parts = status_line.split()
        return (int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0), size

    async def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            with contextlib.suppress(Exception):
                await self._writer.wait_closed()
        self._reader = self._writer = None
