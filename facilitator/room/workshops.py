"""Workshops: creating one, the facilitator's key to it, and the state the facilitator steers."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import duckdb

from facilitator.domain import (
    STEPS,
    Channel,
    CustomerType,
    Industry,
    Language,
    Step,
    Workshop,
)
from facilitator.errors import InputClosed, InvalidInput, NotAuthorised, NotFound
from facilitator.language.text import one_line
from facilitator.store import clock
from facilitator.store.db import Store
from facilitator.store.security import (
    check_nothing,
    hash_passphrase,
    looks_like_code,
    new_join_code,
    new_token,
    normalise_code,
    token_hash,
    verify_passphrase,
)

MIN_PASSPHRASE = 8
MAX_PASSPHRASE = 200
MAX_TITLE = 120
MAX_FACILITATOR = 80
MAX_TIMER_MINUTES = 120
# How long a sign-in opens the console, from the moment the passphrase was given.
SIGNIN_HOURS_ENV = "KOHTAAMO_SIGNIN_HOURS"
DEFAULT_SIGNIN_HOURS = 12.0
# For this long past its end an expired sign-in is still told as expired (its cookie lives as
# long); then its row is deleted.
EXPIRED_TOLD = timedelta(days=1)
# The browser keeps the sign-in in this cookie, set and cleared through this route (serve.py).
SIGNIN_COOKIE = "kohtaamo_console"
SIGNIN_ROUTE = "/api/signin-cookie"

_COLUMNS = (
    "id, code, title, organisation, language, customer_type, industry, channels, step,"
    " input_open, results_visible, joining_open, timer_ends_at, created_at, facilitator, agreed_on"
)


@dataclass(frozen=True)
class FacilitatorKey:
    """Proof that the passphrase was given: in the facilitator's session, and in that browser's
    HttpOnly cookie (the server keeps only the token's hash)."""

    workshop_id: int
    # Kept out of repr, so a key that ends up in a log line or a traceback does not carry it.
    token: str = field(repr=False)


@dataclass(frozen=True)
class NewWorkshop:
    title: str
    organisation: str
    language: Language
    customer_type: CustomerType
    industry: Industry
    channels: tuple[Channel, ...]
    passphrase: str
    facilitator: str = ""


def _enum(kind: type, value: object, field: str):  # type: ignore[no-untyped-def]
    try:
        return kind(value)
    except ValueError as exc:
        raise InvalidInput("error.choice", field=field) from exc


def _row_to_workshop(row: tuple) -> Workshop:
    return Workshop(
        id=row[0],
        code=row[1],
        title=row[2],
        organisation=row[3],
        language=Language(row[4]),
        customer_type=CustomerType(row[5]),
        industry=Industry(row[6]),
        channels=tuple(Channel(c) for c in row[7]),
        step=Step(row[8]),
        input_open=row[9],
        results_visible=row[10],
        joining_open=row[11],
        timer_ends_at=row[12],
        created_at=row[13],
        facilitator=row[14],
        agreed_on=row[15],
    )


def _encodable(text: str) -> bool:
    try:
        text.encode()
    except UnicodeEncodeError:
        return False
    return True


def validate_new(
    *,
    title: object,
    organisation: object,
    language: object,
    customer_type: object,
    industry: object,
    channels: Iterable[object],
    passphrase: object,
    facilitator: object = "",
) -> NewWorkshop:
    """Check a creation form; raise InvalidInput naming the first bad field."""
    checked = check_passphrase(passphrase)
    chosen = tuple(dict.fromkeys(_enum(Channel, c, "channels") for c in channels))
    if not chosen:
        raise InvalidInput("error.channels_empty")
    return NewWorkshop(
        title=one_line(title, field="title", max_len=MAX_TITLE),
        organisation=one_line(organisation, field="organisation", max_len=MAX_TITLE),
        language=_enum(Language, language, "language"),
        customer_type=_enum(CustomerType, customer_type, "customer_type"),
        industry=_enum(Industry, industry, "industry"),
        channels=chosen,
        passphrase=checked,
        # Optional: the documents name the facilitator when there is one.
        facilitator=one_line(
            facilitator or "", field="facilitator", max_len=MAX_FACILITATOR, required=False
        ),
    )


def check_passphrase(passphrase: object) -> str:
    """A new facilitator passphrase as given, or InvalidInput saying what is wrong with it."""
    if not isinstance(passphrase, str) or len(passphrase) < MIN_PASSPHRASE:
        raise InvalidInput("error.passphrase_short", min=MIN_PASSPHRASE)
    if len(passphrase) > MAX_PASSPHRASE:
        raise InvalidInput("error.too_long", field="passphrase", max=MAX_PASSPHRASE)
    if not _encodable(passphrase):
        # Hashed as typed, not cleaned: a lone surrogate has no UTF-8 bytes to hash.
        raise InvalidInput("error.not_text", field="passphrase")
    return passphrase


# Who a sign-in is for: the facilitator steers the workshop; the client's project lead, with a
# passphrase of their own (room/access.py), opens only its follow-up.
FACILITATOR, LEAD = "facilitator", "lead"


def _issue_key(
    cur: duckdb.DuckDBPyConnection, workshop_id: int, role: str = FACILITATOR
) -> FacilitatorKey:
    # Sign-ins long past their end go as a new one is given: the table holds only what can
    # still open a console or be told as expired (the browser keeps its cookie that long).
    cur.execute(
        "DELETE FROM facilitator_sessions WHERE created_at <= ?",
        [clock.now() - signin_lifetime() - EXPIRED_TOLD],
    )
    token = new_token()
    cur.execute(
        "INSERT INTO facilitator_sessions (token_hash, workshop_id, created_at, role)"
        " VALUES (?, ?, ?, ?)",
        [token_hash(token), workshop_id, clock.now(), role],
    )
    return FacilitatorKey(workshop_id, token)


def create(store: Store, new: NewWorkshop) -> tuple[Workshop, FacilitatorKey]:
    """Store a new workshop with a fresh join code; the creator gets a facilitator key."""
    hashed = hash_passphrase(new.passphrase)
    with store.write() as cur:
        while True:
            code = new_join_code()
            taken = cur.execute("SELECT 1 FROM workshops WHERE code = ?", [code]).fetchone()
            if not taken:
                break
        (workshop_id,) = cur.execute(
            "INSERT INTO workshops (code, title, organisation, language, customer_type,"
            " industry, channels, passphrase_hash, created_at, facilitator)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            [
                code,
                new.title,
                new.organisation,
                new.language.value,
                new.customer_type.value,
                new.industry.value,
                [c.value for c in new.channels],
                hashed,
                clock.now(),
                new.facilitator,
            ],
        ).fetchone()
        key = _issue_key(cur, workshop_id)
    return get(store, workshop_id), key


