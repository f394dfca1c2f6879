"""Cleaning of free text typed by people: one place decides what a stored text may contain."""

from __future__ import annotations

import unicodedata

from facilitator.errors import InvalidInput

# Newlines are kept; every other control or format character is dropped, except the ones
# right-to-left scripts and emoji sequences need (ZWNJ, ZWJ and the direction marks), and so
# are noncharacters.
_KEEP = {"\n", "\u200c", "\u200d", "\u200e", "\u200f"}
_DROP_CATEGORIES = {"Cc", "Cf", "Cs"}


def _noncharacter(ch: str) -> bool:
    # Unicode's 66 noncharacters are never text; U+FFFE and U+FFFF cannot even be written in XML,
    # so a Word document or a chart built from them fails.
    code = ord(ch)
    return 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE


def _without_controls(raw: object, field: str) -> str:
    if raw is None:
        return ""
    if not isinstance(raw, str):
        raise InvalidInput("error.not_text", field=field)
    # A lone carriage return ends a line too (old Mac files): it becomes a newline, not nothing.
    text = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    kept = "".join(
        ch
        for ch in text
        if ch in _KEEP
        or (unicodedata.category(ch) not in _DROP_CATEGORIES and not _noncharacter(ch))
    )
    # Composed after the drop: a control character between a letter and its accent would
    # otherwise keep the two apart, and the stored text would not be in NFC.
    return unicodedata.normalize("NFC", kept)


def _checked(text: str, field: str, max_len: int, required: bool) -> str:
    if required and not text:
        raise InvalidInput("error.empty", field=field)
    if len(text) > max_len:
        raise InvalidInput("error.too_long", field=field, max=max_len, length=len(text))
    return text


def clean_text(raw: object, *, field: str, max_len: int, required: bool = True) -> str:
    """Strip, drop control characters and check the length; raise InvalidInput otherwise."""
    return _checked(_without_controls(raw, field).strip(), field, max_len, required)


def one_line(raw: object, *, field: str, max_len: int, required: bool = True) -> str:
    """Like clean_text, with runs of white space (newlines too) folded into one space."""
    return _checked(" ".join(_without_controls(raw, field).split()), field, max_len, required)


MARKDOWN_SPECIALS = set("\\`*_{}[]()<>#+-.!|~:$&")


def md_escape(text: str) -> str:
    """Backslash-escape Markdown so a typed title shows as plain text wherever Markdown renders."""
    # Every Markdown line ending becomes a space: on a line of its own, "===" would make a heading.
    flat = text.replace("\r\n", " ").replace("\r", " ").replace("\n", " ")
    return "".join(f"\\{ch}" if ch in MARKDOWN_SPECIALS else ch for ch in flat)
