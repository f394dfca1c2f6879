"""The server `make run` starts: Streamlit's own app, plus its page scripts sent compressed.

Streamlit sends its JavaScript and CSS uncompressed (about 2 MB for the first page). When a
room of 200 phones opens the join link at once, that is 400 MB through one Python process,
and the first page took 30 s to draw (`make bench`, issue 6). The same files gzipped once, kept
in memory and sent as they are, come to a quarter of that and cost the server next to nothing.
Everything else (pages, websocket, health) is Streamlit's, untouched.

`streamlit run serve.py` finds `app` below and serves it.
"""

from __future__ import annotations

import os

# NumPy's OpenBLAS keeps a thread per core that spins for a while after each call into it; on
# two cores those spins were 2.4 % of the server's CPU while phones joined one after another
# (perf). Nothing here is heavy algebra, so one thread does it. NumPy reads this when it is
# first imported, which is after this file is (`streamlit run` imports no NumPy before).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import gzip
import mimetypes
import re
import threading
from pathlib import Path

import streamlit as st
from starlette.types import ASGIApp, Receive, Scope, Send

# Streamlit's front end: index.html and its hashed bundles under static/.
FRONT_END = Path(st.__file__).resolve().parent / "static"
COMPRESSED_TYPES = {".js", ".css", ".mjs", ".map", ".json", ".svg", ".txt"}
PAGE = "index.html"
# Hashed bundles never change under their name (Streamlit marks them the same way).
IMMUTABLE = "public, immutable, max-age=31536000"


class CompressedFrontEnd:
    """Answers GET and HEAD for `/` (the page) and `/static/...` text files with gzip from
    memory.

    Only when the browser accepts gzip and the file is one of Streamlit's own; anything else
    (other paths, other methods, a range request, a name that leaves the folder) goes on to
    Streamlit unchanged.
    """

    def __init__(self, app: ASGIApp, root: Path = FRONT_END) -> None:
        self.app = app
        self.root = root.resolve()
        self._compressed: dict[str, bytes] = {}
        self._lock = threading.Lock()
        # What every phone loads first is compressed now, not during the first storm.
        index = (self.root / "index.html").read_text(encoding="utf-8")
        self.compressed(PAGE)
        for name in re.findall(r'(?:src|href)="\./(static/[^"]+)"', index):
            self.compressed(name)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        body = self._body_for(scope) if scope["type"] == "http" else None
        if body is None:
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        page = path == "/"
        kind = "text/html" if page else mimetypes.guess_type(path)[0] or "application/octet-stream"
        headers = [
            (b"content-type", kind.encode()),
            (b"content-encoding", b"gzip"),
            (b"content-length", str(len(body)).encode()),
            (b"cache-control", b"no-cache" if page else IMMUTABLE.encode()),
            (b"vary", b"Accept-Encoding"),
        ]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send(
            {"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body}
        )

    def _body_for(self, scope: Scope) -> bytes | None:
        path: str = scope.get("path", "")
        if scope.get("method") not in {"GET", "HEAD"} or not (
            path == "/" or path.startswith("/static/")
        ):
            return None
        headers = dict(scope.get("headers") or [])
        if b"range" in headers or b"gzip" not in headers.get(b"accept-encoding", b""):
            return None
        # The page itself: Streamlit reads it from disk in a worker thread for every phone.
        return self.compressed(PAGE if path == "/" else path.lstrip("/"))

    def compressed(self, relative: str) -> bytes | None:
        """The gzip of a front-end file, made once; None for anything not served this way."""
        if (body := self._compressed.get(relative)) is not None:
            return body
        file = (self.root / relative).resolve()
        if not (
            file.is_relative_to(self.root)
            and (file.suffix in COMPRESSED_TYPES or relative == PAGE)
            and file.is_file()
        ):
            return None
        body = gzip.compress(file.read_bytes(), compresslevel=9, mtime=0)
        with self._lock:
            self._compressed[relative] = body
        return body


# `streamlit run` finds an `app = st.App(...)` line by reading this file, then has uvicorn import
# `serve:app`: the name ends up bound to the wrapper, so a page file is answered before
# Streamlit's own stack (its app, Starlette, the error middleware: about a third of a file's
# cost, make bench), and everything else goes on to Streamlit.
app = st.App("workshop_app.py")
app = CompressedFrontEnd(app)
