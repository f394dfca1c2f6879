"""A form's life: a refusal said in the user's language, a save confirmed, a rerun of its part."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

import streamlit as st
from streamlit.errors import StreamlitAPIException

from facilitator.errors import InvalidInput, KohtaamoError
from facilitator.room import workshops
from pages.widgets import words


def rerun_fragment() -> None:
    """Rerun only the calling fragment; when it ran inside a full run, rerun the page."""
    try:
        st.rerun(scope="fragment")
    except StreamlitAPIException:
        st.rerun()


NOTICE = "notice"  # a confirmation waiting for the run after a save's rerun


def confirm(key: str) -> None:
    """Confirm a save with a toast in the next run of the page or fragment (confirmations()).

    A toast sits in the corner of the screen, wherever the person scrolled to tap Send, and
    goes by itself after some seconds; a banner at the top of a long form was out of sight on a
    phone and stayed for good (issue 14). It waits for the next run: one sent just before
    st.rerun would go with the run it belonged to.
    """
    st.session_state[NOTICE] = key


def confirmations() -> None:
    """Say the confirmation a save left for this run, if any (see confirm)."""
    if (key := st.session_state.pop(NOTICE, None)) is not None:
        st.toast(words.tr(key), icon="✅", duration="short")


class NewForm:
    """A form that is new after each send: empty again, under keys of its own.

    The second tap of a double tap then presses a button that is gone, and each send carries a
    submission key of this session and this generation of the form, so a tap that lands
    mid-run is stored once. Its state: `<name>_generation` (how many were stored), the `saved`
    mark, and the session's `tag`.
    """

    def __init__(self, name: str, *, saved: str, tag: str = "session_tag") -> None:
        self.generation_key = f"{name}_generation"
        self.saved_key = saved
        self.generation: int = st.session_state.setdefault(self.generation_key, 0)
        self.tag: str = st.session_state.setdefault(tag, secrets.token_hex(8))

    def submission_key(self, *parts: object) -> str:
        """This send's key: the session's tag, `parts`, this generation ('ab12-plan-3')."""
        return "-".join(str(part) for part in (self.tag, *parts, self.generation))

    @property
    def just_saved(self) -> bool:
        """Whether the run before this one stored the form."""
        return bool(st.session_state.get(self.saved_key, False))

    def repeated_tap(self, text: str | None) -> bool:
        """Whether this send is the second tap of a double tap, on the form the save just
        emptied; if not, the saved mark is taken down for this send."""
        if self.just_saved and not (text or "").strip():
            return True
        st.session_state[self.saved_key] = False
        return False

    def stored(self, send: Callable[[str], object], *parts: object) -> bool:
        """Run `send(submission_key)`. Refused: say why, and keep the form as typed. Stored:
        the next generation of the form (empty, under new keys) and the saved mark; True."""
        try:
            send(self.submission_key(*parts))
        except KohtaamoError as err:
            show_error(err)
            return False
        st.session_state[self.generation_key] = self.generation + 1
        st.session_state[self.saved_key] = True
        return True


def error_text(err: KohtaamoError) -> str:
    """What went wrong, in the user's language."""
    # A detail can be what the person typed (a date, say): shown as typed, never as markup.
    params = {
        k: words.name_of("field", v)
        if k == "field"
        else words.plain(v)
        if isinstance(v, str)
        else v
        for k, v in err.params.items()
    }
    return words.tr(err.key, **params)


def show_error(err: KohtaamoError, *, toast: bool = False) -> None:
    """Say what went wrong in the user's language; with `toast`, also in the screen's corner,
    for a tap made far below where the message stands."""
    text = error_text(err)
    st.error(text, icon="⚠️")
    if toast:
        st.toast(text, icon="⚠️")


def act_on_widgets(
    act: Callable[..., None], action: Callable[..., Any], *args: Any, widgets: tuple[str, ...]
) -> None:
    """`act(action, *args)` with these widgets' values as they are at the click.

    A button's args are fixed when the page is drawn, so a pick made just before the click
    would be lost if passed that way; session state already holds it when callbacks run.
    """
    values = [st.session_state.get(name) for name in widgets]
    if None not in values:
        act(action, *args, *values)


def new_passphrase(label: str, key: str) -> str | None:
    """A new passphrase typed twice, inside a form (the project lead's, a next version's); the
    passphrase, or None when the two differ: `same_twice` then refuses it in the service's
    words, as the start page refuses a new workshop's."""
    typed = st.text_input(
        label,
        type="password",
        max_chars=workshops.MAX_PASSPHRASE,
        help=words.tr("create.passphrase_help", min=workshops.MIN_PASSPHRASE),
        key=f"{key}_pass",
    )
    again = st.text_input(
        words.tr("fu.lead.again"),
        type="password",
        max_chars=workshops.MAX_PASSPHRASE,
        key=f"{key}_again",
    )
    return typed if typed == again else None


def same_twice(passphrase: str | None) -> str:
    """The passphrase `new_passphrase` gave; a refusal when it was typed differently twice."""
    if passphrase is None:
        raise InvalidInput("error.passphrases_differ")
    return passphrase
