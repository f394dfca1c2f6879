"""Typed text at its worst, into every service that stores it.

The property each time: the text is stored and read back exactly as the documented cleaning
makes it (`clean_text` keeps line breaks, `one_line` folds them), or the call is refused with a
domain error both catalogs can say, and then nothing at all changed. Either way the workshop's
earlier content and another workshop in the same database stay as they were.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator.domain import Channel, CustomerType, Industry, Kind, Language, Role, Step
from facilitator.errors import InvalidInput, KohtaamoError
from facilitator.language import formats
from facilitator.language.text import clean_text, one_line
from facilitator.room import workshops
from facilitator.steps import model, observations, participants, phases, plan, targets, voting
from facilitator.steps.plan import FIELDS, Challenge, Prompt, Section
from facilitator.steps.targets import Behaviour
from facilitator.store.db import Store

from .hostile import (
    NOT_TEXT,
    SHARED,
    SHORT,
    SURROGATES,
    assert_explained,
    attempt,
    cleaned,
    hostile,
)
from .workshop import Filled

# Observations


@SHARED
@given(raw=hostile(observations.MAX_OBSERVATION) | NOT_TEXT)
def test_a_participant_s_observation_is_stored_cleaned_or_refused(
    room: Filled, bystander: Filled, raw: object
) -> None:
    who = room.at(Step.OBSERVE).newcomer()
    expected = cleaned(clean_text, raw, max_len=observations.MAX_OBSERVATION)

    def send() -> object:
        return observations.submit(
            room.store, who, observations.draft("experience", "weakness", raw)
        )

    outcome = attempt(room.store, send, guarded=bystander.workshop.id)
    assert outcome.refused == (expected is None)
    stored = [o.text for o in observations.list_own(room.store, who)]
    assert stored == ([] if expected is None else [expected])
    room.assert_intact()


@SHARED
@given(raw=hostile(observations.MAX_OBSERVATION))
def test_a_participant_s_own_edit_replaces_the_text_or_keeps_the_old_one(
    room: Filled, bystander: Filled, raw: str
) -> None:
    who = room.at(Step.OBSERVE).newcomer()
    draft = observations.draft("strategy", "strength", "Staff know the products")
    first = observations.submit(room.store, who, draft)
    expected = cleaned(clean_text, raw, max_len=observations.MAX_OBSERVATION)

    def edit() -> object:
        reworded = observations.draft("strategy", "strength", raw)
        return observations.edit_own(room.store, who, first.id, reworded)

    outcome = attempt(room.store, edit, guarded=bystander.workshop.id)
    assert outcome.refused == (expected is None)
    (mine,) = observations.list_own(room.store, who)
    assert mine.text == (first.text if expected is None else expected)
    room.assert_intact()


@SHARED
@given(raw=hostile(observations.MAX_OBSERVATION))
def test_the_facilitator_s_correction_replaces_the_text_or_keeps_the_old_one(
    room: Filled, bystander: Filled, raw: str
) -> None:
    who = room.at(Step.OBSERVE).newcomer()
    draft = observations.draft("feedback", "weakness", "Nobody answers the phone")
    first = observations.submit(room.store, who, draft)
    expected = cleaned(clean_text, raw, max_len=observations.MAX_OBSERVATION)

    def correct() -> object:
        reworded = observations.draft("feedback", "weakness", raw)
        return observations.edit_any(room.store, room.key, first.id, reworded)

    outcome = attempt(room.store, correct, guarded=bystander.workshop.id)
    assert outcome.refused == (expected is None)
    (theirs,) = observations.list_own(room.store, who)
    assert theirs.text == (first.text if expected is None else expected)
    room.assert_intact()


@SHARED
@given(
    raw=hostile(observations.MAX_OBSERVATION),
    role=st.sampled_from([r.value for r in Role]) | SHORT,
)
def test_an_observation_typed_in_for_someone_is_stored_cleaned_or_refused(
    room: Filled, bystander: Filled, raw: str, role: str
) -> None:
    expected = cleaned(clean_text, raw, max_len=observations.MAX_OBSERVATION)
    role_known = role in {r.value for r in Role}

    def add() -> observations.Observation:
        draft = observations.draft("experience", "strength", raw)
        return observations.add_for(room.store, room.key, draft, role)

    outcome = attempt(room.store, add, guarded=bystander.workshop.id)
    assert outcome.refused == (expected is None or not role_known)
    if not outcome.refused:
        (added,) = [
            o for o in observations.list_all(room.store, room.key) if o.id == outcome.value.id
        ]
        assert (added.text, added.author_role) == (expected, Role(role))
    room.assert_intact()


# Participants and workshops


@SHARED
@given(raw=hostile(participants.MAX_NAME) | NOT_TEXT)
def test_a_name_given_on_joining_is_stored_cleaned_or_refused(
    room: Filled, bystander: Filled, raw: object
) -> None:
    expected = cleaned(one_line, raw, max_len=participants.MAX_NAME, required=False)

    def join() -> tuple:
        return participants.join(room.store, room.workshop, Role.FRONTLINE, raw)

    outcome = attempt(room.store, join, guarded=bystander.workshop.id)
    assert outcome.refused == (expected is None)
    if not outcome.refused:
        who, token = outcome.value
        again = participants.by_token(room.store, room.workshop.id, token)
        assert again.name == who.name == (expected or None)
    room.assert_intact()


PASSPHRASES = st.one_of(
    st.text(min_size=8, max_size=40),
    SHORT.map(lambda s: s + " passphrase"),
    # Typed text can hold no lone surrogate, but a str can: it cannot be hashed as UTF-8.
    st.builds(lambda s, half: s + half + " passphrase", SHORT, SURROGATES),
    hostile(workshops.MAX_PASSPHRASE),
    NOT_TEXT,
)


def _passphrase_fits(raw: object) -> bool:
    # The documented rule: 8 to 200 characters, hashed as typed, so it must be encodable text.
    if not isinstance(raw, str) or not 8 <= len(raw) <= workshops.MAX_PASSPHRASE:
        return False
    return not any(0xD800 <= ord(ch) <= 0xDFFF for ch in raw)


@SHARED
@given(
    title=hostile(workshops.MAX_TITLE) | NOT_TEXT,
    organisation=hostile(workshops.MAX_TITLE),
    passphrase=PASSPHRASES,
)
def test_a_new_workshop_keeps_its_texts_cleaned_and_its_passphrase_as_typed(
    store: Store,
    bystander: Filled,
    new_workshop_form: Callable[..., dict],
    title: object,
    organisation: str,
    passphrase: object,
) -> None:
    form = new_workshop_form(title=title, organisation=organisation, passphrase=passphrase)
    expected_title = cleaned(one_line, title, max_len=workshops.MAX_TITLE)
    expected_organisation = cleaned(one_line, organisation, max_len=workshops.MAX_TITLE)

    def create() -> tuple:
        return workshops.create(store, workshops.validate_new(**form))

    outcome = attempt(store, create, guarded=bystander.workshop.id)
    texts_fit = expected_title is not None and expected_organisation is not None
    assert outcome.refused == (not texts_fit or not _passphrase_fits(passphrase))
    if not outcome.refused:
        made, _ = outcome.value
        again = workshops.get(store, made.id)
        assert (again.title, again.organisation) == (expected_title, expected_organisation)
        assert workshops.login(store, made.code, passphrase)[0].id == made.id


@SHARED
@given(
    field=st.sampled_from(["language", "customer_type", "industry", "channels"]),
    raw=SHORT | NOT_TEXT,
)
def test_a_choice_outside_the_lists_is_refused(
    new_workshop_form: Callable[..., dict], field: str, raw: object
) -> None:
    form = new_workshop_form(**{field: [raw] if field == "channels" else raw})
    choices = {
        "language": Language,
        "customer_type": CustomerType,
        "industry": Industry,
        "channels": Channel,
    }[field]
    allowed = isinstance(raw, str) and raw in {c.value for c in choices}
    try:
        workshops.validate_new(**form)
    except KohtaamoError as err:
        assert_explained(err)
        assert (err.key, err.params["field"], allowed) == ("error.choice", field, False)
    else:
        assert allowed


@SHARED
@given(code=hostile(), passphrase=hostile() | st.text(min_size=8))
def test_a_typed_join_code_or_login_never_opens_a_workshop_it_does_not_name(
    room: Filled, code: str, passphrase: str
) -> None:
    def join() -> object:
        return participants.find_for_join(room.store, code, "client")

    def login() -> object:
        return workshops.login(room.store, code, passphrase)

    for action in (join, login):
        outcome = attempt(room.store, action)
        assert outcome.refused
        assert outcome.error.key in {
            "error.code_unknown",
            "error.login_failed",
            "error.too_many_attempts",
        }


# Target states


@SHARED
@given(raw=hostile(targets.MAX_PROPOSAL) | NOT_TEXT)
def test_a_proposal_is_stored_cleaned_or_refused(
    room: Filled, bystander: Filled, raw: object
) -> None:
    who = room.at(Step.TARGET).newcomer()
    phase_id = room.phase_ids[2]
    expected = cleaned(clean_text, raw, max_len=targets.MAX_PROPOSAL)

    def propose() -> int:
        return targets.propose(room.store, who, phase_id, raw)

    outcome = attempt(room.store, propose, guarded=bystander.workshop.id)
    assert outcome.refused == (expected is None)
    if not outcome.refused:
        shown = targets.proposals(room.store, room.workshop.id, phase_id, viewer=who)
        assert [p.text for p in shown if p.mine] == [expected]
    room.assert_intact()


BEHAVIOURS = st.lists(
    st.builds(Behaviour, hostile(targets.MAX_BEHAVIOUR) | NOT_TEXT, st.booleans()), max_size=4
)


def _expected_behaviours(raw: list[Behaviour]) -> list[Behaviour] | None:
    # Blank rows (white space only) are left out; any other row must clean to a behaviour.
    typed = [b for b in raw if isinstance(b.text, str) and b.text.strip()]
    texts = [cleaned(one_line, b.text, max_len=targets.MAX_BEHAVIOUR) for b in typed]
    if None in texts or not 1 <= len(texts) <= targets.MAX_BEHAVIOURS:
        return None
    return [Behaviour(t, b.fixed) for t, b in zip(texts, typed, strict=True)]


@SHARED
@given(sentence=hostile(targets.MAX_TARGET) | NOT_TEXT, behaviours=BEHAVIOURS)
def test_an_agreed_target_and_its_behaviours_are_stored_cleaned_or_refused(
    room: Filled, bystander: Filled, sentence: object, behaviours: list[Behaviour]
) -> None:
    phase_id = room.phase_ids[2]
    expected_sentence = cleaned(one_line, sentence, max_len=targets.MAX_TARGET)
    expected_behaviours = _expected_behaviours(behaviours)

    def agree() -> None:
        targets.set_target(room.store, room.key, phase_id, sentence, behaviours)

    outcome = attempt(room.store, agree, guarded=bystander.workshop.id)
    assert outcome.refused == (expected_sentence is None or expected_behaviours is None)
    if not outcome.refused:
        (phase,) = [p for p in phases.list_phases(room.store, room.workshop.id) if p.id == phase_id]
        assert phase.target_state == expected_sentence
        assert targets.behaviours(room.store, room.workshop.id)[phase_id] == expected_behaviours
    room.assert_intact()


# The model


@SHARED
@given(
    name=hostile(model.MAX_NAME) | NOT_TEXT,
    promise=hostile(model.MAX_PROMISE),
    tone_words=hostile(model.MAX_TONE),
    judgement=hostile(model.MAX_JUDGEMENT) | NOT_TEXT,
)
def test_the_model_s_texts_are_stored_cleaned_or_refused(
    room: Filled,
    bystander: Filled,
    name: object,
    promise: str,
    tone_words: str,
    judgement: object,
) -> None:
    expected = model.ModelText(
        cleaned(one_line, name, max_len=model.MAX_NAME),
        cleaned(one_line, promise, max_len=model.MAX_PROMISE, required=False),
        cleaned(one_line, tone_words, max_len=model.MAX_TONE, required=False),
        cleaned(clean_text, judgement, max_len=model.MAX_JUDGEMENT, required=False),
    )
    before = model.text(room.store, room.workshop.id)

    def write() -> model.ModelText:
        return model.set_text(
            room.store,
            room.key,
            name=name,
            promise=promise,
            tone_words=tone_words,
            judgement=judgement,
        )

    outcome = attempt(room.store, write, guarded=bystander.workshop.id)
    fields = (expected.name, expected.promise, expected.tone_words, expected.judgement)
    assert outcome.refused == (None in fields)
    stored = model.text(room.store, room.workshop.id)
    assert stored == (before if outcome.refused else expected)
    room.assert_intact()


# Phases


@SHARED
@given(renamed=hostile(phases.MAX_PHASE_NAME) | NOT_TEXT, added=st.lists(hostile(80), max_size=3))
def test_phase_names_are_stored_cleaned_or_refused(
    room: Filled, bystander: Filled, renamed: object, added: list[str]
) -> None:
    first, second, third = phases.list_phases(room.store, room.workshop.id)[:3]
    rows = [
        (first.id, first.name),
        (second.id, renamed),
        (third.id, third.name),
        *((None, name) for name in added),
    ]
    # A blank new row is skipped; a kept phase must keep a name.
    new = [n for n in added if n.strip()]
    names = [cleaned(one_line, n, max_len=phases.MAX_PHASE_NAME) for n in [renamed, *new]]

    def save() -> list[phases.Phase]:
        return phases.save_phases(room.store, room.key, rows)

    outcome = attempt(room.store, save, guarded=bystander.workshop.id)
    assert outcome.refused == (None in names)
    if not outcome.refused:
        stored = [p.name for p in phases.list_phases(room.store, room.workshop.id)]
        assert stored == [first.name, names[0], third.name, *names[1:]]
    room.assert_intact()


# The change plan

DATES = st.one_of(
    st.dates().map(dt.date.isoformat),
    st.datetimes().map(dt.datetime.isoformat),
    hostile(),
    st.just(""),
)


def _rows(section: Section) -> st.SearchStrategy[list[dict]]:
    special: dict[str, st.SearchStrategy] = {}
    if section == Section.MILESTONES:
        special["due"] = DATES
    if section == Section.CHALLENGES:
        special["challenge"] = st.sampled_from([c.value for c in Challenge]) | SHORT
    row = st.fixed_dictionaries(
        {f: special.get(f, hostile(plan.MAX_FIELD) | st.just("")) for f in FIELDS[section]}
    )
    return st.lists(row, max_size=3)


def _as_date(text: str) -> str | None:
    # The forms a person types are tested in tests/unit/test_formats.py; here the reading only
    # has to be the one the service stores.
    try:
        return formats.parse_date(text).isoformat()
    except InvalidInput:
        return None


def _expected_rows(section: Section, raw: list[dict], phase_ids: list[int]) -> list[dict] | None:
    result = []
    for row in raw:
        values = {
            f: cleaned(clean_text, row[f], max_len=plan.MAX_FIELD, required=False)
            for f in FIELDS[section]
        }
        if None in values.values():
            return None
        if not any(values.values()):
            continue
        if section == Section.MILESTONES and values["due"]:
            values["due"] = _as_date(values["due"])
            if values["due"] is None:
                return None
        if section == Section.METRICS and values["phase"]:
            if values["phase"] not in {str(i) for i in phase_ids}:
                return None
        if section == Section.CHALLENGES and values["challenge"] not in set(Challenge):
            return None
        result.append(values)
    if section == Section.CHALLENGES and len({r["challenge"] for r in result}) != len(result):
        return None
    return result


@SHARED
@given(data=st.data(), section=st.sampled_from(list(Section)))
def test_plan_rows_are_stored_cleaned_or_refused_and_other_sections_stay(
    room: Filled, bystander: Filled, data: st.DataObject, section: Section
) -> None:
    raw = data.draw(_rows(section))
    if section == Section.METRICS:
        for row in raw:
            row["phase"] = data.draw(st.sampled_from([str(i) for i in room.phase_ids]) | SHORT)
    others = {s: plan.rows(room.store, room.workshop.id, s) for s in Section if s != section}
    before = plan.rows(room.store, room.workshop.id, section)
    expected = _expected_rows(section, raw, room.phase_ids)

    def replace() -> list[dict]:
        return plan.replace(room.store, room.key, section, raw)

    outcome = attempt(room.store, replace, guarded=bystander.workshop.id)
    assert outcome.refused == (expected is None)
    assert plan.rows(room.store, room.workshop.id, section) == (
        before if expected is None else expected
    )
    assert {s: plan.rows(room.store, room.workshop.id, s) for s in others} == others
    room.assert_intact()


@SHARED
@given(
    prompt=st.sampled_from([p.value for p in Prompt]) | SHORT,
    raw=hostile(plan.MAX_CONTRIBUTION) | NOT_TEXT,
)
def test_an_answer_from_the_room_is_stored_cleaned_or_refused(
    room: Filled, bystander: Filled, prompt: str, raw: object
) -> None:
    who = room.at(Step.PLAN).newcomer()
    expected = cleaned(one_line, raw, max_len=plan.MAX_CONTRIBUTION)

    def answer() -> int:
        return plan.contribute(room.store, who, prompt, raw)

    outcome = attempt(room.store, answer, guarded=bystander.workshop.id)
    assert outcome.refused == (expected is None or prompt not in {p.value for p in Prompt})
    mine = plan.contributions(room.store, room.workshop.id, participant=who)
    assert [c.text for c in mine] == ([] if outcome.refused else [expected])
    room.assert_intact()


# Merging and rewording in step 2


ACCEPTED = hostile(observations.MAX_OBSERVATION).filter(
    lambda s: cleaned(clean_text, s, max_len=observations.MAX_OBSERVATION) is not None
)


@SHARED
@given(kept=ACCEPTED, folded=ACCEPTED, wording=hostile(observations.MAX_OBSERVATION))
def test_merging_and_rewording_hostile_items_loses_no_text(
    room: Filled, bystander: Filled, kept: str, folded: str, wording: str
) -> None:
    def add(text: str) -> observations.Observation:
        draft = observations.draft("strategy", "weakness", text)
        return observations.add_for(room.store, room.key, draft, Role.FACILITATOR)

    target, source = add(kept), add(folded)
    merged = attempt(
        room.store,
        lambda: voting.merge(room.store, room.key, source.id, target.id),
        guarded=bystander.workshop.id,
    )
    assert not merged.refused
    visible = observations.list_visible(room.store, room.workshop.id)
    (item,) = [i for i in voting.items(visible, Kind.WEAKNESS) if i.id == target.id]
    assert [o.text for o in (item.observation, *item.merged)] == [target.text, source.text]
    for a, b, score in voting.suggest_merges(visible):
        assert a.observation.kind == b.observation.kind
        assert 0 <= score <= 100

    expected = cleaned(clean_text, wording, max_len=observations.MAX_OBSERVATION)
    edited = attempt(
        room.store,
        lambda: observations.edit_any(
            room.store, room.key, target.id, observations.draft("strategy", "weakness", wording)
        ),
        guarded=bystander.workshop.id,
    )
    assert edited.refused == (expected is None)
    after = {o.id: o for o in observations.list_visible(room.store, room.workshop.id)}
    assert after[target.id].text == (target.text if expected is None else expected)
    assert (after[source.id].text, after[source.id].merged_into) == (source.text, target.id)
    room.assert_intact()


@pytest.mark.parametrize("raw", [" \x00 ", "\u202e\u200b", "\r\n\t"])
def test_a_kept_phase_renamed_to_invisible_characters_is_refused_not_dropped(
    room: Filled, raw: str
) -> None:
    # Guards the property above: a phase that silently vanished would take its content along.
    listed = phases.list_phases(room.store, room.workshop.id)
    rows = [(p.id, raw if p.id == room.phase_ids[0] else p.name) for p in listed]
    outcome = attempt(room.store, lambda: phases.save_phases(room.store, room.key, rows))
    assert outcome.refused and outcome.error.key == "error.empty"
    room.assert_intact()
