"""One join address for a workshop and its follow-up (issue 17): what a typed code opens, and a
wrong guess counted once against the guesser whichever kind of code it missed."""

from __future__ import annotations

import pytest

from facilitator.data.demo import DEMO_PASSPHRASE, create_demo
from facilitator.domain import Workshop
from facilitator.errors import NotFound, TooManyAttempts
from facilitator.followup import people
from facilitator.followup.people import Code, Purpose
from facilitator.room import workshops
from facilitator.store.db import Store


def test_a_workshop_code_opens_the_workshop_and_a_follow_up_code_the_follow_up(store: Store):
    code = create_demo(store, language="fi")
    _, key = workshops.login(store, code, DEMO_PASSPHRASE)
    observer = people.open_code(store, key, Purpose.OBSERVE)

    found = people.find_for_join(store, code.lower(), "phone")
    assert isinstance(found, Workshop) and found.code == code
    opened = people.find_for_join(store, f" {observer.code.lower()} ", "phone")
    assert isinstance(opened, Code)
    assert (opened.code, opened.purpose, opened.open) == (observer.code, Purpose.OBSERVE, True)


def test_a_closed_follow_up_code_is_found_closed_and_joins_no_one(store: Store):
    code = create_demo(store, language="fi")
    _, key = workshops.login(store, code, DEMO_PASSPHRASE)
    observer = people.open_code(store, key, Purpose.OBSERVE)
    people.close_code(store, key, Purpose.OBSERVE)

    found = people.find_for_join(store, observer.code, "phone")
    assert isinstance(found, Code) and not found.open


@pytest.mark.parametrize("typed", ["ZZZ999", "", "not a code at all", None])
def test_a_wrong_code_is_one_failure_for_the_guesser(store: Store, typed: object):
    throttle = store.join_throttle
    throttle.failure_delay_s = 0
    for _ in range(throttle.free_attempts):
        with pytest.raises(NotFound) as refused:
            people.find_for_join(store, typed, "guesser")
        assert refused.value.key == "error.code_unknown"
    # Five misses are five failures, not ten (counted twice, the fourth try would be locked):
    # only now is the guesser made to wait.
    with pytest.raises(TooManyAttempts):
        people.find_for_join(store, typed, "guesser")
