"""This device's language and the words a page says in it: tr, name_of, limits, typed text."""

from __future__ import annotations

from typing import Any

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from facilitator.domain import Language, Step
from facilitator.language.i18n import label, t
from facilitator.language.text import MARKDOWN_SPECIALS, md_escape

LANG_KEY = "lang"
# A device's own choice of language also rides in its address, so a reload keeps it, as it
# keeps the participant's identity.
LANG_PARAM = "lang"


def _address_language() -> str | None:
    chosen = st.query_params.get(LANG_PARAM)
    return chosen if chosen in {lang.value for lang in Language} else None


def lang() -> Language:
    """This device's language: chosen here, else the workshop's, else Finnish."""
    try:
        return Language(st.session_state.get(LANG_KEY) or _address_language())
    except ValueError:
        return Language.FI


def use_default_language(language: Language) -> None:
    """Take the workshop's language unless this device already chose one."""
    st.session_state.setdefault(LANG_KEY, _address_language() or language.value)


def tr(key: str, **params: Any) -> str:
    """Translate a catalog key into this device's language."""
    return t(lang(), key, **params)


def name_of(group: str, value: object) -> str:
    """Display name of an enum value in this device's language."""
    return label(lang(), group, value)


def limit(max_len: int, about: str | None = None) -> str:
    """A field's limit in words ("At most 40 characters."), after `about` if given.

    Said instead of Streamlit's `max_chars`, which cuts typed or pasted text at the limit
    without a word (issue 14): the field keeps all that was typed, and the service refuses it
    with error.too_long, which names the field and the limit in the device's language.
    """
    note = tr("ui.limit", n=max_len)
    return f"{about} {note}" if about else note


def limit_note(max_len: int, into: DeltaGenerator | None = None) -> None:
    """A field's limit under it (see limit). A caption, not the field's `help`: Streamlit
    names a help icon "Help for ..." in English whatever the page's language."""
    (into or st).caption(limit(max_len))


def plain(text: str) -> str:
    """Typed text for a Markdown element (title, caption): shown as typed, never as markup."""
    return md_escape(text)


def hidden_label(name: str, typed: str, limit: int = 80) -> str:
    """A collapsed label that names typed text for a screen reader, e.g. 'Dots: Long queues'.

    Screen readers read such a label as given, so escaping would be heard as backslashes:
    Markdown's characters are left out instead, which leaves no markup to run.
    """
    words = "".join(" " if ch in MARKDOWN_SPECIALS else ch for ch in typed).split()
    return f"{name}: {' '.join(words)[:limit]}"


def language_switch() -> None:
    """A compact FI | EN switch; each device chooses for itself."""
    # The choice lives in a plain key: a widget's own state is dropped on a page change.
    st.session_state["lang_switch"] = lang().value
    st.segmented_control(
        tr("ui.language"),
        options=[Language.FI.value, Language.EN.value],
        format_func=lambda v: {"fi": "Suomi", "en": "English"}[v],
        key="lang_switch",
        required=True,
        label_visibility="collapsed",
        on_change=_switch_language,
    )


def _switch_language() -> None:
    chosen = st.session_state.get("lang_switch")
    if chosen:
        st.session_state[LANG_KEY] = chosen
        st.query_params[LANG_PARAM] = chosen


def step_title(step: Step) -> str:
    """The step's number and name, e.g. '1 · Observe'."""
    number = list(Step).index(step)
    name = tr(f"step.{step.value}.title")
    return f"{number} · {name}" if 0 < number < 6 else name


def enter_submits() -> bool:
    """Whether Enter sends a form: Streamlit then hints "Press Enter to submit form" in English
    only, so a Finnish screen goes without both; its Send button is a Tab away."""
    return lang() == Language.EN
