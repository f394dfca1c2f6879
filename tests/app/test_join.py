"""The join page, as a phone that opened ?code= sees it."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from facilitator.domain import Role
from facilitator.language.i18n import t
from facilitator.room import workshops
from facilitator.steps import participants


def _join_button(at: AppTest):
    (button,) = [b for b in at.button if b.form_id == "join"]
    return button


def _joined_count(store, workshop) -> int:
    return sum(participants.counts_by_role(store, workshop.id).values())


def test_the_join_page_shows_the_workshop_title_and_the_roles(store, app, new_workshop):
    workshop, _ = new_workshop(title="Kevään kohtaamispaja")
    at = app(code=workshop.code).run()

    assert not at.exception
    assert at.title[0].value == "Kevään kohtaamispaja"
    assert at.caption[0].value == workshop.organisation
    assert at.radio[0].label == t("fi", "join.role")
    assert len(at.radio[0].options) == len(Role)


def test_a_code_typed_in_lower_case_still_finds_the_workshop(store, app, new_workshop):
    workshop, _ = new_workshop(title="Pienillä kirjaimilla")
    at = app(code=workshop.code.lower()).run()

    assert not at.exception
    assert at.title[0].value == "Pienillä kirjaimilla"


def test_joining_without_a_role_is_refused_and_stores_no_one(store, app, new_workshop):
    workshop, _ = new_workshop()
    at = app(code=workshop.code).run()
    at.text_input[0].input("Aino")
    _join_button(at).click().run()

    assert not at.exception
    assert [e.value for e in at.error] == [t("fi", "error.role_missing")]
    assert _joined_count(store, workshop) == 0
    assert "p" not in at.query_params


def test_joining_with_a_role_stores_one_participant_and_puts_the_token_in_the_url(
    store, app, new_workshop
):
    workshop, _ = new_workshop(title="Liittymispaja")
    at = app(code=workshop.code).run()
    at.radio[0].set_value(Role.MANAGEMENT.value)
    at.text_input[0].input("  Sari  ")
    _join_button(at).click().run()

    assert not at.exception
    token = at.query_params["p"]
    me = participants.by_token(store, workshop.id, token)
    assert (me.role, me.name) == (Role.MANAGEMENT, "Sari")
    assert _joined_count(store, workshop) == 1
    assert at.query_params["code"] == workshop.code
    # The phone now follows the room: the lobby of the participant page.
    assert at.title[0].value == "Liittymispaja"
    assert t("fi", "step.lobby.phone") in [m.value for m in at.markdown]


def test_an_unknown_code_shows_the_catalog_error_and_a_way_back(store, app, new_workshop):
    new_workshop()
    at = app(code="XXXXXX").run()

    assert not at.exception
    assert [e.value for e in at.error] == [t("fi", "error.code_unknown")]
    assert [b.label for b in at.button] == [t("fi", "join.try_again")]
    assert not at.radio

    at.button[0].click().run()
    assert not at.exception
    assert "code" not in at.query_params
    assert len(at.tabs) == 3


def test_joining_closed_shows_the_closed_message_and_no_form(store, app, new_workshop):
    workshop, key = new_workshop(title="Suljettu paja")
    workshops.set_joining_open(store, key, False)
    at = app(code=workshop.code).run()

    assert not at.exception
    assert at.title[0].value == "Suljettu paja"
    assert [w.value for w in at.warning] == [t("fi", "join.closed")]
    assert not at.radio
    assert not [b for b in at.button if b.form_id == "join"]


def test_joining_closed_while_the_form_is_open_refuses_the_join(store, app, new_workshop):
    workshop, key = new_workshop()
    at = app(code=workshop.code).run()
    workshops.set_joining_open(store, key, False)
    at.radio[0].set_value(Role.FRONTLINE.value)
    _join_button(at).click().run()

    assert not at.exception
    assert _joined_count(store, workshop) == 0
    assert "p" not in at.query_params
    assert [w.value for w in at.warning] == [t("fi", "join.closed")]


def test_an_english_workshop_greets_the_phone_in_english(store, app, new_workshop):
    workshop, _ = new_workshop(language="en")
    at = app(code=workshop.code).run()

    assert not at.exception
    assert at.radio[0].label == t("en", "join.role")
    assert [b.label for b in at.button if b.form_id == "join"] == [t("en", "join.button")]
