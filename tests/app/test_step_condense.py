"""Step 5 on the phone, the console and the projector: ratings, consent, the model, critical."""

from __future__ import annotations

from collections import Counter

import pytest
from streamlit.testing.v1 import AppTest

from facilitator.domain import Kind, Role, Step
from facilitator.language.i18n import t
from facilitator.room import workshops
from facilitator.steps import model, observations, phases, targets, voting
from facilitator.steps.model import Rating
from facilitator.steps.targets import Behaviour

PHASES = {
    "fi": [
        ("Huomiointi", "Jokainen asiakas huomataan heti.", "Tervehdi katsekontaktilla"),
        ("Kysyminen", "Selvitämme tarpeen ennen ehdotusta.", "Kysy, mihin huoneeseen tuote tulee"),
        (
            "Kiittäminen",
            "Jokainen kohtaaminen päättyy kiitokseen.",
            "Kiitä ja toivota hyvää päivää",
        ),
    ],
    "en": [
        ("Noticing", "Every customer is noticed at once.", "Greet with eye contact"),
        ("Asking", "We find out the need first.", "Ask which room the item is for"),
        ("Thanking", "Every encounter ends with thanks.", "Thank the customer"),
    ],
}


@pytest.fixture
def condensing(store, new_workshop, joined):
    """Build a room in step 5 with three phases and their targets.

    It returns the workshop, the facilitator key, one front-line participant, their token
    and the phase ids.
    """

    def make(language: str = "fi"):
        workshop, key = new_workshop(title="Tiivistyspaja", language=language)
        me, token = joined(workshop, Role.FRONTLINE, name="Aino")
        made = phases.save_phases(store, key, [(None, n) for n, _, _ in PHASES[language]])
        for phase, (_, sentence, behaviour) in zip(made, PHASES[language], strict=True):
            targets.set_target(store, key, phase.id, sentence, [Behaviour(behaviour, True)])
        workshop = workshops.set_step(store, key, Step.CONDENSE)
        return workshop, key, me, token, [p.id for p in made]

    return make


def _rating_control(at: AppTest, phase_id: int):
    (control,) = [
        c for c in at.segmented_control if c.key and c.key.endswith(f"_{phase_id}") and c.form_id
    ]
    return control


def _submit(at: AppTest, label: str) -> AppTest:
    (button,) = [b for b in at.button if b.label == label and b.form_id]
    button.click().run()
    assert not at.exception
    return at


# Phone


def test_a_phone_rates_every_phase_and_rating_again_replaces_it(store, app, condensing):
    workshop, _key, me, token, ids = condensing()
    at = app(code=workshop.code, p=token).run()
    assert not at.exception
    assert [x.value for x in at.text][:3] == [s for _, s, _ in PHASES["fi"]]
    assert _rating_control(at, ids[0]).options == [
        t("fi", "condense.rating_can"),
        t("fi", "condense.rating_support"),
        t("fi", "condense.rating_unrealistic"),
    ]

    _rating_control(at, ids[0]).set_value("can")
    _rating_control(at, ids[1]).set_value("unrealistic")
    _submit(at, t("fi", "condense.rate_submit"))
    assert model.my_ratings(store, me) == {ids[0]: Rating.CAN, ids[1]: Rating.UNREALISTIC}

    # The fresh form starts from what was sent, and a change replaces the earlier rating.
    assert _rating_control(at, ids[1]).value == "unrealistic"
    assert _rating_control(at, ids[2]).value is None
    _rating_control(at, ids[1]).set_value("support")
    _submit(at, t("fi", "condense.rate_submit"))
    assert model.my_ratings(store, me) == {ids[0]: Rating.CAN, ids[1]: Rating.SUPPORT}
    counted = {a.phase.id: a.by_role for a in model.achievability(store, workshop.id)}
    assert counted[ids[1]] == {Role.FRONTLINE: Counter({Rating.SUPPORT: 1})}


def test_a_facilitators_phone_is_told_its_ratings_are_not_counted(store, app, condensing, joined):
    workshop, *_ = condensing()
    _, token = joined(workshop, Role.FACILITATOR, name="Outi")
    at = app(code=workshop.code, p=token).run()
    assert not at.exception
    assert t("fi", "condense.facilitator_not_counted") in [c.value for c in at.caption]

    _, front = joined(workshop, Role.FRONTLINE)
    at = app(code=workshop.code, p=front).run()
    assert t("fi", "condense.facilitator_not_counted") not in [c.value for c in at.caption]


