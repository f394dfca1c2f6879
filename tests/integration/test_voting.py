"""Step 2: merges, dot ballots, results by role, divergence and the key items."""

from __future__ import annotations

import pytest

from facilitator.charts import screen
from facilitator.domain import Kind, Role
from facilitator.errors import InputClosed, InvalidInput, NotAuthorised
from facilitator.room import workshops
from facilitator.steps import observations, participants, voting
from facilitator.store.db import Store

W, S = Kind.WEAKNESS, Kind.STRENGTH


@pytest.fixture
def room(store: Store):
    new = workshops.validate_new(
        title="T",
        organisation="O",
        language="fi",
        customer_type="consumer",
        industry="retail",
        channels=["in_person"],
        passphrase="passphrase-1",
    )
    workshop, key = workshops.create(store, new)
    boss, _ = participants.join(store, workshop, Role.MANAGEMENT)
    clerk, _ = participants.join(store, workshop, Role.FRONTLINE)
    workshops.set_step(store, key, "observe")
    texts = [
        (W, "Queues at the till are long"),
        (W, "The till queues are long at lunch"),
        (W, "Delivery times are not confirmed"),
        (S, "Customers are greeted at the door"),
    ]
    ids = [
        observations.submit(store, clerk, observations.draft("experience", kind, text)).id
        for kind, text in texts
    ]
    workshops.set_step(store, key, "identify")
    return store, workshop, key, boss, clerk, ids


def dots(store, workshop, kind):
    return {r.item.id: r.dots for r in voting.results(store, workshop.id, kind)}


def test_entering_identify_hides_the_results_until_the_facilitator_reveals_them(room):
    store, workshop, *_ = room
    assert workshops.get(store, workshop.id).results_visible is False


def test_submitting_again_replaces_the_ballot_and_never_counts_twice(room):
    store, workshop, _key, boss, _clerk, ids = room
    voting.submit_ballot(store, boss, W, {ids[0]: 3, ids[2]: 2})
    voting.submit_ballot(store, boss, W, {ids[2]: 1})
    assert dots(store, workshop, W) == {ids[0]: 0, ids[1]: 0, ids[2]: 1}
    assert voting.my_ballot(store, boss, W) == {ids[2]: 1}


def test_a_retried_submission_is_stored_once(room):
    store, workshop, _key, boss, _clerk, ids = room
    voting.submit_ballot(store, boss, W, {ids[0]: 2}, submission_key="k1")
    voting.submit_ballot(store, boss, W, {ids[0]: 2}, submission_key="k1")
    with store.read() as cur:
        (n,) = cur.execute("SELECT count(*) FROM ballots").fetchone()
    assert n == 1
    assert dots(store, workshop, W)[ids[0]] == 2


def test_a_participant_cannot_exceed_the_dot_budget(room):
    store, workshop, _key, boss, _clerk, ids = room
    with pytest.raises(InvalidInput) as err:
        voting.submit_ballot(store, boss, W, {ids[0]: 3, ids[1]: 3})
    assert err.value.key == "error.dots_over_budget"
    assert all(n == 0 for n in dots(store, workshop, W).values())


def test_a_participant_cannot_put_more_than_the_limit_on_one_item(room):
    store, _workshop, _key, boss, _clerk, ids = room
    with pytest.raises(InvalidInput) as err:
        voting.submit_ballot(store, boss, W, {ids[0]: 4})
    assert err.value.key == "error.dots_per_item"


@pytest.mark.parametrize("ballot", [{"x": 1}, {-5: 1}])
def test_dots_on_an_unknown_item_are_refused(room, ballot):
    store, _workshop, _key, boss, *_ = room
    with pytest.raises((InvalidInput, ValueError)):
        voting.submit_ballot(store, boss, W, ballot)


def test_dots_on_an_item_of_the_other_kind_are_refused(room):
    store, _workshop, _key, boss, _clerk, ids = room
    with pytest.raises(InvalidInput):
        voting.submit_ballot(store, boss, W, {ids[3]: 1})


def test_ballots_are_refused_outside_step_two_or_when_input_is_locked(room):
    store, _workshop, key, boss, _clerk, ids = room
    workshops.set_input_open(store, key, False)
    with pytest.raises(InputClosed):
        voting.submit_ballot(store, boss, W, {ids[0]: 1})
    workshops.set_input_open(store, key, True)
    workshops.set_step(store, key, "order")
    with pytest.raises(InputClosed):
        voting.submit_ballot(store, boss, W, {ids[0]: 1})


def test_the_facilitator_sets_the_budget_within_range(room):
    store, workshop, key, boss, _clerk, ids = room
    voting.set_budget(store, key, 2, 1)
    assert voting.settings(store, workshop.id) == (2, 1)
    with pytest.raises(InvalidInput):
        voting.submit_ballot(store, boss, W, {ids[0]: 2})
    with pytest.raises(InvalidInput):
        voting.set_budget(store, key, 0, 1)
    with pytest.raises(InvalidInput):
        voting.set_budget(store, key, 3, 4)


