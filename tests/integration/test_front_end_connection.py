"""Front-end files answered on the connection itself (server/front_end.py), against a real
uvicorn server on loopback: the same bytes as the long way, and every other request still the
long way."""

from __future__ import annotations

import gzip
import socket
import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from server.front_end import (
    FRONT_END,
    PAGE,
    CompressedFrontEnd,
    answer_files_on_the_connection,
    front_end_bundle,
    page_with_our_words,
)

FILE = (FRONT_END / PAGE).read_text(encoding="utf-8")
# The page goes out with the script that words Streamlit's connection dialog (server/front_end.py).
INDEX = page_with_our_words(FILE, front_end_bundle(FRONT_END))
_START = INDEX.index('src="./static/') + len('src="./')
SCRIPT = "/" + INDEX[_START : INDEX.index('"', _START)]


class Behind:
    """Streamlit's place: counts what reaches it and answers 299."""

    def __init__(self) -> None:
        self.paths: list[str] = []

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return
        self.paths.append(scope["path"])
        headers = [(b"content-length", b"14")]
        await send({"type": "http.response.start", "status": 299, "headers": headers})
        await send({"type": "http.response.body", "body": b"from streamlit"})


class Asgi:
    """What uvicorn calls: counts every request that reached the ASGI app at all."""

    def __init__(self, app: CompressedFrontEnd) -> None:
        self.app = app
        self.paths: list[str] = []

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http":
            self.paths.append(scope["path"])
        await self.app(scope, receive, send)


# How long uvicorn keeps an idle connection open in these tests (its default is 5 s).
KEEP_ALIVE_S = 1


@pytest.fixture
def server(monkeypatch, wait_until) -> Iterator[tuple[int, Behind, CompressedFrontEnd]]:
    # Importing serve patched uvicorn's class for serve's own app: start from uvicorn's own
    # method here, and put back what was there afterwards.
    uvicorns = getattr(HttpToolsProtocol.data_received, "parse", HttpToolsProtocol.data_received)
    monkeypatch.setattr(HttpToolsProtocol, "data_received", uvicorns)
    behind = Behind()
    front_end = CompressedFrontEnd(behind)
    answer_files_on_the_connection(front_end)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    asgi = Asgi(front_end)
    config = uvicorn.Config(
        asgi, host="127.0.0.1", port=port, http="httptools", timeout_keep_alive=KEEP_ALIVE_S
    )
    config.log_level = "warning"
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    wait_until(lambda: running.started)
    assert running.started
    behind.asgi = asgi.paths  # type: ignore[attr-defined]
    yield port, behind, front_end
    running.should_exit = True
    thread.join(timeout=10)


def _get(path: str, *, extra: str = "", encoding: str = "gzip, deflate, br") -> bytes:
    return (
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: {encoding}\r\n{extra}\r\n"
    ).encode()


