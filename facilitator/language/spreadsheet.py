"""What a spreadsheet would run as a formula, so that typed text never is (OWASP: CSV injection).

A text that opens Excel's or LibreOffice's formula parser (=, +, -, @) or begins with a tab or a
carriage return (which some of them skip before parsing) could run as a formula when a client
opens the data: `=HYPERLINK(...)` sends the workbook's contents away with one click.
"""

from __future__ import annotations

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def starts_like_formula(value: object) -> bool:
    """Whether a spreadsheet could take this text for a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_START)


def as_csv_text(value: str) -> str:
    """A text for a CSV field, with OWASP's apostrophe in front when it starts like a formula."""
    return "'" + value if starts_like_formula(value) else value
