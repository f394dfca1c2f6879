"""serve.py and server/front_end.py: Streamlit's front-end files go out gzipped from memory,
and nothing else changes."""

from __future__ import annotations

import gzip
import subprocess
import sys
from pathlib import Path

import pytest

from facilitator.language.i18n import t
from server.front_end import (
    FRONT_END,
    STREAMLIT_CONNECTION_WORDS,
    STREAMLIT_DIALOG_LABELS,
    CompressedFrontEnd,
    page_with_our_words,
)

ROOT = Path(__file__).resolve().parents[2]
INDEX = (FRONT_END / "index.html").read_text(encoding="utf-8")


def _call(run, middleware: CompressedFrontEnd, path: str, headers: dict[str, str], method="GET"):
    sent: list[dict] = []

    async def receive() -> dict:
        return {"type": "http.request"}

    async def send(message: dict) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "method": method,
        "path": path,
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
    }
    run(middleware(scope, receive, send))
    return sent


async def _streamlit(scope, receive, send) -> None:
    await send({"type": "http.response.start", "status": 299, "headers": []})
    await send({"type": "http.response.body", "body": b"from streamlit"})


@pytest.fixture(scope="module")
def middleware() -> CompressedFrontEnd:
    return CompressedFrontEnd(_streamlit)


def _first_script() -> str:
    start = INDEX.index('src="./static/') + len('src="./')
    return "/" + INDEX[start : INDEX.index('"', start)]


def test_a_front_end_script_goes_out_gzipped_and_equal_to_the_file(run_apart, middleware) -> None:
    path = _first_script()
    start, body = _call(run_apart, middleware, path, {"Accept-Encoding": "gzip, deflate, br"})
    headers = dict(start["headers"])
    assert start["status"] == 200
    assert headers[b"content-encoding"] == b"gzip"
    assert b"immutable" in headers[b"cache-control"]
    original = (FRONT_END / path.lstrip("/")).read_bytes()
    assert gzip.decompress(body["body"]) == original
    assert int(headers[b"content-length"]) == len(body["body"]) < len(original) / 2


@pytest.mark.parametrize(
    ("path", "headers", "method"),
    [
        ("/static/js/missing.js", {"Accept-Encoding": "gzip"}, "GET"),
        ("/static/../../../etc/passwd", {"Accept-Encoding": "gzip"}, "GET"),
        ("/static/../index.html", {"Accept-Encoding": "gzip"}, "GET"),
        ("/_stcore/health", {"Accept-Encoding": "gzip"}, "GET"),
        ("/_stcore/host-config", {"Accept-Encoding": "gzip"}, "GET"),
        ("/console/_stcore/health", {"Accept-Encoding": "gzip"}, "GET"),
        ("/media/abc.png", {"Accept-Encoding": "gzip"}, "GET"),
        ("/component/ballot/index.html", {"Accept-Encoding": "gzip"}, "GET"),
        ("/api/signin-cookie", {"Accept-Encoding": "gzip"}, "GET"),
        ("/app/static/x.png", {"Accept-Encoding": "gzip"}, "GET"),
        ("/static", {"Accept-Encoding": "gzip"}, "GET"),
        ("/favicon.png", {"Accept-Encoding": "gzip"}, "GET"),
        ("/manifest.json", {"Accept-Encoding": "gzip"}, "GET"),
        ("/console/", {"Accept-Encoding": "gzip"}, "GET"),
        ("/", {"Accept-Encoding": "gzip"}, "POST"),
        ("/console", {"Accept-Encoding": "gzip"}, "POST"),
    ],
)
def test_anything_else_goes_to_streamlit(run_apart, middleware, path, headers, method) -> None:
    start, _ = _call(run_apart, middleware, path, headers, method)
    assert start["status"] == 299


def test_no_gzip_without_the_browser_asking_or_for_a_range(run_apart, middleware) -> None:
    path = _first_script()
    assert _call(run_apart, middleware, path, {})[0]["status"] == 299
    ranged = {"Accept-Encoding": "gzip", "Range": "bytes=0-10"}
    assert _call(run_apart, middleware, path, ranged)[0]["status"] == 299
    assert (
        _call(run_apart, middleware, path, {"Accept-Encoding": "gzip"}, "POST")[0]["status"] == 299
    )


def test_a_head_request_gets_the_headers_without_the_body(run_apart, middleware) -> None:
    start, body = _call(run_apart, middleware, _first_script(), {"Accept-Encoding": "gzip"}, "HEAD")
    assert start["status"] == 200 and body["body"] == b""


def test_make_run_and_the_test_servers_start_serve_py() -> None:
    root = Path(__file__).resolve().parents[2]
    assert "streamlit run serve.py" in (root / "Makefile").read_text()
    assert '"serve.py"' in (root / "bench" / "server.py").read_text()
    # The browser tests start the app through the benchmark's starter.
    assert "server.start(" in (root / "tests" / "e2e" / "conftest.py").read_text()