def test_merge_carries_the_votes_over_and_unmerge_gives_them_back(room):
    store, workshop, key, boss, clerk, ids = room
    voting.submit_ballot(store, boss, W, {ids[0]: 2})
    voting.submit_ballot(store, clerk, W, {ids[1]: 3})
    voting.merge(store, key, ids[1], ids[0])
    assert dots(store, workshop, W) == {ids[0]: 5, ids[2]: 0}
    merged = next(r for r in voting.results(store, workshop.id, W) if r.item.id == ids[0])
    assert merged.by_role[Role.MANAGEMENT] == 2 and merged.by_role[Role.FRONTLINE] == 3
    assert [m.id for m in merged.item.merged] == [ids[1]]
    voting.unmerge(store, key, ids[1])
    assert dots(store, workshop, W) == {ids[0]: 2, ids[1]: 3, ids[2]: 0}


@pytest.mark.parametrize("pair", [(0, 0), (0, 3)])
def test_an_item_cannot_be_merged_into_itself_or_into_the_other_kind(room, pair):
    store, _workshop, key, _boss, _clerk, ids = room
    with pytest.raises(InvalidInput):
        voting.merge(store, key, ids[pair[0]], ids[pair[1]])


def test_a_merge_that_would_loop_is_refused(room):
    store, _workshop, key, _boss, _clerk, ids = room
    voting.merge(store, key, ids[1], ids[0])
    with pytest.raises(InvalidInput):
        voting.merge(store, key, ids[0], ids[1])


def test_near_duplicates_are_suggested_for_merging(room):
    store, workshop, *_ = room
    pairs = voting.suggest_merges(observations.list_visible(store, workshop.id))
    assert [(a.observation.text, b.observation.text) for a, b, _ in pairs] == [
        ("Queues at the till are long", "The till queues are long at lunch")
    ]


def test_the_divergence_on_a_worked_example(room):
    store, workshop, _key, boss, clerk, ids = room
    # Management: 3 of its 5 dots on the queues, 1 on delivery -> 60 % and 20 %.
    # Front line: 1 of its 4 on the queues, 3 on delivery -> 25 % and 75 %.
    voting.submit_ballot(store, boss, W, {ids[0]: 3, ids[1]: 1, ids[2]: 1})
    voting.submit_ballot(store, clerk, W, {ids[0]: 1, ids[2]: 3})
    rows = voting.divergence(voting.results(store, workshop.id, W))
    by_id = {d.item.id: d for d in rows}
    assert by_id[ids[0]].management_share == pytest.approx(0.6)
    assert by_id[ids[0]].frontline_share == pytest.approx(0.25)
    assert by_id[ids[2]].gap == pytest.approx(0.2 - 0.75)
    assert rows[0].item.id == ids[2]  # the widest gap comes first


def test_items_without_votes_stay_in_the_results(room):
    store, workshop, *_ = room
    assert len(voting.results(store, workshop.id, W)) == 3


def test_key_items_default_to_the_top_by_dots_and_are_confirmed_by_the_facilitator(room):
    store, workshop, key, boss, _clerk, ids = room
    voting.submit_ballot(store, boss, W, {ids[2]: 3, ids[0]: 1})
    ranked = voting.results(store, workshop.id, W)
    assert voting.default_keys(ranked) == [ids[2], ids[0]]
    voting.confirm_keys(store, key, W, [ids[2]])
    assert [o.id for o in voting.key_items(store, workshop.id, W)] == [ids[2]]


@pytest.mark.parametrize(
    "action",
    [
        lambda s, k, ids: voting.merge(s, k, ids[1], ids[0]),
        lambda s, k, ids: voting.unmerge(s, k, ids[1]),
        lambda s, k, ids: voting.set_budget(s, k, 5, 3),
        lambda s, k, ids: voting.confirm_keys(s, k, W, [ids[0]]),
    ],
)
def test_a_participant_cannot_take_a_facilitator_action_of_step_two(room, action):
    store, _workshop, _key, boss, _clerk, ids = room
    with pytest.raises(NotAuthorised):
        action(store, boss, ids)


def test_the_dot_chart_stacks_dots_by_role(room):
    store, workshop, _key, boss, clerk, ids = room
    voting.submit_ballot(store, boss, W, {ids[0]: 2})
    voting.submit_ballot(store, clerk, W, {ids[0]: 1})
    names = {r: r.value for r in Role}
    spec = screen.dots_by_role(voting.results(store, workshop.id, W), names).to_dict()
    values = next(iter(spec["datasets"].values()))
    assert {(v["role"], v["dots"]) for v in values if v["item"].startswith("Queues")} >= {
        ("management", 2),
        ("frontline", 1),
    }
    assert spec["encoding"]["color"]["field"] == "role"


