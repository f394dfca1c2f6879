"""Domain errors: each carries a catalog key so the page can say it in the user's language."""

from __future__ import annotations

from typing import Any


class KohtaamoError(Exception):
    """Base of every error a person can cause; `key` names the message in the catalog."""

    key = "error.generic"

    def __init__(self, key: str | None = None, **params: Any) -> None:
        self.key = key or self.key
        self.params = params
        super().__init__(f"{self.key} {params}" if params else self.key)


class InvalidInput(KohtaamoError):
    key = "error.invalid"


class NotFound(KohtaamoError):
    key = "error.not_found"


class NotAuthorised(KohtaamoError):
    key = "error.not_authorised"


class InputClosed(KohtaamoError):
    key = "error.input_closed"


class TooManyAttempts(KohtaamoError):
    key = "error.too_many_attempts"


class StoreUnavailable(KohtaamoError):
    """The database server cannot be reached just now (PostgreSQL restarting, the network):
    nothing of the call was stored, and the next call tries again."""

    key = "error.store_unavailable"

    def __init__(self, detail: str = "") -> None:
        # The driver's words (its host, port and English) are for the log, never for the page:
        # passed as a KohtaamoError's first argument they were taken for the catalog key.
        super().__init__()
        self.detail = detail
        if detail:
            self.args = (f"{self.key}: {detail}",)