def test_sending_no_rating_at_all_asks_for_one_and_stores_nothing(store, app, condensing):
    workshop, _key, me, token, _ids = condensing()
    at = app(code=workshop.code, p=token).run()
    _submit(at, t("fi", "condense.rate_submit"))
    assert t("fi", "condense.nothing_rated") in [e.value for e in at.error]
    assert model.my_ratings(store, me) == {}


def test_a_phone_gives_its_fist_of_five_and_can_change_it(store, app, condensing):
    workshop, _key, me, token, _ids = condensing()
    at = app(code=workshop.code, p=token).run()
    assert t("fi", "condense.consent_legend") in [m.value for m in at.markdown]
    (fingers,) = [c for c in at.segmented_control if c.key and c.key.startswith("fingers_")]
    assert fingers.options == ["0", "1", "2", "3", "4", "5"]

    fingers.set_value(4)
    _submit(at, t("fi", "condense.consent_submit"))
    assert model.my_consent(store, me) == 4
    assert t("fi", "condense.my_consent", n=4) in [c.value for c in at.caption]

    (fingers,) = [c for c in at.segmented_control if c.key and c.key.startswith("fingers_")]
    assert fingers.value == 4
    fingers.set_value(0)
    _submit(at, t("fi", "condense.consent_submit"))
    assert model.consent(store, workshop.id)[Role.FRONTLINE] == Counter({0: 1})


def test_sending_consent_without_fingers_asks_for_them(store, app, condensing):
    workshop, _key, me, token, _ids = condensing()
    at = app(code=workshop.code, p=token).run()
    _submit(at, t("fi", "condense.consent_submit"))
    assert t("fi", "condense.no_fingers") in [e.value for e in at.error]
    assert model.my_consent(store, me) is None


def test_locked_input_shows_the_closed_message_and_no_form(store, app, condensing):
    workshop, key, _me, token, _ids = condensing()
    workshops.set_input_open(store, key, False)
    at = app(code=workshop.code, p=token).run()
    assert not at.exception
    assert [i.value for i in at.info].count(t("fi", "phone.input_closed")) == 2
    assert not [b for b in at.button if b.form_id]


def test_input_locked_after_the_form_was_drawn_stores_no_rating(store, app, condensing):
    workshop, key, me, token, ids = condensing()
    at = app(code=workshop.code, p=token).run()
    workshops.set_input_open(store, key, False)
    _rating_control(at, ids[0]).set_value("can")
    _submit(at, t("fi", "condense.rate_submit"))
    assert model.my_ratings(store, me) == {}
    assert t("fi", "phone.input_closed") in [i.value for i in at.info]


def test_an_english_phone_rates_in_english(store, app, condensing):
    workshop, _key, _me, token, ids = condensing("en")
    at = app(code=workshop.code, p=token).run()
    assert not at.exception
    assert [tab.label for tab in at.tabs] == [
        t("en", "condense.rate_tab"),
        t("en", "condense.consent_tab"),
    ]
    assert _rating_control(at, ids[0]).options[0] == "I can do this"
    assert "Every customer is noticed at once." in [x.value for x in at.text]


# Console


def _model_form(at: AppTest) -> dict:
    inputs = {w.label: w for w in [*at.text_input, *at.text_area] if w.form_id == "model_text"}
    return inputs


def test_the_console_saves_the_model_text_and_previews_it(store, app, condensing):
    workshop, key, *_ = condensing()
    at = app(key=key).run()
    assert not at.exception
    form = _model_form(at)
    form[t("fi", "condense.name")].input("Kotipuodin *tapa*")
    form[t("fi", "condense.promise")].input("Tunnet olosi kotoisaksi heti ovelta.")
    form[t("fi", "condense.tone_words")].input("lämmin, asiantunteva")
    form[t("fi", "condense.judgement")].input("Huumori on jokaisen oma asia.")
    _submit(at, t("fi", "condense.save_model"))

    assert model.text(store, workshop.id) == model.ModelText(
        "Kotipuodin *tapa*",
        "Tunnet olosi kotoisaksi heti ovelta.",
        "lämmin, asiantunteva",
        "Huumori on jokaisen oma asia.",
    )
    assert t("fi", "condense.model_saved") in [s.value for s in at.success]
    # The typed name is shown as typed, never as Markdown emphasis.
    assert "Kotipuodin \\*tapa\\*" in [s.value for s in at.subheader]
    assert "Huumori on jokaisen oma asia." in [x.value for x in at.text]
    (first_phase,) = [m.value for m in at.markdown if m.value.startswith("**1\\. Huomiointi**")]
    assert first_phase.split("  \n")[1:] == [
        "Jokainen asiakas huomataan heti\\.",
        f":blue-badge[{t('fi', 'condense.fixed')}] Tervehdi katsekontaktilla",
    ]


