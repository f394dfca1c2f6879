"""Join codes, tokens, passphrase hashes and the throttle of wrong guesses."""

from __future__ import annotations

import base64
import math
import secrets

import pytest

from facilitator.errors import TooManyAttempts
from facilitator.store.security import (
    CODE_ALPHABET,
    CODE_LENGTH,
    TOKEN_BYTES,
    Throttle,
    hash_passphrase,
    looks_like_code,
    new_join_code,
    new_token,
    normalise_code,
    token_hash,
    verify_passphrase,
)

# ---------------------------------------------------------------- join codes


def test_a_join_code_has_six_characters_from_the_code_alphabet() -> None:
    for _ in range(500):
        code = new_join_code()
        assert len(code) == CODE_LENGTH == 6
        assert set(code) <= set(CODE_ALPHABET)


@pytest.mark.parametrize("look_alike", ["0", "O", "1", "I", "L"])
def test_the_code_alphabet_has_no_look_alikes(look_alike: str) -> None:
    assert look_alike not in CODE_ALPHABET


def test_the_code_alphabet_is_upper_case_without_repeats() -> None:
    assert CODE_ALPHABET == CODE_ALPHABET.upper()
    assert len(set(CODE_ALPHABET)) == len(CODE_ALPHABET)


def test_join_codes_are_not_repeated_in_a_small_batch() -> None:
    codes = {new_join_code() for _ in range(200)}
    # 23**6 is about 148 million codes: 200 draws practically never collide.
    assert len(codes) == 200


@pytest.mark.parametrize(
    ("typed", "normalised"),
    [
        ("acd347", "ACD347"),
        ("ACD347", "ACD347"),
        (" acd 347 ", "ACD347"),
        ("acd-347", "ACD347"),
        ("a-c-d 3\t4\n7", "ACD347"),
        ("", ""),
    ],
)
def test_normalise_code_upper_cases_and_drops_spaces_and_dashes(
    typed: str, normalised: str
) -> None:
    assert normalise_code(typed) == normalised


@pytest.mark.parametrize(
    ("code", "plausible"),
    [
        ("ACD347", True),
        ("ACD34", False),
        ("ACD3477", False),
        ("ACD0O1", False),
        ("acd347", False),
        ("", False),
    ],
)
def test_looks_like_code_accepts_only_six_alphabet_characters(code: str, plausible: bool) -> None:
    assert looks_like_code(code) is plausible


# ---------------------------------------------------------------- tokens


def test_a_token_carries_at_least_128_bits_of_entropy() -> None:
    assert TOKEN_BYTES * 8 >= 128
    token = new_token()
    assert len(token) == len(secrets.token_urlsafe(18)) == math.ceil(18 * 4 / 3)
    assert len(token) >= len(secrets.token_urlsafe(16))


def test_tokens_are_url_safe_and_never_repeat() -> None:
    tokens = {new_token() for _ in range(1000)}
    assert len(tokens) == 1000
    url_safe = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    assert all(set(t) <= url_safe for t in tokens)


def test_a_token_is_stored_as_a_hash_that_does_not_contain_it() -> None:
    token = new_token()
    hashed = token_hash(token)
    assert token not in hashed
    assert hashed == token_hash(token)
    assert hashed != token_hash(new_token())
    assert len(hashed) == 64


# ---------------------------------------------------------------- passphrases


def test_the_same_passphrase_hashed_twice_gives_different_hashes() -> None:
    first = hash_passphrase("correct horse battery")
    second = hash_passphrase("correct horse battery")
    assert first != second
    assert "correct horse battery" not in first


def test_the_hash_names_scrypt_with_a_cost_of_at_least_2_to_the_14() -> None:
    scheme, n, r, p, salt, digest = hash_passphrase("correct horse battery").split("$")
    assert scheme == "scrypt"
    assert int(n) >= 2**14
    assert (int(r), int(p)) == (8, 1)
    assert len(base64.b64decode(salt)) >= 16
    assert len(base64.b64decode(digest)) == 32


def test_a_passphrase_verifies_against_its_hash() -> None:
    stored = hash_passphrase("correct horse battery")
    assert verify_passphrase("correct horse battery", stored) is True


@pytest.mark.parametrize(
    "wrong",
    ["correct horse batter", "Correct horse battery", "correct horse battery ", "", "ä" * 30],
)
def test_a_wrong_passphrase_does_not_verify(wrong: str) -> None:
    stored = hash_passphrase("correct horse battery")
    assert verify_passphrase(wrong, stored) is False


def test_a_non_ascii_passphrase_verifies() -> None:
    stored = hash_passphrase("sähkö-äijä 🔑 kissa")
    assert verify_passphrase("sähkö-äijä 🔑 kissa", stored) is True


_GOOD = hash_passphrase("correct horse battery")


