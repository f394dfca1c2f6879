"""Streamlit's front end as the server sends it: its page and scripts gzipped from memory, a
plain request for one answered on the connection itself, and its connection dialog in the
page's language.

Streamlit sends its JavaScript and CSS uncompressed (about 2 MB for the first page). When a
room of 200 phones opens the join link at once, that is 400 MB through one Python process,
and the first page took 30 s to draw (`make bench`, issue 6). The same files gzipped once, kept
in memory and sent as they are, come to a quarter of that and cost the server next to nothing;
a plain request for one is answered on its connection, before uvicorn makes an ASGI request of
it. Everything else (pages, websocket, health) is Streamlit's, untouched.

Installed by the server's entry (serve.py) only; the private names used here are listed and
checked at start in server/compat.py.
"""

from __future__ import annotations

import gzip
import json
import mimetypes
import re
import threading
from pathlib import Path

import streamlit as st
from starlette.types import ASGIApp, Receive, Scope, Send
from streamlit.runtime.pages_manager import PagesManager
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from facilitator.domain import Language
from facilitator.language.i18n import t

# Streamlit's front end: index.html and its hashed bundles under static/.
FRONT_END = Path(st.__file__).resolve().parent / "static"
COMPRESSED_TYPES = {".js", ".css", ".mjs", ".map", ".json", ".svg", ".txt"}
PAGE = "index.html"
# Addresses Streamlit never answers with its page: its own routes, its files, the app's routes.
NOT_PAGES = frozenset({"_stcore", "static", "component", "media", "api", "app"})
# Hashed bundles never change under their name (Streamlit marks them the same way).
IMMUTABLE = "public, immutable, max-age=31536000"


# Streamlit's dialog while the server is down speaks English in every room, and no option
# changes it: its words are in the front end's bundle. The page carries a small, constant script
# that puts them in the page's language (the app marks <html lang>, pages/widgets/styles.py)
# when the dialog shows. Each English text must still be in the bundle, or the server refuses to
# start: a Streamlit that words them otherwise would quietly bring the English back (issue 14).
STREAMLIT_CONNECTION_WORDS = {
    "Connection error": "connection.title",
    "Streamlit server is not responding. Are you connected to the internet?": (
        "connection.not_responding"
    ),
    "Is Streamlit still running? If you accidentally stopped Streamlit, just restart it in your"
    " terminal:": "connection.stopped",
}
# The dialog's close button, named for a screen reader (as Streamlit's bundle writes it).
STREAMLIT_DIALOG_LABELS = {"Close": "connection.close"}
_MEND_DIALOG = """<script>/* Kohtaamo (server): the connection dialog in the page's language */
(() => {
  const words = %s;
  const mend = () => {
    const ours = words[document.documentElement.lang];
    if (!ours) return;
    for (const dialog of document.querySelectorAll("[role=dialog]")) {
      const walker = document.createTreeWalker(dialog, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const said = ours.texts[node.nodeValue.trim()];
        if (said) node.nodeValue = said;
      }
      for (const named of dialog.querySelectorAll("[aria-label]")) {
        const said = ours.labels[named.getAttribute("aria-label")];
        if (said) named.setAttribute("aria-label", said);
      }
    }
  };
  /* React rewrites a shown dialog's text in place when its message changes: that is watched
     too, not only new nodes. */
  new MutationObserver(mend).observe(document, {childList: true, subtree: true,
    characterData: true});
})();
</script>"""


def connection_words() -> dict[str, dict[str, dict[str, str]]]:
    """Streamlit's English words for a lost connection -> ours, per language: the texts, and
    the names a screen reader reads."""
    return {
        lang.value: {
            "texts": {english: t(lang, key) for english, key in STREAMLIT_CONNECTION_WORDS.items()},
            "labels": {english: t(lang, key) for english, key in STREAMLIT_DIALOG_LABELS.items()},
        }
        for lang in Language
    }


def missing_words(bundle: str) -> list[str]:
    """The dialog's English words (texts, then labels) no longer in Streamlit's bundle."""
    missing = [english for english in STREAMLIT_CONNECTION_WORDS if english not in bundle]
    return missing + [
        english for english in STREAMLIT_DIALOG_LABELS if f'"aria-label":`{english}`' not in bundle
    ]


def page_with_our_words(page: str, bundle: str) -> str:
    """Streamlit's index.html with the dialog-mending script; RuntimeError when Streamlit's
    page or its words are no longer what the script was written for."""
    missing = missing_words(bundle)
    if missing or page.count("</head>") != 1:
        raise RuntimeError(
            f"Streamlit's connection dialog changed, see server/front_end.py: {missing}"
        )
    words = json.dumps(connection_words(), ensure_ascii=False).replace("</", "<\\/")
    return page.replace("</head>", _MEND_DIALOG % words + "</head>")


def front_end_bundle(root: Path = FRONT_END) -> str:
    """The text of Streamlit's main front-end script (where its dialog's words are)."""
    return "".join(
        js.read_text(encoding="utf-8") for js in (root / "static" / "js").glob("index.*.js")
    )


