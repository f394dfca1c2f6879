"""The change plan on the console, the phones and the projector."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from facilitator.domain import CustomerType, Industry, Language, Step
from facilitator.language.i18n import t
from facilitator.room import workshops
from facilitator.steps import model, phases, plan, suggestions
from facilitator.steps.plan import Challenge, Section


def _editor_state(*added: dict[str, str]) -> dict:
    """What a data_editor holds after rows were typed into its last line."""
    return {"edited_rows": {}, "added_rows": list(added), "deleted_rows": []}


def _submit(at: AppTest, form: str, label: str | None = None) -> AppTest:
    (button,) = [b for b in at.button if b.form_id == form and label in (None, b.label)]
    return button.click().run()


def _projector(app, code: str) -> AppTest:
    at = app(code=code).run()
    assert not at.exception
    return at.switch_page("pages/projector.py").run()


@pytest.fixture
def planning(store, new_workshop):
    """A workshop in the plan step with two phases, the second one critical."""
    workshop, key = new_workshop(title="Suunnittelupaja")
    made = phases.save_phases(store, key, [(None, "Huomiointi"), (None, "Kysyminen")])
    model.set_critical(store, key, [made[1].id])
    workshop = workshops.set_step(store, key, Step.PLAN)
    return workshop, key, made


def test_the_console_saves_the_coaches_typed_into_the_table(store, app, planning):
    workshop, key, _ = planning
    at = app(key=key).run()
    assert [tab.label for tab in at.tabs][:6] == [
        t("fi", "plan.tab.coaches"),
        t("fi", "plan.tab.milestones"),
        t("fi", "plan.tab.metrics"),
        t("fi", "plan.tab.observation"),
        t("fi", "plan.tab.challenges"),
        t("fi", "plan.tab.room"),
    ]

    at.session_state["plan_coaches_0"] = _editor_state(
        {"name": "Sari", "teams": "Myymälät 1-3", "duties": "Valmentaa viikoittain"},
        {"name": "", "teams": "", "duties": ""},
    )
    _submit(at, "plan_form_coaches")

    assert not at.exception
    assert not at.error
    assert [x.value for x in at.toast] == [t("fi", "plan.saved")]
    assert plan.rows(store, workshop.id, Section.COACHES) == [
        {"name": "Sari", "teams": "Myymälät 1-3", "duties": "Valmentaa viikoittain"}
    ]
    # A fresh editor shows what is stored, so the typed row is not added a second time.
    shown = at.data_editor(key="plan_coaches_1").value
    assert shown.to_dict("records") == [
        {"name": "Sari", "teams": "Myymälät 1-3", "duties": "Valmentaa viikoittain"}
    ]


def test_a_refused_table_says_why_and_keeps_what_was_stored(store, app, planning):
    workshop, key, _ = planning
    plan.replace(store, key, Section.COACHES, [{"name": "Sari"}])
    at = app(key=key).run()

    at.session_state["plan_coaches_0"] = _editor_state({"name": "x" * (plan.MAX_FIELD + 1)})
    _submit(at, "plan_form_coaches")

    assert not at.exception
    assert [e.value for e in at.error] == [
        t("fi", "error.too_long", field=t("fi", "field.plan.name"), max=plan.MAX_FIELD)
    ]
    assert plan.rows(store, workshop.id, Section.COACHES)[0]["name"] == "Sari"


def test_the_console_saves_an_answer_to_each_challenge(store, app, planning):
    workshop, key, _ = planning
    at = app(key=key).run()

    for challenge in Challenge:
        at.text_area(key=f"plan_{challenge}_risks_0").set_value(f"Riski: {challenge}")
        at.text_area(key=f"plan_{challenge}_actions_0").set_value(f"Teko: {challenge}")
    _submit(at, "plan_form_challenges")

    assert not at.exception
    assert plan.rows(store, workshop.id, Section.CHALLENGES) == [
        {"challenge": c.value, "risks": f"Riski: {c}", "actions": f"Teko: {c}"} for c in Challenge
    ]
    assert at.text_area(key="plan_habits_risks_1").value == "Riski: habits"
    assert t("fi", "plan.challenge.uniformity.help") in [c.value for c in at.caption]


def test_adding_the_suggestions_saves_them_for_the_critical_phase(store, app, planning):
    workshop, key, made = planning
    at = app(key=key).run()

    # The suggestions are the critical phase's own, and the preview says whose.
    expected = suggestions.metric_suggestions(
        suggestions.PhaseText("Kysyminen"), Industry.RETAIL, CustomerType.CONSUMER, Language.FI
    )
    title = t("fi", "plan.suggestions_title", phase="Kysyminen", n=len(expected))
    assert title in [e.label for e in at.expander]
    _submit(at, "plan_form_metrics", t("fi", "plan.add_suggestions"))
    assert not at.exception
    assert [x.value for x in at.toast] == [t("fi", "plan.suggestions_added", n=len(expected))]

    stored = plan.rows(store, workshop.id, Section.METRICS)
    assert [r["what"] for r in stored] == [m[0] for m in expected]
    assert {r["phase"] for r in stored} == {str(made[1].id)}
    shown = at.data_editor(key="plan_metrics_1").value
    assert set(shown["phase"]) == {"Kysyminen"}


def test_without_a_critical_phase_the_metrics_tab_points_to_step_five(store, app, planning):
    _, key, _ = planning
    model.set_critical(store, key, [])
    at = app(key=key).run()

    assert not at.exception
    assert t("fi", "plan.no_critical", step=f"5 · {t('fi', 'step.condense.title')}") in [
        i.value for i in at.info
    ]
    assert not [d for d in at.data_editor if d.key.startswith("plan_metrics")]


def _contribute(at: AppTest, prompt: str, text: str) -> AppTest:
    (radio,) = [r for r in at.radio if r.form_id.startswith("plan_contribution_")]
    radio.set_value(prompt)
    (area,) = [a for a in at.text_area if a.form_id.startswith("plan_contribution_")]
    area.set_value(text)
    return _submit(at, radio.form_id)


def test_an_answer_from_a_phone_reaches_the_facilitator_and_once_taken_the_projector(
    store, app, planning, joined
):
    workshop, key, _ = planning
    me, token = joined(workshop, name="Aino")
    phone = app(code=workshop.code, p=token).run()
    assert phone.subheader[-1].value == t("fi", "plan.mine", n=0)

    _contribute(phone, "hard", "Ruuhkassa ei ehdi kysyä")

    assert not phone.exception
    (mine,) = plan.contributions(store, workshop.id, participant=me)
    assert (mine.prompt, mine.text) == ("hard", "Ruuhkassa ei ehdi kysyä")
    assert phone.subheader[-1].value == t("fi", "plan.mine", n=1)
    assert "Ruuhkassa ei ehdi kysyä" in [x.value for x in phone.text]
    assert [a.value for a in phone.text_area] == [""]

    console = app(key=key).run()
    assert "Ruuhkassa ei ehdi kysyä" in [x.value for x in console.text]
    before = _projector(app, workshop.code)
    assert "• Ruuhkassa ei ehdi kysyä" not in [x.value for x in before.text]

    console.button(key=f"plan_take_{mine.id}").click().run()

    assert not console.exception
    assert plan.contributions(store, workshop.id)[0].curated
    assert console.button(key=f"plan_drop_{mine.id}").label == t("fi", "plan.drop")
    after = _projector(app, workshop.code)
    assert "• Ruuhkassa ei ehdi kysyä" in [x.value for x in after.text]
    assert t("fi", "plan.prompt.hard") in [s.value for s in after.subheader]


def test_a_hidden_answer_stays_off_the_projector(store, app, planning, joined):
    workshop, key, _ = planning
    me, _ = joined(workshop)
    sent = plan.contribute(store, me, "help", "Taskukortti mallista")
    plan.curate(store, key, sent, curated=True, hidden=False)
    shown = _projector(app, workshop.code)
    assert "• Taskukortti mallista" in [x.value for x in shown.text]
    console = app(key=key).run()

    console.button(key=f"plan_hide_{sent}").click().run()

    assert not console.exception
    assert plan.contributions(store, workshop.id) == []
    hidden = _projector(app, workshop.code)
    assert not any("Taskukortti mallista" in x.value for x in [*hidden.markdown, *hidden.text])


def test_a_phone_without_a_question_chosen_is_asked_to_choose(store, app, planning, joined):
    workshop, _, _ = planning
    _, token = joined(workshop)
    phone = app(code=workshop.code, p=token).run()

    (area,) = [a for a in phone.text_area if a.form_id.startswith("plan_contribution_")]
    area.set_value("Jotain")
    _submit(phone, area.form_id)

    assert [e.value for e in phone.error] == [t("fi", "plan.prompt_missing")]
    assert plan.contributions(store, workshop.id) == []


def test_a_locked_room_shows_no_form_on_the_phone(store, app, planning, joined):
    workshop, key, _ = planning
    workshops.set_input_open(store, key, False)
    _, token = joined(workshop)
    phone = app(code=workshop.code, p=token).run()

    assert not phone.exception
    assert t("fi", "phone.input_closed") in [i.value for i in phone.info]
    assert not phone.text_area


def test_the_projector_sums_up_the_plan(store, app, planning):
    workshop, key, made = planning
    plan.replace(store, key, Section.COACHES, [{"name": "Sari", "teams": "Myymälät"}])
    plan.replace(store, key, Section.MILESTONES, [{"title": "Pilotti alkaa", "due": "2099-03-31"}])
    plan.replace(
        store,
        key,
        Section.METRICS,
        [{"phase": str(made[1].id), "what": "Tarve kysytty", "target": "90 %"}],
    )
    workshops.set_input_open(store, key, False)

    at = _projector(app, workshop.code)

    assert not at.exception
    shown = [m.value for m in at.markdown]
    assert "**Sari** · Myymälät" in shown
    assert "**31\\.3\\.2099** · Pilotti alkaa" in shown
    assert "**Kysyminen**" in shown
    assert "Tarve kysytty → 90 %" in shown


def test_a_past_milestone_stays_on_the_projector_marked_late_before_the_coming_ones(
    store, app, planning
):
    """Issue 14: a milestone whose day had passed dropped off the projector without a word."""
    workshop, key, _ = planning
    plan.replace(
        store,
        key,
        Section.MILESTONES,
        [
            {"title": "Pilotti alkaa", "due": "2099-03-31"},
            {"title": "Aloitus", "due": "15.1.2025"},
        ],
    )
    workshops.set_input_open(store, key, False)

    at = _projector(app, workshop.code)

    shown = [m.value for m in at.markdown]
    late = f":red-badge[⏰ {t('fi', 'plan.late')}] **15\\.1\\.2025** · Aloitus"
    assert late in shown
    assert shown.index(late) < shown.index("**31\\.3\\.2099** · Pilotti alkaa")


def test_the_console_lists_the_late_milestones_under_the_table(store, app, planning):
    _, key, _ = planning
    plan.replace(store, key, Section.MILESTONES, [{"title": "Aloitus", "due": "2025-01-15"}])

    at = app(key=key).run()

    assert not at.exception
    (warning,) = [w.value for w in at.warning if t("fi", "plan.late_heading") in w.value]
    assert "**15\\.1\\.2025** · Aloitus" in warning


def test_an_english_workshop_plans_in_english(store, app, new_workshop, joined):
    workshop, key = new_workshop(title="Planning", language="en", step=Step.PLAN)
    _, token = joined(workshop)

    console = app(key=key).run()
    phone = app(code=workshop.code, p=token).run()

    assert not console.exception
    assert t("en", "plan.tab.challenges") in [tab.label for tab in console.tabs]
    assert t("en", "plan.challenge.coverage.title") in "".join(m.value for m in console.markdown)
    assert t("en", "plan.no_critical", step=f"5 · {t('en', 'step.condense.title')}") in [
        i.value for i in console.info
    ]
    assert not phone.exception
    (radio,) = phone.radio
    assert radio.label == t("en", "plan.prompt")
    assert list(radio.options) == [
        t("en", "plan.prompt.hard"),
        t("en", "plan.prompt.help"),
    ]
