"""Step 2 on the phone and the console: a dot ballot sent from a form, results by role."""

from __future__ import annotations

from facilitator import observations, voting, workshops
from facilitator.domain import Kind, Role, Step
from facilitator.i18n import label, t


def _room(store, new_workshop, joined):
    workshop, key = new_workshop(step=Step.OBSERVE)
    me, token = joined(workshop, Role.FRONTLINE)
    ids = [
        observations.add_for(
            store, key, observations.draft("experience", "weakness", text), Role.OTHER
        ).id
        for text in ("Jonot ovat pitkiä", "Toimitusaikaa ei vahvisteta")
    ]
    workshops.set_step(store, key, Step.IDENTIFY)
    return workshop, key, me, token, ids


def open_ballot(at, kind: Kind):
    """Tap the kind's tab: only the open tab's ballot is drawn, and a tap reruns the page."""
    at.session_state["ballot_kind"] = label("fi", "kind_plural", kind)
    at.run()
    assert not at.exception
    return at


def test_a_ballot_sent_from_the_phone_is_stored_and_a_second_one_replaces_it(
    store, app, new_workshop, joined
):
    workshop, _key, me, token, ids = _room(store, new_workshop, joined)
    at = open_ballot(app(code=workshop.code, p=token).run(), Kind.WEAKNESS)

    def send(dots: dict[int, int]) -> None:
        for item_id, n in dots.items():
            (control,) = [
                c
                for c in at.segmented_control
                if c.key and c.key.endswith(f"_{item_id}") and "weakness" in c.key
            ]
            control.set_value(n)
        (button,) = [
            b for b in at.button if b.label == t("fi", "vote.submit") and "weakness" in b.form_id
        ]
        button.click().run()
        assert not at.exception

    send({ids[0]: 3, ids[1]: 2})
    assert voting.my_ballot(store, me, Kind.WEAKNESS) == {ids[0]: 3, ids[1]: 2}
    # Sent: the phone lists the ballot instead of the form, with a tap to change it.
    assert not [c for c in at.segmented_control if c.key.startswith("dots_")]
    (sent,) = at.success
    assert sent.value.startswith(t("fi", "vote.saved"))
    assert "- **3** · Jonot ovat pitkiä" in sent.value
    assert "- **2** · Toimitusaikaa ei vahvisteta" in sent.value
    assert t("fi", "vote.dots_left", left=0, budget=5) in [m.value.strip("*") for m in at.markdown]
    at.button(key="change_ballot_weakness").click().run()
    assert not at.exception
    shown = {c.key.rsplit("_", 1)[1]: c.value for c in at.segmented_control if "dots_" in c.key}
    assert shown == {str(ids[0]): 3, str(ids[1]): 2}  # the form starts from what was sent
    send({ids[0]: 0, ids[1]: 1})
    assert voting.my_ballot(store, me, Kind.WEAKNESS) == {ids[1]: 1}
    (sent,) = at.success
    assert "Jonot" not in sent.value and "- **1** · Toimitusaikaa" in sent.value
    totals = {r.item.id: r.dots for r in voting.results(store, workshop.id, Kind.WEAKNESS)}
    assert totals == {ids[0]: 0, ids[1]: 1}


def test_an_over_budget_ballot_is_refused_on_the_phone_with_a_message(
    store, app, new_workshop, joined
):
    workshop, key, me, token, _ids = _room(store, new_workshop, joined)
    voting.set_budget(store, key, 3, 3)
    at = open_ballot(app(code=workshop.code, p=token).run(), Kind.WEAKNESS)
    for control in at.segmented_control:
        if control.key and "weakness" in control.key:
            control.set_value(3)
    (button,) = [
        b for b in at.button if b.label == t("fi", "vote.submit") and "weakness" in b.form_id
    ]
    button.click().run()
    assert not at.exception
    assert t("fi", "error.dots_over_budget", budget=3) in [e.value for e in at.error]
    assert voting.my_ballot(store, me, Kind.WEAKNESS) == {}


def test_the_console_shows_step_two_without_error(store, app, new_workshop, joined):
    workshop, key, *_ = _room(store, new_workshop, joined)
    at = app(key=key).run()
    assert not at.exception
    assert at.segmented_control(key="step_nav").value == Step.IDENTIFY.value
    assert workshops.get(store, workshop.id).results_visible is False


def test_the_facilitator_merges_a_suggested_duplicate_from_the_console(
    store, app, new_workshop, joined
):
    workshop, key, _me, _token, _ids = _room(store, new_workshop, joined)
    twin = observations.add_for(
        store,
        key,
        observations.draft("feedback", "weakness", "Jonot ovat pitkiä aamulla"),
        Role.OTHER,
    )
    at = app(key=key).run()
    (merge,) = [b for b in at.button if b.label == t("fi", "identify.merge_pair")]
    merge.click().run()
    assert not at.exception
    merged = [o for o in observations.list_visible(store, workshop.id) if o.merged_into]
    assert [o.id for o in merged] == [twin.id]
    (undo,) = [b for b in at.button if b.label == t("fi", "identify.unmerge")]
    undo.click().run()
    assert not [o for o in observations.list_visible(store, workshop.id) if o.merged_into]


