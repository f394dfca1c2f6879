"""The start page, as a visitor with no code and no key sees it."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from facilitator.language.i18n import t
from facilitator.room import workshops
from facilitator.room.workshops import FacilitatorKey


def _form_button(at: AppTest, form_id: str):
    (button,) = [b for b in at.button if b.form_id == form_id]
    return button


def _fill_create_form(
    at: AppTest, *, passphrase: str, language: str = "fi", facilitator: str = ""
) -> None:
    title, organisation, named, secret = (
        w for w in at.text_input if w.form_id == "create_workshop"
    )
    title.input("Asiakaspolku 2027")
    organisation.input("Kotipuoti Oy")
    assert named.label == t("fi", "create.facilitator")
    named.input(facilitator)
    secret.input(passphrase)
    (lang,) = [r for r in at.radio if r.form_id == "create_workshop"]
    lang.set_value(language)
    at.pills(key="create_channels").set_value(["in_person", "chat"])


def test_the_start_page_offers_join_create_and_resume_tabs(store, app):
    at = app().run()

    assert not at.exception
    assert [tab.label for tab in at.tabs] == [
        t("fi", "home.join_tab"),
        t("fi", "home.create_tab"),
        t("fi", "home.resume_tab"),
    ]
    assert at.title[0].value == "Kohtaamo"
    assert "facilitator_key" not in at.session_state


def test_creating_a_workshop_opens_its_console_with_a_facilitator_key(store, app):
    at = app().run()
    _fill_create_form(at, passphrase="pitkä tunnuslause")
    _form_button(at, "create_workshop").click().run()

    assert not at.exception
    key = at.session_state["facilitator_key"]
    assert isinstance(key, FacilitatorKey)
    (workshop,) = workshops.list_all(store)
    assert workshops.authorise(store, key) == workshop.id
    assert workshop.title == "Asiakaspolku 2027"
    assert [c.value for c in workshop.channels] == ["in_person", "chat"]
    assert workshop.facilitator == ""  # optional
    assert at.title[0].value == "Asiakaspolku 2027"
    assert at.segmented_control(key="step_nav").value == "lobby"
    assert any(workshop.code in m.value for m in at.markdown)


def test_the_create_form_names_the_facilitator_when_given(store, app):
    at = app().run()
    _fill_create_form(at, passphrase="pitkä tunnuslause", facilitator=" Kaisa  Fasilitaattori ")
    _form_button(at, "create_workshop").click().run()

    assert not at.exception
    (workshop,) = workshops.list_all(store)
    assert workshop.facilitator == "Kaisa Fasilitaattori"


def test_a_workshop_created_in_english_opens_an_english_console(store, app):
    at = app().run()
    _fill_create_form(at, passphrase="a long passphrase", language="en")
    _form_button(at, "create_workshop").click().run()

    assert not at.exception
    labels = [b.label for b in at.button]
    assert t("en", "console.next") + " →" in labels
    assert t("fi", "console.next") + " →" not in labels
    assert at.toggle(key="ctl_input").label == t("en", "console.input_open")


def test_a_short_passphrase_is_refused_and_nothing_is_created(store, app):
    at = app().run()
    _fill_create_form(at, passphrase="lyhyt")
    _form_button(at, "create_workshop").click().run()

    assert not at.exception
    assert [e.value for e in at.error] == [
        t("fi", "error.passphrase_short", min=workshops.MIN_PASSPHRASE)
    ]
    assert workshops.list_all(store) == []
    assert "facilitator_key" not in at.session_state
    assert len(at.tabs) == 3


def test_resuming_with_the_right_code_and_passphrase_opens_the_console(store, app, new_workshop):
    workshop, _ = new_workshop(title="Jatkettava paja", passphrase="oikea tunnuslause")
    at = app().run()
    at.text_input(key="resume_code").input(workshop.code.lower())
    at.text_input(key="resume_pass").input("oikea tunnuslause")
    _form_button(at, "resume_workshop").click().run()

    assert not at.exception
    key = at.session_state["facilitator_key"]
    assert workshops.authorise(store, key) == workshop.id
    assert at.title[0].value == "Jatkettava paja"
    assert at.segmented_control(key="step_nav").value == "lobby"


def test_resuming_with_a_wrong_passphrase_shows_the_error_and_gives_no_key(
    store, app, new_workshop
):
    workshop, _ = new_workshop(passphrase="oikea tunnuslause")
    at = app().run()
    at.text_input(key="resume_code").input(workshop.code)
    at.text_input(key="resume_pass").input("väärä tunnuslause")
    _form_button(at, "resume_workshop").click().run()

    assert not at.exception
    assert [e.value for e in at.error] == [t("fi", "error.login_failed")]
    assert "facilitator_key" not in at.session_state
    assert [sc.key for sc in at.segmented_control] == ["lang_switch"]


def test_typing_a_code_on_the_join_tab_sets_the_code_query_param(store, app, new_workshop):
    workshop, _ = new_workshop(title="Liityttävä paja")
    at = app().run()
    (code,) = [w for w in at.text_input if w.form_id == "join_by_code"]
    code.input(f" {workshop.code.lower()} ")
    _form_button(at, "join_by_code").click().run()

    assert not at.exception
    assert at.query_params["code"] == workshop.code
    assert at.title[0].value == "Liityttävä paja"
    assert [r.label for r in at.radio] == [t("fi", "join.role")]


def test_joining_without_a_code_asks_for_one(store, app):
    at = app().run()
    _form_button(at, "join_by_code").click().run()

    assert not at.exception
    assert [e.value for e in at.error] == [t("fi", "error.code_missing")]
    assert "code" not in at.query_params


def _notices(at: AppTest) -> list[str]:
    return [e.value for e in (*at.success, *at.warning)]


def test_a_sign_in_notice_is_said_once_and_the_next_visit_is_a_plain_visit(store, app):
    """Guards issue 14's review: the notice stayed in the session, so every later visit to the
    start page was pushed to the resume tab and told "signed out" again."""
    at = app()
    at.session_state["signin_notice"] = "signin.signed_out"
    at.run()
    assert t("fi", "signin.signed_out") in _notices(at)
    assert at.query_params["tab"] == "resume"

    at.query_params.clear()
    at.run()

    assert not at.exception
    assert t("fi", "signin.signed_out") not in _notices(at)
    assert "tab" not in at.query_params


def test_the_console_without_a_sign_in_says_sign_in_after_an_old_notice_was_shown(store, app):
    """Guards issue 14's review: an old "signed out", already shown, hid "sign in first"."""
    at = app()
    at.session_state["signin_notice"] = "signin.signed_out"
    at.run()
    at.query_params.clear()

    at.switch_page("pages/console.py").run()

    assert not at.exception
    assert t("fi", "signin.needed") in _notices(at)
    assert t("fi", "signin.signed_out") not in _notices(at)
