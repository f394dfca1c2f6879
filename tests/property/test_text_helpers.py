"""The documented cleaning of typed text, and the escaping of it wherever Markdown renders."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from facilitator.language.text import clean_text, md_escape, one_line
from pages.widgets.words import hidden_label, plain

from .hostile import JS_LINK, SHORT, hostile, is_nfc

PURE = settings(max_examples=150, deadline=None)
# Kept although they are format characters: scripts and emoji sequences need them.
JOINERS_AND_MARKS = "\u200c\u200d\u200e\u200f"
BIG = 10**6


def _noncharacter(ch: str) -> bool:
    # U+FDD0..U+FDEF and the last two code points of every plane (U+FFFE, U+1FFFF, ...).
    return 0xFDD0 <= ord(ch) <= 0xFDEF or ord(ch) % 0x10000 >= 0xFFFE


def _dropped(ch: str) -> bool:
    """What the documented cleaning removes: controls, format characters, noncharacters."""
    return unicodedata.category(ch) in {"Cc", "Cf", "Cs"} or _noncharacter(ch)


def _visible(text: str) -> str:
    """What a reader sees of a text: what cleaning keeps, less white space."""
    kept = (ch for ch in text if not _dropped(ch) and not ch.isspace())
    return unicodedata.normalize("NFC", "".join(kept))


@PURE
@given(raw=hostile())
def test_clean_text_drops_only_what_is_not_text_and_keeps_what_a_reader_sees(raw: str) -> None:
    text = clean_text(raw, field="text", max_len=BIG, required=False)
    assert text == text.strip()
    assert is_nfc(text)
    assert all(ch == "\n" or ch in JOINERS_AND_MARKS or not _dropped(ch) for ch in text)
    assert _visible(text) == _visible(raw)
    for mark in JOINERS_AND_MARKS:
        assert text.count(mark) == raw.count(mark)


@PURE
@given(raw=hostile())
def test_one_line_leaves_single_spaces_between_the_same_visible_words(raw: str) -> None:
    text = one_line(raw, field="title", max_len=BIG, required=False)
    assert "  " not in text and text == text.strip()
    assert all(ch == " " or not ch.isspace() for ch in text)
    assert all(ch in JOINERS_AND_MARKS or not _dropped(ch) for ch in text)
    assert is_nfc(text)
    assert _visible(text) == _visible(raw)


@PURE
@given(raw=hostile())
def test_cleaning_twice_changes_nothing_more(raw: str) -> None:
    # An edit form shows the stored text; saving it unchanged must store the same text.
    for clean in (clean_text, one_line):
        once = clean(raw, field="text", max_len=BIG, required=False)
        assert clean(once, field="text", max_len=BIG, required=False) == once


WORD = st.text(st.characters(categories=["L", "N"]), min_size=1, max_size=10)


@PURE
@given(first=WORD, second=WORD, brk=st.sampled_from(["\n", "\r\n", "\r"]))
def test_every_kind_of_line_break_still_parts_two_words(first: str, second: str, brk: str) -> None:
    typed = first + brk + second
    assert clean_text(typed, field="text", max_len=BIG).split("\n") == [
        unicodedata.normalize("NFC", first),
        unicodedata.normalize("NFC", second),
    ]
    assert one_line(typed, field="text", max_len=BIG).split(" ") == [
        unicodedata.normalize("NFC", first),
        unicodedata.normalize("NFC", second),
    ]


# Markdown: every character that could open a link, an image, HTML, code, emphasis, a heading,
# a list, a table, a quote, maths, a Streamlit directive or an entity.
_MARKUP = set("\\`*_{}[]()<>#+-.!|~:$&")


def _unescape(escaped: str) -> str:
    """Read escaped Markdown back as CommonMark does; fail on any markup character left bare."""
    out, i = [], 0
    while i < len(escaped):
        ch = escaped[i]
        if ch == "\\":
            assert i + 1 < len(escaped), "a lone backslash at the end"
            assert escaped[i + 1] in _MARKUP, f"backslash before {escaped[i + 1]!r}"
            out.append(escaped[i + 1])
            i += 2
            continue
        assert ch not in _MARKUP, f"bare {ch!r} in {escaped!r}"
        out.append(ch)
        i += 1
    return "".join(out)


@PURE
@given(raw=hostile() | st.text())
def test_escaped_markdown_has_no_live_markup_and_reads_back_as_typed(raw: str) -> None:
    escaped = md_escape(raw)
    # CommonMark ends a line at \n, \r or \r\n; a new line could start a heading or a list.
    assert "\n" not in escaped and "\r" not in escaped
    flat = raw.replace("\r\n", " ").replace("\r", " ").replace("\n", " ")
    assert _unescape(escaped) == flat
    assert plain(raw) == escaped


@PURE
@given(before=SHORT, after=SHORT)
def test_a_link_or_image_typed_anywhere_stays_text(before: str, after: str) -> None:
    for markup in (JS_LINK, "![](http://example.invalid/x.png)", "<http://example.invalid>"):
        # _unescape fails on any bracket, parenthesis or angle left bare.
        assert markup in _unescape(md_escape(before + markup + after))


@PURE
@given(name=st.sampled_from(["Dots", "Pisteet"]), typed=hostile())
def test_a_screen_reader_label_carries_no_markup_characters(name: str, typed: str) -> None:
    label = hidden_label(name, typed)
    assert label.startswith(f"{name}: ")
    said = label.removeprefix(f"{name}: ")
    assert not set(said) & _MARKUP
    assert "\n" not in said and "\r" not in said
