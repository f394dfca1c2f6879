"""Wrong passphrases and wrong codes are limited: no one can try many of them quickly.

The throttles run on a fake clock that moves when they make the guesser sleep and when a locked
guesser waits as told, so a day of guessing takes no real time.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from types import SimpleNamespace

import pytest
from streamlit.testing.v1 import AppTest

from facilitator.domain import Language
from facilitator.errors import NotAuthorised, NotFound, TooManyAttempts
from facilitator.language.i18n import t
from facilitator.room import workshops
from facilitator.steps import participants
from facilitator.store import security
from facilitator.store.db import Store
from pages.widgets import signin, words

DAY_S = 24 * 60 * 60
# A day of guessing, waiting exactly as long as told each time, gets fewer tries than this.
PER_DAY = 100


def _unknown_code(store: Store) -> str:
    while True:
        code = security.new_join_code()
        try:
            workshops.find_by_code(store, code)
        except NotFound:
            return code


def _guesses_in(seconds: float, guess: Callable[[], object], fake_time) -> int:  # type: ignore[no-untyped-def]
    """How many wrong guesses a script makes in `seconds` if it waits just as long as told."""
    start, made = fake_time.now, 0
    while fake_time.now - start < seconds:
        try:
            guess()
        except TooManyAttempts as locked:
            fake_time.now += locked.params["seconds"]
        except (NotAuthorised, NotFound):
            made += 1
        else:
            raise AssertionError("a guess meant to be wrong was let in")
    return made


# ---------------------------------------------------------------- services


def test_wrong_passphrases_lock_the_workshop_after_the_free_attempts(
    timed_store: Store, make_workshop: Callable[..., tuple], passphrase: str, fake_time
) -> None:
    workshop, _ = make_workshop(timed_store)
    for _ in range(timed_store.login_throttle.free_attempts):
        with pytest.raises(NotAuthorised):
            workshops.login(timed_store, workshop.code, "not the passphrase")
    # Locked: even the right passphrase is refused, so the lock tells a guesser nothing.
    with pytest.raises(TooManyAttempts) as locked:
        workshops.login(timed_store, workshop.code, passphrase)
    wait = locked.value.params["seconds"]
    assert wait > 0
    for language in Language:
        assert str(wait) in t(language, locked.value.key, **locked.value.params)

    fake_time.now += wait
    assert workshops.login(timed_store, workshop.code, passphrase)[0] == workshop


def test_each_wrong_guess_makes_the_guesser_wait_even_before_the_lock(
    timed_store: Store, make_workshop: Callable[..., tuple], fake_time
) -> None:
    workshop, _ = make_workshop(timed_store)
    with pytest.raises(NotAuthorised):
        workshops.login(timed_store, workshop.code, "not the passphrase")
    with pytest.raises(NotFound):
        participants.find_for_join(timed_store, _unknown_code(timed_store), "ip:198.51.100.7")
    assert len(fake_time.slept) == 2
    assert min(fake_time.slept) > 0


def test_a_day_of_guessing_one_workshops_passphrase_gets_few_tries(
    timed_store: Store, make_workshop: Callable[..., tuple], fake_time
) -> None:
    workshop, _ = make_workshop(timed_store)
    made = _guesses_in(
        DAY_S, lambda: workshops.login(timed_store, workshop.code, "guess"), fake_time
    )
    assert timed_store.login_throttle.free_attempts <= made < PER_DAY


def test_a_day_of_guessing_codes_at_the_login_gets_few_tries(
    timed_store: Store, make_workshop: Callable[..., tuple], fake_time
) -> None:
    # Every guess a different code, so the code's own count never grows: the client's does.
    make_workshop(timed_store)

    def guess() -> object:
        return workshops.login(timed_store, _unknown_code(timed_store), "guess", "ip:203.0.113.9")

    made = _guesses_in(DAY_S, guess, fake_time)
    assert timed_store.login_throttle.free_attempts <= made < PER_DAY


def test_a_day_of_guessing_join_codes_gets_few_tries(
    timed_store: Store, make_workshop: Callable[..., tuple], fake_time
) -> None:
    make_workshop(timed_store)

    def guess() -> object:
        return participants.find_for_join(timed_store, _unknown_code(timed_store), "ip:203.0.113.9")

    made = _guesses_in(DAY_S, guess, fake_time)
    assert timed_store.join_throttle.free_attempts <= made < PER_DAY


def test_a_locked_phone_cannot_find_even_a_right_code_but_other_phones_can(
    timed_store: Store, make_workshop: Callable[..., tuple]
) -> None:
    workshop, _ = make_workshop(timed_store)
    for _ in range(timed_store.join_throttle.free_attempts):
        with pytest.raises(NotFound):
            participants.find_for_join(timed_store, _unknown_code(timed_store), "ip:203.0.113.9")
    with pytest.raises(TooManyAttempts):
        participants.find_for_join(timed_store, workshop.code, "ip:203.0.113.9")
    assert participants.find_for_join(timed_store, workshop.code, "ip:203.0.113.10") == workshop


def test_a_login_client_locked_by_guessing_codes_is_refused_everywhere(
    timed_store: Store, make_workshop: Callable[..., tuple], passphrase: str
) -> None:
    workshop, _ = make_workshop(timed_store)
    for _ in range(timed_store.login_throttle.free_attempts):
        with pytest.raises(NotAuthorised):
            workshops.login(timed_store, _unknown_code(timed_store), passphrase, "ip:203.0.113.9")
    with pytest.raises(TooManyAttempts):
        workshops.login(timed_store, workshop.code, passphrase, "ip:203.0.113.9")
    # The workshop itself is not locked: its facilitator elsewhere still gets in.
    assert workshops.login(timed_store, workshop.code, passphrase, "ip:192.0.2.1")[0] == workshop


def test_an_unknown_code_costs_the_same_passphrase_work_as_a_wrong_passphrase(
    timed_store: Store,
    make_workshop: Callable[..., tuple],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Otherwise how long a refusal takes would tell which codes exist.
    workshop, _ = make_workshop(timed_store)
    with pytest.raises(NotAuthorised):  # once before counting: the decoy is made on first use
        workshops.login(timed_store, _unknown_code(timed_store), "not the passphrase")
    real = hashlib.scrypt
    costs: list[tuple[int, int, int]] = []

    def counted(password: bytes, **params: int) -> bytes:
        costs.append((params["n"], params["r"], params["p"]))
        return real(password, **params)

    monkeypatch.setattr(hashlib, "scrypt", counted)
    with pytest.raises(NotAuthorised):
        workshops.login(timed_store, workshop.code, "not the passphrase")
    known = list(costs)
    costs.clear()
    with pytest.raises(NotAuthorised):
        workshops.login(timed_store, _unknown_code(timed_store), "not the passphrase")
    assert known and costs == known


# ---------------------------------------------------------------- pages


def _lock_message(language: str, shown: list[str]) -> int:
    """The seconds in the lock message, if `shown` is exactly that message in this language."""
    # The marker as text: t() would write a number with its thousands grouped ("987 654").
    template = re.escape(t(language, "error.too_many_attempts", seconds="987654"))
    assert len(shown) == 1, shown
    found = re.fullmatch(template.replace("987654", r"(\d+)"), shown[0])
    assert found, shown
    return int(found[1])


@pytest.mark.parametrize("language", ["fi", "en"])
def test_the_join_page_locks_a_phone_that_tries_wrong_codes(
    page_store: Store,
    page: Callable[..., AppTest],
    make_workshop: Callable[..., tuple],
    fake_time,
    language: str,
) -> None:
    workshop, _ = make_workshop(page_store)
    at = page(code=_unknown_code(page_store), lang=language)
    for _ in range(page_store.join_throttle.free_attempts):
        at.run()  # a reload: the same phone trying again
        assert not at.exception
        assert [e.value for e in at.error] == [t(language, "error.code_unknown")]

    at.run()
    wait = _lock_message(language, [e.value for e in at.error])
    assert 0 < wait <= page_store.join_throttle.base_lock_s + 1

    # While locked, the right code opens nothing either.
    at.query_params["code"] = workshop.code
    at.run()
    assert not at.exception
    _lock_message(language, [e.value for e in at.error])
    assert not at.radio

    fake_time.now += wait
    at.run()
    assert not at.exception
    assert not at.error
    assert at.title[0].value == workshop.title
    assert at.radio[0].label == t(language, "join.role")


def _try_login(at: AppTest, code: str, passphrase: str) -> AppTest:
    at.text_input(key="resume_code").input(code)
    at.text_input(key="resume_pass").input(passphrase)
    (button,) = [b for b in at.button if b.form_id == "resume_workshop"]
    return button.click().run()


@pytest.mark.parametrize("language", ["fi", "en"])
def test_the_console_login_locks_after_wrong_passphrases(
    page_store: Store,
    page: Callable[..., AppTest],
    make_workshop: Callable[..., tuple],
    passphrase: str,
    fake_time,
    monkeypatch: pytest.MonkeyPatch,
    language: str,
) -> None:
    # The start page's language choice, fixed for the whole session: AppTest re-labels every
    # widget outside the script run on each click, where the device's choice is not at hand.
    monkeypatch.setattr(words, "lang", lambda: Language(language))
    workshop, _ = make_workshop(page_store)
    at = page().run()
    for _ in range(page_store.login_throttle.free_attempts):
        _try_login(at, workshop.code, "not the passphrase")
        assert not at.exception
        assert [e.value for e in at.error] == [t(language, "error.login_failed")]

    _try_login(at, workshop.code, passphrase)
    assert not at.exception
    wait = _lock_message(language, [e.value for e in at.error])
    assert 0 < wait <= page_store.login_throttle.base_lock_s + 1
    assert signin.FKEY not in at.session_state

    fake_time.now += wait
    _try_login(at, workshop.code, passphrase)
    assert not at.exception
    assert workshops.authorise(page_store, at.session_state[signin.FKEY]) == workshop.id
    assert at.title[0].value == workshop.title


@pytest.mark.parametrize(
    ("address", "forwarded", "client"),
    [
        # A phone straight on the network: its address; a header it sends changes nothing.
        ("203.0.113.5", "198.51.100.1", "ip:203.0.113.5"),
        ("203.0.113.5", None, "ip:203.0.113.5"),
        # Through a proxy on this machine: the last hop the proxy added names the phone.
        (None, "198.51.100.1, 10.0.0.2", "ip:10.0.0.2"),
        # Neither: one key for all, so a fresh session per guess gains nothing.
        (None, None, "local"),
    ],
)
def test_the_guesser_is_known_by_address_not_by_session(
    monkeypatch: pytest.MonkeyPatch, address: str | None, forwarded: str | None, client: str
) -> None:
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    monkeypatch.setattr(signin.st, "context", SimpleNamespace(ip_address=address, headers=headers))
    assert signin.client_id() == client
