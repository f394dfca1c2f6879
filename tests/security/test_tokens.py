"""Participant tokens and facilitator keys: at least 128 bits each, and stored only as hashes."""

from __future__ import annotations

import base64
import hashlib
import math
import string
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest

from facilitator.domain import Role
from facilitator.room import workshops
from facilitator.steps import participants
from facilitator.store import security
from facilitator.store.db import Store

DRAWS = 300
URL_SAFE = string.ascii_letters + string.digits + "-_"
PASSPHRASE = "Tunnus-Kuikka-5521"
FORM = {
    "title": "Tunnistepaja",
    "organisation": "Testi Oy",
    "language": "fi",
    "customer_type": "consumer",
    "industry": "retail",
    "channels": ["in_person"],
    "passphrase": PASSPHRASE,
}


@dataclass(frozen=True)
class Issued:
    store: Store
    tokens: dict[str, list[str]]


@pytest.fixture(scope="module")
def issued(make_module_store: Callable[..., Store]) -> Iterator[Issued]:
    """Tokens as the services hand them out: to phones joining, and to facilitators signing in."""
    store = make_module_store()
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(security._SCRYPT, "n", 2**4)  # cheap hashes; the cost is tested elsewhere
        workshop, first_key = workshops.create(store, workshops.validate_new(**FORM))
        phones = [participants.join(store, workshop, Role.FRONTLINE)[1] for _ in range(DRAWS)]
        keys = [first_key.token] + [
            workshops.login(store, workshop.code, PASSPHRASE)[1].token for _ in range(DRAWS - 1)
        ]
    yield Issued(store, {"participant token": phones, "facilitator key": keys})


@pytest.mark.parametrize("kind", ["participant token", "facilitator key"])
def test_every_token_carries_at_least_128_bits(issued: Issued, kind: str) -> None:
    tokens = issued.tokens[kind]
    assert len(set(tokens)) == len(tokens)
    for token in tokens:
        # Each character is one of 64, so carries at most 6 bits; decoded, the random bytes.
        assert set(token) <= set(URL_SAFE)
        assert len(token) * math.log2(len(URL_SAFE)) >= 128
        assert len(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))) * 8 >= 128


@pytest.mark.parametrize("kind", ["participant token", "facilitator key"])
def test_every_position_of_a_token_varies_over_the_whole_alphabet(
    issued: Issued, kind: str
) -> None:
    # A long token with a fixed or narrow part (a prefix, a version digit, hex) carries fewer
    # bits than its length says. Over 300 draws a uniform position shows about 63 of its 64
    # characters; the bits counted here are a lower bound on what each position carries.
    tokens = issued.tokens[kind]
    assert len({len(t) for t in tokens}) == 1
    seen = [len({t[i] for t in tokens}) for i in range(len(tokens[0]))]
    assert min(seen) >= 48, seen
    assert sum(math.log2(n) for n in seen) >= 128
    assert set("".join(tokens)) == set(URL_SAFE)


def _every_value(store: Store) -> list[tuple[str, str, str]]:
    """(table, column, value as text) for every value of every table."""
    found = []
    with store.read() as cur:
        columns = cur.execute(
            "SELECT table_name, column_name FROM information_schema.columns"
            " WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position"
        ).fetchall()
        for table, column in columns:
            rows = cur.execute(f'SELECT CAST("{column}" AS VARCHAR) FROM {table}').fetchall()  # noqa: S608
            found += [(table, column, value) for (value,) in rows if value is not None]
    return found


def _sha256(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def test_the_database_holds_only_the_hashes_of_tokens(issued: Issued) -> None:
    phones, keys = issued.tokens["participant token"], issued.tokens["facilitator key"]
    values = _every_value(issued.store)
    assert len(values) > 2 * DRAWS  # the search looked at the rows the tokens were issued for
    for secret in [*phones, *keys, PASSPHRASE]:
        assert not [(table, column) for table, column, v in values if secret in v]

    with issued.store.read() as cur:
        stored_phones = cur.execute("SELECT token_hash FROM participants").fetchall()
        stored_keys = cur.execute("SELECT token_hash FROM facilitator_sessions").fetchall()
    assert {h for (h,) in stored_phones} == {_sha256(t) for t in phones}
    assert {h for (h,) in stored_keys} == {_sha256(t) for t in keys}


def test_the_passphrase_is_stored_only_as_a_salted_scrypt_hash(
    store: Store, make_workshop: Callable[..., tuple], passphrase: str
) -> None:
    first, _ = make_workshop(store)
    second, _ = make_workshop(store)
    with store.read() as cur:
        stored = dict(cur.execute("SELECT id, passphrase_hash FROM workshops").fetchall())
    for workshop in (first, second):
        assert stored[workshop.id].startswith("scrypt$")
        assert passphrase not in stored[workshop.id]
    # The same passphrase, a different salt: equal passphrases cannot be told apart.
    assert stored[first.id] != stored[second.id]