# A pick and the click on its button often reach the server in one run: the button must act on
# the pick, not on what the page showed before it.


def test_confirm_takes_the_key_items_picked_in_the_same_run(store, app, new_workshop, joined):
    workshop, key, _me, _token, ids = _room(store, new_workshop, joined)
    at = app(key=key).run()

    at.pills(key="keys_weakness").set_value(ids)
    at.button(key="confirm_weakness").click().run()

    assert not at.exception
    keys = [o.id for o in observations.list_visible(store, workshop.id) if o.is_key]
    assert sorted(keys) == sorted(ids)


def test_a_manual_merge_takes_the_items_picked_in_the_same_run(store, app, new_workshop, joined):
    workshop, key, _me, _token, ids = _room(store, new_workshop, joined)
    at = app(key=key).run()

    at.selectbox(key="merge_source_weakness").set_value(ids[1])
    at.selectbox(key="merge_target_weakness").set_value(ids[0]).run()

    # The facilitator swaps the two and clicks at once.
    at.selectbox(key="merge_source_weakness").set_value(ids[0])
    at.selectbox(key="merge_target_weakness").set_value(ids[1])
    at.button(key="merge_button_weakness").click().run()

    assert not at.exception
    merged = [o for o in observations.list_visible(store, workshop.id) if o.merged_into]
    assert [(o.id, o.merged_into) for o in merged] == [(ids[0], ids[1])]


def test_the_dot_budget_saved_is_the_one_typed_in_the_same_run(store, app, new_workshop, joined):
    workshop, key, *_ = _room(store, new_workshop, joined)
    at = app(key=key).run()

    at.number_input(key="budget").set_value(8)
    at.number_input(key="per_item").set_value(4)
    (save,) = [
        b for b in at.button if b.label == t("fi", "observe.save") and "dot_budget" in b.form_id
    ]
    save.click().run()

    assert not at.exception
    assert voting.settings(store, workshop.id) == (8, 4)


def test_only_the_open_tab_s_ballot_is_drawn_and_a_tap_on_the_other_tab_draws_its_ballot(
    store, app, new_workshop, joined
):
    workshop, _key, _me, token, ids = _room(store, new_workshop, joined)
    at = app(code=workshop.code, p=token).run()
    assert not at.exception
    assert [c.key for c in at.segmented_control if "weakness" in c.key] == []
    assert t("fi", "vote.nothing") in [c.value for c in at.caption]  # no strengths in this room
    open_ballot(at, Kind.WEAKNESS)
    keys = [c.key for c in at.segmented_control if c.key.startswith("dots_")]
    assert keys and all(k.startswith("dots_weakness_") for k in keys)
    assert {int(k.rsplit("_", 1)[1]) for k in keys} == set(ids)


def test_a_phone_that_voted_shows_its_ballot_when_it_comes_back_and_after_input_closes(
    store, app, new_workshop, joined
):
    workshop, key, me, token, ids = _room(store, new_workshop, joined)
    voting.submit_ballot(store, me, Kind.WEAKNESS, {ids[1]: 2})
    at = open_ballot(app(code=workshop.code, p=token).run(), Kind.WEAKNESS)
    (sent,) = at.success
    assert "- **2** · Toimitusaikaa ei vahvisteta" in sent.value
    assert at.button(key="change_ballot_weakness")
    workshops.set_input_open(store, key, False)
    at = open_ballot(app(code=workshop.code, p=token).run(), Kind.WEAKNESS)
    (sent,) = at.success
    assert "- **2** · Toimitusaikaa" in sent.value
    assert not [b for b in at.button if b.key == "change_ballot_weakness"]
    assert t("fi", "phone.input_closed") in [i.value for i in at.info]


def test_an_item_typed_over_several_lines_is_one_line_on_the_ballot_and_in_what_was_sent(
    store, app, new_workshop, joined
):
    workshop, key = new_workshop(step=Step.OBSERVE)
    me, token = joined(workshop, Role.FRONTLINE)
    item = observations.add_for(
        store, key, observations.draft("experience", "weakness", "Jonot\n\n*pitkiä*"), Role.OTHER
    )
    workshops.set_step(store, key, Step.IDENTIFY)
    at = open_ballot(app(code=workshop.code, p=token).run(), Kind.WEAKNESS)
    (control,) = [c for c in at.segmented_control if c.key.startswith("dots_")]
    assert control.label == "Jonot \\*pitkiä\\*"
    control.set_value(1)
    (button,) = [b for b in at.button if b.label == t("fi", "vote.submit")]
    button.click().run()
    assert voting.my_ballot(store, me, Kind.WEAKNESS) == {item.id: 1}
    (sent,) = at.success
    assert sent.value.endswith("- **1** · Jonot \\*pitkiä\\*")
