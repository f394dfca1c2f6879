"""What a stored text may contain: clean_text for free text, one_line for names and titles."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from facilitator.errors import InvalidInput
from facilitator.language.text import clean_text, one_line

CLEANERS = [pytest.param(clean_text, id="clean_text"), pytest.param(one_line, id="one_line")]
Cleaner = Callable[..., str]


@pytest.mark.parametrize("clean", CLEANERS)
@pytest.mark.parametrize(
    ("raw", "kept"),
    [
        pytest.param("a\x00b", "ab", id="nul"),
        pytest.param("bell\x07", "bell", id="bell"),
        pytest.param("\x1b[31mred", "[31mred", id="escape"),
        pytest.param("del\x7f", "del", id="delete"),
        pytest.param("c1\x85\x9b", "c1", id="c1-controls"),
        pytest.param("\ufeffbom", "bom", id="byte-order-mark"),
        pytest.param("evil\u202etxt.exe", "eviltxt.exe", id="right-to-left-override"),
        pytest.param("iso\u2066late\u2069", "isolate", id="direction-isolates"),
        pytest.param("soft\u00adhyphen", "softhyphen", id="soft-hyphen"),
        pytest.param("half\ud800", "half", id="lone-surrogate"),
    ],
)
def test_control_and_format_characters_are_dropped(clean: Cleaner, raw: str, kept: str) -> None:
    assert clean(raw, field="text", max_len=100) == kept


@pytest.mark.parametrize("clean", CLEANERS)
@pytest.mark.parametrize(
    "text",
    [
        pytest.param("שלום\u200f עולם", id="hebrew-with-rtl-mark"),
        pytest.param("مرحبا\u200e ABC", id="arabic-with-ltr-mark"),
        pytest.param("می\u200cخواهم", id="persian-zwnj"),  # noqa: RUF001 - Persian on purpose
        pytest.param("👩\u200d💻 koodaa", id="zwj-emoji"),
        pytest.param("👨\u200d👩\u200d👧\u200d👦 perhe", id="zwj-family"),
        pytest.param("❤\ufe0f kiitos", id="variation-selector"),
        pytest.param("🇫🇮 Suomi", id="flag"),
        pytest.param("👍🏽 hyvä", id="skin-tone"),
        pytest.param("Äänekäs öljy Åland", id="finnish-letters"),
    ],
)
def test_text_of_every_script_and_emoji_sequences_are_kept(clean: Cleaner, text: str) -> None:
    assert clean(text, field="text", max_len=100) == text


def test_clean_text_keeps_newlines_and_strips_the_ends() -> None:
    assert clean_text("  first\r\nsecond\n\n third \n", field="text", max_len=100) == (
        "first\nsecond\n\n third"
    )


def test_clean_text_turns_tabs_into_spaces() -> None:
    assert clean_text("a\tb", field="text", max_len=100) == "a b"


def test_one_line_folds_every_run_of_white_space_into_one_space() -> None:
    assert one_line("  Kotipuoti \n\n Oy\t\tHelsinki\r\n ", field="title", max_len=100) == (
        "Kotipuoti Oy Helsinki"
    )


@pytest.mark.parametrize("clean", CLEANERS)
def test_text_is_normalised_to_composed_form(clean: Cleaner) -> None:
    assert clean("A\u0308a\u0308nes", field="text", max_len=100) == "Äänes"


@pytest.mark.parametrize("clean", CLEANERS)
@pytest.mark.parametrize("raw", ["", "   ", "\n\t \r\n", "\x00\x01\u202e", None])
def test_an_empty_text_is_refused(clean: Cleaner, raw: object) -> None:
    with pytest.raises(InvalidInput) as caught:
        clean(raw, field="text", max_len=100)
    assert caught.value.key == "error.empty"
    assert caught.value.params["field"] == "text"


@pytest.mark.parametrize("clean", CLEANERS)
@pytest.mark.parametrize("raw", ["", "  ", None])
def test_an_empty_text_is_allowed_when_not_required(clean: Cleaner, raw: object) -> None:
    assert clean(raw, field="name", max_len=40, required=False) == ""


@pytest.mark.parametrize("clean", CLEANERS)
def test_a_too_long_text_is_refused_with_the_maximum_in_the_params(clean: Cleaner) -> None:
    with pytest.raises(InvalidInput) as caught:
        clean("x" * 11, field="title", max_len=10)
    assert caught.value.key == "error.too_long"
    assert caught.value.params["max"] == 10
    assert caught.value.params["field"] == "title"


@pytest.mark.parametrize("clean", CLEANERS)
def test_a_text_of_exactly_the_maximum_is_accepted(clean: Cleaner) -> None:
    assert clean("x" * 10, field="title", max_len=10) == "x" * 10


@pytest.mark.parametrize("clean", CLEANERS)
def test_the_length_is_counted_after_cleaning(clean: Cleaner) -> None:
    assert clean("   abc\x00\x00   ", field="text", max_len=3) == "abc"


@pytest.mark.parametrize("clean", CLEANERS)
@pytest.mark.parametrize("raw", [123, 4.5, b"bytes", ["a list"], {"a": "dict"}, True])
def test_anything_but_a_string_is_refused(clean: Cleaner, raw: object) -> None:
    with pytest.raises(InvalidInput) as caught:
        clean(raw, field="text", max_len=100)
    assert caught.value.key == "error.not_text"
    assert caught.value.params["field"] == "text"