def get(store: Store, workshop_id: int) -> Workshop:
    """The workshop with this id; every page run reads it, so it comes from memory until the
    facilitator changes something (every change of a workshop's row moves its state)."""

    def load() -> Workshop:
        with store.read() as cur:
            row = cur.execute(
                f"SELECT {_COLUMNS} FROM workshops WHERE id = ?",  # noqa: S608
                [workshop_id],
            ).fetchone()
        if row is None:
            raise NotFound("error.workshop_not_found")
        return _row_to_workshop(row)

    return store.live.cached(workshop_id, "workshop", load, on_state=True)


def find_by_code(store: Store, raw_code: str) -> Workshop:
    """The workshop with this join code, typed in any case; NotFound otherwise."""
    code = normalise_code(raw_code or "")
    if not looks_like_code(code):
        raise NotFound("error.code_unknown")
    known = store.live.workshop_with_code(code)
    if known is not None:
        try:
            return get(store, known)
        except NotFound:
            store.live.forget(known)
    with store.read() as cur:
        row = cur.execute(f"SELECT {_COLUMNS} FROM workshops WHERE code = ?", [code]).fetchone()  # noqa: S608
    if row is None:
        raise NotFound("error.code_unknown")
    workshop = _row_to_workshop(row)
    store.live.remember_code(code, workshop.id)
    return workshop


def list_all(store: Store) -> list[Workshop]:
    """Every workshop in the database, newest first."""
    with store.read() as cur:
        rows = cur.execute(f"SELECT {_COLUMNS} FROM workshops ORDER BY created_at DESC").fetchall()  # noqa: S608
    return [_row_to_workshop(r) for r in rows]


