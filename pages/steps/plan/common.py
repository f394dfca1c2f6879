"""Step 6, Plan: what its parts share (a prompt's name, dates as the language writes them)."""

from __future__ import annotations

import datetime as dt

from facilitator.language import formats
from pages.widgets import words


def _prompt_name(prompt: str) -> str:
    return words.tr(f"plan.prompt.{prompt}")


def _as_date(iso: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(iso) if iso else None
    except ValueError:
        return None


def _date(iso: str, empty: str | None = None) -> str:
    """A stored day as this device's language writes it ("15.1.2027", "15 January 2027")."""
    day = _as_date(iso)
    if day is None:
        return words.tr("plan.no_date") if empty is None else iso or empty
    return formats.date(day, words.lang())
