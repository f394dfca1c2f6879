"""Many phones at once: one Store shared by threads loses nothing and raises nothing."""

from __future__ import annotations

import threading
from collections.abc import Callable

from facilitator.room import workshops
from facilitator.steps import observations, participants
from facilitator.store.db import Store

THREADS = 8
EACH = 25


def test_eight_phones_submitting_at_once_store_every_observation_exactly_once(
    any_store: Store, make_workshop: Callable[..., tuple]
) -> None:
    workshop, key = make_workshop(any_store)
    workshops.set_step(any_store, key, "observe")
    phones = [participants.join(any_store, workshop, "frontline")[0] for _ in range(THREADS)]
    start = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def phone(index: int) -> None:
        try:
            start.wait()
            for n in range(EACH):
                draft = observations.draft("experience", "strength", f"phone {index} note {n}")
                observations.submit(any_store, phones[index], draft, submission_key=f"{index}-{n}")
                # Reads run on their own cursors while others write.
                observations.list_own(any_store, phones[index])
                observations.count(any_store, workshop.id)
        except BaseException as exc:  # collected: an exception in a thread is otherwise lost
            errors.append(exc)

    threads = [threading.Thread(target=phone, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    assert errors == []
    assert not any(t.is_alive() for t in threads)
    stored = observations.list_all(any_store, key)
    assert len(stored) == THREADS * EACH == 200
    assert len({o.text for o in stored}) == 200
    assert observations.count(any_store, workshop.id) == 200
    for p in phones:
        assert len(observations.list_own(any_store, p)) == EACH
    assert any_store.live.data_version(workshop.id) >= THREADS * EACH


def test_retries_racing_each_other_store_one_observation(
    store: Store, room: tuple, make_participant: Callable[..., tuple]
) -> None:
    workshop, _ = room
    me, _ = make_participant(store, workshop)
    draft = observations.draft("experience", "strength", "Tapped send four times")
    start = threading.Barrier(4)
    results: list[int] = []
    errors: list[BaseException] = []

    def tap() -> None:
        try:
            start.wait()
            results.append(observations.submit(store, me, draft, submission_key="once").id)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=tap) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    assert errors == []
    assert len(set(results)) == 1
    assert observations.count(store, workshop.id) == 1
