"""A choice among an enum's values, each shown by its name in this device's language."""

from __future__ import annotations

from enum import Enum
from typing import Any

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from pages.widgets import words


def enum_select(
    label: str, enum: type[Enum], group: str, *, into: DeltaGenerator | None = None, **options: Any
) -> Any:
    """A selectbox over `enum`'s values named by the catalog's `group` ('viewpoint', 'role'):
    "Choose" until one is picked, and no filter to type into (whose words are Streamlit's)."""
    return (into or st).selectbox(
        label,
        [member.value for member in enum],
        format_func=lambda v: words.name_of(group, v),
        placeholder=words.tr("ui.choose"),
        filter_mode=None,
        **options,
    )


def enum_radio(label: str, enum: type[Enum], group: str, **options: Any) -> Any:
    """Radio buttons over `enum`'s values named by the catalog's `group` ('kind', 'role')."""
    return st.radio(
        label,
        [member.value for member in enum],
        format_func=lambda v: words.name_of(group, v),
        **options,
    )
