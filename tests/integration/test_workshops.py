"""Creating a workshop, its passphrase, logging in, and the facilitator's key."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta

import pytest

from facilitator.domain import Channel, CustomerType, Industry, Language, Step
from facilitator.errors import InvalidInput, NotAuthorised, NotFound, TooManyAttempts
from facilitator.room import workshops
from facilitator.room.workshops import FacilitatorKey
from facilitator.steps import participants
from facilitator.store import clock
from facilitator.store.db import Store
from facilitator.store.security import looks_like_code, verify_passphrase
from kohtaamo import cli


def _stored_hash(store: Store, workshop_id: int) -> str:
    with store.read() as cur:
        (hashed,) = cur.execute(
            "SELECT passphrase_hash FROM workshops WHERE id = ?", [workshop_id]
        ).fetchone()
    return hashed


# ---------------------------------------------------------------- creating


def test_a_new_workshop_is_stored_in_the_lobby_with_everything_open(
    any_store: Store, make_workshop: Callable[..., tuple]
) -> None:
    workshop, key = make_workshop(any_store, channels=["web", "in_person", "web"])
    assert looks_like_code(workshop.code)
    assert workshop.title == "Encounter model 2027"
    assert workshop.organisation == "Kotipuoti Oy"
    assert workshop.language is Language.EN
    assert workshop.customer_type is CustomerType.CONSUMER
    assert workshop.industry is Industry.RETAIL
    assert workshop.channels == (Channel.WEB, Channel.IN_PERSON)
    assert workshop.step is Step.LOBBY
    assert (workshop.input_open, workshop.results_visible, workshop.joining_open) == (
        True,
        True,
        True,
    )
    assert workshop.timer_ends_at is None
    assert workshops.get(any_store, workshop.id) == workshop
    assert workshops.authorise(any_store, key) == workshop.id


def test_each_workshop_gets_its_own_code(store: Store, make_workshop: Callable[..., tuple]) -> None:
    codes = {make_workshop(store)[0].code for _ in range(5)}
    assert len(codes) == 5


def test_the_title_is_cleaned_into_one_line(
    store: Store, make_workshop: Callable[..., tuple]
) -> None:
    workshop, _ = make_workshop(store, title="  Kohtaamisen\n malli\x00 2027 ")
    assert workshop.title == "Kohtaamisen malli 2027"


@pytest.mark.parametrize("typed", ["{code}", "{lower}", " {lower} ", "{dashed}"])
def test_a_workshop_is_found_by_its_code_typed_in_any_case(
    store: Store, make_workshop: Callable[..., tuple], typed: str
) -> None:
    workshop, _ = make_workshop(store)
    code = workshop.code
    raw = typed.format(code=code, lower=code.lower(), dashed=f"{code[:3]}-{code[3:]}")
    assert workshops.find_by_code(store, raw).id == workshop.id


@pytest.mark.parametrize("raw", ["", "ACD", "ACD3477", "0O1IL0", "AAAAAA"])
def test_an_unknown_code_is_not_found(store: Store, raw: str) -> None:
    with pytest.raises(NotFound) as caught:
        workshops.find_by_code(store, raw)
    assert caught.value.key == "error.code_unknown"


def test_an_unknown_workshop_id_is_not_found(store: Store) -> None:
    with pytest.raises(NotFound):
        workshops.get(store, 12345)


def test_list_all_gives_every_workshop_newest_first(
    store: Store, make_workshop: Callable[..., tuple]
) -> None:
    first, _ = make_workshop(store, title="First")
    second, _ = make_workshop(store, title="Second")
    assert [w.id for w in workshops.list_all(store)] == [second.id, first.id]


@pytest.mark.parametrize(
    ("overrides", "key", "params"),
    [
        pytest.param({"passphrase": "short"}, "error.passphrase_short", {"min": 8}, id="short"),
        pytest.param({"passphrase": ""}, "error.passphrase_short", {"min": 8}, id="no-pass"),
        pytest.param({"passphrase": None}, "error.passphrase_short", {"min": 8}, id="none-pass"),
        pytest.param(
            {"passphrase": "x" * 201},
            "error.too_long",
            {"field": "passphrase", "max": 200},
            id="long-pass",
        ),
        pytest.param({"title": ""}, "error.empty", {"field": "title"}, id="empty-title"),
        pytest.param({"title": " \n\t "}, "error.empty", {"field": "title"}, id="blank-title"),
        pytest.param({"title": None}, "error.empty", {"field": "title"}, id="none-title"),
        pytest.param(
            {"title": "x" * 121}, "error.too_long", {"field": "title", "max": 120}, id="long"
        ),
        pytest.param({"title": 42}, "error.not_text", {"field": "title"}, id="number-title"),
        pytest.param(
            {"organisation": ""}, "error.empty", {"field": "organisation"}, id="empty-org"
        ),
        pytest.param({"channels": []}, "error.channels_empty", {}, id="no-channels"),
        pytest.param({"channels": ["fax"]}, "error.choice", {"field": "channels"}, id="fax"),
        pytest.param({"language": "sv"}, "error.choice", {"field": "language"}, id="swedish"),
        pytest.param({"language": None}, "error.choice", {"field": "language"}, id="no-lang"),
        pytest.param(
            {"customer_type": "alien"},
            "error.choice",
            {"field": "customer_type"},
            id="bad-customer-type",
        ),
        pytest.param(
            {"industry": "mining"}, "error.choice", {"field": "industry"}, id="bad-industry"
        ),
    ],
)
def test_a_bad_creation_form_is_refused_naming_what_is_wrong(
    new_workshop_form: Callable[..., dict], overrides: dict, key: str, params: dict
) -> None:
    with pytest.raises(InvalidInput) as caught:
        workshops.validate_new(**new_workshop_form(**overrides))
    assert caught.value.key == key
    for name, value in params.items():
        assert caught.value.params[name] == value


def test_a_refused_form_stores_nothing(store: Store, make_workshop: Callable[..., tuple]) -> None:
    with pytest.raises(InvalidInput):
        make_workshop(store, channels=[])
    assert workshops.list_all(store) == []


# ---------------------------------------------------------------- the passphrase


def test_the_passphrase_is_stored_only_as_a_salted_hash(
    passphrase: str, store: Store, make_workshop: Callable[..., tuple]
) -> None:
    first, _ = make_workshop(store)
    second, _ = make_workshop(store)
    stored = _stored_hash(store, first.id)
    assert stored != passphrase
    assert passphrase not in stored
    assert stored.startswith("scrypt$")
    assert verify_passphrase(passphrase, stored)
    assert stored != _stored_hash(store, second.id)


def test_the_passphrase_and_its_hash_never_appear_in_the_cli_state(
    passphrase: str, store: Store, make_workshop: Callable[..., tuple]
) -> None:
    workshop, _ = make_workshop(store)
    stored = _stored_hash(store, workshop.id)
    printed = json.dumps(cli.state(store, workshop.code), ensure_ascii=False)
    assert stored not in printed
    assert passphrase not in printed
    assert "scrypt" not in printed
    assert "passphrase" not in printed


def test_the_workshop_record_does_not_carry_the_passphrase_hash(
    store: Store, make_workshop: Callable[..., tuple]
) -> None:
    workshop, _ = make_workshop(store)
    stored = _stored_hash(store, workshop.id)
    assert stored not in repr(workshop)
    assert stored not in repr(workshops.list_all(store))


# ---------------------------------------------------------------- logging in


def test_the_right_passphrase_gives_a_new_key_that_opens_the_workshop(
    passphrase: str, store: Store, make_workshop: Callable[..., tuple]
) -> None:
    workshop, creator_key = make_workshop(store)
    found, key = workshops.login(store, workshop.code.lower(), passphrase)
    assert found.id == workshop.id
    assert key != creator_key
    assert workshops.authorise(store, key) == workshop.id
    assert workshops.authorise(store, creator_key) == workshop.id


@pytest.mark.parametrize(
    "wrong",
    [
        pytest.param(lambda p: "", id="empty"),
        pytest.param(lambda p: "not the passphrase", id="other"),
        pytest.param(str.upper, id="upper-case"),
        pytest.param(lambda p: p + " ", id="trailing-space"),
        pytest.param(lambda p: p[:-1], id="one-short"),
    ],
)
def test_a_wrong_passphrase_is_refused(
    passphrase: str, store: Store, make_workshop: Callable[..., tuple], wrong: Callable
) -> None:
    workshop, _ = make_workshop(store)
    with pytest.raises(NotAuthorised) as caught:
        workshops.login(store, workshop.code, wrong(passphrase))
    assert caught.value.key == "error.login_failed"


def test_an_unknown_code_fails_the_login_the_same_way(passphrase: str, store: Store) -> None:
    with pytest.raises(NotAuthorised) as caught:
        workshops.login(store, "ACD347", passphrase)
    assert caught.value.key == "error.login_failed"


def test_five_wrong_passphrases_lock_the_login_even_for_the_right_one(
    passphrase: str, store: Store, make_workshop: Callable[..., tuple]
) -> None:
    workshop, _ = make_workshop(store)
    for _ in range(5):
        with pytest.raises(NotAuthorised):
            workshops.login(store, workshop.code, "a wrong guess")
    with pytest.raises(TooManyAttempts) as caught:
        workshops.login(store, workshop.code, passphrase)
    assert caught.value.params["seconds"] > 0


def test_the_lock_counts_the_code_however_it_is_typed(
    passphrase: str, store: Store, make_workshop: Callable[..., tuple]
) -> None:
    workshop, _ = make_workshop(store)
    spellings = [workshop.code, workshop.code.lower(), f" {workshop.code} "]
    for attempt in range(5):
        with pytest.raises(NotAuthorised):
            workshops.login(store, spellings[attempt % 3], "a wrong guess")
    with pytest.raises(TooManyAttempts):
        workshops.login(store, workshop.code.lower(), passphrase)


def test_a_locked_workshop_does_not_lock_another(
    passphrase: str, store: Store, make_workshop: Callable[..., tuple]
) -> None:
    locked, _ = make_workshop(store)
    other, _ = make_workshop(store)
    for _ in range(5):
        with pytest.raises(NotAuthorised):
            workshops.login(store, locked.code, "a wrong guess")
    assert workshops.login(store, other.code, passphrase)[0].id == other.id


def test_a_successful_login_forgets_the_earlier_wrong_guesses(
    passphrase: str, store: Store, make_workshop: Callable[..., tuple]
) -> None:
    workshop, _ = make_workshop(store)
    for _ in range(4):
        with pytest.raises(NotAuthorised):
            workshops.login(store, workshop.code, "a wrong guess")
    workshops.login(store, workshop.code, passphrase)
    for _ in range(4):
        with pytest.raises(NotAuthorised):
            workshops.login(store, workshop.code, "a wrong guess")
    assert workshops.login(store, workshop.code, passphrase)[0].id == workshop.id


# ---------------------------------------------------------------- the facilitator's key


@pytest.mark.parametrize(
    "not_a_key",
    [None, "", "a token", 1, ("id", "token"), {"workshop_id": 1, "token": "t"}],
    ids=["none", "empty", "string", "int", "tuple", "dict"],
)
def test_authorise_refuses_anything_but_a_facilitator_key(
    store: Store, make_workshop: Callable[..., tuple], not_a_key: object
) -> None:
    make_workshop(store)
    with pytest.raises(NotAuthorised):
        workshops.authorise(store, not_a_key)


@pytest.mark.parametrize("token", ["forged-token", "", None, 12345])
def test_authorise_refuses_a_forged_key(
    store: Store, make_workshop: Callable[..., tuple], token: object
) -> None:
    workshop, _ = make_workshop(store)
    with pytest.raises(NotAuthorised):
        workshops.authorise(store, FacilitatorKey(workshop.id, token))  # type: ignore[arg-type]


def test_authorise_refuses_the_key_of_another_workshop(
    store: Store, make_workshop: Callable[..., tuple]
) -> None:
    mine, _ = make_workshop(store)
    _, other_key = make_workshop(store)
    with pytest.raises(NotAuthorised):
        workshops.authorise(store, FacilitatorKey(mine.id, other_key.token))


def test_the_key_of_another_workshop_changes_only_that_workshop(
    store: Store, make_workshop: Callable[..., tuple]
) -> None:
    mine, _ = make_workshop(store)
    other, other_key = make_workshop(store)
    workshops.set_step(store, other_key, "observe")
    assert workshops.get(store, mine.id).step is Step.LOBBY
    assert workshops.get(store, other.id).step is Step.OBSERVE


def test_authorise_refuses_a_participants_token_wrapped_as_a_key(
    store: Store, make_workshop: Callable[..., tuple]
) -> None:
    workshop, _ = make_workshop(store)
    _, token = participants.join(store, workshop, "frontline")
    with pytest.raises(NotAuthorised):
        workshops.authorise(store, FacilitatorKey(workshop.id, token))


def _sign_in_rows(store: Store) -> int:
    with store.read() as cur:
        (count,) = cur.execute("SELECT count(*) FROM facilitator_sessions").fetchone()
    return count


def test_sign_ins_a_day_past_their_end_are_deleted_when_a_new_one_is_given(
    passphrase: str,
    store: Store,
    make_workshop: Callable[..., tuple],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Guards the review of issue 14: only a sign-out ever deleted a sign-in's row."""
    workshop, old_key = make_workshop(store)
    _, recent_key = workshops.login(store, workshop.code, passphrase)
    start = clock.now()

    # A day and a half later: the first sign-in is still told as expired, none is deleted.
    monkeypatch.setattr(clock, "now", lambda: start + timedelta(hours=12 + 23))
    _, fresh_key = workshops.login(store, workshop.code, passphrase)
    assert _sign_in_rows(store) == 3
    with pytest.raises(NotAuthorised) as refused:
        workshops.authorise(store, old_key)
    assert refused.value.key == "error.signin_expired"

    # Past the lifetime and a day: both early rows go as the next sign-in is given.
    monkeypatch.setattr(clock, "now", lambda: start + timedelta(hours=12 + 24, minutes=1))
    _, newest_key = workshops.login(store, workshop.code, passphrase)
    assert _sign_in_rows(store) == 2
    for gone in (old_key, recent_key):
        with pytest.raises(NotAuthorised) as refused:
            workshops.authorise(store, gone)
        assert refused.value.key == "error.not_authorised"
    assert workshops.authorise(store, fresh_key) == workshop.id
    assert workshops.authorise(store, newest_key) == workshop.id
