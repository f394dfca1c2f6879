"""followup.docx (issue 17 point 6): the follow-up report for leadership, read back from the
document: its order, the decisions the data asks for (and none it does not), a chart per
critical phase metric with results, the empty case, both languages."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from docx import Document

from exports import bundle, followup_report
from exports.common import save
from facilitator.data.demo import DEMO_PASSPHRASE, create_demo
from facilitator.domain import Role
from facilitator.followup import metrics, milestones, people, pulse, rounds, summary, units
from facilitator.followup.people import Purpose
from facilitator.language.catalogs import followup as followup_texts
from facilitator.language.i18n import label
from facilitator.room import workshops
from facilitator.room.workshops import FacilitatorKey
from facilitator.steps import report
from facilitator.steps.phases import list_phases
from facilitator.store import clock
from facilitator.store.db import Store

# The day the demo's room agrees its model here: the plan's milestones fall days after it
# (demo.KICK_OFF, EVERY_STORE, ...), so the report's days are the same whatever day it runs.
AGREED = dt.date(2026, 12, 9)
TODAY = dt.date(2027, 4, 10)  # after the first quarter of results; the second milestone late
MONTHS = ("1/2027", "2/2027", "3/2027")


@dataclass(frozen=True)
class Filled:
    store: Store
    workshop_id: int
    key: FacilitatorKey


def finished(store: Store, language: str = "fi") -> Filled:
    """The demo workshop, its plan's metrics and milestones taken into the follow-up."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(clock, "today", lambda: AGREED)
        # The demo without its own follow-up: each test builds the follow-up it reads.
        code = create_demo(store, language=language, follow_up=False)
    workshop, key = workshops.login(store, code, DEMO_PASSPHRASE)
    metrics.take_from_plan(store, key)
    milestones.take_from_plan(store, key)
    return Filled(store, workshop.id, key)


def _units(f: Filled) -> list[units.Unit]:
    return units.list_units(f.store, f.workshop_id) or [
        units.add_unit(f.store, f.key, name) for name in ("Tampere", "Espoo", "Oulu")
    ]


def record_months(f: Filled, metric_index: int, by_unit: list[tuple[float, ...]]) -> None:
    """Three months of one metric, a row of figures per unit."""
    metric = metrics.metrics(f.store, f.workshop_id)[metric_index]
    for unit, figures in zip(_units(f), by_unit, strict=False):
        for month, value in zip(MONTHS, figures, strict=True):
            metrics.record(f.store, f.key, metric.id, month, unit.id, value)


def observe(f: Filled, phase_position: int, fixed_seen: bool, visits: int = 3) -> None:
    """Observation visits to one phase in each unit, its fixed behaviours seen or not."""
    code = people.open_code(f.store, f.key, Purpose.OBSERVE)
    observer, _ = people.join(f.store, people.find_code(f.store, code.code, "t"), name="Sari")
    phase, listed = rounds.checklist(f.store, f.workshop_id)[phase_position]
    for unit in _units(f):
        for n in range(visits):
            marks = {
                i: "seen" if (fixed_seen or not b.fixed) else "not_seen"
                for i, b in enumerate(listed)
            }
            key = f"{unit.id}-{phase.id}-{n}"
            rounds.send_visit(f.store, observer, unit.id, phase.id, marks, "", key)


def staff_pulse(f: Filled, phase_position: int, rating: str, fingers: int) -> None:
    """Three front-line answers rating one phase and showing their fist of five."""
    _, code = pulse.open_pulse(f.store, f.key)
    found = people.find_code(f.store, code, client="t")
    phase = list_phases(f.store, f.workshop_id)[phase_position]
    for n, unit in enumerate(_units(f)):
        person, _ = people.join(f.store, found, role="frontline", unit_id=unit.id)
        pulse.answer(f.store, person, {phase.id: rating}, fingers, f"answer-{n}")


def document(f: Filled, today: dt.date = TODAY) -> Document:
    data = report.gather(f.store, f.workshop_id)
    follow = summary.follow_up(f.store, f.workshop_id, today)
    return Document(io.BytesIO(save(followup_report.build(data, follow))))


