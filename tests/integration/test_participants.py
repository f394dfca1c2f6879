"""Joining from a phone, finding the same person again by their token, and counts by role."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from facilitator.domain import Role
from facilitator.errors import InputClosed, InvalidInput, NotFound, TooManyAttempts
from facilitator.room import workshops
from facilitator.steps import participants
from facilitator.store.db import Store


def test_a_participant_joins_with_a_role_and_an_optional_name(
    any_store: Store, make_workshop: Callable[..., tuple]
) -> None:
    workshop, _ = make_workshop(any_store)
    named, _ = participants.join(any_store, workshop, "management", "  Sari \n Virtanen ")
    anonymous, _ = participants.join(any_store, workshop, Role.FRONTLINE)
    assert (named.role, named.name, named.workshop_id) == (
        Role.MANAGEMENT,
        "Sari Virtanen",
        workshop.id,
    )
    assert (anonymous.role, anonymous.name) == (Role.FRONTLINE, None)
    assert named.id != anonymous.id


@pytest.mark.parametrize("name", ["", "   ", "\x00\u202e", None])
def test_a_blank_name_joins_anonymously(
    store: Store, make_workshop: Callable[..., tuple], name: object
) -> None:
    workshop, _ = make_workshop(store)
    participant, _ = participants.join(store, workshop, "other", name)
    assert participant.name is None


def test_a_too_long_name_is_refused(store: Store, make_workshop: Callable[..., tuple]) -> None:
    workshop, _ = make_workshop(store)
    with pytest.raises(InvalidInput) as caught:
        participants.join(store, workshop, "other", "x" * (participants.MAX_NAME + 1))
    assert caught.value.key == "error.too_long"
    assert caught.value.params["field"] == "name"


def test_the_same_token_finds_the_same_participant_again(
    any_store: Store, make_workshop: Callable[..., tuple]
) -> None:
    workshop, _ = make_workshop(any_store)
    participant, token = participants.join(any_store, workshop, "frontline", "Aino")
    participants.join(any_store, workshop, "frontline", "Mikko")
    assert participants.by_token(any_store, workshop.id, token) == participant
    assert participants.by_token(any_store, workshop.id, token) == participant


def test_each_participant_gets_their_own_token(
    store: Store, make_workshop: Callable[..., tuple]
) -> None:
    workshop, _ = make_workshop(store)
    tokens = {participants.join(store, workshop, "frontline")[1] for _ in range(20)}
    assert len(tokens) == 20


def test_the_token_is_not_stored_as_such(store: Store, make_workshop: Callable[..., tuple]) -> None:
    workshop, _ = make_workshop(store)
    _, token = participants.join(store, workshop, "frontline")
    with store.read() as cur:
        stored = cur.execute("SELECT token_hash FROM participants").fetchall()
    assert token not in {row[0] for row in stored}


@pytest.mark.parametrize(
    "token",
    [None, "", 123, "a-token-nobody-was-given", "{token}x", "{upper}"],
    ids=["none", "empty", "int", "unknown", "altered", "upper-cased"],
)
def test_a_wrong_token_finds_nobody(
    store: Store, make_workshop: Callable[..., tuple], token: object
) -> None:
    workshop, _ = make_workshop(store)
    _, real = participants.join(store, workshop, "frontline")
    if isinstance(token, str):
        token = token.format(token=real, upper=real.upper())
    with pytest.raises(NotFound) as caught:
        participants.by_token(store, workshop.id, token)
    assert caught.value.key == "error.participant_unknown"


def test_a_token_does_not_open_another_workshop(
    store: Store, make_workshop: Callable[..., tuple]
) -> None:
    mine, _ = make_workshop(store)
    other, _ = make_workshop(store)
    _, token = participants.join(store, mine, "frontline")
    with pytest.raises(NotFound):
        participants.by_token(store, other.id, token)


def test_nobody_joins_when_joining_is_closed(
    store: Store, make_workshop: Callable[..., tuple]
) -> None:
    workshop, key = make_workshop(store)
    participants.join(store, workshop, "frontline")
    workshops.set_joining_open(store, key, False)
    with pytest.raises(InputClosed) as caught:
        participants.join(store, workshop, "management")
    assert caught.value.key == "error.joining_closed"
    assert sum(participants.counts_by_role(store, workshop.id).values()) == 1


def test_joining_opens_again(store: Store, make_workshop: Callable[..., tuple]) -> None:
    workshop, key = make_workshop(store)
    workshops.set_joining_open(store, key, False)
    workshops.set_joining_open(store, key, True)
    participant, _ = participants.join(store, workshop, "management")
    assert participant.role is Role.MANAGEMENT


def test_those_already_in_stay_in_when_joining_closes(
    store: Store, make_workshop: Callable[..., tuple]
) -> None:
    workshop, key = make_workshop(store)
    participant, token = participants.join(store, workshop, "frontline")
    workshops.set_joining_open(store, key, False)
    assert participants.by_token(store, workshop.id, token) == participant


@pytest.mark.parametrize("role", ["boss", "", None, "Management", 1])
def test_a_bad_role_is_refused(
    store: Store, make_workshop: Callable[..., tuple], role: object
) -> None:
    workshop, _ = make_workshop(store)
    with pytest.raises(InvalidInput) as caught:
        participants.join(store, workshop, role)
    assert caught.value.key == "error.choice"
    assert caught.value.params["field"] == "role"
    assert sum(participants.counts_by_role(store, workshop.id).values()) == 0


def test_counts_by_role_names_every_role_and_counts_only_this_workshop(
    store: Store, make_workshop: Callable[..., tuple]
) -> None:
    workshop, _ = make_workshop(store)
    other, _ = make_workshop(store)
    for role in ["frontline", "frontline", "frontline", "management", "other"]:
        participants.join(store, workshop, role)
    participants.join(store, other, "facilitator")
    assert participants.counts_by_role(store, workshop.id) == {
        Role.MANAGEMENT: 1,
        Role.FRONTLINE: 3,
        Role.FACILITATOR: 0,
        Role.OTHER: 1,
    }
    assert participants.counts_by_role(store, other.id) == {
        Role.MANAGEMENT: 0,
        Role.FRONTLINE: 0,
        Role.FACILITATOR: 1,
        Role.OTHER: 0,
    }


def test_the_facilitator_sees_everyone_who_joined_in_order(
    store: Store, make_workshop: Callable[..., tuple]
) -> None:
    workshop, key = make_workshop(store)
    other, _ = make_workshop(store)
    joined = [participants.join(store, workshop, "frontline", name)[0] for name in "ABC"]
    participants.join(store, other, "frontline", "Z")
    assert participants.list_for_facilitator(store, key) == joined


def test_a_typed_join_code_finds_the_workshop(
    store: Store, make_workshop: Callable[..., tuple]
) -> None:
    workshop, _ = make_workshop(store)
    found = participants.find_for_join(store, f" {workshop.code.lower()} ", "ip:10.0.0.7")
    assert found.id == workshop.id


def test_a_client_guessing_join_codes_is_locked_out_after_ten(
    store: Store, make_workshop: Callable[..., tuple]
) -> None:
    workshop, _ = make_workshop(store)
    for _ in range(10):
        with pytest.raises(NotFound):
            participants.find_for_join(store, "AAAAAA", "ip:10.0.0.7")
    with pytest.raises(TooManyAttempts):
        participants.find_for_join(store, workshop.code, "ip:10.0.0.7")
    assert participants.find_for_join(store, workshop.code, "ip:10.0.0.8").id == workshop.id


def test_a_participant_found_once_is_found_again_from_memory_and_forgotten_with_the_workshop(
    store: Store, make_workshop: Callable[..., tuple]
) -> None:
    from facilitator.data import backup

    workshop, _key = make_workshop(store)
    me, token = participants.join(store, workshop, Role.FRONTLINE, "Aino")
    assert participants.by_token(store, workshop.id, token) == me
    with store.write() as cur:  # gone from the database behind the process's back
        cur.execute("DELETE FROM participants WHERE id = ?", [me.id])
    assert participants.by_token(store, workshop.id, token) == me
    with pytest.raises(NotFound):
        participants.by_token(store, workshop.id + 1, token)
    backup.delete(store, workshop.id)
    with pytest.raises(NotFound):
        participants.by_token(store, workshop.id, token)