def test_entering_step_five_hides_the_results_too_so_ratings_are_not_swayed(room):
    store, workshop, key, *_ = room
    workshops.set_results_visible(store, key, True)
    workshops.set_step(store, key, "condense")
    assert workshops.get(store, workshop.id).results_visible is False
    workshops.set_results_visible(store, key, True)
    workshops.set_step(store, key, "condense")  # staying in the step keeps the choice
    assert workshops.get(store, workshop.id).results_visible is True


def test_the_same_dots_sent_again_under_a_new_key_leave_one_ballot(room):
    store, workshop, _key, boss, _clerk, ids = room
    voting.submit_ballot(store, boss, W, {ids[0]: 2}, submission_key="tap-1")
    assert voting.submit_ballot(store, boss, W, {ids[0]: 2}, submission_key="tap-2") == {ids[0]: 2}
    with store.read() as cur:
        (n,) = cur.execute("SELECT count(*) FROM ballots").fetchone()
    assert n == 1
    voting.submit_ballot(store, boss, W, {ids[0]: 1}, submission_key="tap-3")
    assert voting.my_ballot(store, boss, W) == {ids[0]: 1}
    assert dots(store, workshop, W)[ids[0]] == 1


def stored_ballot(store, participant, kind):
    """The latest ballot as the database has it, bypassing what the process keeps in memory."""
    with store.read() as cur:
        row = cur.execute(
            "SELECT dot_items, dot_counts FROM ballots WHERE participant_id = ? AND kind = ?"
            " ORDER BY id DESC LIMIT 1",
            [participant.id, kind.value],
        ).fetchone()
    return dict(zip(row[0], row[1], strict=True)) if row else {}


def test_my_ballot_kept_in_memory_is_the_stored_one_after_every_send(room, tmp_path):
    store, _workshop, _key, boss, clerk, ids = room
    assert voting.my_ballot(store, boss, W) == {} == stored_ballot(store, boss, W)
    sends = [(boss, W, {ids[0]: 3}), (boss, W, {ids[2]: 1, ids[1]: 1}), (clerk, S, {ids[3]: 2})]
    sends += [(boss, W, {}), (clerk, S, {ids[3]: 1})]
    for who, kind, chosen in sends:
        voting.submit_ballot(store, who, kind, chosen)
        for person in (boss, clerk):
            for k in (W, S):
                assert voting.my_ballot(store, person, k) == stored_ballot(store, person, k)
    mine = voting.my_ballot(store, clerk, S)
    mine[ids[3]] = 99  # what a caller does with its copy changes nothing kept
    assert voting.my_ballot(store, clerk, S) == {ids[3]: 1}