@pytest.mark.parametrize(
    "stored",
    [
        pytest.param("", id="empty"),
        pytest.param("correct horse battery", id="plain-text"),
        pytest.param("bcrypt$16384$8$1$AAAA$AAAA", id="other-scheme"),
        pytest.param("scrypt$16384$8$1$AAAA", id="too-few-parts"),
        pytest.param(_GOOD + "$extra", id="too-many-parts"),
        pytest.param(_GOOD[:-10], id="truncated-digest"),
        pytest.param(_GOOD.replace("scrypt$16384$", "scrypt$lots$"), id="cost-not-a-number"),
        pytest.param(_GOOD.replace("scrypt$16384$", "scrypt$3$"), id="cost-not-a-power-of-two"),
        pytest.param("scrypt$16384$8$1$!!!!$@@@@", id="salt-not-base64"),
    ],
)
def test_a_malformed_stored_hash_verifies_nothing(stored: str) -> None:
    assert verify_passphrase("correct horse battery", stored) is False


# ---------------------------------------------------------------- throttle


class FakeTime:
    """A clock that moves only when told, and a sleep that only records."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


@pytest.fixture
def throttle(fake_time: FakeTime) -> Throttle:
    return Throttle(
        free_attempts=5,
        window_s=600.0,
        base_lock_s=30.0,
        failure_delay_s=0.5,
        clock=fake_time.clock,
        sleep=fake_time.sleep,
    )


def _fail(throttle: Throttle, key: str, times: int) -> None:
    for _ in range(times):
        throttle.check(key)
        throttle.fail(key)


def test_the_free_attempts_pass_the_throttle(throttle: Throttle) -> None:
    _fail(throttle, "ACD347", 4)
    throttle.check("ACD347")


def test_the_throttle_locks_after_the_free_attempts_and_reports_the_seconds(
    throttle: Throttle,
) -> None:
    _fail(throttle, "ACD347", 5)
    with pytest.raises(TooManyAttempts) as caught:
        throttle.check("ACD347")
    assert caught.value.key == "error.too_many_attempts"
    assert caught.value.params["seconds"] == 31


def test_the_seconds_to_wait_count_down_with_the_clock(
    throttle: Throttle, fake_time: FakeTime
) -> None:
    _fail(throttle, "ACD347", 5)
    fake_time.now += 20
    with pytest.raises(TooManyAttempts) as caught:
        throttle.check("ACD347")
    assert caught.value.params["seconds"] == 11


def test_the_lock_opens_when_its_time_has_passed(throttle: Throttle, fake_time: FakeTime) -> None:
    _fail(throttle, "ACD347", 5)
    fake_time.now += 30
    throttle.check("ACD347")


def test_each_failure_past_the_free_ones_doubles_the_lock(
    throttle: Throttle, fake_time: FakeTime
) -> None:
    _fail(throttle, "ACD347", 5)
    fake_time.now += 30
    _fail(throttle, "ACD347", 1)
    with pytest.raises(TooManyAttempts) as caught:
        throttle.check("ACD347")
    assert caught.value.params["seconds"] == 61


def test_failures_are_forgotten_after_a_quiet_window_past_the_lock(
    throttle: Throttle, fake_time: FakeTime
) -> None:
    _fail(throttle, "ACD347", 5)
    fake_time.now += 30 + 600
    _fail(throttle, "ACD347", 4)
    throttle.check("ACD347")


def test_failures_under_the_free_ones_are_forgotten_after_a_quiet_window(
    throttle: Throttle, fake_time: FakeTime
) -> None:
    _fail(throttle, "ACD347", 4)
    fake_time.now += 600
    _fail(throttle, "ACD347", 4)
    throttle.check("ACD347")


def test_waiting_out_the_lock_does_not_forget_the_failures(
    throttle: Throttle, fake_time: FakeTime
) -> None:
    # A patient guesser who waits each lock out still meets ever longer ones, up to 64 times.
    _fail(throttle, "ACD347", 5)
    for doubling in range(1, 9):
        fake_time.now += 30 * 2 ** min(doubling - 1, 6)
        _fail(throttle, "ACD347", 1)
        with pytest.raises(TooManyAttempts) as caught:
            throttle.check("ACD347")
        assert caught.value.params["seconds"] == 30 * 2 ** min(doubling, 6) + 1


def test_a_success_forgets_the_failures(throttle: Throttle) -> None:
    _fail(throttle, "ACD347", 4)
    throttle.succeed("ACD347")
    _fail(throttle, "ACD347", 4)
    throttle.check("ACD347")


def test_the_throttle_keeps_each_key_apart(throttle: Throttle) -> None:
    _fail(throttle, "ACD347", 5)
    throttle.check("XYZ999")
    with pytest.raises(TooManyAttempts):
        throttle.check("ACD347")


def test_every_failure_sleeps_the_failure_delay(throttle: Throttle, fake_time: FakeTime) -> None:
    _fail(throttle, "ACD347", 3)
    assert fake_time.slept == [0.5, 0.5, 0.5]


def test_a_zero_failure_delay_never_sleeps(throttle: Throttle, fake_time: FakeTime) -> None:
    throttle.failure_delay_s = 0
    _fail(throttle, "ACD347", 3)
    assert fake_time.slept == []
