"""Numbers, shares, dates and typed dates as each language writes them (language/formats.py)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from facilitator.errors import InvalidInput
from facilitator.language import formats

NBSP = "\xa0"  # Finnish puts a no-break space before % and between thousands


@pytest.mark.parametrize(
    ("lang", "value", "expected"),
    [("fi", 3.5, "3,5"), ("en", 3.5, "3.5"), ("fi", 1234, f"1{NBSP}234"), ("en", 1234, "1,234")],
)
def test_a_number_is_written_as_the_language_writes_it(
    lang: str, value: float, expected: str
) -> None:
    assert formats.number(value, lang) == expected


@pytest.mark.parametrize(
    ("lang", "value", "expected"),
    [("fi", 3.46, "3,5"), ("en", 3.46, "3.5"), ("fi", 4, "4,0"), ("en", None, "–")],
)
def test_a_decimal_keeps_one_digit(lang: str, value: float | None, expected: str) -> None:
    assert formats.decimal(value, lang) == expected


@pytest.mark.parametrize(
    ("lang", "share", "expected"),
    [("fi", 0.4, f"40{NBSP}%"), ("en", 0.4, "40%"), ("fi", 0.666, f"67{NBSP}%"), ("en", 1, "100%")],
)
def test_a_share_is_a_whole_percentage(lang: str, share: float, expected: str) -> None:
    assert formats.percent(share, lang) == expected


@pytest.mark.parametrize(("lang", "expected"), [("fi", "15.1.2027"), ("en", "15 January 2027")])
def test_a_date_is_written_as_the_language_writes_it(lang: str, expected: str) -> None:
    assert formats.date(dt.date(2027, 1, 15), lang) == expected


def test_an_unknown_language_is_written_the_finnish_way() -> None:
    assert formats.decimal(3.5, "sv") == "3,5"


@pytest.mark.parametrize(
    ("lang", "count", "expected"),
    [
        ("fi", 1, "one"),
        ("fi", 2, "other"),
        ("fi", 0, "other"),
        ("en", 1, "one"),
        ("en", 0, "other"),
    ],
)
def test_plural_categories_follow_cldr(lang: str, count: int, expected: str) -> None:
    assert formats.plural_category(count, lang) == expected


@pytest.mark.parametrize(
    "typed",
    [
        "15.1.2027",
        "15.01.2027",
        " 15. 1. 2027 ",
        "15.1.27",
        "2027-01-15",
        "2027-01-15T00:00:00",
        "15/01/2027",
        "15 Jan 2027",
        "15 January 2027",
        "January 15, 2027",
        "15. tammikuuta 2027",
        "15 tammikuu 2027",
    ],
)
def test_a_date_typed_the_finnish_british_or_iso_way_is_read(typed: str) -> None:
    assert formats.parse_date(typed) == dt.date(2027, 1, 15)


@pytest.mark.parametrize("typed", ["15.1.0025", "0025-01-15", "15.1.20277", "1.1.1999"])
def test_a_year_far_off_is_refused_as_the_typo_it_is(typed: str) -> None:
    with pytest.raises(InvalidInput) as err:
        formats.parse_date(typed)
    assert err.value.key == "error.date_year"


@pytest.mark.parametrize(
    "typed", ["31.2.2027", "ensi viikolla", "15.13.2027", "2027", "15 Foo 2027"]
)
def test_a_date_that_is_no_date_is_refused(typed: str) -> None:
    with pytest.raises(InvalidInput) as err:
        formats.parse_date(typed)
    assert err.value.key == "error.date"


# No page, export or catalog formats a number, a share or a date by hand --------------------

ROOT = Path(__file__).resolve().parents[2]
SOURCES = {
    path.relative_to(ROOT).as_posix(): path.read_text(encoding="utf-8")
    for folder in ("pages", "exports", "facilitator")
    for path in sorted((ROOT / folder).rglob("*.py"))
    if path.name != "formats.py"
}
# f"{x:.1f}", f"{x:.0%}", f"{x:g}", f"{x:,}"; day.strftime(...); "{score} %" in a catalog text
BY_HAND = re.compile(
    r"\{[^{}\n]*:[.,]?\d*[fge%,]\}|\.strftime\(|\{[a-z_]+\}\s?%|:\.?\d*f\}|isoformat\(\)\[:"
)


def test_the_scan_for_hand_formatting_finds_what_it_looks_for() -> None:
    # Guards the test below: the code as it was before Babel, which the scan must catch.
    before = [
        'ui.tr("identify.similarity", score=f"{score:.0f}")',
        'f"{d.management_share:.0%}"',
        'data.made_on.strftime("%d.%m.%Y")',
        '"identify.similarity": "{score} % alike",',
        'f"{summary.average:.1f}"',
    ]
    assert all(BY_HAND.search(line) for line in before)


def test_no_page_export_or_catalog_formats_a_number_or_a_date_by_hand() -> None:
    found = [
        f"{name}:{number}: {line.strip()}"
        for name, text in SOURCES.items()
        for number, line in enumerate(text.splitlines(), start=1)
        if BY_HAND.search(line)
    ]
    assert found == []
