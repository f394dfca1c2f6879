"""The translation catalog: every user-visible string, in Finnish and English, by key."""

from __future__ import annotations

from typing import Any

from facilitator.catalog_en import EN
from facilitator.catalog_fi import FI
from facilitator.domain import Language

CATALOGS: dict[Language, dict[str, str]] = {Language.FI: FI, Language.EN: EN}


def t(lang: Language | str, key: str, **params: Any) -> str:
    """The text for `key` in `lang`, with {params} filled in; the key itself if it is missing."""
    try:
        catalog = CATALOGS[Language(lang)]
    except ValueError:
        catalog = CATALOGS[Language.FI]
    template = catalog.get(key, key)
    try:
        return template.format(**params) if params else template
    except (KeyError, IndexError, ValueError):
        return template


def label(lang: Language | str, group: str, value: object) -> str:
    """The display name of an enum value, e.g. label('fi', 'role', Role.MANAGEMENT)."""
    return t(lang, f"{group}.{getattr(value, 'value', value)}")