def login(
    store: Store, raw_code: str, passphrase: str, client: str | None = None
) -> tuple[Workshop, FacilitatorKey]:
    """Exchange code + passphrase for a facilitator key; wrong guesses are slowed and limited.

    A failure counts against the typed code and against the client (when the page names one),
    so neither one workshop's passphrase nor many codes from one client can be tried quickly.
    """
    throttle = store.login_throttle
    keys = [normalise_code(raw_code or "")] + ([f"client:{client}"] if client else [])
    for throttle_key in keys:
        throttle.check(throttle_key)
    typed = passphrase if isinstance(passphrase, str) else ""
    try:
        workshop = find_by_code(store, raw_code)
    except NotFound:
        check_nothing(typed)
        throttle.fail(*keys)
        raise NotAuthorised("error.login_failed") from None
    role = _role_of_passphrase(store, workshop.id, typed)
    if role is None:
        throttle.fail(*keys)
        raise NotAuthorised("error.login_failed")
    # Only the code's failures are forgotten: a client that could clear its own count by signing
    # in to a workshop of its own could keep guessing other codes.
    throttle.succeed(keys[0])
    with store.write() as cur:
        key = _issue_key(cur, workshop.id, role)
    return workshop, key


def _role_of_passphrase(store: Store, workshop_id: int, typed: str) -> str | None:
    """Whose passphrase this is: the facilitator's, the project lead's, or nobody's."""
    with store.read() as cur:
        (stored,) = cur.execute(
            "SELECT passphrase_hash FROM workshops WHERE id = ?", [workshop_id]
        ).fetchone()
        lead = cur.execute(
            "SELECT passphrase_hash FROM follow_up_leads WHERE workshop_id = ?", [workshop_id]
        ).fetchone()
    if verify_passphrase(typed, stored):
        return FACILITATOR
    if lead is not None and verify_passphrase(typed, lead[0]):
        return LEAD
    return None


def require_input(cur: duckdb.DuckDBPyConnection, workshop_id: int, step: Step) -> None:
    """Inside a participant's write: input must be open and the room in `step`, or InputClosed.

    Checked in the same transaction as the write, so input locked a moment earlier is never
    written past.
    """
    row = cur.execute(
        "SELECT step, input_open FROM workshops WHERE id = ?", [workshop_id]
    ).fetchone()
    if row is None or row[0] != step.value or not row[1]:
        raise InputClosed()


def signin_lifetime() -> timedelta:
    """How long a sign-in lasts: KOHTAAMO_SIGNIN_HOURS (a positive number), else 12 hours.

    Read at every check, so shortening it closes sign-ins already given out as well.
    """
    raw = os.environ.get(SIGNIN_HOURS_ENV, "")
    try:
        hours = float(raw) if raw.strip() else DEFAULT_SIGNIN_HOURS
    except ValueError:
        hours = DEFAULT_SIGNIN_HOURS
    # A typo such as 0 or "-1" must not sign everybody out at once, nor never.
    return timedelta(hours=hours if 0 < hours <= 24 * 30 else DEFAULT_SIGNIN_HOURS)


def authorise(store: Store, key: object) -> int:
    """The workshop id a facilitator key opens; NotAuthorised for anything else (a project
    lead's key included: it opens the follow-up only), with `error.signin_expired` for a key
    past its lifetime."""
    workshop_id, role = signed_in(store, key)
    if role != FACILITATOR:
        raise NotAuthorised()
    return workshop_id


def signed_in(store: Store, key: object) -> tuple[int, str]:
    """The workshop id a sign-in opens and whose it is (FACILITATOR or LEAD); NotAuthorised
    for anything else, `error.signin_expired` for a key past its lifetime."""
    if not isinstance(key, FacilitatorKey) or not isinstance(key.token, str):
        raise NotAuthorised()
    with store.read() as cur:
        row = cur.execute(
            "SELECT workshop_id, created_at, role FROM facilitator_sessions WHERE token_hash = ?",
            [token_hash(key.token)],
        ).fetchone()
    if row is None or row[0] != key.workshop_id:
        raise NotAuthorised()
    if row[1] <= clock.now() - signin_lifetime():
        raise NotAuthorised("error.signin_expired")
    return key.workshop_id, row[2]


def key_from_cookie(value: object) -> FacilitatorKey | None:
    """The key a browser's sign-in cookie (`<workshop id>.<token>`) names, unchecked; None
    when it is not shaped like one."""
    if not isinstance(value, str):
        return None
    workshop, dot, token = value.partition(".")
    if not dot or not workshop.isascii() or not workshop.isdigit() or not token:
        return None
    return FacilitatorKey(int(workshop), token)


