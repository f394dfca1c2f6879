"""An error message may carry what someone typed: it shows as typed, never as markup."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _page() -> None:
    from facilitator.errors import InvalidInput
    from pages.widgets import forms

    forms.show_error(
        InvalidInput("error.date", value="[x](javascript:alert(1)) ![](http://e.invalid/i.png)")
    )


def test_a_typed_detail_in_an_error_is_escaped_markdown() -> None:
    from facilitator.language.i18n import t
    from facilitator.language.text import md_escape

    at = AppTest.from_function(_page).run()
    assert not at.exception
    typed = "[x](javascript:alert(1)) ![](http://e.invalid/i.png)"
    assert at.error[0].value == t("fi", "error.date", value=md_escape(typed))
    assert "](" not in at.error[0].value.replace("\\]\\(", "")
