"""Step 4 on the phone, the console and the projector."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from streamlit.testing.v1 import AppTest

from facilitator.domain import Participant, Role, Step, Workshop
from facilitator.language.i18n import t
from facilitator.room import workshops
from facilitator.room.workshops import FacilitatorKey
from facilitator.steps import phases, targets
from facilitator.steps.phases import Phase
from facilitator.steps.targets import Behaviour


@dataclass(frozen=True)
class Room:
    workshop: Workshop
    key: FacilitatorKey
    phases: list[Phase]
    me: Participant
    token: str
    other: Participant

    @property
    def first(self) -> int:
        return self.phases[0].id


@pytest.fixture
def room(store, new_workshop, joined):
    """A workshop in step Target with the six themed phases, a phone in hand and one more."""

    def make(language: str = "fi") -> Room:
        workshop, key = new_workshop(title="Tahtotilapaja", language=language)
        made = phases.apply_preset(store, key, "themes", language)
        workshop = workshops.set_step(store, key, Step.TARGET)
        me, token = joined(workshop, Role.FRONTLINE, "Aino")
        other, _ = joined(workshop, Role.MANAGEMENT)
        return Room(workshop, key, made, me, token, other)

    return make


def _form_parts(at: AppTest, prefix: str):
    (form,) = {w.form_id for w in [*at.text_area, *at.checkbox] if w.form_id.startswith(prefix)}
    return form, [b for b in at.button if b.form_id == form]


def _projector(app, workshop) -> AppTest:
    at = app(code=workshop.code).run()
    return at.switch_page("pages/projector.py").run()


# Phone


def test_a_proposal_sent_from_the_phone_is_stored_and_marked_as_mine(store, app, room):
    r = room()
    at = app(code=r.workshop.code, p=r.token).run()
    assert not at.exception
    assert at.selectbox(key="target_phase").value == r.first

    form, (send,) = _form_parts(at, "target_propose_")
    (area,) = [a for a in at.text_area if a.form_id == form]
    area.set_value("Jokainen asiakas huomataan *heti*")
    send.click().run()

    assert not at.exception
    assert [p.text for p in targets.proposals(store, r.workshop.id, r.first)] == [
        "Jokainen asiakas huomataan *heti*"
    ]
    assert "Jokainen asiakas huomataan *heti*" in [x.value for x in at.text]
    assert t("fi", "target.mine") in [c.value for c in at.caption]
    assert [s.value for s in at.toast] == [t("fi", "target.proposed")]
    # A fresh, empty form is ready for the next one.
    assert [a.value for a in at.text_area if a.form_id.startswith("target_propose_")] == [""]


def test_the_phone_proposes_for_the_phase_chosen(store, app, room):
    r = room()
    at = app(code=r.workshop.code, p=r.token).run()
    at.selectbox(key="target_phase").set_value(r.phases[2].id).run()
    form, (send,) = _form_parts(at, "target_propose_")
    (area,) = [a for a in at.text_area if a.form_id == form]
    area.set_value("Annetaan asiakkaan puhua loppuun")
    send.click().run()

    assert not at.exception
    assert [p.text for p in targets.proposals(store, r.workshop.id, r.phases[2].id)] == [
        "Annetaan asiakkaan puhua loppuun"
    ]
    assert targets.proposals(store, r.workshop.id, r.first) == []


def test_a_phone_backs_two_proposals_with_one_tap(store, app, room):
    r = room()
    ids = [targets.propose(store, r.other, r.first, text) for text in ("Katse", "Hymy", "Nimi")]
    at = app(code=r.workshop.code, p=r.token).run()
    assert f"**{t('fi', 'target.my_votes', n=0, max=2)}**" in [m.value for m in at.markdown]

    form, (send,) = _form_parts(at, "target_vote_")
    boxes = [c for c in at.checkbox if c.form_id == form]
    assert [c.label for c in boxes] == [t("fi", "target.back_this")] * 3
    boxes[0].check()
    boxes[2].check()
    send.click().run()

    assert not at.exception
    assert sorted(targets.my_votes(store, r.me, r.first)) == [ids[0], ids[2]]
    assert f"**{t('fi', 'target.my_votes', n=2, max=2)}**" in [m.value for m in at.markdown]
    # The fresh form shows the saved choice.
    assert [c.value for c in at.checkbox] == [True, False, True]


def test_backing_three_proposals_is_refused_and_the_earlier_votes_stay(store, app, room):
    r = room()
    ids = [targets.propose(store, r.other, r.first, text) for text in ("Katse", "Hymy", "Nimi")]
    targets.vote(store, r.me, r.first, [ids[1]])
    at = app(code=r.workshop.code, p=r.token).run()

    _, (send,) = _form_parts(at, "target_vote_")
    for box in at.checkbox:
        box.check()
    send.click().run()

    assert not at.exception
    assert [e.value for e in at.error] == [t("fi", "error.proposal_votes", max=2)]
    assert targets.my_votes(store, r.me, r.first) == [ids[1]]


def test_a_locked_phone_shows_the_proposals_without_forms(store, app, room):
    r = room()
    backed = targets.propose(store, r.other, r.first, "Katse ovella")
    targets.vote(store, r.me, r.first, [backed])
    workshops.set_input_open(store, r.key, False)
    at = app(code=r.workshop.code, p=r.token).run()

    assert not at.exception
    assert t("fi", "phone.input_closed") in [i.value for i in at.info]
    assert not at.text_area
    assert not at.checkbox
    assert "Katse ovella" in [x.value for x in at.text]
    assert t("fi", "target.backed") in [c.value for c in at.caption]


def test_the_phone_shows_the_agreed_target_of_the_phase(store, app, room):
    r = room()
    targets.set_target(store, r.key, r.first, "Huomaamme jokaisen.", [Behaviour("Tervehdi", True)])
    at = app(code=r.workshop.code, p=r.token).run()

    assert not at.exception
    assert t("fi", "target.agreed") in [c.value for c in at.caption]
    assert "Huomaamme jokaisen." in [x.value for x in at.text]


def test_hidden_proposals_do_not_reach_the_phones(store, app, room):
    r = room()
    rude = targets.propose(store, r.other, r.first, "Jotain asiatonta")
    targets.propose(store, r.other, r.first, "Katse ovella")
    targets.set_proposal_hidden(store, r.key, rude, True)
    at = app(code=r.workshop.code, p=r.token).run()

    shown = [x.value for x in at.text]
    assert "Katse ovella" in shown
    assert "Jotain asiatonta" not in shown


# Console


def test_the_console_saves_a_target_with_its_behaviours(store, app, room):
    r = room()
    phase = r.phases[1].id
    at = app(key=r.key).run()
    assert not at.exception

    at.text_input(key=f"target_sentence_{phase}").input("Selvitämme tarpeen ennen ehdotusta.")
    at.text_input(key=f"target_behaviour_{phase}_0").input("Kysy, mihin huoneeseen tuote tulee")
    at.toggle(key=f"target_fixed_{phase}_0").set_value(True)
    at.text_input(key=f"target_behaviour_{phase}_1").input("Kysy budjetti omin sanoin")
    at.button(key=f"target_save_{phase}").click().run()

    assert not at.exception
    assert phases.list_phases(store, r.workshop.id)[1].target_state == (
        "Selvitämme tarpeen ennen ehdotusta."
    )
    assert targets.behaviours(store, r.workshop.id) == {
        phase: [
            Behaviour("Kysy, mihin huoneeseen tuote tulee", True),
            Behaviour("Kysy budjetti omin sanoin", False),
        ]
    }
    assert t("fi", "target.saved") in [s.value for s in at.success]
    assert "• Kysy, mihin huoneeseen tuote tulee" in [x.value for x in at.text]
    assert not at.warning


def test_a_target_without_behaviours_is_refused_on_the_console(store, app, room):
    r = room()
    at = app(key=r.key).run()
    at.text_input(key=f"target_sentence_{r.first}").input("Huomaamme jokaisen.")
    at.button(key=f"target_save_{r.first}").click().run()

    assert not at.exception
    assert [e.value for e in at.error] == [t("fi", "error.behaviour_count", max=3)]
    assert phases.list_phases(store, r.workshop.id)[0].target_state == ""
    # What was typed is still there to fix.
    assert at.text_input(key=f"target_sentence_{r.first}").value == "Huomaamme jokaisen."


def test_a_vague_behaviour_gets_a_hint_in_english(store, app, room):
    r = room("en")
    at = app(key=r.key).run()
    at.text_input(key=f"target_behaviour_{r.first}_0").input("Excellent, friendly service").run()

    assert not at.exception
    assert [w.value for w in at.warning] == [t("en", "target.vague")]

    at.text_input(key=f"target_sentence_{r.first}").input("Every customer is noticed.")
    at.button(key=f"target_save_{r.first}").click().run()
    # Advisory only: it is saved, and the saved behaviour keeps the hint beside it.
    assert targets.behaviours(store, r.workshop.id)[r.first] == [
        Behaviour("Excellent, friendly service", False)
    ]
    assert any(t("en", "target.vague") in c.value for c in at.caption)


def test_use_this_copies_a_proposal_into_the_target_sentence(store, app, room):
    r = room()
    proposal = targets.propose(store, r.other, r.first, "Jokainen   asiakas\nhuomataan")
    at = app(key=r.key).run()
    at.button(key=f"target_use_{proposal}").click().run()

    assert not at.exception
    assert at.text_input(key=f"target_sentence_{r.first}").value == "Jokainen asiakas huomataan"


def test_the_console_shows_votes_and_hides_a_proposal(store, app, room):
    r = room()
    proposal = targets.propose(store, r.other, r.first, "Jotain asiatonta")
    targets.vote(store, r.me, r.first, [proposal])
    at = app(key=r.key).run()
    assert f"**{t('fi', 'target.votes', n=1)}**" in [m.value for m in at.markdown]

    at.button(key=f"target_hide_{proposal}").click().run()

    assert not at.exception
    (kept,) = targets.proposals(store, r.workshop.id, r.first, include_hidden=True)
    assert kept.hidden
    assert at.button(key=f"target_hide_{proposal}").label == t("fi", "target.show")
    # Still on the console, marked.
    assert "Jotain asiatonta" in [x.value for x in at.text]
    assert "🚫 " + t("fi", "target.hidden") in [c.value for c in at.caption]


# Projector


def test_the_projector_shows_the_most_backed_proposals_with_their_votes(store, app, room):
    r = room()
    workshops.set_results_visible(store, r.key, True)
    low = targets.propose(store, r.other, r.first, "Vähän kannatettu")
    high = targets.propose(store, r.other, r.first, "Eniten kannatettu")
    targets.vote(store, r.me, r.first, [high])
    targets.vote(store, r.other, r.first, [high, low])
    at = _projector(app, r.workshop)

    assert not at.exception
    shown = [x.value for x in at.text]
    assert shown.index("👍 2 · Eniten kannatettu") < shown.index("👍 1 · Vähän kannatettu")
    assert t("fi", "target.waiting") in [c.value for c in at.caption]


def test_the_projector_keeps_the_votes_hidden_until_the_facilitator_shows_them(store, app, room):
    r = room()
    workshops.set_results_visible(store, r.key, False)
    backed = targets.propose(store, r.other, r.first, "Katse ovella")
    targets.vote(store, r.me, r.first, [backed])
    at = _projector(app, r.workshop)

    assert not at.exception
    assert "Katse ovella" in [x.value for x in at.text]
    assert not any("👍" in x.value for x in at.text)


def test_the_projector_shows_the_agreed_target_with_fixed_and_flexible_marks(store, app, room):
    r = room("en")
    targets.set_target(
        store,
        r.key,
        r.first,
        "Every customer is *noticed*.",
        [Behaviour("Greet within 10 seconds", True), Behaviour("Nod when busy", False)],
    )
    at = _projector(app, r.workshop)

    assert not at.exception
    assert r"**Every customer is \*noticed\*\.**" in [m.value for m in at.markdown]
    assert [x.value for x in at.text if x.value.startswith(("📌", "🎨"))] == [
        "📌 Greet within 10 seconds",
        "🎨 Nod when busy",
    ]
    assert any(t("en", "target.mark_fixed") in c.value for c in at.caption)