def test_a_model_without_a_name_is_refused_and_the_saved_one_is_kept(store, app, condensing):
    workshop, key, *_ = condensing()
    model.set_text(store, key, name="Vanha nimi", promise="", tone_words="", judgement="")
    at = app(key=key).run()
    _model_form(at)[t("fi", "condense.name")].input("   ")
    _submit(at, t("fi", "condense.save_model"))
    expected = t("fi", "error.empty", field=t("fi", "field.model_name"))
    assert expected in [e.value for e in at.error]
    assert model.text(store, workshop.id).name == "Vanha nimi"


def test_too_many_phases_are_warned_about_and_projected_in_two_columns(store, app, new_workshop):
    workshop, key = new_workshop(step=Step.CONDENSE)
    phases.save_phases(store, key, [(None, f"Vaihe {n}") for n in range(1, 9)])
    at = app(key=key).run()
    assert not at.exception
    assert t("fi", "model.too_many_phases", n=8, max=7) in [w.value for w in at.warning]

    workshops.set_results_visible(store, key, False)
    projector = _projector(app, workshop.code)
    shown = [m.value for m in projector.markdown if m.value.startswith(":green[")]
    assert shown == [f":green[**{n}\\. Vaihe {n}**]" for n in range(1, 9)]


def test_the_console_flags_a_phase_the_front_line_finds_unrealistic(store, app, condensing, joined):
    workshop, key, me, _token, ids = condensing()
    model.rate(store, me, {ids[1]: Rating.UNREALISTIC, ids[0]: Rating.CAN})
    boss, _ = joined(workshop, Role.MANAGEMENT)
    model.rate(store, boss, {ids[1]: Rating.CAN})
    at = app(key=key).run()
    assert not at.exception
    flagged = t("fi", "condense.flagged", phase="Kysyminen")
    assert flagged in [w.value for w in at.warning]
    assert t("fi", "condense.flagged", phase="Huomiointi") not in [w.value for w in at.warning]
    assert len(at.get("vega_lite_chart")) == 2  # achievability and consent


def test_the_console_saves_the_suggested_critical_phases(store, app, condensing, joined):
    workshop, key, me, _token, ids = condensing()
    workshops.set_step(store, key, Step.OBSERVE)
    weak = observations.submit(
        store, me, observations.draft("experience", "weakness", "Kukaan ei kysy mitään")
    )
    workshops.set_step(store, key, Step.IDENTIFY)
    voting.confirm_keys(store, key, Kind.WEAKNESS, [weak.id])
    phases.place(store, key, {weak.id: ids[1]})
    workshops.set_step(store, key, Step.CONDENSE)

    at = app(key=key).run()
    chooser = at.pills(key="critical_phases")
    assert chooser.value == [ids[1]]
    chooser.set_value([ids[1], ids[2]]).run()
    (save,) = [b for b in at.button if b.label == t("fi", "condense.save_critical")]
    save.click().run()
    assert not at.exception
    assert [p.critical for p in phases.list_phases(store, workshop.id)] == [False, True, True]
    saved = t("fi", "condense.critical_saved", phases="2\\. Kysyminen, 3\\. Kiittäminen")
    assert saved in [c.value for c in at.caption]


def test_the_critical_phases_picked_just_before_save_are_the_ones_saved(store, app, condensing):
    workshop, key, _me, _token, ids = condensing()
    at = app(key=key).run()

    # Picked and saved in one run, as a quick click after the pick arrives.
    at.pills(key="critical_phases").set_value([ids[0], ids[2]])
    (save,) = [b for b in at.button if b.label == t("fi", "condense.save_critical")]
    save.click().run()

    assert not at.exception
    assert [p.critical for p in phases.list_phases(store, workshop.id)] == [True, False, True]


