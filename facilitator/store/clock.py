"""Time in one place, naive UTC as stored, so tests can reason about it; calendar days in the
workshop's own time zone (KOHTAAMO_TIMEZONE)."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

TIMEZONE_ENV = "KOHTAAMO_TIMEZONE"
DEFAULT_TIMEZONE = "Europe/Helsinki"


def now() -> datetime:
    """The current time as naive UTC (DuckDB TIMESTAMP)."""
    return datetime.now(UTC).replace(tzinfo=None)


def zone() -> ZoneInfo:
    """The time zone whose calendar the documents' days follow: KOHTAAMO_TIMEZONE, else
    Europe/Helsinki; a name zoneinfo does not know is an error naming the variable."""
    name = os.environ.get(TIMEZONE_ENV, "").strip() or DEFAULT_TIMEZONE
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as err:
        raise ValueError(
            f"{TIMEZONE_ENV}={name!r} is not a time zone name (e.g. {DEFAULT_TIMEZONE})"
        ) from err


def today() -> date:
    """Today's date in the workshop's time zone: a step closed at 01:00 in Helsinki is that
    day there, not yesterday as in UTC."""
    return now().replace(tzinfo=UTC).astimezone(zone()).date()


# Checked when the app (or the CLI) starts: a mistyped zone stops it there with the message
# above, not at the end of a workshop when the model is agreed.
zone()
