"""One table of the results workbook before it is written: shared by the workshop's sheets
(exports/workbook.py) and the follow-up's (exports/workbook_followup.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

Value = str | int | float | dt.date | None


@dataclass
class Sheet:
    """One table: a title, its column names and its rows, before it is written."""

    title: str
    headers: list[str]
    rows: list[list[Value]] = field(default_factory=list)
    bold_last: bool = False  # a total row closes the table
    # Headers of columns left out when every row leaves them empty (no customer scores, say).
    optional: frozenset[str] = frozenset()
