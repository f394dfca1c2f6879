"""The facilitator's kept sign-in (issue 14, point 4): it opens one workshop, for a while, until
signed out; the browser gets it only through a one-time nonce, and the database only its hash.

The browser's side (a reload, a restart, a stolen address, a forged cookie) is in
tests/e2e/test_signin.py.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from starlette.applications import Starlette
from starlette.routing import Route

from facilitator.errors import NotAuthorised
from facilitator.room import workshops
from facilitator.store import clock
from facilitator.store.db import Store
from facilitator.store.security import HANDOVERS, Handovers
from serve import signin_cookie
from tests.conftest import PASSPHRASE


def _later(monkeypatch: pytest.MonkeyPatch, hours: float) -> None:
    moved = clock.now() + timedelta(hours=hours)
    monkeypatch.setattr(clock, "now", lambda: moved)


def test_a_sign_in_opens_its_workshop_until_it_expires(
    store: Store, make_workshop: Callable[..., tuple], monkeypatch: pytest.MonkeyPatch
) -> None:
    workshop, key = make_workshop(store)
    _later(monkeypatch, 11.9)
    assert workshops.authorise(store, key) == workshop.id
    _later(monkeypatch, 12.1)
    with pytest.raises(NotAuthorised) as refused:
        workshops.authorise(store, key)
    assert refused.value.key == "error.signin_expired"


@pytest.mark.parametrize(
    ("configured", "hours"),
    [("", 12), ("2", 2), ("0.5", 0.5), ("0", 12), ("-1", 12), ("kaksi", 12), ("1e9", 12)],
)
def test_the_lifetime_is_configurable_and_a_typo_keeps_the_default(
    monkeypatch: pytest.MonkeyPatch, configured: str, hours: float
) -> None:
    monkeypatch.setenv(workshops.SIGNIN_HOURS_ENV, configured)
    assert workshops.signin_lifetime() == timedelta(hours=hours)


def test_a_shorter_lifetime_closes_a_sign_in_already_given(
    store: Store, make_workshop: Callable[..., tuple], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, key = make_workshop(store)
    _later(monkeypatch, 1.5)
    monkeypatch.setenv(workshops.SIGNIN_HOURS_ENV, "1")
    with pytest.raises(NotAuthorised, match="signin_expired"):
        workshops.authorise(store, key)


def test_a_sign_in_for_another_workshop_does_not_open_this_one(
    store: Store, make_workshop: Callable[..., tuple]
) -> None:
    first, first_key = make_workshop(store)
    second, _ = make_workshop(store)
    forged = workshops.key_from_cookie(f"{second.id}.{first_key.token}")
    assert forged is not None and forged.workshop_id == second.id
    with pytest.raises(NotAuthorised) as refused:
        workshops.authorise(store, forged)
    assert refused.value.key == "error.not_authorised"
    assert workshops.authorise(store, first_key) == first.id


def test_signing_out_revokes_the_sign_in_on_the_server(
    store: Store, make_workshop: Callable[..., tuple]
) -> None:
    workshop, key = make_workshop(store)
    _, other_session = workshops.login(store, workshop.code, PASSPHRASE)
    workshops.sign_out(store, key)
    with pytest.raises(NotAuthorised):
        workshops.authorise(store, key)
    # Only that sign-in: the facilitator's other browser stays signed in.
    assert workshops.authorise(store, other_session) == workshop.id


@pytest.mark.parametrize(
    "value", ["", "abc", "12", "12.", ".token", "x1.token", "١٢.token", None, 12]
)
def test_a_cookie_of_any_other_shape_names_no_key(value: object) -> None:
    assert workshops.key_from_cookie(value) is None


def test_the_cookie_holds_the_workshop_and_the_token_and_the_database_only_its_hash(
    store: Store, make_workshop: Callable[..., tuple]
) -> None:
    workshop, key = make_workshop(store)
    value = workshops.cookie_value(key)
    assert workshops.key_from_cookie(value) == key
    with store.read() as cur:
        rows = cur.execute(
            "SELECT * FROM facilitator_sessions WHERE workshop_id = ?", [workshop.id]
        ).fetchall()
    stored = " ".join(str(cell) for row in rows for cell in row)
    assert key.token not in stored
    assert hashlib.sha256(key.token.encode()).hexdigest() in stored


def test_a_handover_nonce_works_once_and_only_for_a_few_seconds() -> None:
    now = [100.0]
    handovers = Handovers(lifetime_s=30, clock=lambda: now[0])
    first = handovers.give("7.secret")
    assert "secret" not in first
    assert handovers.take(first) == "7.secret"
    assert handovers.take(first) is None  # used
    late = handovers.give("7.secret")
    now[0] += 31
    assert handovers.take(late) is None  # too old
    assert handovers.take("guessed") is None and handovers.take(None) is None


def test_a_flood_of_handovers_keeps_a_bounded_number() -> None:
    handovers = Handovers(most=50)
    for n in range(500):
        handovers.give(str(n))
    assert len(handovers._waiting) <= 50


# ------------------------------------------------------------------------------ the route


SAME_SITE = ((b"sec-fetch-site", b"same-origin"),)


def _post(
    body: bytes,
    scheme: str = "http",
    headers: tuple[tuple[bytes, bytes], ...] = SAME_SITE,
    *,
    said_length: bool = True,
    chunk: int | None = None,
) -> tuple[int, list[tuple[bytes, bytes]]]:
    """The route's answer to a POST of `body`, as uvicorn hands it over: in pieces of `chunk`
    bytes when given, with a content-length unless `said_length` is False."""
    status, answer, _ = _post_counting(body, scheme, headers, said_length, chunk)
    return status, answer


def _post_counting(
    body: bytes,
    scheme: str,
    headers: tuple[tuple[bytes, bytes], ...],
    said_length: bool,
    chunk: int | None,
) -> tuple[int, list[tuple[bytes, bytes]], int]:
    app = Starlette(routes=[Route(workshops.SIGNIN_ROUTE, signin_cookie, methods=["POST"])])
    sent: list[dict] = []
    size = chunk or max(len(body), 1)
    pieces = [body[i : i + size] for i in range(0, len(body), size)] or [b""]
    taken = 0

    async def receive() -> dict:
        nonlocal taken
        taken += 1
        if taken > len(pieces):
            return {"type": "http.disconnect"}
        return {"type": "http.request", "body": pieces[taken - 1], "more_body": taken < len(pieces)}

    async def send(message: dict) -> None:
        sent.append(message)

    length = [(b"content-length", str(len(body)).encode())] if said_length else []
    scope = {
        "type": "http",
        "method": "POST",
        "path": workshops.SIGNIN_ROUTE,
        "scheme": scheme,
        "server": ("127.0.0.1", 8501),
        "headers": [(b"host", b"127.0.0.1:8501"), *headers, *length],
        "query_string": b"",
    }
    # On a thread of its own: the browser tests leave Playwright's event loop running on this
    # one, and asyncio.run refuses to start a second loop beside it.
    with ThreadPoolExecutor(1) as worker:
        worker.submit(asyncio.run, app(scope, receive, send)).result()
    start = sent[0]
    return start["status"], start["headers"], taken


def _set_cookie(headers: list[tuple[bytes, bytes]]) -> str:
    (cookie,) = [v.decode() for k, v in headers if k == b"set-cookie"]
    return cookie


def test_the_route_sets_an_httponly_strict_cookie_for_a_fresh_nonce_once() -> None:
    nonce = HANDOVERS.give("7.the-token")
    status, headers = _post(nonce.encode())
    assert status == 204
    cookie = _set_cookie(headers)
    assert cookie.startswith(f"{workshops.SIGNIN_COOKIE}=7.the-token;")
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/" in cookie
    # The sign-in's 12 hours and a day: the server tells an expired one from none at all.
    assert "Max-Age=129600" in cookie and "Secure" not in cookie
    assert _post(nonce.encode())[0] == 403  # a nonce seen once is spent


def test_over_https_the_cookie_is_secure() -> None:
    status, headers = _post(HANDOVERS.give("7.t").encode(), scheme="https")
    assert status == 204 and "Secure" in _set_cookie(headers)


def test_an_empty_handover_clears_the_cookie() -> None:
    status, headers = _post(HANDOVERS.give("").encode())
    cookie = _set_cookie(headers)
    assert status == 204 and cookie.startswith(f'{workshops.SIGNIN_COOKIE}="";')
    assert "Max-Age=0" in cookie


@pytest.mark.parametrize("body", [b"", b"guessed-nonce", b"\xff\xfe", b"x" * 200])
def test_the_route_sets_nothing_without_a_nonce_it_gave(body: bytes) -> None:
    status, headers = _post(body)
    assert status == 403
    assert not [k for k, _ in headers if k == b"set-cookie"]


def test_a_body_said_to_be_longer_than_a_nonce_is_refused_unread() -> None:
    """Guards the review of issue 14: the whole body was read before it was cut to a nonce."""
    nonce = HANDOVERS.give("7.t")
    status, headers, taken = _post_counting(
        nonce.encode() + b" " * 10_000, "http", SAME_SITE, True, 100
    )
    assert status == 413 and taken == 0
    assert not [k for k, _ in headers if k == b"set-cookie"]
    assert _post(nonce.encode())[0] == 204  # the nonce was not spent on the refusal


def test_a_body_of_no_said_length_is_read_only_up_to_the_bound() -> None:
    status, headers, taken = _post_counting(b"x" * 100_000, "http", SAME_SITE, False, 100)
    assert status == 413
    assert taken <= 3  # 200 bytes and one past them, never the 1,000 pieces sent
    assert not [k for k, _ in headers if k == b"set-cookie"]


@pytest.mark.parametrize("length", [b"-1", b"1e3", b"\xd9\xa1\xd9\xa2", b"201"])
def test_a_content_length_that_is_no_small_number_is_refused(length: bytes) -> None:
    nonce = HANDOVERS.give("7.t")
    status, _ = _post(b"", headers=(*SAME_SITE, (b"content-length", length)), said_length=False)
    assert status == 413
    assert _post(nonce.encode())[0] == 204


@pytest.mark.parametrize(
    "headers",
    [
        (),
        ((b"sec-fetch-site", b"cross-site"),),
        ((b"sec-fetch-site", b"same-site"),),
        ((b"origin", b"https://evil.example"),),
        ((b"origin", b"http://127.0.0.1:8501.evil.example"),),
        ((b"origin", b"null"),),
        ((b"sec-fetch-site", b"cross-site"), (b"origin", b"https://evil.example")),
    ],
)
def test_a_post_from_another_site_or_of_no_known_origin_is_refused(
    headers: tuple[tuple[bytes, bytes], ...],
) -> None:
    """Guards the review of issue 14: the route took a nonce from any page's post."""
    nonce = HANDOVERS.give("7.t")
    status, answer = _post(nonce.encode(), headers=headers)
    assert status == 403
    assert not [k for k, _ in answer if k == b"set-cookie"]
    assert _post(nonce.encode())[0] == 204  # refused before the nonce was spent


@pytest.mark.parametrize(
    "headers",
    [
        ((b"sec-fetch-site", b"same-origin"),),
        ((b"origin", b"http://127.0.0.1:8501"),),
        ((b"origin", b"HTTP://127.0.0.1:8501"),),
    ],
)
def test_a_post_from_this_apps_own_page_is_taken(
    headers: tuple[tuple[bytes, bytes], ...],
) -> None:
    assert _post(HANDOVERS.give("7.t").encode(), headers=headers)[0] == 204