def test_the_page_goes_out_gzipped_and_never_cached(run_apart, middleware) -> None:
    """Each phone of a room loads `/?code=...` first; Streamlit reads it from disk in a worker
    thread every time, which under load waits for the GIL twice."""
    start, body = _call(run_apart, middleware, "/", {"Accept-Encoding": "gzip"})
    headers = dict(start["headers"])
    assert start["status"] == 200
    assert headers[b"content-type"] == b"text/html"
    assert headers[b"cache-control"] == b"no-cache"
    assert gzip.decompress(body["body"]).decode() == page_with_our_words(INDEX, BUNDLE)


@pytest.mark.parametrize("path", ["/", "/console", "/start", "/projector", "/index.html", "/x/y"])
@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_every_page_address_gets_the_page_with_our_words(
    run_apart, middleware, path: str, method: str
) -> None:
    """Guards the review of issue 14: only `/` got the script, so the projector (and /console,
    /start) showed Streamlit's English connection-lost dialog, sent by its own fallback."""
    start, body = _call(run_apart, middleware, path, {"Accept-Encoding": "gzip"}, method)
    headers = dict(start["headers"])
    assert start["status"] == 200
    assert headers[b"content-type"] == b"text/html"
    assert headers[b"cache-control"] == b"no-cache"
    if method == "GET":
        assert gzip.decompress(body["body"]).decode() == page_with_our_words(INDEX, BUNDLE)
    else:
        assert body["body"] == b""


@pytest.mark.parametrize("headers", [{}, {"Accept-Encoding": "br"}, {"Range": "bytes=0-10"}])
def test_a_page_asked_without_gzip_or_in_a_range_still_carries_our_words(
    run_apart, middleware, headers: dict[str, str]
) -> None:
    start, body = _call(run_apart, middleware, "/projector", headers)
    sent = dict(start["headers"])
    assert start["status"] == 200 and b"content-encoding" not in sent
    assert body["body"].decode() == page_with_our_words(INDEX, BUNDLE)
    assert int(sent[b"content-length"]) == len(body["body"])


BUNDLE = "".join(js.read_text(encoding="utf-8") for js in (FRONT_END / "static/js").glob("*.js"))


def test_the_page_carries_our_words_for_streamlits_connection_dialog() -> None:
    page = page_with_our_words(INDEX, BUNDLE)
    assert page.replace(page[page.index("<script>/* Kohtaamo") : page.index("</head>")], "") == (
        INDEX
    )
    for english, key in STREAMLIT_CONNECTION_WORDS.items():
        assert english in BUNDLE  # Streamlit still says it so
        assert t("fi", key) in page and t("en", key) in page


@pytest.mark.parametrize(
    "english",
    [
        *STREAMLIT_CONNECTION_WORDS,
        *(f'"aria-label":`{label}`' for label in STREAMLIT_DIALOG_LABELS),
    ],
)
def test_the_server_refuses_to_start_when_streamlit_words_its_dialog_otherwise(
    english: str,
) -> None:
    with pytest.raises(RuntimeError, match="connection dialog changed"):
        page_with_our_words(INDEX, BUNDLE.replace(english, "reworded"))
    with pytest.raises(RuntimeError):
        page_with_our_words(INDEX.replace("</head>", ""), BUNDLE)


def test_streamlit_run_finds_the_app_and_uvicorn_gets_the_front_end_first() -> None:
    """`streamlit run serve.py` finds `app` by reading the file; uvicorn then imports
    `serve:app`, which answers a front-end file before Streamlit's own stack does."""
    import streamlit as st
    from streamlit.web.server.app_discovery import discover_asgi_app

    import serve

    found = discover_asgi_app(Path(serve.__file__))
    assert found.is_asgi_app and found.app_name == "app"
    assert isinstance(serve.app, CompressedFrontEnd)
    assert isinstance(serve.app.app, st.App)
    # and its files are answered on the connection (tests/integration/test_front_end_connection)
    from uvicorn.protocols.http.auto import AutoHTTPProtocol
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

    assert hasattr(HttpToolsProtocol.data_received, "parse")
    assert AutoHTTPProtocol is HttpToolsProtocol  # what Streamlit's uvicorn ("auto") uses


def test_numpy_runs_one_blas_thread_in_the_server() -> None:
    """Idle OpenBLAS threads spin on the server's two cores after each call into it."""
    import os
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    probe = (
        "import os, sys; import streamlit.web.cli; assert 'numpy' not in sys.modules;"
        " import serve; before = len(os.listdir('/proc/self/task'));"
        " import numpy; print(len(os.listdir('/proc/self/task')) - before)"
    )
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    out = subprocess.run(
        [sys.executable, "-c", probe], cwd=root, env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "0"  # no BLAS threads beside the one importing NumPy


def test_the_router_is_the_only_navigation_from_the_first_run() -> None:
    """Streamlit would take pages/ for its old multipage folder until a session reached
    st.navigation; serve.py turns that off before any session starts (issue 14). Checked in a
    fresh process: AppTest, elsewhere in this one, sets the flag as it likes."""
    check = (
        "import serve;"
        "from streamlit.runtime.pages_manager import PagesManager as P;"
        "print(P.uses_pages_directory)"
    )
    ran = subprocess.run(
        [sys.executable, "-c", check], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert ran.stdout.strip().splitlines()[-1] == "False"