def cookie_value(key: FacilitatorKey) -> str:
    """What a browser keeps to stay signed in: the workshop it opens, and the key's token."""
    return f"{key.workshop_id}.{key.token}"


def sign_out(store: Store, key: object) -> None:
    """Revoke a sign-in (expired or not): its row goes, so neither this session nor a kept
    cookie opens again; NotAuthorised when the key is no sign-in of its workshop."""
    if not isinstance(key, FacilitatorKey) or not isinstance(key.token, str):
        raise NotAuthorised()
    with store.write() as cur:
        gone = cur.execute(
            "DELETE FROM facilitator_sessions WHERE token_hash = ? AND workshop_id = ?"
            " RETURNING workshop_id",
            [token_hash(key.token), key.workshop_id],
        ).fetchall()
    if not gone:
        raise NotAuthorised()


def _set(store: Store, key: object, column: str, value: object) -> Workshop:
    workshop_id = authorise(store, key)
    with store.write() as cur:
        cur.execute(f"UPDATE workshops SET {column} = ? WHERE id = ?", [value, workshop_id])  # noqa: S608
    store.live.bump_state(workshop_id)
    return get(store, workshop_id)


# Steps where seeing others' answers live would sway one's own: results start hidden there.
BLIND_STEPS = (Step.IDENTIFY, Step.CONDENSE)


def set_step(store: Store, key: object, step: object) -> Workshop:
    """Move the room to a step; votes start hidden on the projector, and leaving step 5 forward
    records today as the day the model was agreed."""
    chosen = _enum(Step, step, "step")
    workshop_id = authorise(store, key)
    # The room agrees the model by moving on from step 5; going back and forward again means
    # it was agreed anew, so the day moves with it. Going back to step 5 or earlier clears the
    # day: the model may change there, and a jump from step 4 straight to the plan must not
    # carry the old day onto a model nobody agreed.
    agrees = STEPS.index(chosen) > STEPS.index(Step.CONDENSE)
    with store.write() as cur:
        # Entering a blind step hides the results in the same write, so no phone sees one
        # without the other.
        cur.execute(
            "UPDATE workshops SET results_visible = CASE WHEN ? AND step <> ? THEN FALSE"
            " ELSE results_visible END,"
            " agreed_on = CASE WHEN NOT ? THEN NULL WHEN step = ? THEN ? ELSE agreed_on END,"
            " step = ? WHERE id = ?",
            [
                chosen in BLIND_STEPS,
                chosen.value,
                agrees,
                Step.CONDENSE.value,
                clock.today(),
                chosen.value,
                workshop_id,
            ],
        )
    store.live.bump_state(workshop_id)
    return get(store, workshop_id)


def step_offset(store: Store, key: object, offset: int) -> Workshop:
    """Move one step forward (+1) or back (-1), staying within lobby..done."""
    workshop = get(store, authorise(store, key))
    index = min(max(STEPS.index(workshop.step) + offset, 0), len(STEPS) - 1)
    return set_step(store, key, STEPS[index])


def set_input_open(store: Store, key: object, is_open: bool) -> Workshop:
    """Open or lock participants' input."""
    return _set(store, key, "input_open", bool(is_open))


def set_results_visible(store: Store, key: object, visible: bool) -> Workshop:
    """Reveal or hide results on the projector."""
    return _set(store, key, "results_visible", bool(visible))


def set_joining_open(store: Store, key: object, is_open: bool) -> Workshop:
    """Let new phones join, or close the door."""
    return _set(store, key, "joining_open", bool(is_open))


def start_timer(store: Store, key: object, minutes: float) -> Workshop:
    """Start a countdown shown on the projector and the phones."""
    if not isinstance(minutes, int | float) or not 0 < minutes <= MAX_TIMER_MINUTES:
        raise InvalidInput("error.timer_range", max=MAX_TIMER_MINUTES)
    return _set(store, key, "timer_ends_at", clock.now() + timedelta(minutes=minutes))


def stop_timer(store: Store, key: object) -> Workshop:
    """Clear the countdown."""
    return _set(store, key, "timer_ends_at", None)


def seconds_left(workshop: Workshop, at: datetime | None = None) -> int | None:
    """Whole seconds left on the timer, 0 when it has run out, None when none is set."""
    if workshop.timer_ends_at is None:
        return None
    left = (workshop.timer_ends_at - (at or clock.now())).total_seconds()
    return max(0, int(left + 0.999))
