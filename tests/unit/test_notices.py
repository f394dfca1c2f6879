"""What one process tells the others of its changes: kinds, workshop ids and its token, nothing
else, each payload under PostgreSQL's limit (facilitator/store/notices.py)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator.store import notices
from facilitator.store.live import CONTENT, DATA, FORGET, STATE, Live

TOKEN = "0123456789abcdef"

changes = st.dictionaries(
    st.sampled_from(notices.KINDS),
    st.sets(st.integers(min_value=0, max_value=2**63 - 1), max_size=3_000),
)


@given(changes)
def test_a_payload_carries_only_kinds_ids_and_the_token_and_reads_back_the_same(
    sent: dict[str, set[int]],
) -> None:
    payloads = notices.encode(TOKEN, sent)
    read: dict[str, set[int]] = {}
    for payload in payloads:
        assert notices.PAYLOAD_SHAPE.fullmatch(payload), payload
        assert len(payload.encode()) < 8_000  # PostgreSQL refuses longer ones
        token, told = notices.decode(payload)
        assert token == TOKEN
        for kind, workshop_id in told:
            read.setdefault(kind, set()).add(workshop_id)
    assert read == {kind: ids for kind, ids in sent.items() if ids}


def test_a_burst_over_many_rooms_is_split_under_the_limit_and_loses_nothing() -> None:
    sent = {DATA: set(range(10**9, 10**9 + 5_000)), STATE: {1, 2}}
    payloads = notices.encode(TOKEN, sent)
    assert len(payloads) == 7  # 55,000 bytes of ids
    assert all(len(p) <= notices.PAYLOAD_LIMIT for p in payloads)
    told = [change for p in payloads for change in notices.decode(p)[1]]
    assert sorted(told) == sorted((kind, i) for kind, ids in sent.items() for i in ids)


def test_no_change_is_no_payload() -> None:
    assert notices.encode(TOKEN, {STATE: set()}) == []


def test_a_payload_names_its_changes_in_a_few_bytes() -> None:
    told = notices.encode(TOKEN, {DATA: {12, 3}, STATE: {7}, FORGET: {9}})
    assert told == [f"{TOKEN};s7;d3,12;f9"]


def test_ids_that_are_not_integers_are_never_sent() -> None:
    with pytest.raises(ValueError):
        notices.encode(TOKEN, {STATE: {"1;f2"}})  # type: ignore[dict-item]


def test_a_receiver_applies_a_forget_after_the_bumps_of_its_payload() -> None:
    _, told = notices.decode(f"{TOKEN};f4;s4;d5")
    assert told == [(STATE, 4), (DATA, 5), (FORGET, 4)]


@pytest.mark.parametrize(
    "payload",
    [
        "",
        "hello",
        "0123456789ABCDEF;s1",  # tokens are lower-case hexadecimal
        f"{TOKEN};x1",
        f"{TOKEN};s",
        f"{TOKEN};s1,,2",
        f"{TOKEN};s-1",
        f"{TOKEN};s1 OR 1=1",
        f'{TOKEN};s1;{{"rows": []}}',
    ],
)
def test_anything_else_on_the_channel_is_not_taken_for_a_change(payload: str) -> None:
    with pytest.raises(ValueError):
        notices.decode(payload)


def test_a_stronger_change_of_a_workshop_covers_its_weaker_ones() -> None:
    gathered = {STATE: {1}, CONTENT: {1, 2}, DATA: {1, 2, 3}, FORGET: {1}}
    assert notices.coalesce(gathered) == {STATE: {1}, CONTENT: {2}, DATA: {3}, FORGET: {1}}


def test_a_change_from_elsewhere_moves_the_counters_as_its_own_would_and_is_not_sent_on() -> None:
    sent: list[tuple[str, int]] = []
    here, there = Live(), Live()
    there.relay_to(lambda kind, workshop_id: sent.append((kind, workshop_id)))
    heard: list[int] = []
    there.listen(heard.append)
    for bump in (here.bump_state, here.bump_content, here.bump_data):
        bump(1)
    for kind in (STATE, CONTENT, DATA):
        there.apply(kind, 1)
    versions = (Live.state_version, Live.content_version, Live.data_version)
    assert [v(there, 1) for v in versions] == [v(here, 1) for v in versions] == [1, 2, 3]
    assert heard == [1]
    assert sent == []


def test_own_changes_are_handed_to_the_relay_once_each() -> None:
    sent: list[tuple[str, int]] = []
    live = Live()
    live.relay_to(lambda kind, workshop_id: sent.append((kind, workshop_id)))
    live.bump_state(1)
    live.bump_content(2)
    live.bump_data(3)
    live.forget(4)
    assert sent == [(STATE, 1), (CONTENT, 2), (DATA, 3), (FORGET, 4)]


def test_a_long_schema_name_still_gives_a_channel_postgresql_accepts() -> None:
    assert notices.channel_for("public") == "kohtaamo_changes"
    assert notices.channel_for("t12_3") == "kohtaamo_changes_t12_3"
    long = notices.channel_for("s" * 63)
    assert len(long) <= 63
    assert long != notices.channel_for("s" * 62 + "t")
