"""A database that cannot be reached (PostgreSQL restarting): every page says so in the user's
language instead of a traceback, keeps what was typed and the facilitator's sign-in, and carries
on by itself once the database answers again (issue 18, point 5)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from streamlit.testing.v1 import AppTest

from facilitator.data import demo
from facilitator.domain import Kind, Step
from facilitator.errors import StoreUnavailable
from facilitator.followup import people
from facilitator.followup.people import Purpose
from facilitator.language.i18n import t
from facilitator.room import workshops
from facilitator.steps import observations
from facilitator.store.db import Store


class Outage:
    """Makes every call of the app's store fail as a lost PostgreSQL server's do, until ended."""

    def __init__(self, store: Store) -> None:
        self.store = store
        # A patch of its own: ending the outage must not undo the app's KOHTAAMO_DB.
        self.monkeypatch = pytest.MonkeyPatch()

    def begin(self, *, forget: int | None = None) -> None:
        """From now on the server is away; with `forget`, the process holds nothing of that
        workshop in memory either (as a freshly started one), so the page's first read fails."""

        @contextmanager
        def lost(*_args: object) -> Iterator[None]:
            raise StoreUnavailable("connection refused")
            yield

        def lost_one(*_args: object) -> list[tuple]:
            raise StoreUnavailable("connection refused")

        self.monkeypatch.setattr(self.store, "read", lost)
        self.monkeypatch.setattr(self.store, "write", lost)
        self.monkeypatch.setattr(self.store, "write_one", lost_one)
        if forget is not None:
            self.store.live.forget(forget)

    def end(self) -> None:
        self.monkeypatch.undo()


@pytest.fixture
def outage(store: Store) -> Iterator[Outage]:
    lost = Outage(store)
    yield lost
    lost.end()