def text(doc: Document) -> str:
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def headings(doc: Document) -> list[str]:
    return [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]


def decisions(doc: Document) -> list[str]:
    """The first column of the decisions table (empty when the data asks for none)."""
    for table in doc.tables:
        if table.rows[0].cells[0].text in ("Päätettävä asia", "Decision needed"):
            return [row.cells[0].text for row in table.rows[1:]]
    return []


def charts(doc: Document) -> int:
    return len(doc.inline_shapes)


@pytest.fixture(scope="module")
def full(make_module_store: Callable[..., Store]) -> Filled:
    """Every kind of decision built in: the greeting metric on track while its fixed behaviours
    go unseen, the confirmation metric behind, a front line finding confirmation unrealistic,
    and the second milestone's day passed."""
    f = finished(make_module_store())
    record_months(f, 0, [(70, 78, 86), (68, 80, 88), (66, 74, 84)])
    record_months(f, 2, [(58, 57, 54), (60, 56, 55), (57, 55, 52)])
    observe(f, 0, fixed_seen=False)
    observe(f, 4, fixed_seen=True)
    staff_pulse(f, 4, "unrealistic", 2)
    first = milestones.milestones(f.store, f.workshop_id)[0]
    milestones.set_status(f.store, f.key, first.id, "done")
    unit = _units(f)[0]
    milestones.log_coaching(
        f.store, f.key, day="3.2.2027", coach="Sari Virtanen", unit_id=unit.id, topic="Tervehdys"
    )
    return f


@pytest.fixture(scope="module")
def full_fi(full) -> Document:  # type: ignore[no-untyped-def]
    return document(full)


def test_the_report_reads_summary_and_decisions_first_and_evidence_last(full_fi):
    found = headings(full_fi)
    order = [
        "Käyttöönoton tilanne",
        "Nyt tarvittavat päätökset",
        "Kriittisten vaiheiden edistyminen",
        "Virstanpylväät ja valmennus",
        "Henkilöstön pulssi verrattuna työpajaan",
        "Liite: kaikki mittarit",
    ]
    assert [h for h in found if h in order] == order
    # Both critical phases of the demo have their own section, in the journey's order.
    critical = found[found.index(order[2]) : found.index(order[3])]
    assert [h for h in critical if h in ("Huomiointi", "Vahvistaminen")] == [
        "Huomiointi",
        "Vahvistaminen",
    ]


def test_each_decision_comes_from_the_data_built_to_ask_for_it(full_fi):
    asked = decisions(full_fi)
    assert any("jäljessä" in d and "Vahvistaminen" in d for d in asked)  # the metric behind
    assert any("näkyvät harvoin" in d and "Huomiointi" in d for d in asked)  # numbers hide it
    assert any("vaikeammaksi toteuttaa" in d and "Vahvistaminen" in d for d in asked)  # pulse
    assert any("Valmennus kaikissa myymälöissä" in d for d in asked)  # late milestone
    assert not any("Aloitus myymäläpäälliköille" in d for d in asked)  # done is not late
    assert len(asked) == 4


def test_without_such_data_no_decision_is_asked(store):
    f = finished(store)
    # Every metric on its way up, the fixed behaviours seen, the staff finding it achievable,
    # and the report made before any milestone's day.
    record_months(f, 0, [(70, 78, 86), (68, 80, 88)])
    record_months(f, 2, [(60, 70, 80), (61, 72, 85)])
    observe(f, 0, fixed_seen=True)
    staff_pulse(f, 4, "can", 4)
    doc = document(f, dt.date(2027, 1, 10))
    assert decisions(doc) == []
    assert "Tulokset eivät nyt vaadi johdolta päätöksiä." in text(doc)


def test_a_critical_phase_metric_with_results_has_its_chart_and_one_without_has_none(full_fi):
    # Two critical phase metrics have results (greeting, confirmation); the weekly nod and the
    # quarterly survey have none, and the appendix draws none.
    assert charts(full_fi) == 2
    body = text(full_fi)
    assert "ei vielä tuloksia" in body


