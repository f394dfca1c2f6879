"""Secrets: passphrase hashes, tokens, join codes, and throttling of wrong guesses."""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from facilitator.errors import TooManyAttempts

# No look-alikes: 0/O, 1/I/L, 2/Z, 5/S, 6/G, 8/B are left out.
CODE_ALPHABET = "ACDEFHJKMNPQRTUVWXY3479"
CODE_LENGTH = 6
TOKEN_BYTES = 18  # 144 bits
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}


def new_join_code() -> str:
    """A fresh six-character join code."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(raw: str) -> str:
    """Upper-case a typed code and drop spaces and dashes."""
    return "".join(ch for ch in raw.upper() if not ch.isspace() and ch != "-")


def looks_like_code(code: str) -> bool:
    """True when the text could be a join code at all."""
    return len(code) == CODE_LENGTH and all(ch in CODE_ALPHABET for ch in code)


def new_token() -> str:
    """A URL-safe random token of 144 bits."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    """Tokens are stored only as their SHA-256, so a database copy cannot impersonate."""
    return hashlib.sha256(token.encode()).hexdigest()


def hash_passphrase(passphrase: str) -> str:
    """A salted scrypt hash, self-describing: scrypt$n$r$p$salt$digest."""
    return _hash(passphrase, **_SCRYPT)


def _hash(passphrase: str, *, n: int, r: int, p: int) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(passphrase.encode(), salt=salt, dklen=32, n=n, r=r, p=p)
    b64 = base64.b64encode
    return f"scrypt${n}${r}${p}${b64(salt).decode()}${b64(digest).decode()}"


@functools.cache
def _decoy(n: int, r: int, p: int) -> str:
    return _hash(secrets.token_urlsafe(TOKEN_BYTES), n=n, r=r, p=p)


def check_nothing(passphrase: str) -> None:
    """Spend a real passphrase check's work, so a refusal takes as long whether a code exists."""
    verify_passphrase(passphrase, _decoy(**_SCRYPT))


def verify_passphrase(passphrase: str, stored: str) -> bool:
    """Check a passphrase against a stored hash in constant time."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest, validate=True)
        actual = hashlib.scrypt(
            passphrase.encode(),
            salt=base64.b64decode(salt, validate=True),
            dklen=len(expected) or 32,
            n=int(n),
            r=int(r),
            p=int(p),
        )
    except ValueError:  # a malformed hash (binascii.Error is a ValueError) opens nothing
        return False
    return bool(expected) and hmac.compare_digest(actual, expected)


@dataclass
class Throttle:
    """Counts failures per key; past the free ones, each further try must wait twice as long.

    A key's count is forgotten only once it has been quiet for `window_s` after its lock ended:
    forgetting each failure `window_s` after it happened would let a patient guesser, who waits
    out each lock, start afresh every `window_s` and never meet the longer locks.
    """

    free_attempts: int = 5
    window_s: float = 600.0
    base_lock_s: float = 30.0
    failure_delay_s: float = 0.5
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    _failures: dict[str, tuple[int, float]] = field(default_factory=dict)  # count, last one
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _lock_s(self, failures: int) -> float:
        extra = failures - self.free_attempts
        return 0.0 if extra < 0 else self.base_lock_s * 2 ** min(extra, 6)

    def _current(self, key: str, now: float) -> tuple[int, float]:
        failures, last = self._failures.get(key, (0, now))
        if failures and now - last >= self._lock_s(failures) + self.window_s:
            del self._failures[key]
            return 0, now
        return failures, last

    def check(self, key: str) -> None:
        """Raise TooManyAttempts while `key` is locked out."""
        now = self.clock()
        with self._lock:
            failures, last = self._current(key, now)
        wait = self._lock_s(failures) - (now - last)
        if wait > 0:
            raise TooManyAttempts(seconds=int(wait) + 1)

    def fail(self, *keys: str) -> None:
        """Record a failure against each key and slow the caller down a little, once."""
        now = self.clock()
        with self._lock:
            for key in keys:
                failures, _ = self._current(key, now)
                self._failures[key] = (failures + 1, now)
        if self.failure_delay_s:
            self.sleep(self.failure_delay_s)

    def succeed(self, key: str) -> None:
        """Forget the failures of `key`."""
        with self._lock:
            self._failures.pop(key, None)


@dataclass
class Handovers:
    """One-time, seconds-lived nonces that each stand for a value kept here, in the server.

    A page cannot set an HttpOnly cookie itself; it asks the server to, with a nonce in a POST
    body. The secret stays in this process: what passes through the browser's script is a
    nonce that is worthless once used or a few seconds old.
    """

    lifetime_s: float = 30.0
    most: int = 10_000  # a flood of sign-ins cannot fill the memory
    clock: Callable[[], float] = time.monotonic
    _waiting: dict[str, tuple[str, float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def give(self, value: str) -> str:
        """A fresh nonce that `take` turns into `value` once, within the lifetime."""
        nonce = new_token()
        now = self.clock()
        with self._lock:
            stale = [n for n, (_, born) in self._waiting.items() if now - born > self.lifetime_s]
            for old in stale:
                del self._waiting[old]
            while len(self._waiting) >= self.most:
                del self._waiting[next(iter(self._waiting))]
            self._waiting[nonce] = (value, now)
        return nonce

    def take(self, nonce: object) -> str | None:
        """The value a nonce stands for, once; None when unknown, used or too old."""
        if not isinstance(nonce, str):
            return None
        with self._lock:
            value, born = self._waiting.pop(nonce, (None, 0.0))
        if value is None or self.clock() - born > self.lifetime_s:
            return None
        return value


# The process's one set: the page's script and the server's cookie route meet here.
HANDOVERS = Handovers()