def test_the_console_speaks_english_after_the_switch(store, app, condensing):
    _workshop, key, *_ = condensing()
    at = app(key=key).run()
    at.segmented_control(key="lang_switch").set_value("en").run()
    assert not at.exception
    labels = [tab.label for tab in at.tabs]
    assert t("en", "condense.model_tab") in labels
    assert t("en", "condense.critical_tab") in labels
    assert t("en", "condense.name") in _model_form(at)


# Projector


def _projector(app, code: str) -> AppTest:
    at = app(code=code).run()
    assert not at.exception
    at = at.switch_page("pages/projector.py").run()
    assert not at.exception
    return at


def test_the_projector_shows_the_model_large_and_hides_results_until_revealed(
    store, app, condensing
):
    workshop, key, me, _token, ids = condensing()
    model.set_text(
        store, key, name="Kotipuodin tapa", promise="Kuin kotona", tone_words="", judgement=""
    )
    model.rate(store, me, {ids[0]: Rating.CAN})
    workshops.set_results_visible(store, key, False)
    at = _projector(app, workshop.code)

    assert "Kotipuodin tapa" in [h.value for h in at.header]
    shown = [m.value for m in at.markdown]
    assert [m for m in shown if m.startswith(":green[")] == [
        ":green[**1\\. Huomiointi**] · **Jokainen asiakas huomataan heti\\.**",
        ":green[**2\\. Kysyminen**] · **Selvitämme tarpeen ennen ehdotusta\\.**",
        ":green[**3\\. Kiittäminen**] · **Jokainen kohtaaminen päättyy kiitokseen\\.**",
    ]
    assert "🔒 Tervehdi katsekontaktilla" in [x.value for x in at.text]
    status = t("fi", "condense.results_hidden", rated=1, shown=0)
    assert [m.value for m in at.markdown if m.value.endswith(status)]
    assert not at.get("vega_lite_chart")


def test_the_projector_shows_consent_and_achievability_when_results_are_visible(
    store, app, condensing
):
    workshop, key, me, _token, ids = condensing()
    model.rate(store, me, {ids[0]: Rating.UNREALISTIC})
    model.give_consent(store, me, 2)
    model.set_text(store, key, name="Kotipuodin tapa", promise="", tone_words="", judgement="")
    workshops.set_results_visible(store, key, True)
    at = _projector(app, workshop.code)

    assert "Kotipuodin tapa" in [h.value for h in at.header]
    assert len(at.get("vega_lite_chart")) == 2
    line = t(
        "fi", "condense.consent_line", n=1, average="2,0", doubts=1
    )  # the Finnish decimal comma
    assert line in [m.value for m in at.markdown]
    assert t("fi", "condense.flagged", phase="Huomiointi") in [w.value for w in at.warning]


def test_an_english_projector_shows_the_english_model(store, app, condensing):
    workshop, key, *_ = condensing("en")
    workshops.set_results_visible(store, key, False)
    at = _projector(app, workshop.code)
    assert ":green[**1\\. Noticing**] · **Every customer is noticed at once\\.**" in [
        m.value for m in at.markdown
    ]
    status = t("en", "condense.results_hidden", rated=0, shown=0)
    assert [m.value for m in at.markdown if m.value.endswith(status)]


def test_a_room_with_no_phases_yet_renders_everywhere_without_error(
    store, app, new_workshop, joined
):
    workshop, key = new_workshop(step=Step.CONDENSE)
    _, token = joined(workshop)

    phone = app(code=workshop.code, p=token).run()
    assert not phone.exception
    assert t("fi", "condense.no_targets_yet") in [i.value for i in phone.info]
    assert not [b for b in phone.button if b.form_id and b.form_id.startswith("ratings_")]

    console = app(key=key).run()
    assert not console.exception
    assert t("fi", "condense.no_ratings") in [c.value for c in console.caption]
    assert t("fi", "condense.no_phases") in [c.value for c in console.caption]

    workshops.set_results_visible(store, key, False)
    projector = _projector(app, workshop.code)
    assert t("fi", "condense.no_phases") in [c.value for c in projector.caption]

    workshops.set_results_visible(store, key, True)
    projector.run()
    assert not projector.exception
    assert t("fi", "condense.no_ratings") in [m.value for m in projector.markdown]