def _no_traceback(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


@pytest.mark.parametrize("language", ["fi", "en"])
def test_the_console_says_in_the_workshops_language_that_the_database_is_away(
    app, new_workshop, outage, language
):
    workshop, key = new_workshop(title="Katkopaja", language=language)
    at = app(key=key).run()
    _no_traceback(at)

    outage.begin(forget=workshop.id)
    at.run()
    _no_traceback(at)
    assert [w.value for w in at.warning] == [t(language, "outage.console")]
    # Not a refused sign-in: the facilitator is still signed in when the database is back.
    assert at.session_state["facilitator_key"] == key

    outage.end()
    at.run()
    _no_traceback(at)
    assert t(language, "outage.console") not in [w.value for w in at.warning]
    assert at.title[0].value == "Katkopaja"


def _observation_form(at: AppTest) -> tuple:
    form = next(r.form_id for r in at.radio if r.form_id.startswith("new_observation_"))
    kind, viewpoint = (r for r in at.radio if r.form_id == form)
    (area,) = [a for a in at.text_area if a.form_id == form]
    (submit,) = [b for b in at.button if b.form_id == form]
    return kind, viewpoint, area, submit


@pytest.mark.parametrize("language", ["fi", "en"])
def test_a_phone_says_a_moment_reconnecting_in_the_workshops_language(
    app, new_workshop, joined, outage, language
):
    workshop, _ = new_workshop(title="Katkopaja", language=language)
    _, token = joined(workshop, name="Aino")
    at = app(code=workshop.code, p=token).run()
    _no_traceback(at)

    outage.begin(forget=workshop.id)
    at.run()
    _no_traceback(at)
    assert [i.value for i in at.info] == [t(language, "outage.phone")]

    outage.end()
    at.run()
    _no_traceback(at)
    assert not at.info
    assert at.title[0].value == "Katkopaja"


def test_a_phone_keeps_what_was_typed_through_the_outage(store, app, new_workshop, joined, outage):
    workshop, _ = new_workshop(title="Katkopaja", step=Step.OBSERVE)
    me, token = joined(workshop, name="Aino")
    at = app(code=workshop.code, p=token).run()
    _no_traceback(at)
    typed = "Asiakas tervehditään ovella."
    kind, viewpoint, area, submit = _observation_form(at)
    kind.set_value("strength")
    viewpoint.set_value("experience")
    area.set_value(typed)

    outage.begin(forget=workshop.id)  # as a process that has just started: nothing in memory
    submit.click().run()
    _no_traceback(at)
    assert [i.value for i in at.info] == [t("fi", "outage.phone")]
    assert not at.text_area  # the page could not be drawn ...

    outage.end()
    at.run()
    _no_traceback(at)
    kind, viewpoint, area, submit = _observation_form(at)
    assert area.value == typed  # ... and comes back with the text as it was typed
    assert t("fi", "outage.phone") not in [i.value for i in at.info]
    submit.click().run()
    (stored,) = observations.list_own(store, me)
    assert stored.text == typed


def test_a_send_refused_by_the_lost_database_keeps_the_form_and_says_so(
    store, app, new_workshop, joined, outage
):
    workshop, _ = new_workshop(title="Katkopaja", step=Step.OBSERVE)
    me, token = joined(workshop, name="Aino")
    at = app(code=workshop.code, p=token).run()
    kind, viewpoint, area, submit = _observation_form(at)
    kind.set_value("weakness")
    viewpoint.set_value("strategy")
    area.set_value("Jonossa ei kerrota odotusaikaa.")

    outage.begin()  # the page is drawn from memory; only the send reaches the server
    submit.click().run()
    _no_traceback(at)
    assert t("fi", "error.store_unavailable") in [e.value for e in at.error]
    assert _observation_form(at)[2].value == "Jonossa ei kerrota odotusaikaa."

    outage.end()
    _observation_form(at)[3].click().run()
    assert [o.text for o in observations.list_own(store, me)] == ["Jonossa ei kerrota odotusaikaa."]


def test_the_projector_says_a_moment_reconnecting(store, app, new_workshop, outage):
    workshop, _ = new_workshop(title="Katkopaja", step=Step.OBSERVE)
    outage.begin(forget=workshop.id)
    at = app(code=workshop.code).run()
    at.switch_page("pages/projector.py").run()
    _no_traceback(at)
    assert t("fi", "outage.phone") in [i.value for i in at.info]


def test_the_start_page_says_the_database_is_away_when_resuming(store, app, new_workshop, outage):
    workshop, _ = new_workshop(title="Katkopaja")
    at = app().run()
    outage.begin(forget=workshop.id)
    at.text_input(key="resume_code").set_value(workshop.code)
    at.text_input(key="resume_pass").set_value("tunnuslause testeille")  # conftest.TEST_PASSPHRASE
    next(b for b in at.button if b.form_id == "resume_workshop").click().run()
    _no_traceback(at)
    assert t("fi", "error.store_unavailable") in [e.value for e in at.error]
    assert "facilitator_key" not in at.session_state


def _finished_demo(store: Store):
    code = demo.create_demo(store, follow_up=False)
    return workshops.login(store, code, demo.DEMO_PASSPHRASE)


def test_the_follow_up_console_says_the_database_is_away_and_comes_back(store, app, outage):
    workshop, key = _finished_demo(store)
    at = app(key=key).run()
    _no_traceback(at)
    tabs = [tab.label for tab in at.tabs]
    assert tabs  # the follow-up's tabs

    outage.begin(forget=workshop.id)
    at.run()
    _no_traceback(at)
    assert t("fi", "outage.console") in [w.value for w in at.warning]
    assert at.session_state["facilitator_key"] == key

    outage.end()
    at.run()
    _no_traceback(at)
    assert [tab.label for tab in at.tabs] == tabs


def test_an_observers_phone_says_a_moment_reconnecting(store, app, outage):
    workshop, key = _finished_demo(store)
    code = people.open_code(store, key, Purpose.OBSERVE)
    _, token = people.join(store, people.find_code(store, code.code, client="test"), name="Mirja")
    at = app(code=code.code, f=token).run()
    _no_traceback(at)

    outage.begin(forget=workshop.id)
    at.run()
    _no_traceback(at)
    assert [i.value for i in at.info] == [t("fi", "outage.phone")]

    outage.end()
    at.run()
    _no_traceback(at)
    assert at.title[0].value == workshop.title


def test_signing_out_while_the_database_is_away_signs_out_without_a_traceback(
    app, new_workshop, outage
):
    workshop, key = new_workshop(title="Katkopaja")
    at = app(key=key).run()
    sign_out = next(b for b in at.button if b.label == t("fi", "console.sign_out"))
    outage.begin(forget=workshop.id)
    sign_out.click().run()
    _no_traceback(at)
    assert "facilitator_key" not in at.session_state


def test_the_consoles_form_comes_back_as_typed_after_the_outage(store, app, new_workshop, outage):
    workshop, key = new_workshop(title="Katkopaja", step=Step.OBSERVE)
    at = app(key=key).run()
    typed = "Puhelimessa kysytään nimi kahdesti."
    (area,) = [a for a in at.text_area if (a.form_id or "").startswith("add_for_")]
    area.set_value(typed)
    at.radio(key="add_for_kind").set_value(Kind.WEAKNESS)
    (send,) = [b for b in at.button if (b.form_id or "").startswith("add_for_")]

    outage.begin(forget=workshop.id)
    send.click().run()
    _no_traceback(at)
    assert t("fi", "outage.console") in [w.value for w in at.warning]

    outage.end()
    at.run()
    _no_traceback(at)
    (area,) = [a for a in at.text_area if (a.form_id or "").startswith("add_for_")]
    assert area.value == typed
    assert at.radio(key="add_for_kind").value == Kind.WEAKNESS