class CompressedFrontEnd:
    """Answers GET and HEAD for the page and `/static/...` text files with gzip from memory.

    The page, with our words for the connection dialog, goes out at every address Streamlit
    would answer with it: `/`, and each page of the navigation (`/console`, `/start`,
    `/projector?code=...`, any name that is no file), else the dialog there is English again.
    A file only when the browser accepts gzip and it is one of Streamlit's own; anything else
    (other paths, other methods, a range request, a name that leaves the folder) goes on to
    Streamlit unchanged.
    """

    def __init__(self, app: ASGIApp, root: Path = FRONT_END) -> None:
        self.app = app
        self.root = root.resolve()
        # relative name -> (headers, gzipped body), each made once.
        self._answers: dict[str, tuple[list[tuple[bytes, bytes]], bytes]] = {}
        self._lock = threading.Lock()
        # The files beside the page (favicon.png, manifest.json): Streamlit sends them as they are.
        self._root_files = frozenset(
            f.name for f in self.root.iterdir() if f.is_file() and f.name != PAGE
        )
        self._plain_page: tuple[list[tuple[bytes, bytes]], bytes] | None = None
        # What every phone loads first is compressed now, not during the first storm.
        index = (self.root / "index.html").read_text(encoding="utf-8")
        self.compressed(PAGE)
        for name in re.findall(r'(?:src|href)="\./(static/[^"]+)"', index):
            self.compressed(name)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        answer = self._answer_for(scope) if scope["type"] == "http" else None
        if answer is None:
            await self.app(scope, receive, send)
            return
        headers, body = answer
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send(
            {"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body}
        )

    def is_page(self, path: str) -> bool:
        """Streamlit answers this address with its page: `/`, a page of the navigation, or any
        other name that is no file and none of its routes (it falls back to the page there)."""
        if path == "/":
            return True
        # `/console/` is redirected to `/console` by Streamlit: the page's `./static/` names
        # would not load under the slash.
        if not path.startswith("/") or path.endswith("/"):
            return False
        first = path[1:].partition("/")[0]
        return first not in NOT_PAGES and path[1:] not in self._root_files and "_stcore" not in path

    def _answer_for(self, scope: Scope) -> tuple[list[tuple[bytes, bytes]], bytes] | None:
        path: str = scope.get("path", "")
        if scope.get("method") not in {"GET", "HEAD"}:
            return None
        headers = dict(scope.get("headers") or [])
        gzip_ok = b"gzip" in headers.get(b"accept-encoding", b"")
        if self.is_page(path):
            # Streamlit reads the page from disk in a worker thread for every phone, and without
            # our words. A range of it is answered whole, as HTTP lets a server do.
            return self._answer(PAGE) if gzip_ok else self._plain()
        if not path.startswith("/static/") or b"range" in headers or not gzip_ok:
            return None
        return self._answer(path.lstrip("/"))

    def _plain(self) -> tuple[list[tuple[bytes, bytes]], bytes]:
        """The page with our words, uncompressed, for a client that does not take gzip."""
        page = self.kept(PAGE)
        if page is None:  # never: the page is made first thing
            raise RuntimeError("server/front_end.py: the page was not made")
        if self._plain_page is None:
            headers, body = page
            raw = gzip.decompress(body)
            kept = [(k, v) for k, v in headers if k not in {b"content-encoding", b"content-length"}]
            self._plain_page = ([*kept, (b"content-length", str(len(raw)).encode())], raw)
        return self._plain_page

    def kept(self, relative: str) -> tuple[list[tuple[bytes, bytes]], bytes] | None:
        """The headers and gzipped body of a file already made, else None."""
        return self._answers.get(relative)

    def compressed(self, relative: str) -> bytes | None:
        """The gzip of a front-end file, made once; None for anything not served this way."""
        answer = self._answer(relative)
        return answer[1] if answer else None

    def _answer(self, relative: str) -> tuple[list[tuple[bytes, bytes]], bytes] | None:
        return self._answers.get(relative) or self._make(relative)

    def _make(self, relative: str) -> tuple[list[tuple[bytes, bytes]], bytes] | None:
        file = (self.root / relative).resolve()
        # Only a file's own name: `static/./x.js` or `static//x.js` would each be one more
        # copy in memory, so any other spelling goes on to Streamlit.
        if not (
            file.is_relative_to(self.root)
            and file.relative_to(self.root).as_posix() == relative
            and (file.suffix in COMPRESSED_TYPES or relative == PAGE)
            and file.is_file()
        ):
            return None
        page = relative == PAGE
        raw = file.read_bytes()
        if page:
            ours = page_with_our_words(raw.decode("utf-8"), front_end_bundle(self.root))
            raw = ours.encode("utf-8")
        body = gzip.compress(raw, compresslevel=9, mtime=0)
        kind = "text/html" if page else mimetypes.guess_type(file.name)[0]
        headers = [
            (b"content-type", (kind or "application/octet-stream").encode()),
            (b"content-encoding", b"gzip"),
            (b"content-length", str(len(body)).encode()),
            (b"cache-control", b"no-cache" if page else IMMUTABLE.encode()),
            (b"vary", b"Accept-Encoding"),
        ]
        with self._lock:
            self._answers[relative] = (headers, body)
        return headers, body


# Request headers that need more than a file in answer; such a request goes the long way.
LONG_WAY = (b"range", b"upgrade", b"expect", b"content-length", b"transfer-encoding")
# What uvicorn refuses in a header's name and value (its own patterns, for its answers).
BAD_NAME = re.compile(rb'[\x00-\x1f\x7f()<>@,;:\\"/\[\]?={} \t]')
BAD_VALUE = re.compile(rb"[\x00-\x08\x0a-\x1f\x7f]")


def answer_files_on_the_connection(front_end: CompressedFrontEnd) -> None:
    """A lone GET for a file the front end already holds is answered where it arrives, on the
    connection, before uvicorn parses it into an ASGI request.

    Every phone that opens the join link loads about sixty such files. Through uvicorn each
    costs a parse with a Python call per header, an asyncio task, the ASGI calls and a check of
    every response header: 4.6 ms of server CPU a phone, about a sixth of a join storm's
    (make bench, issue 6). Answered here, the same bytes go out for a fraction of that.

    Only between requests (nothing half-read, nothing in flight or queued, nothing waiting for
    the client to read), only a whole, well-formed `GET ... HTTP/1.1` with no body that accepts
    gzip and asks for no range, upgrade or close; everything else, and every file not yet made,
    goes to uvicorn as before, which answers or refuses it as it always has.
    """
    parse = getattr(HttpToolsProtocol.data_received, "parse", HttpToolsProtocol.data_received)

    def data_received(self: HttpToolsProtocol, data: bytes) -> None:
        answer = _between_requests(self) and _lone_file_request(front_end, data)
        if not answer:
            parse(self, data)
            return
        self._unset_keepalive_if_required()
        headers, body = answer
        head = [b"HTTP/1.1 200 OK\r\n"]
        head += [b"%s: %s\r\n" % pair for pair in (*self.server_state.default_headers, *headers)]
        head.append(b"\r\n")
        self.transport.write(b"".join(head))
        self.transport.write(body)
        self.server_state.total_requests += 1
        # As uvicorn does after each response: the connection stays open for the next one.
        self.timeout_keep_alive_task = self.loop.call_later(
            self.timeout_keep_alive, self.timeout_keep_alive_handler
        )

    data_received.parse = parse  # type: ignore[attr-defined]
    HttpToolsProtocol.data_received = data_received  # type: ignore[method-assign]


def _between_requests(protocol: HttpToolsProtocol) -> bool:
    """Nothing half-parsed, nothing unanswered, nothing unread: the last request the parser
    began is done, and the client has taken what it was sent (else uvicorn's way waits)."""
    cycle = protocol.cycle
    if protocol.pipeline or protocol.flow.write_paused or protocol.transport.is_closing():
        return False
    if cycle is None:
        return protocol.scope is None  # the parser has not begun a request
    return protocol.scope is cycle.scope and not cycle.more_body and cycle.response_complete


def _lone_file_request(
    front_end: CompressedFrontEnd, data: bytes
) -> tuple[list[tuple[bytes, bytes]], bytes] | None:
    if not data.startswith(b"GET ") or data.find(b"\r\n\r\n") != len(data) - 4:
        return None
    # Every line ends in CRLF, and nothing else breaks a line: the parser refuses a bare CR or
    # LF, and a header hidden behind one must not slip past the checks below.
    if not data.count(b"\r") == data.count(b"\n") == data.count(b"\r\n"):
        return None
    request, *lines = data[:-4].split(b"\r\n")
    parts = request.split(b" ")
    if len(parts) != 3 or parts[2] != b"HTTP/1.1":
        return None
    path = parts[1].partition(b"?")[0]
    if b"%" in path or not path.startswith(b"/"):
        return None
    gzip_ok = False
    for line in lines:
        name, colon, value = line.partition(b":")
        if not colon or not name or BAD_NAME.search(name) or BAD_VALUE.search(value):
            return None  # a folded line, a space before the colon, a control character
        name = name.lower()
        if name in LONG_WAY or (name == b"connection" and b"close" in value.lower()):
            return None
        gzip_ok = gzip_ok or (name == b"accept-encoding" and b"gzip" in value)
    if not gzip_ok:
        return None
    if front_end.is_page(path.decode("latin-1")):
        return front_end.kept(PAGE)
    return front_end.kept(path[1:].decode("latin-1")) if path.startswith(b"/static/") else None


def router_only_navigation() -> None:
    """The pages live in a folder named `pages/` beside the entry script, which Streamlit takes
    for its old multipage layout until the first session reaches `st.navigation`: after a
    restart, the phones reconnecting first ran their page file straight, without the router,
    under an address of that layout (/participant?...); their next reload then met Streamlit's
    English "Page not found" (issue 14). The router is the only navigation there is, from the
    first run."""
    PagesManager.uses_pages_directory = False