class Connection:
    """A client socket that reads answers one after another, as a browser's connection does."""

    def __init__(self, port: int) -> None:
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        self.stream = self.sock.makefile("rb")

    def __enter__(self) -> Connection:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stream.close()
        self.sock.close()

    def sendall(self, data: bytes) -> None:
        self.sock.sendall(data)

    def answer(self, *, head_only: bool = False) -> tuple[int, dict[str, str], bytes]:
        status_line = self.stream.readline()
        assert status_line, "the server closed before answering"
        headers: dict[str, str] = {}
        while (line := self.stream.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            headers[name.lower()] = value.strip()
        size = 0 if head_only else int(headers.get("content-length", "0"))
        body = self.stream.read(size)
        assert len(body) == size
        return int(status_line.split()[1]), headers, body

    def closed(self) -> bool:
        return self.stream.read(1) == b""


def test_a_file_answered_on_the_connection_is_what_the_long_way_answers(server) -> None:
    port, behind, front_end = server
    with Connection(port) as conn:
        conn.sendall(_get(SCRIPT))
        status, headers, body = conn.answer()
    assert status == 200
    assert behind.asgi == []  # answered on the connection, before any ASGI call
    long_way_headers, long_way_body = front_end.kept(SCRIPT.lstrip("/"))
    assert body == long_way_body
    assert gzip.decompress(body) == (FRONT_END / SCRIPT.lstrip("/")).read_bytes()
    for name, value in long_way_headers:
        assert headers[name.decode()] == value.decode()
    assert "date" in headers and "server" in headers  # as uvicorn sends with every answer


def test_one_connection_serves_files_and_other_requests_in_turn(server) -> None:
    port, behind, _ = server
    with Connection(port) as conn:
        for path in (SCRIPT, "/_stcore/health", "/?code=ABC123", "/_stcore/health", SCRIPT):
            conn.sendall(_get(path))
            status, headers, body = conn.answer()
            if path == "/_stcore/health":
                assert (status, body) == (299, b"from streamlit")
            else:
                assert status == 200 and headers["content-encoding"] == "gzip"
    assert behind.paths == ["/_stcore/health", "/_stcore/health"]
    assert behind.asgi == behind.paths
    page = gzip.decompress(_page(port))
    assert page.decode() == INDEX


def _page(port: int) -> bytes:
    with Connection(port) as conn:
        conn.sendall(_get("/?code=ABC123"))
        return conn.answer()[2]


@pytest.mark.parametrize(
    "path", ["/projector?code=ABC123", "/console", "/start", "/participant?code=ABC123&p=x"]
)
def test_every_page_of_the_app_is_the_page_with_our_words(server, path: str) -> None:
    """Guards the review of issue 14: Streamlit's fallback sent its own page, without the
    script that words the connection dialog, at every address but `/`."""
    port, behind, _ = server
    with Connection(port) as conn:
        conn.sendall(_get(path))
        status, headers, body = conn.answer()
        assert behind.asgi == []  # on the connection, as `/` is
        conn.sendall(_get(path, encoding="identity"))
        plain = conn.answer()
    assert status == 200 and headers["content-encoding"] == "gzip"
    assert headers["content-type"] == "text/html"
    assert gzip.decompress(body).decode() == INDEX
    # Without gzip the long way, through the ASGI app, and still our page, not Streamlit's.
    assert plain[0] == 200 and plain[2].decode() == INDEX
    assert behind.paths == []


@pytest.mark.parametrize("path", ["/_stcore/health", "/favicon.png", "/media/x.png", "/console/"])
def test_what_is_no_page_still_goes_to_streamlit(server, path: str) -> None:
    port, behind, _ = server
    with Connection(port) as conn:
        conn.sendall(_get(path))
        assert conn.answer()[0] == 299
    assert behind.paths == [path]


def test_two_requests_sent_together_are_both_answered_in_order(server) -> None:
    port, behind, _ = server
    with Connection(port) as conn:
        conn.sendall(_get(SCRIPT) + _get("/_stcore/health"))
        first = conn.answer()
        second = conn.answer()
    assert first[0] == 200 and first[2] == server[2].kept(SCRIPT.lstrip("/"))[1]
    assert second[0] == 299
    assert behind.paths == ["/_stcore/health"]


def test_a_request_that_arrives_in_pieces_is_answered_whole(server, monkeypatch) -> None:
    port, behind, front_end = server
    reads = threading.Semaphore(0)
    shortcut = HttpToolsProtocol.data_received

    def counted(protocol: HttpToolsProtocol, data: bytes) -> None:
        shortcut(protocol, data)
        reads.release()

    monkeypatch.setattr(HttpToolsProtocol, "data_received", counted)
    request = _get(SCRIPT)
    with Connection(port) as conn:
        conn.sendall(request[:20])
        assert reads.acquire(timeout=10)  # the server has read the first piece on its own
        conn.sendall(request[20:])
        status, _, body = conn.answer()
        # and the connection is between requests again: the next lone one is answered too
        conn.sendall(_get(SCRIPT))
        again = conn.answer()
    assert status == 200 and body == front_end.kept(SCRIPT.lstrip("/"))[1]
    assert again[2] == body
    assert behind.asgi == [SCRIPT]  # the pieces the long way, the next one on the connection


@pytest.mark.parametrize(
    ("extra", "encoding"),
    [
        ("Range: bytes=0-10\r\n", "gzip"),
        ("", "identity"),
    ],
)
def test_a_range_or_no_gzip_goes_the_long_way(server, extra: str, encoding: str) -> None:
    port, behind, _ = server
    with Connection(port) as conn:
        conn.sendall(_get(SCRIPT, extra=extra, encoding=encoding))
        status, _, body = conn.answer()
    assert (status, body) == (299, b"from streamlit")
    assert behind.paths == [SCRIPT]


def test_connection_close_is_honoured(server) -> None:
    port, _, front_end = server
    with Connection(port) as conn:
        conn.sendall(_get(SCRIPT, extra="Connection: close\r\n"))
        status, headers, body = conn.answer()
        assert conn.closed()  # after the answer
    assert status == 200 and headers["connection"] == "close"
    assert body == front_end.kept(SCRIPT.lstrip("/"))[1]


def test_a_head_request_gets_headers_only(server) -> None:
    port, _, front_end = server
    with Connection(port) as conn:
        conn.sendall(_get(SCRIPT).replace(b"GET ", b"HEAD ", 1))
        status, headers, body = conn.answer(head_only=True)
        conn.sendall(_get(SCRIPT))
        after = conn.answer()
    assert status == 200 and body == b""
    assert int(headers["content-length"]) == len(front_end.kept(SCRIPT.lstrip("/"))[1])
    assert after[2] == front_end.kept(SCRIPT.lstrip("/"))[1]


@pytest.mark.parametrize(
    "path", ["/static/../../../etc/passwd", "/static/%2e%2e/index.html", "/static/nope.js"]
)
def test_a_name_outside_the_files_is_never_answered_from_them(server, path: str) -> None:
    port, behind, _ = server
    with Connection(port) as conn:
        conn.sendall(_get(path))
        status, _, _ = conn.answer()
    assert status == 299
    assert len(behind.paths) == 1


def test_a_malformed_request_gets_uvicorns_400(server) -> None:
    port, behind, _ = server
    with Connection(port) as conn:
        conn.sendall(b"GET " + SCRIPT.encode() + b" HTTP/1.1\r\nBroken header line\r\n\r\n")
        status, _, _ = conn.answer()
    assert status == 400
    assert behind.paths == []


def test_an_idle_connection_is_closed_after_a_file_as_uvicorn_closes_it(server) -> None:
    port, _, _ = server
    with Connection(port) as conn:
        conn.sendall(_get(SCRIPT))
        assert conn.answer()[0] == 200
        time.sleep(KEEP_ALIVE_S / 2)
        conn.sendall(_get(SCRIPT))  # within the time: still open, the timer starts again
        assert conn.answer()[0] == 200
        started = time.monotonic()
        assert conn.closed()
        assert KEEP_ALIVE_S / 2 < time.monotonic() - started < KEEP_ALIVE_S * 3


@pytest.mark.parametrize(
    "headers",
    [
        b"Accept-Encoding: gzip\nContent-Length: 5\r\n",  # a bare LF
        b"Accept-Encoding: gzip\rRange: bytes=0-1\r\n",  # a bare CR
        b"Accept-Encoding: gzip\r\nTransfer-Encoding : chunked\r\n",  # a space before ':'
        b"Accept-Encoding: gzip\r\n Range: bytes=0-1\r\n",  # a folded line
        b"Accept-Encoding: gzip\r\nX-\x00: 1\r\n",  # a NUL in a name
        b"Accept-Encoding: gzip\r\nX-Thing: a\x01b\r\n",  # a control character in a value
    ],
)
def test_a_malformed_header_is_left_to_uvicorn(server, headers: bytes) -> None:
    port, behind, _ = server
    with Connection(port) as conn:
        conn.sendall(b"GET " + SCRIPT.encode() + b" HTTP/1.1\r\nHost: x\r\n" + headers + b"\r\n")
        status, _, body = conn.answer()
    kept = server[2].kept(SCRIPT.lstrip("/"))[1]
    assert body != kept  # never the file from the connection's shortcut
    assert status == 400 or behind.asgi == [SCRIPT]


def test_another_spelling_of_a_files_name_is_not_kept_again(server) -> None:
    port, behind, front_end = server
    spelled = SCRIPT.replace("/static/", "/static/./", 1)
    with Connection(port) as conn:
        conn.sendall(_get(spelled))
        assert conn.answer()[0] == 299  # Streamlit's to answer, as any name it does not know
    assert front_end.kept(spelled.lstrip("/")) is None
    assert behind.paths == [spelled]


def test_nothing_is_answered_while_the_client_has_not_read_the_last_answer() -> None:
    """uvicorn's own way waits for the client to read; a request that comes meanwhile goes
    that way too, so a client that never reads cannot pile answers up in the server."""
    from types import SimpleNamespace

    from server.front_end import _between_requests

    done = SimpleNamespace(scope={}, more_body=False, response_complete=True)
    done.scope = scope = {"path": "/"}

    def protocol(paused: bool) -> SimpleNamespace:
        return SimpleNamespace(
            cycle=done,
            scope=scope,
            pipeline=[],
            flow=SimpleNamespace(write_paused=paused),
            transport=SimpleNamespace(is_closing=lambda: False),
        )

    assert _between_requests(protocol(False))
    assert not _between_requests(protocol(True))
