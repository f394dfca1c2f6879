"""Numbers, shares, dates and plural forms as each language writes them, through Babel (CLDR).

Finnish writes "3,5", "40 %" and "15.1.2027"; English "3.5", "40%" and "15 January 2027". Pages and
the Word exports call these functions instead of formatting by hand, so the two never differ.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache

from babel import Locale
from babel.dates import format_date, get_month_names
from babel.numbers import (
    format_decimal,
    format_percent,
    get_decimal_symbol,
    get_group_symbol,
)

from facilitator.domain import Language
from facilitator.errors import InvalidInput

# British English: the day before the month ("15 January 2027"), as a Finn reading English expects.
LOCALES: dict[Language, str] = {Language.FI: "fi_FI", Language.EN: "en_GB"}
# A plan's dates: a year outside these (a typo such as "15.1.20255", or the year 0025 a
# date field once made of "15.1.2025") is refused rather than stored; "15.1.25" is 2025.
FIRST_YEAR = 2000
LAST_YEAR = 2100


@cache
def _locale(lang: Language | str) -> Locale:
    try:
        return Locale.parse(LOCALES[Language(lang)])
    except ValueError:
        return Locale.parse(LOCALES[Language.FI])


def number(value: float, lang: Language | str) -> str:
    """A count or a measure: "1 234" / "1,234", "3,5" / "3.5"."""
    return format_decimal(value, locale=_locale(lang))


def decimal(value: float | None, lang: Language | str, digits: int = 1) -> str:
    """A figure with a fixed number of decimals ("3,5" / "3.5"); a dash when there is none."""
    if value is None:
        return "–"
    pattern = "#,##0." + "0" * digits if digits else "#,##0"
    return format_decimal(value, format=pattern, locale=_locale(lang), decimal_quantization=True)


def percent(share: float | None, lang: Language | str) -> str:
    """A share of one (0.4) as a whole percentage: "40 %" / "40%"; a dash when there is none."""
    if share is None:
        return "–"
    return format_percent(share, locale=_locale(lang))


# Finnish writes a day in figures in running text and in tables; British English writes the
# month out ("15 January 2027"), which also leaves no doubt about which number is the day.
DATE_FORMATS: dict[Language, str] = {Language.FI: "medium", Language.EN: "long"}


def date(day: dt.date, lang: Language | str) -> str:
    """A day in the language's usual form: "15.1.2027" / "15 January 2027"."""
    try:
        pattern = DATE_FORMATS[Language(lang)]
    except ValueError:
        pattern = DATE_FORMATS[Language.FI]
    return format_date(day, format=pattern, locale=_locale(lang))


def chart_locale(lang: Language | str) -> dict[str, object]:
    """Vega's number locale (d3-format) for a chart's axes and tooltips: "40 %" / "40%"."""
    locale = _locale(lang)
    sample = format_percent(0.4, locale=locale)  # "40 %" or "40%": the sign as CLDR places it
    return {
        "decimal": get_decimal_symbol(locale),
        "thousands": get_group_symbol(locale),
        "grouping": [3],
        "currency": ["", ""],
        "percent": sample.removeprefix("40"),
    }


def plural_category(count: float, lang: Language | str) -> str:
    """The CLDR plural category of a count in a language: "one", "other", ..."""
    return _locale(lang).plural_form(abs(count))


def _month_numbers() -> dict[str, int]:
    names: dict[str, int] = {}
    for code in LOCALES.values():
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for month, name in get_month_names(width, context, locale=code).items():
                    names[name.lower().rstrip(".")] = month
    return names