def test_two_tabs_of_one_participant_sending_at_once_leave_the_latest_ballot_in_memory(room):
    """The newer ballot (the higher id) wins in memory as it does in the database, whatever
    order the two threads finish in."""
    import threading

    store, _workshop, _key, boss, _clerk, ids = room
    for round_ in range(20):
        ballots = [{ids[0]: 1 + round_ % 3}, {ids[2]: 1 + round_ % 2}]
        threads = [
            threading.Thread(target=voting.submit_ballot, args=(store, boss, W, chosen))
            for chosen in ballots
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert voting.my_ballot(store, boss, W) == stored_ballot(store, boss, W)


def test_a_read_that_raced_a_send_cannot_put_the_older_ballot_back(room):
    store, _workshop, _key, boss, _clerk, ids = room
    voting.submit_ballot(store, boss, W, {ids[0]: 1})
    key = ("ballot", boss.id, W.value)
    kept = store.live.row(boss.workshop_id, key)
    store.live.keep_row(boss.workshop_id, key, ((ids[2], 3),), version=kept[0] - 1)
    assert voting.my_ballot(store, boss, W) == {ids[0]: 1}


def test_someone_who_just_joined_has_no_ballot_without_a_query_and_their_first_one_shows(room):
    store, workshop, _key, _boss, _clerk, ids = room
    newcomer, _ = participants.join(store, workshop, Role.OTHER)
    queries: list[str] = []
    real_read = store.read

    def counted_read():
        queries.append("read")
        return real_read()

    store.read = counted_read
    try:
        assert voting.my_ballot(store, newcomer, W) == {} == voting.my_ballot(store, newcomer, S)
        assert queries == []
    finally:
        del store.read
    voting.submit_ballot(store, newcomer, W, {ids[0]: 2})
    assert voting.my_ballot(store, newcomer, W) == {ids[0]: 2} == stored_ballot(store, newcomer, W)


# One send from the phone's ballot carries both kinds (issue 14).


def count_ballots(store) -> int:
    with store.read() as cur:
        return cur.execute("SELECT count(*) FROM ballots").fetchone()[0]


def test_one_send_with_both_kinds_is_one_statement_and_stores_both(room, monkeypatch):
    store, workshop, _key, boss, _clerk, ids = room
    statements = []
    write_one = store.write_one

    def counted(sql, params):
        statements.append(sql)
        return write_one(sql, params)

    monkeypatch.setattr(store, "write_one", counted)
    voting.submit_ballots(store, boss, {S: {ids[3]: 2}, W: {ids[0]: 3, ids[2]: 2}}, "send-1")
    assert len(statements) == 1, "both kinds go in one statement, one transaction"
    assert count_ballots(store) == 2
    assert dots(store, workshop, S) == {ids[3]: 2}
    assert dots(store, workshop, W) == {ids[0]: 3, ids[1]: 0, ids[2]: 2}
    assert stored_ballot(store, boss, S) == voting.my_ballot(store, boss, S) == {ids[3]: 2}


def test_a_late_retry_of_a_send_with_both_kinds_stores_it_once_and_changes_nothing(room):
    store, workshop, _key, boss, _clerk, ids = room
    first = {S: {ids[3]: 1}, W: {ids[2]: 2}}
    voting.submit_ballots(store, boss, first, "send-1")
    voting.submit_ballots(store, boss, {S: {ids[3]: 2}, W: {ids[0]: 1}}, "send-2")
    # The first send's retry arrives last (its answer was lost): it reaches the insert, which
    # finds its key stored already and stores nothing.
    assert voting.submit_ballots(store, boss, first, "send-1") == first
    assert count_ballots(store) == 4
    assert dots(store, workshop, S) == {ids[3]: 2}
    assert dots(store, workshop, W) == {ids[0]: 1, ids[1]: 0, ids[2]: 0}


@pytest.mark.parametrize(
    ("over", "error"),
    [(S, "error.dots_over_budget"), (W, "error.dots_over_budget"), (W, "error.dots_per_item")],
)
def test_a_send_over_the_rule_for_either_kind_stores_neither(room, over, error):
    store, _workshop, _key, boss, _clerk, ids = room
    fine = {S: {ids[3]: 1}, W: {ids[0]: 1}}
    voting.submit_ballots(store, boss, fine, "send-1")
    wrong = {S: {ids[3]: 2}, W: {ids[0]: 2}}
    if over == S:
        wrong[S] = {ids[3]: 6}
    else:
        wrong[W] = {ids[0]: 4} if error == "error.dots_per_item" else {ids[0]: 3, ids[1]: 3}
    with pytest.raises(InvalidInput) as err:
        voting.submit_ballots(store, boss, wrong, "send-2")
    assert err.value.key == error
    assert count_ballots(store) == 2
    assert voting.my_ballot(store, boss, S) == {ids[3]: 1}
    assert voting.my_ballot(store, boss, W) == {ids[0]: 1}


def test_a_send_that_changes_one_kind_stores_that_kind_only(room):
    store, workshop, _key, boss, _clerk, ids = room
    voting.submit_ballots(store, boss, {S: {ids[3]: 2}, W: {ids[0]: 1}}, "send-1")
    voting.submit_ballots(store, boss, {S: {ids[3]: 2}, W: {ids[2]: 3}}, "send-2")
    assert count_ballots(store) == 3
    assert dots(store, workshop, S) == {ids[3]: 2}
    assert dots(store, workshop, W) == {ids[0]: 0, ids[1]: 0, ids[2]: 3}


def test_every_item_keeps_both_shares_so_agreement_and_difference_can_both_be_shown(room):
    store, workshop, _key, boss, clerk, ids = room
    # As in the worked example: queues 60 % / 25 %, item 1 20 % / 0 %, delivery 20 % / 75 %.
    voting.submit_ballot(store, boss, W, {ids[0]: 3, ids[1]: 1, ids[2]: 1})
    voting.submit_ballot(store, clerk, W, {ids[0]: 1, ids[2]: 3})
    rows = voting.divergence(voting.results(store, workshop.id, W))

    assert {d.item.id for d in rows} == set(ids[:3])  # every weakness, dotted or not
    assert [d.item.id for d in voting.differ_most(rows, 3)] == [ids[2], ids[0], ids[1]]
    # Agreement needs both sides' dots: item 1 only management backed, however small its gap.
    assert [d.item.id for d in voting.agree_most(rows, 3)] == [ids[0], ids[2]]


def test_items_nobody_dotted_are_neither_agreed_nor_differed_on(room):
    store, workshop, *_ = room
    rows = voting.divergence(voting.results(store, workshop.id, W))

    assert voting.agree_most(rows, 3) == []
    assert voting.differ_most(rows, 3) == []
