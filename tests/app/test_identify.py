"""Step 2 on the phone and the console: one dot ballot for both kinds, results by role."""

from __future__ import annotations

import json

from facilitator.domain import Kind, Role, Step
from facilitator.language.i18n import t
from facilitator.room import workshops
from facilitator.steps import observations, voting


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


def ballot(at) -> dict:
    """The data the phone's ballot element was drawn with (pages/steps/identify/ballot.py)."""
    (element,) = [
        e for e in at.get("bidi_component") if e.proto.component_name == "kohtaamo_ballot"
    ]
    return json.loads(element.proto.json or element.proto.mixed.json)


def send(at, ballots: dict[Kind, dict[int, int]]) -> None:
    """What the phone sends on "send my dots": its trigger, as the browser puts it in the
    BackMsg. AppTest has no wrapper for a custom component, so the trigger is added to the
    widget states of the next run by hand."""
    (element,) = [
        e for e in at.get("bidi_component") if e.proto.component_name == "kohtaamo_ballot"
    ]
    states = at._tree.get_widget_states()
    state = states.widgets.add()
    state.id = f"$$STREAMLIT_INTERNAL_KEY_{element.proto.id}__events"
    value = {k.value: {str(i): n for i, n in dots.items()} for k, dots in ballots.items()}
    state.json_trigger_value = json.dumps([{"event": "send", "value": {"ballots": value}}])
    at._run(widget_state=states)
    assert not at.exception


def test_a_ballot_sent_from_the_phone_stores_both_kinds_and_a_second_one_replaces_it(
    store, app, new_workshop, joined
):
    workshop, key, me, token, ids = _room(store, new_workshop, joined)
    strength = observations.add_for(
        store, key, observations.draft("experience", "strength", "Palvelu on nopeaa"), Role.OTHER
    )
    at = app(code=workshop.code, p=token).run()
    assert not at.exception
    drawn = ballot(at)
    assert [k["kind"] for k in drawn["kinds"]] == ["strength", "weakness"]
    assert [i["id"] for i in drawn["kinds"][1]["items"]] == ids
    assert drawn["saved"] == {"strength": {}, "weakness": {}}

    send(at, {Kind.STRENGTH: {strength.id: 1}, Kind.WEAKNESS: {ids[0]: 3, ids[1]: 2}})
    assert voting.my_ballot(store, me, Kind.WEAKNESS) == {ids[0]: 3, ids[1]: 2}
    assert voting.my_ballot(store, me, Kind.STRENGTH) == {strength.id: 1}
    # Sent: the phone lists the ballot instead of the element, with a tap to change it.
    assert not at.get("bidi_component")
    (sent,) = at.success
    assert sent.value.startswith(t("fi", "vote.saved"))
    assert "- **1** · Palvelu on nopeaa" in sent.value
    assert "- **3** · Jonot ovat pitkiä" in sent.value
    assert "- **2** · Toimitusaikaa ei vahvisteta" in sent.value
    at.button(key="change_ballot").click().run()
    assert not at.exception
    # The ballot starts from what was sent.
    assert ballot(at)["saved"] == {
        "strength": {str(strength.id): 1},
        "weakness": {str(ids[0]): 3, str(ids[1]): 2},
    }
    send(at, {Kind.STRENGTH: {strength.id: 1}, Kind.WEAKNESS: {ids[1]: 1}})
    assert voting.my_ballot(store, me, Kind.WEAKNESS) == {ids[1]: 1}
    (sent,) = at.success
    assert "Jonot" not in sent.value and "- **1** · Toimitusaikaa" in sent.value
    totals = {r.item.id: r.dots for r in voting.results(store, workshop.id, Kind.WEAKNESS)}
    assert totals == {ids[0]: 0, ids[1]: 1}


def test_an_over_budget_ballot_is_refused_on_the_phone_with_a_message(
    store, app, new_workshop, joined
):
    """The phone refuses such taps itself; a ballot that gets past it (an old page, a crafted
    message) is refused by the server, in the phone's language, and nothing is stored."""
    workshop, key, me, token, ids = _room(store, new_workshop, joined)
    voting.set_budget(store, key, 3, 3)
    at = app(code=workshop.code, p=token).run()
    send(at, {Kind.STRENGTH: {}, Kind.WEAKNESS: {ids[0]: 3, ids[1]: 3}})
    assert t("fi", "error.dots_over_budget", budget=3) in [e.value for e in at.error]
    assert voting.my_ballot(store, me, Kind.WEAKNESS) == {}
    assert ballot(at)["version"]  # the ballot is still there, with the picks the phone holds


def test_a_garbled_ballot_is_refused_with_a_message_and_no_error(store, app, new_workshop, joined):
    workshop, _key, me, token, _ids = _room(store, new_workshop, joined)
    at = app(code=workshop.code, p=token).run()
    send(at, {Kind.WEAKNESS: {"x": 1}})  # type: ignore[dict-item]
    assert t("fi", "error.dots_unknown_item") in [e.value for e in at.error]
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


def test_a_phone_that_voted_shows_its_ballot_when_it_comes_back_and_after_input_closes(
    store, app, new_workshop, joined
):
    workshop, key, me, token, ids = _room(store, new_workshop, joined)
    voting.submit_ballot(store, me, Kind.WEAKNESS, {ids[1]: 2})
    at = app(code=workshop.code, p=token).run()
    (sent,) = at.success
    assert "- **2** · Toimitusaikaa ei vahvisteta" in sent.value
    assert at.button(key="change_ballot")
    workshops.set_input_open(store, key, False)
    at = app(code=workshop.code, p=token).run()
    (sent,) = at.success
    assert "- **2** · Toimitusaikaa" in sent.value
    assert not [b for b in at.button if b.key == "change_ballot"]
    assert not at.get("bidi_component")
    assert t("fi", "phone.input_closed") in [i.value for i in at.info]


def test_an_item_typed_over_several_lines_is_one_line_as_typed_on_the_ballot(
    store, app, new_workshop, joined
):
    """On the ballot the text is data set as text: no Markdown escapes for a screen reader to
    read; in the sent list (Markdown) it is escaped."""
    workshop, key = new_workshop(step=Step.OBSERVE)
    me, token = joined(workshop, Role.FRONTLINE)
    item = observations.add_for(
        store, key, observations.draft("experience", "weakness", "Jonot\n\n*pitkiä*"), Role.OTHER
    )
    workshops.set_step(store, key, Step.IDENTIFY)
    at = app(code=workshop.code, p=token).run()
    (weaknesses,) = [k for k in ballot(at)["kinds"] if k["kind"] == "weakness"]
    assert weaknesses["items"] == [{"id": item.id, "text": "Jonot *pitkiä*"}]
    send(at, {Kind.WEAKNESS: {item.id: 1}})
    assert voting.my_ballot(store, me, Kind.WEAKNESS) == {item.id: 1}
    (sent,) = at.success
    assert sent.value.endswith("- **1** · Jonot \\*pitkiä\\*")
