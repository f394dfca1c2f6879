"""The server `make run` starts: Streamlit's own app, with the console's sign-in route, behind
the front end of server/front_end.py, in a process tuned by server/ once the runtime is up.

`streamlit run serve.py` finds `app` below and serves it. Before anything of Streamlit is
imported for the app, the server checks every private name it patches (server/compat.py) and
refuses to start with one line if one is gone.
"""

from __future__ import annotations

import server

# Before NumPy can be imported by anything below.
server.limit_blas_threads()

from server import compat  # noqa: E402 - after the thread limit, before any patched name

compat.require()

from urllib.parse import urlsplit  # noqa: E402

import streamlit as st  # noqa: E402
from starlette.requests import Request  # noqa: E402
from starlette.responses import Response  # noqa: E402
from starlette.routing import Route  # noqa: E402

from facilitator.room import links, workshops  # noqa: E402
from facilitator.store.security import HANDOVERS  # noqa: E402
from server import start  # noqa: E402

# The console's sign-in, kept by the browser so that a reload or a restart keeps it (issue 14).
SIGNIN_COOKIE = workshops.SIGNIN_COOKIE
COOKIE_GRACE = workshops.EXPIRED_TOLD
MAX_NONCE_BYTES = 200


async def signin_cookie(request: Request) -> Response:
    """Sets (or clears) the console's sign-in cookie for the nonce a page was handed.

    The page's script never sees the secret: it posts a one-time nonce in the body (never in
    an address, where logs and history keep it), and the answer carries the cookie, HttpOnly,
    so no script can read it back, and SameSite=Strict, so no other site's page can send it.
    """
    if not _from_this_site(request):
        return Response(status_code=403)
    body = await _small_body(request)
    if body is None:
        return Response(status_code=413)
    value = HANDOVERS.take(body.decode("ascii", "replace").strip())
    if value is None:
        return Response(status_code=403)
    answer = Response(status_code=204, headers={"Cache-Control": "no-store"})
    secure = request.url.scheme == "https" or links.public_base_url(0).startswith("https:")
    if value:
        answer.set_cookie(
            SIGNIN_COOKIE,
            value,
            # A day past the sign-in's own end: the server, not the browser, says it expired,
            # so the facilitator is told why the console did not open.
            max_age=int((workshops.signin_lifetime() + COOKIE_GRACE).total_seconds()),
            path="/",
            secure=secure,
            httponly=True,
            samesite="strict",
        )
    else:
        answer.delete_cookie(
            SIGNIN_COOKIE, path="/", secure=secure, httponly=True, samesite="strict"
        )
    return answer


def _from_this_site(request: Request) -> bool:
    """The post came from one of this app's own pages: a browser says so in Sec-Fetch-Site, or
    in an Origin that names the host it posts to (it sends one of them on every fetch POST).

    The nonce already makes a forged post worthless; this keeps another site's page from
    even spending one, whatever a future change does with the answer.
    """
    if request.headers.get("sec-fetch-site") == "same-origin":
        return True
    origin = request.headers.get("origin")
    host = request.headers.get("host")
    return bool(origin and host) and urlsplit(origin).netloc.lower() == host.lower()


async def _small_body(request: Request) -> bytes | None:
    """The body, if it is no longer than a nonce can be; None past that, read no further.

    `request.body()` would take in whatever is sent before it could be cut: a said length over
    the bound is refused unread, and a body without one is read only up to the bound.
    """
    length = request.headers.get("content-length")
    if length is not None and not (length.isascii() and length.isdigit()):
        return None
    if length is not None and int(length) > MAX_NONCE_BYTES:
        return None
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_NONCE_BYTES:
            return None
    return body


# `streamlit run` finds an `app = st.App(...)` line by reading this file, then has uvicorn import
# `serve:app`: the name ends up bound to the wrapper, so a page file is answered before
# Streamlit's own stack (its app, Starlette, the error middleware: about a third of a file's
# cost, make bench), and everything else goes on to Streamlit. The lifespan tunes the process
# once Streamlit's runtime has started.
app = st.App(
    "workshop_app.py",
    routes=[Route(workshops.SIGNIN_ROUTE, signin_cookie, methods=["POST"])],
    lifespan=start.lifespan,
)
app = start.front_end_around(app)
