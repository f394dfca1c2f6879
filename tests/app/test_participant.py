"""A participant's phone (?code=&p=): it follows the room and takes this person's input."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from facilitator.domain import Kind, Step, Viewpoint
from facilitator.language.i18n import t
from facilitator.room import workshops
from facilitator.steps import observations
from pages.widgets import words


def _submit_observation(at: AppTest, *, kind: str | None, viewpoint: str | None, text: str):
    form = at.radio[0].form_id
    assert form.startswith("new_observation_")
    kind_radio, viewpoint_radio = (r for r in at.radio if r.form_id == form)
    if kind is not None:
        kind_radio.set_value(kind)
    if viewpoint is not None:
        viewpoint_radio.set_value(viewpoint)
    (area,) = [a for a in at.text_area if a.form_id == form]
    area.set_value(text)
    (submit,) = [b for b in at.button if b.form_id == form]
    return submit.click().run()


@pytest.fixture
def observing(store, new_workshop, joined):
    """A workshop in step Observe with input open, and one frontline participant."""
    workshop, key = new_workshop(title="Havaintopaja", step=Step.OBSERVE)
    me, token = joined(workshop, name="Aino")
    return workshop, key, me, token


def test_a_phone_in_the_lobby_is_told_to_wait(store, app, new_workshop, joined):
    workshop, _ = new_workshop(title="Aulapaja")
    _, token = joined(workshop, name="Mikko")
    at = app(code=workshop.code, p=token).run()

    assert not at.exception
    assert at.title[0].value == "Aulapaja"
    assert at.header[0].value == t("fi", "step.lobby.title")
    assert t("fi", "step.lobby.phone") in [m.value for m in at.markdown]
    assert "Mikko" in at.caption[0].value
    assert not at.text_area


def test_an_observation_sent_from_the_phone_is_stored_and_listed_as_mine(store, app, observing):
    workshop, _, me, token = observing
    at = app(code=workshop.code, p=token).run()
    assert at.subheader[0].value == t("fi", "observe.mine", n=0)

    _submit_observation(
        at, kind="strength", viewpoint="experience", text="Asiakas tervehditään ovella."
    )

    (stored,) = observations.list_own(store, me)
    assert (stored.kind, stored.viewpoint, stored.text) == (
        Kind.STRENGTH,
        Viewpoint.EXPERIENCE,
        "Asiakas tervehditään ovella.",
    )
    assert not at.exception
    assert at.subheader[0].value == t("fi", "observe.mine", n=1)
    assert "Asiakas tervehditään ovella." in [x.value for x in at.text]
    assert [s.value for s in at.toast] == [t("fi", "observe.saved")]
    # A fresh, empty form is ready for the next one.
    assert [a.value for a in at.text_area if a.form_id.startswith("new_observation_")] == [""]


def test_my_stored_observations_are_listed_on_my_phone_only(store, app, observing, joined):
    workshop, _, me, token = observing
    someone_else, _ = joined(workshop, name="Pekka")
    observations.submit(store, me, observations.draft("strategy", "weakness", "Oma havainto"))
    observations.submit(
        store, someone_else, observations.draft("strategy", "weakness", "Toisen havainto")
    )
    at = app(code=workshop.code, p=token).run()

    assert not at.exception
    assert at.subheader[0].value == t("fi", "observe.mine", n=1)
    assert [x.value for x in at.text] == ["Oma havainto"]


@pytest.mark.parametrize(
    ("kind", "viewpoint", "text", "message"),
    [
        (None, "strategy", "Hyvä havainto", t("fi", "error.kind_missing")),
        ("weakness", None, "Hyvä havainto", t("fi", "error.viewpoint_missing")),
        ("weakness", "strategy", "   ", t("fi", "error.empty", field=t("fi", "field.text"))),
    ],
    ids=["no kind", "no viewpoint", "blank text"],
)
def test_an_incomplete_observation_is_refused_and_nothing_is_stored(
    store, app, observing, kind, viewpoint, text, message
):
    workshop, _, me, token = observing
    at = app(code=workshop.code, p=token).run()
    _submit_observation(at, kind=kind, viewpoint=viewpoint, text=text)

    assert not at.exception
    assert [e.value for e in at.error] == [message]
    assert observations.list_own(store, me) == []


def test_an_observation_longer_than_280_characters_is_never_stored(store, app, observing):
    workshop, _, me, token = observing
    at = app(code=workshop.code, p=token).run()
    # The browser stops typing at max_chars; a crafted request need not.
    _submit_observation(at, kind="strength", viewpoint="feedback", text="x" * 300)

    stored = [o.text for o in observations.list_own(store, me)]
    too_long = t(
        "fi", "error.too_long", field=t("fi", "field.text"), max=observations.MAX_OBSERVATION
    )
    # Either the page refuses it with the catalog message, or Streamlit cuts it to max_chars.
    assert [e.value for e in at.error] == [too_long] or stored == ["x" * 280]
    assert all(len(text) <= observations.MAX_OBSERVATION for text in stored)
    assert not at.exception


def test_locked_input_shows_the_closed_message_and_no_form(store, app, observing):
    workshop, key, _, token = observing
    workshops.set_input_open(store, key, False)
    at = app(code=workshop.code, p=token).run()

    assert not at.exception
    assert [i.value for i in at.info] == [t("fi", "phone.input_closed")]
    assert not at.text_area
    assert not at.radio
    assert not [b for b in at.button if b.form_id]


def test_input_locked_after_the_form_was_drawn_stores_nothing(store, app, observing):
    workshop, key, me, token = observing
    at = app(code=workshop.code, p=token).run()
    workshops.set_input_open(store, key, False)
    _submit_observation(at, kind="strength", viewpoint="strategy", text="Myöhässä")

    assert not at.exception
    assert observations.list_own(store, me) == []
    assert [i.value for i in at.info] == [t("fi", "phone.input_closed")]


def test_a_wrong_token_asks_the_phone_to_join_again(store, app, new_workshop, joined):
    workshop, _ = new_workshop(title="Tuntematon linkki")
    joined(workshop)
    at = app(code=workshop.code, p="not-a-real-token").run()

    assert not at.exception
    assert [e.value for e in at.error] == [t("fi", "error.participant_unknown")]
    assert [b.label for b in at.button] == [t("fi", "join.again")]

    at.button[0].click().run()
    assert not at.exception
    assert "p" not in at.query_params
    assert at.title[0].value == "Tuntematon linkki"
    assert at.radio[0].label == t("fi", "join.role")


def test_a_token_from_another_workshop_is_not_accepted(store, app, new_workshop, joined):
    mine, _ = new_workshop(title="Oma paja")
    other, _ = new_workshop(title="Toinen paja")
    _, token = joined(other)
    at = app(code=mine.code, p=token).run()

    assert not at.exception
    assert [e.value for e in at.error] == [t("fi", "error.participant_unknown")]
    assert "Toinen paja" not in [x.value for x in at.title]


def test_switching_the_phone_to_english_shows_english_texts(store, app, observing):
    workshop, _, _, token = observing
    at = app(code=workshop.code, p=token).run()
    assert at.header[0].value.endswith(t("fi", "step.observe.title"))

    at.segmented_control(key="lang_switch").set_value("en").run()

    assert not at.exception
    assert at.session_state["lang"] == "en"
    assert at.header[0].value.endswith(t("en", "step.observe.title"))
    assert at.subheader[0].value == t("en", "observe.mine", n=0)
    assert [r.label for r in at.radio] == [t("en", "observe.kind"), t("en", "observe.viewpoint")]
    assert [b.label for b in at.button if b.form_id] == [t("en", "observe.submit")]


def test_the_phones_own_language_survives_a_reload(store, app, observing):
    workshop, _, _, token = observing
    at = app(code=workshop.code, p=token).run()
    at.segmented_control(key="lang_switch").set_value("en").run()
    assert at.query_params["lang"] == "en"

    # A reload is a new session on the same address.
    reloaded = app(code=workshop.code, p=token, lang="en").run()

    assert not reloaded.exception
    assert reloaded.header[0].value.endswith(t("en", "step.observe.title"))


def test_an_english_workshop_speaks_english_on_the_phone(store, app, new_workshop, joined):
    workshop, _ = new_workshop(language="en", step=Step.OBSERVE)
    _, token = joined(workshop)
    at = app(code=workshop.code, p=token).run()

    assert not at.exception
    assert t("en", "step.observe.phone") in [m.value for m in at.markdown]
    assert at.subheader[0].value == t("en", "observe.mine", n=0)


@pytest.mark.parametrize(
    ("typed", "heard"),
    [
        ("Long queues at the till", "Dots: Long queues at the till"),
        ("*Rude* [staff](http://x.io) :fire: `now`", "Dots: Rude staff http //x io fire now"),
        ("x" * 300, "Dots: " + "x" * 80),
    ],
)
def test_a_hidden_label_names_typed_text_for_a_screen_reader_without_markup(typed, heard):
    # A screen reader reads a collapsed label as given: no backslashes, and no markup to run.
    assert words.hidden_label("Dots", typed) == heard


def test_a_phone_follows_its_room_so_the_facilitators_changes_reach_it_at_once(
    store, app, new_workshop, joined, monkeypatch
):
    """The phone's checking fragment signs it up for the room's pushes (server/push.py)."""
    from server import push

    monkeypatch.setattr(push, "FOLLOWERS", push.Followers())
    workshop, _ = new_workshop(title="Seuraava paja")
    _, token = joined(workshop)
    at = app(code=workshop.code, p=token).run()

    assert not at.exception
    ((session_id, fragment_id),) = push.FOLLOWERS.of(workshop.id)
    assert session_id and fragment_id
