"""The follow-up area of the console (issue 17): the facilitator's once the workshop is done,
and the project lead's own console of the follow-up only."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from facilitator.data.demo import DEMO_PASSPHRASE, create_demo
from facilitator.domain import Step
from facilitator.followup import metrics, milestones, people, pulse, rounds, units, versions
from facilitator.followup.people import Purpose
from facilitator.language.i18n import t
from facilitator.room import access, workshops
from facilitator.steps.phases import list_phases
from tests.app.conftest import shown_text

LEAD_PASSPHRASE = "vetäjän oma tunnuslause"
TABS = ("overview", "units", "metrics", "observation", "milestones", "pulse", "versions")
# A catalog key shown as it is: a text missing from the language's catalog.
RAW_KEY = re.compile(
    r"\b(fu|error|field|direction|frequency|metric_status|mark|milestone)\.[a-z_]+"
)


def _done(store, language: str = "fi"):
    code = create_demo(store, language=language, follow_up=False)
    return workshops.login(store, code, DEMO_PASSPHRASE)


@pytest.fixture
def done(store):
    """The finished demo workshop, signed in as its facilitator."""
    return _done(store)


def _run(runnable) -> AppTest:
    """Run the app (or a widget's app after its interaction); no exception may escape."""
    at = runnable.run()
    assert not at.exception, at.exception
    return at


def _labels(at: AppTest) -> list[str]:
    return [tab.label for tab in at.tabs]


def _fu_tabs(lang: str = "fi", *, lead_tab: bool = True) -> list[str]:
    names = [*TABS, "lead"] if lead_tab else list(TABS)
    return [t(lang, f"fu.tab.{name}") for name in names]


def _button(at: AppTest, key: str, **params: object):
    return next(b for b in at.button if b.label == t("fi", key, **params))


def _in_form(at: AppTest, form_prefix: str, kind: str, label: str):
    return next(
        w for w in getattr(at, kind) if w.form_id.startswith(form_prefix) and w.label == label
    )


def _submit(at: AppTest, form_prefix: str) -> AppTest:
    (button,) = [b for b in at.button if b.form_id.startswith(form_prefix)]
    return _run(button.click())


def _all_text(at: AppTest) -> list[str]:
    values = shown_text(at) + _labels(at) + [e.label for e in at.expander]
    values += [
        w.label for kind in ("text_input", "selectbox", "text_area") for w in getattr(at, kind)
    ]
    return values


def test_the_facilitator_sees_the_follow_up_when_the_workshop_is_done(app, done):
    _, key = done
    at = _run(app(key=key))
    assert _labels(at)[-8:] == _fu_tabs()
    assert t("fi", "fu.title") in [s.value for s in at.subheader]


def test_before_done_there_is_no_follow_up(app, store, done):
    _, key = done
    workshops.set_step(store, key, Step.PLAN)
    at = _run(app(key=key))
    labels = _labels(at)
    assert t("fi", "fu.tab.overview") not in labels and t("fi", "fu.tab.lead") not in labels
    assert t("fi", "fu.title") not in [s.value for s in at.subheader]


def _lead_key(store, workshop, key):
    access.grant_lead(store, key, LEAD_PASSPHRASE)
    return workshops.login(store, workshop.code, LEAD_PASSPHRASE)[1]


def test_a_lead_sees_only_the_follow_up_and_stays_signed_in(app, store, done):
    workshop, key = done
    lead = _lead_key(store, workshop, key)
    at = _run(app(key=lead))
    assert _labels(at) == _fu_tabs(lead_tab=False)
    # No step bar, no room controls, no documents: only the follow-up.
    assert "step_nav" not in at.session_state
    assert not [w for w in at.toggle if w.key in ("ctl_input", "ctl_results", "ctl_joining")]
    assert t("fi", "console.downloads") not in [e.label for e in at.expander]
    assert t("fi", "console.open_projector") not in [b.label for b in at.get("link_button")]
    assert at.session_state["facilitator_key"] == lead
    # Another run keeps the lead in: the console no longer signs a lead's key out.
    at = _run(_button(at, "fu.units.add").click())
    assert at.session_state["facilitator_key"] == lead
    assert workshops.signed_in(store, lead)[1] == workshops.LEAD


def test_the_facilitator_gives_the_lead_a_passphrase_typed_twice_and_takes_it_back(
    app, store, done
):
    workshop, key = done
    at = _run(app(key=key))
    assert t("fi", "fu.lead.none") in [i.value for i in at.info]
    _in_form(at, "fu_lead", "text_input", t("fi", "fu.lead.passphrase")).input(LEAD_PASSPHRASE)
    _in_form(at, "fu_lead", "text_input", t("fi", "fu.lead.again")).input("jotain muuta ihan")
    at = _submit(at, "fu_lead")
    assert t("fi", "error.passphrases_differ") in [e.value for e in at.error]
    assert access.lead_since(store, workshop.id) is None

    _in_form(at, "fu_lead", "text_input", t("fi", "fu.lead.again")).input(LEAD_PASSPHRASE)
    at = _submit(at, "fu_lead")
    assert access.lead_since(store, workshop.id) is not None
    assert workshops.login(store, workshop.code, LEAD_PASSPHRASE)[0].id == workshop.id

    at = _run(_button(at, "fu.lead.revoke").click())
    assert access.lead_since(store, workshop.id) is None


def test_the_facilitators_own_passphrase_is_refused_for_the_lead_in_finnish(app, store, done):
    workshop, key = done
    at = _run(app(key=key))
    for label in ("fu.lead.passphrase", "fu.lead.again"):
        _in_form(at, "fu_lead", "text_input", t("fi", label)).input(DEMO_PASSPHRASE)
    at = _submit(at, "fu_lead")
    assert t("fi", "error.lead_same_passphrase") in [e.value for e in at.error]
    assert access.lead_since(store, workshop.id) is None


def test_units_are_added_renamed_and_a_second_of_the_same_name_is_refused(app, store, done):
    workshop, key = done
    at = _run(app(key=key))
    _in_form(at, "fu_unit_add", "text_input", t("fi", "fu.units.new")).input("Tampere")
    at = _submit(at, "fu_unit_add")
    assert [u.name for u in units.list_units(store, workshop.id)] == ["Tampere"]

    _in_form(at, "fu_unit_add", "text_input", t("fi", "fu.units.new")).input("tampere")
    at = _submit(at, "fu_unit_add")
    assert t("fi", "error.unit_twice", name="tampere") in [e.value for e in at.error]
    assert len(units.list_units(store, workshop.id)) == 1

    (unit,) = units.list_units(store, workshop.id)
    form = f"fu_unit_{unit.id}_"
    next(w for w in at.text_input if w.form_id.startswith(form)).input("Tampere Ratina")
    rename = next(
        b for b in at.button if b.form_id.startswith(form) and b.label == t("fi", "fu.units.rename")
    )
    at = _run(rename.click())
    assert [u.name for u in units.list_units(store, workshop.id)] == ["Tampere Ratina"]


def _metric_ready(store, key, workshop):
    unit = units.add_unit(store, key, "Tampere")
    metric = metrics.take_from_plan(store, key)[0]
    return unit, metric


def test_a_result_entered_by_hand_is_stored_and_shown_with_its_status(app, store, done):
    workshop, key = done
    unit, metric = _metric_ready(store, key, workshop)
    at = _run(app(key=key))
    form = f"fu_result_{metric.id}_"
    _in_form(at, form, "text_input", t("fi", "fu.metrics.period")).input("1/2027")
    _in_form(at, form, "selectbox", t("fi", "field.unit")).set_value(unit.id)
    _in_form(at, form, "text_input", t("fi", "field.value")).input("95,5")
    at = _submit(at, form)
    (stored,) = metrics.results(store, workshop.id)[metric.id]
    assert (stored.value, stored.unit_id) == (95.5, unit.id)
    status = t("fi", "metric_status.on_track")
    assert any(metric.name in e.label and status in e.label for e in at.expander)
    assert at.get("vega_lite_chart") or at.get("arrow_vega_lite_chart")

    # A value that is no number is refused in Finnish and nothing stored is lost.
    _in_form(at, form, "text_input", t("fi", "fu.metrics.period")).input("2/2027")
    _in_form(at, form, "text_input", t("fi", "field.value")).input("paljon")
    at = _submit(at, form)
    assert t("fi", "error.number", value="paljon") in [e.value for e in at.error]
    assert len(metrics.results(store, workshop.id)[metric.id]) == 1


CSV = "Kuukausi;Yksikkö;Tulos\n1/2027;Tampere;70,5\n2/2027;Turku;71\n3/2027;Tampere;80\n"


def test_an_import_shows_rows_taken_and_refused_and_stores_only_on_the_button(app, store, done):
    workshop, key = done
    _unit, metric = _metric_ready(store, key, workshop)
    at = _run(app(key=key))
    at.file_uploader[0].upload("tulokset.csv", CSV.encode("cp1252"), "text/csv")
    at = _run(at)
    metric_pick = next(w for w in at.selectbox if w.label == t("fi", "fu.import.metric"))
    at = _run(metric_pick.set_value(metric.id))
    shown = [m.value for m in at.markdown]
    assert t("fi", "fu.import.taken", n=2) in shown
    assert t("fi", "fu.import.refused", n=1) in shown
    reason = t("fi", "fu.import.reason")
    (refused,) = [d.value for d in at.dataframe if reason in d.value.columns]
    assert list(refused[t("fi", "fu.import.line")]) == [3]
    assert "Turku" in refused[reason].iloc[0]
    assert metrics.results(store, workshop.id) == {}

    at = _run(_button(at, "fu.import.store", n=2).click())
    values = sorted(r.value for r in metrics.results(store, workshop.id)[metric.id])
    assert values == [70.5, 80.0]
    assert t("fi", "fu.import.stored", n=2) in [s.value for s in at.success]


def test_a_milestones_status_is_set_and_a_passed_day_shows_late(app, store, done):
    workshop, key = done
    at = _run(app(key=key))
    at = _run(_button(at, "fu.milestones.take").click())
    first = milestones.milestones(store, workshop.id)[0]
    at = _run(at.selectbox(key=f"fu_ms_{first.id}").set_value("done"))
    assert milestones.milestones(store, workshop.id)[0].stored == milestones.Status.DONE


def test_a_coaching_session_is_logged_and_listed(app, store, done):
    workshop, key = done
    unit = units.add_unit(store, key, "Tampere")
    at = _run(app(key=key))
    form = "fu_coaching_"
    _in_form(at, form, "text_input", t("fi", "fu.coaching.day")).input("12.2.2027")
    _in_form(at, form, "text_input", t("fi", "field.coach")).input("Sari Virtanen")
    _in_form(at, form, "text_input", t("fi", "field.topic")).input("Tervehdys ruuhkassa")
    at = _submit(at, form)
    (entry,) = milestones.coaching_log(store, workshop.id)
    assert (entry.coach, entry.unit_id, entry.topic) == (
        "Sari Virtanen",
        unit.id,
        "Tervehdys ruuhkassa",
    )
    assert any("Sari Virtanen" in d.value.to_string() for d in at.dataframe)


def test_opening_a_pulse_shows_its_code(app, store, done):
    workshop, key = done
    at = _run(app(key=key))
    at = _run(_button(at, "fu.pulse.open").click())
    opened = pulse.current(store, workshop.id)
    assert opened is not None
    code = people.current_code(store, workshop.id, Purpose.PULSE, opened.id).code
    assert any(code in m.value for m in at.markdown)


def test_the_observers_code_opens_with_its_link(app, store, done):
    workshop, key = done
    at = _run(app(key=key))
    at = _run(_button(at, "fu.observe.open").click())
    code = people.current_code(store, workshop.id, Purpose.OBSERVE).code
    assert any(f"?code={code}" in m.value for m in at.markdown)


def test_version_2_started_shows_its_code_and_a_link_to_sign_in(app, store, done):
    workshop, key = done
    at = _run(app(key=key))
    for label in ("fu.versions.passphrase", "fu.lead.again"):
        _in_form(at, "fu_version", "text_input", t("fi", label)).input("toisen version lause")
    at = _submit(at, "fu_version")
    new_id = versions.next_version(store, workshop.id)
    assert new_id is not None
    new = workshops.get(store, new_id)
    assert t("fi", "fu.versions.started", n=2, code=new.code) in [s.value for s in at.success]
    assert t("fi", "fu.versions.sign_in") in [b.label for b in at.get("link_button")]
    assert workshops.login(store, new.code, "toisen version lause")[0].id == new_id


def _fill(store, key, workshop) -> None:
    """Something in every tab: units, results, a visit, milestones, coaching, a pulse."""
    unit = units.add_unit(store, key, "Tampere")
    metric = metrics.take_from_plan(store, key)[0]
    metrics.record(store, key, metric.id, "1/2027", unit.id, "70")
    metrics.record(store, key, metric.id, "2/2027", unit.id, "75")
    code = people.open_code(store, key, Purpose.OBSERVE)
    observer, _ = people.join(store, people.find_code(store, code.code, client="t"))
    phase, listed = rounds.checklist(store, workshop.id)[0]
    marks = dict.fromkeys(range(len(listed)), "not_seen")
    rounds.send_visit(store, observer, unit.id, phase.id, marks, "", "v1")
    milestones.take_from_plan(store, key)
    milestones.log_coaching(store, key, day="1.2.2027", coach="Sari", unit_id=unit.id, topic="T")
    _, pulse_code = pulse.open_pulse(store, key)
    person, _ = people.join(
        store, people.find_code(store, pulse_code, client="t"), role="frontline", unit_id=unit.id
    )
    first = list_phases(store, workshop.id)[0]
    pulse.answer(store, person, {first.id: "unrealistic"}, 3, "p1")


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_every_tab_renders_in_both_languages_without_a_missing_text(app, store, lang):
    workshop, key = _done(store, lang)
    _fill(store, key, workshop)
    at = _run(app(key=key))
    assert _labels(at)[-8:] == _fu_tabs(lang)
    missing = [text for text in _all_text(at) if RAW_KEY.search(text)]
    assert not missing


def test_a_lead_signs_in_on_the_start_pages_form_and_gets_the_follow_up(app, store, done):
    workshop, key = done
    access.grant_lead(store, key, LEAD_PASSPHRASE)
    at = _run(app())
    assert t("fi", "resume.lead_help") in [c.value for c in at.caption]
    at.text_input(key="resume_code").input(workshop.code)
    at.text_input(key="resume_pass").input(LEAD_PASSPHRASE)
    (button,) = [b for b in at.button if b.form_id == "resume_workshop"]
    at = _run(button.click())
    lead = at.session_state["facilitator_key"]
    assert workshops.signed_in(store, lead) == (workshop.id, workshops.LEAD)
    assert at.title[0].value == workshop.title
    assert _labels(at) == _fu_tabs(lead_tab=False)


def test_version_2s_own_console_says_what_changed_from_version_1(app, store, done):
    workshop, key = done
    new, new_key = versions.start_version(store, key, "toisen version lause")
    first = list_phases(store, new.id)[0]
    with store.write() as cur:
        cur.execute(
            "UPDATE phases SET target_state = 'Katse heti ovella.' WHERE id = ?", [first.id]
        )
    at = _run(app(key=new_key))
    note = t("fi", "fu.versions.note", n=2, code=workshop.code)
    assert note in [e.label for e in at.expander]
    assert any("Katse heti ovella" in m.value for m in at.markdown)


def test_the_lead_makes_and_downloads_the_follow_up_report(app, store, done):
    workshop, key = done
    lead = _lead_key(store, workshop, key)
    at = _run(app(key=lead))
    assert t("fi", "fu.report.title") in [e.label for e in at.expander]
    at = _run(_button(at, "fu.report.make").click())
    built = at.session_state["fu_report"][1]
    assert built[:2] == b"PK"  # a Word document is a zip
    assert t("fi", "fu.report.download") in [b.label for b in at.get("download_button")]


@pytest.mark.parametrize(("lang", "shown"), [("fi", ("12500", "4,25")), ("en", ("12500", "4.25"))])
def test_saving_a_metric_unchanged_keeps_its_figures_to_the_last_decimal(app, store, lang, shown):
    """The edit form once showed figures rounded and grouped ("12,500" in English), and saving
    it stored 12.5 and 4.2."""
    workshop, key = _done(store, lang)
    metric = metrics.add_metric(store, key, name="Keskiostos", baseline=12500, target=4.25)
    at = _run(app(key=key))
    form = f"fu_metric_{metric.id}"
    baseline = _in_form(at, form, "text_input", t(lang, "field.baseline"))
    target = _in_form(at, form, "text_input", t(lang, "field.target"))
    assert (baseline.value, target.value) == shown
    for typed in shown:  # what the form holds reads back as the very figure stored
        assert metrics.check_value(typed) in (12500.0, 4.25)
    if lang == "fi":
        # (AppTest formats an English page's select outside the page's run, in Finnish: the
        # click is made on the Finnish page only.)
        (button,) = [b for b in at.button if b.form_id == form]
        _run(button.click())
        saved = metrics.get(store, workshop.id, metric.id)
        assert (saved.baseline, saved.target) == (12500.0, 4.25)