_MONTHS = _month_numbers()
# 2027-01-15, also with the time of day a table editor may add to it.
_ISO = re.compile(r"(\d{4,6})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
# 15.1.2027, 15.01.2027, 15/1/2027, 15-1-2027: the day first, as in Finland and Britain.
_NUMERIC = re.compile(r"(\d{1,2})\s*[./-]\s*(\d{1,2})\s*[./-]\s*(\d{2,6})\.?")
# 15 Jan 2027, 15. tammikuuta 2027, Jan 15, 2027
_DAY_MONTH = re.compile(r"(\d{1,2})\.?\s+([^\W\d_]+)\.?,?\s+(\d{4})")
_MONTH_DAY = re.compile(r"([^\W\d_]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})")


def _parts(text: str) -> tuple[int, int, int] | None:
    """(year, month, day) as typed, before any check of the calendar."""
    if found := _ISO.fullmatch(text):
        return int(found[1]), int(found[2]), int(found[3])
    if found := _NUMERIC.fullmatch(text):
        year = int(found[3])
        return (2000 + year if len(found[3]) == 2 else year), int(found[2]), int(found[1])
    if (found := _DAY_MONTH.fullmatch(text)) and found[2].lower() in _MONTHS:
        return int(found[3]), _MONTHS[found[2].lower()], int(found[1])
    if (found := _MONTH_DAY.fullmatch(text)) and found[1].lower() in _MONTHS:
        return int(found[3]), _MONTHS[found[1].lower()], int(found[2])
    return None


def parse_date(text: str) -> dt.date:
    """A day typed the Finnish, British or ISO way (15.1.2027, 15 Jan 2027, 2027-01-15).

    Refused with InvalidInput: anything else, a day the calendar lacks (31.2.2027), and a year
    outside FIRST_YEAR..LAST_YEAR, which is how a typo shows (the year 0025 or 20277).
    """
    typed = " ".join(text.split())
    parts = _parts(typed)
    if parts is None:
        raise InvalidInput("error.date", value=typed)
    year, month, day = parts
    if not FIRST_YEAR <= year <= LAST_YEAR:
        # Years as text: a number param would be grouped ("2 000").
        raise InvalidInput(
            "error.date_year", value=typed, first=str(FIRST_YEAR), last=str(LAST_YEAR)
        )
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise InvalidInput("error.date", value=typed) from exc


# A figure as people type it, in a cell or a form: "3,6", "3.6", "1 234,5", "1,234.5", "-5"
# (also with a minus sign), "62 %"; a sign, and a thousands group's spaces (also no-break ones).
_FIGURE = re.compile(r"[+\-\u2212]?\d[\d\s\u00a0\u202f.,']*")


def parse_number(text: object) -> float:
    """A number typed the Finnish or English way (decimal comma or point, grouped or not).

    Refused with InvalidInput("error.number"): anything that is not one number, such as "n/a",
    "12-14" or "1,2,3" (a comma and a point both present read as group and decimal mark)."""
    if isinstance(text, bool):
        raise InvalidInput("error.number", value=str(text))
    if isinstance(text, int | float):
        if text != text or text in (float("inf"), float("-inf")):
            raise InvalidInput("error.number", value=str(text))
        return float(text)
    typed = " ".join(str(text or "").split()).rstrip("%").strip()
    if not _FIGURE.fullmatch(typed):
        raise InvalidInput("error.number", value=typed)
    sign = -1.0 if typed[0] in "-\u2212" else 1.0
    digits = re.sub(r"[\s\u00a0\u202f']", "", typed.lstrip("+-\u2212"))
    if "," in digits and "." in digits:
        group, mark = (".", ",") if digits.rfind(",") > digits.rfind(".") else (",", ".")
        digits = digits.replace(group, "").replace(mark, ".")
    elif digits.count(",") == 1:
        digits = digits.replace(",", ".")
    if digits.count(".") > 1 or digits.count(",") > 0:
        raise InvalidInput("error.number", value=typed)
    return sign * float(digits)


_LEADING_FIGURE = re.compile(r"[+\-\u2212]?\d+(?:[.,]\d+)?")


def first_number(text: str) -> tuple[float, str] | None:
    """The first number in a text such as "62 % käynneistä" or "3,6 / 5", and what follows it
    ("% käynneistä", "/ 5"); None when it holds no number."""
    found = _LEADING_FIGURE.search(text or "")
    if found is None:
        return None
    return parse_number(found[0]), " ".join(text[found.end() :].split())


def editable(value: float, lang: Language | str) -> str:
    """A figure as a form's field holds it for editing: every decimal kept, no thousands
    grouped, the language's decimal mark ("12500", "4,25"), so that saving the field
    unchanged reads back the very figure (parse_number)."""
    return f"{value:.10g}".replace(".", get_decimal_symbol(_locale(lang)))