def test_the_empty_report_says_so_and_draws_nothing(store):
    doc = document(finished(store))
    body = text(doc)
    assert "Seurannassa ei ole vielä tuloksia" in body
    assert "Havainnointikäyntejä ei ole vielä tehty." in body
    assert "Henkilöstön pulssiin ei ole vielä vastattu." in body
    assert charts(doc) == 0
    assert headings(doc)[0] == "Käyttöönoton tilanne"


def test_the_english_report_has_the_same_order_and_numbers_and_dates_the_english_way(store):
    f = finished(store, "en")
    record_months(f, 0, [(70.5, 78, 86.5)])
    milestones.log_coaching(
        f.store, f.key, day="3.2.2027", coach="Sari", unit_id=_units(f)[0].id, topic="Greeting"
    )
    doc = document(f)
    found = headings(doc)
    assert found.index("Where the roll-out stands") < found.index("Decisions needed now")
    assert found.index("Progress in the critical phases") < found.index("Appendix: all metrics")
    body = text(doc)
    assert "86.5" in body and "86,5" not in body
    assert "3 February 2027" in body
    assert "March 2027" in body


def test_the_finnish_report_writes_numbers_dates_and_months_the_finnish_way(full_fi):
    body = text(full_fi)
    assert "31.3.2027" in body  # the late milestone's day
    assert "3.2.2027" in body  # the coaching session
    assert "maaliskuu 2027" in body
    assert re.search(r"\d\u00a0%", body)  # "86 %": a (non-breaking) space before the sign
    # Days aside ("10.4.2027"), no figure has a decimal point: "77,3", not "77.3".
    assert not re.search(r"\d\.\d", re.sub(r"\d{1,2}\.\d{1,2}\.\d{4}", "", body))
    assert "77,3" in body


def _english_only_words() -> set[str]:
    """Words of the report's English texts that its Finnish texts never use."""

    def words(catalog: dict) -> set[str]:
        found = set()
        for key, value in catalog.items():
            if key.startswith("doc.followup."):
                for v in value.values() if isinstance(value, dict) else [value]:
                    found |= set(re.findall(r"[A-Za-z]{4,}", re.sub(r"\{\w+\}", "", v)))
        return found

    return words(followup_texts.EN) - words(followup_texts.FI)


def test_the_finnish_report_holds_no_english_words(full_fi):
    body = set(re.findall(r"[A-Za-z]{4,}", text(full_fi)))
    assert body & _english_only_words() == set()


def test_the_bundle_makes_the_follow_up_report_beside_the_three_documents(full):
    data = report.gather(full.store, full.workshop_id)
    follow = summary.follow_up(full.store, full.workshop_id, TODAY)
    built = bundle.documents(data, follow)
    assert set(built) == {*bundle.FILES, bundle.FOLLOW_UP}
    assert set(bundle.documents(data)) == set(bundle.FILES)


def test_the_pulse_table_sets_the_workshop_beside_now_by_role(full_fi):
    header = next(t for t in full_fi.tables if t.rows[0].cells[0].text == "Vaihe")
    rows = [[c.text for c in row.cells] for row in header.rows[1:]]
    slipping = [r for r in rows if r[0] == "Vahvistaminen" and r[5]]
    assert slipping and slipping[0][1:4] == [
        label("fi", "role", Role.FRONTLINE),
        "0\u00a0%",
        "100\u00a0%",
    ]


