"""The translation catalog: every user-visible string, in Finnish and English, by key.

A text that counts something is a dict of CLDR plural forms, {"one": ..., "other": ...}, chosen
by its `n` ("1 ehdotus", "2 ehdotusta"); see facilitator/language/formats.py.
"""

from __future__ import annotations

from typing import Any

from facilitator.domain import Language
from facilitator.language import formats
from facilitator.language.catalogs.en import EN
from facilitator.language.catalogs.fi import FI

Text = str | dict[str, str]
CATALOGS: dict[Language, dict[str, Text]] = {Language.FI: FI, Language.EN: EN}


def _language(lang: Language | str) -> Language:
    try:
        return Language(lang)
    except ValueError:
        return Language.FI


def _template(language: Language, text: Text, count: object) -> str:
    if isinstance(text, str):
        return text
    if isinstance(count, int | float) and not isinstance(count, bool):
        return text.get(formats.plural_category(count, language), text["other"])
    return text["other"]


def _written(language: Language, value: object) -> object:
    # A count or a figure is written as the language writes it ("1 234", "3,5"); a year or a
    # code is passed as text, so it is never grouped.
    if isinstance(value, int | float) and not isinstance(value, bool):
        return formats.number(value, language)
    return value


def t(lang: Language | str, key: str, **params: Any) -> str:
    """The text for `key` in `lang`, with {params} filled in; the key itself if it is missing.

    A plural text takes the form its `n` asks for; numbers are written the language's way.
    """
    language = _language(lang)
    template = _template(language, CATALOGS[language].get(key, key), params.get("n"))
    try:
        if not params:
            return template
        return template.format(**{name: _written(language, v) for name, v in params.items()})
    except (KeyError, IndexError, ValueError):
        return template


def label(lang: Language | str, group: str, value: object) -> str:
    """The display name of an enum value, e.g. label('fi', 'role', Role.MANAGEMENT)."""
    return t(lang, f"{group}.{getattr(value, 'value', value)}")