SOFFICE = shutil.which("soffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_the_report_opens_in_libreoffice(full_fi, tmp_path: Path):
    path = tmp_path / "followup.docx"
    full_fi.save(str(path))
    subprocess.run(
        [
            SOFFICE or "soffice",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "followup.pdf"), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert "Seurantaraportti" in pdf and "Nyt tarvittavat päätökset" in pdf


def test_the_project_lead_downloads_the_follow_up_report_and_a_participant_cannot(full):
    from exports import downloads
    from facilitator.errors import NotAuthorised
    from facilitator.room import access

    access.grant_lead(full.store, full.key, "the-project-leads-own-passphrase")
    workshop = workshops.get(full.store, full.workshop_id)
    _, lead = workshops.login(full.store, workshop.code, "the-project-leads-own-passphrase")
    blob = downloads.follow_up_report(full.store, lead)
    assert "Seurantaraportti" in text(Document(io.BytesIO(blob)))
    with pytest.raises(NotAuthorised):
        downloads.follow_up_report(full.store, None)
    assert "followup.docx" in downloads.everything(full.store, full.key)
    assert downloads.word_document(full.store, full.key, "followup.docx")[:2] == b"PK"


def test_the_documents_worker_builds_the_follow_up_report_in_its_process(full):
    from exports import builder

    data = report.gather(full.store, full.workshop_id)
    follow = summary.follow_up(full.store, full.workshop_id, TODAY)
    built = builder.documents(data, follow)
    assert builder.WORKER.pid is not None  # built over the pipe, not here
    assert text(Document(io.BytesIO(built[bundle.FOLLOW_UP]))) == text(document(full))


def test_the_pulse_is_also_set_against_the_workshop_unit_by_unit(full_fi):
    by_unit = next(
        t for t in full_fi.tables if t.rows[0].cells[0].text == "Yksikkö" and len(t.columns) == 7
    )
    rows = [[c.text for c in row.cells] for row in by_unit.rows[1:]]
    assert [r[0] for r in rows] == ["Tampere", "Espoo", "Oulu"]
    assert all(r[1] == "Vahvistaminen" and r[4] == "100\u00a0%" for r in rows)


def test_the_report_has_the_documents_frame_language_and_page_x_of_y(full_fi):
    from docx.oxml.ns import qn

    normal = full_fi.styles["Normal"].element.rPr.find(qn("w:lang"))
    assert normal.get(qn("w:val")) == "fi-FI"
    assert full_fi.core_properties.title == "Seurantaraportti – Kotipuodin kohtaaminen"
    header = full_fi.sections[0].header.paragraphs[0].text
    assert header.startswith("Kotipuoti Oy · Seurantaraportti")
    footer = full_fi.sections[0].footer.paragraphs[0]._p.xml
    assert "PAGE" in footer and "NUMPAGES" in footer


def test_no_sentence_of_the_report_starts_with_a_small_letter(full_fi):
    # Statuses are lower-case inside sentences ("(maaliskuu 2027, jäljessä)"), never after a
    # full stop.
    assert not re.search(r"\. [a-zäö]", text(full_fi))


def test_a_workshop_still_in_its_first_step_gets_a_draft_report_that_says_what_is_missing(
    store,
):
    code = create_demo(store, language="fi", until="observe")
    workshop = workshops.find_by_code(store, code)
    data = report.gather(store, workshop.id)
    follow = summary.follow_up(store, workshop.id, TODAY)
    doc = Document(io.BytesIO(save(followup_report.build(data, follow))))
    body = text(doc)
    assert "LUONNOS" in doc.sections[0].header.paragraphs[0].text
    assert "Malliin ei ole nimetty kriittisiä vaiheita." in body
    assert "Mittareita ei vielä seurata." in body
    assert charts(doc) == 0


def test_observation_by_unit_names_the_behaviours_seldom_seen_in_each_unit(full_fi):
    tables = [t for t in full_fi.tables if t.rows[0].cells[0].text == "Yksikkö"]
    greeting = next(t for t in tables if len(t.columns) == 4)
    rows = [[c.text for c in row.cells] for row in greeting.rows[1:]]
    assert all("Tervehdi asiakasta 10 sekunnissa" in r[3] for r in rows)
    # Where every fixed behaviour was seen, the column is left out: it would say nothing.
    assert any(len(t.columns) == 3 for t in tables)


def test_an_appendix_of_many_units_gives_each_a_row_rather_than_a_column_too_narrow(store):
    f = finished(store)
    many = [units.add_unit(f.store, f.key, f"Myymälä {n} Pohjois-Pirkanmaa") for n in range(6)]
    metric = metrics.metrics(f.store, f.workshop_id)[0]
    for unit in many:
        metrics.record(f.store, f.key, metric.id, "1/2027", unit.id, 70)
    doc = document(f)
    appendix = [t for t in doc.tables if t.rows[0].cells[0].text == "Jakso"]
    assert [c.text for c in appendix[0].rows[0].cells] == ["Jakso", "Yksikkö", "Tulos"]
    assert len(appendix[0].rows) == 1 + 6 + 1  # six units and the overall figure
