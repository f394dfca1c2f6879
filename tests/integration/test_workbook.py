"""results.xlsx read back with openpyxl: sheets, headers, values and types, in both languages."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import os
import shutil
import subprocess
from collections.abc import Callable

import pytest
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook

from exports import downloads, workbook
from facilitator.data import backup, demo
from facilitator.domain import Kind, Role, Source
from facilitator.followup import metrics, milestones, rounds, summary
from facilitator.language.catalogs.fi import FI
from facilitator.language.i18n import label, t
from facilitator.room import workshops
from facilitator.steps import feedback_import, observations, plan, report
from facilitator.steps.model import Rating
from facilitator.steps.plan import FIELDS, Section
from facilitator.store.db import Store
from kohtaamo import cli

# Without a follow-up (a workshop that has not begun one): the workshop's sheets only.
WORKSHOP_SHEETS = {
    "fi": [
        "Tulokset",
        "Osallistujat",
        "Avainkohdat",
        "Vaiheet",
        "Toteutettavuus",
        "Viiden sormen äänestys",
        "Valmennus",
        "Käyttöönotto",
        "Mittarit",
        "Havainnointi",
        "Haasteet",
        "Työpajan ääni",
        "Työpaja",
    ],
    "en": [
        "Results",
        "Participants",
        "Key items",
        "Phases",
        "Achievability",
        "Fist of five",
        "Coaching",
        "Roll-out",
        "Metrics",
        "Observation",
        "Challenges",
        "From the room",
        "Workshop",
    ],
}
FOLLOW_UP_SHEETS = {
    "fi": [
        "Mittarit ajassa",
        "Havainnoinnin tulokset",
        "Virstanpylväiden tila",
        "Valmennusloki",
        "Pulssi ja työpaja",
    ],
    "en": [
        "Metrics over time",
        "Observation results",
        "Milestone status",
        "Coaching log",
        "Pulse vs workshop",
    ],
}
# The demo's: the follow-up's sheets before the workshop's facts.
SHEETS = {
    lang: [*names[:-1], *FOLLOW_UP_SHEETS[lang], names[-1]]
    for lang, names in WORKSHOP_SHEETS.items()
}
# What the database stores, which a client must never have to decode.
CODES = {
    *(r.value for r in Role),
    *(k.value for k in Kind),
    *(r.value for r in Rating),
    "strategy",
    "experience",
    "feedback",
    "habits",
    "uniformity",
    "coverage",
    "True",
    "False",
    *(s.value for s in metrics.Status),
    *(m.value for m in rounds.Mark),
    *(s.value for s in milestones.Status),
    "higher",
    "lower",
}


@pytest.fixture(scope="module", params=["fi", "en"])
def made(
    request: pytest.FixtureRequest, make_module_store: Callable[..., Store]
) -> tuple[str, report.ReportData, Workbook]:
    store = make_module_store()
    code = demo.create_demo(store, language=request.param)
    workshop_id = workshops.find_by_code(store, code).id
    data = report.gather(store, workshop_id)
    seen = summary.follow_up(store, workshop_id)
    return request.param, data, load_workbook(io.BytesIO(workbook.build(data, seen)))


def _table(book: Workbook, title: str) -> tuple[list[str], list[tuple]]:
    rows = list(book[title].iter_rows(values_only=True))
    return list(rows[0]), rows[1:]


def _column(book: Workbook, title: str, header: str) -> list:
    headers, rows = _table(book, title)
    return [row[headers.index(header)] for row in rows]


def test_the_sheets_are_named_in_the_workshops_language_results_first(made) -> None:
    lang, _, book = made
    assert book.sheetnames == SHEETS[lang]
    assert book.active.title == SHEETS[lang][0]


def test_every_sheet_has_a_frozen_header_with_a_filter_over_its_table(made) -> None:
    _, _, book = made
    for sheet in book:
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet.auto_filter.ref == sheet.dimensions, sheet.title
        assert all(cell.font.bold for cell in sheet[1]), sheet.title
        assert all(cell.value for cell in sheet[1]), sheet.title  # no empty header cell


def test_the_results_sheet_lists_every_observation_with_its_dots_phase_and_key(made) -> None:
    lang, data, book = made
    headers, rows = _table(book, SHEETS[lang][0])
    # The demo has no customer scores and no merged duplicates: those columns, empty in every
    # row, are left out.
    assert headers == [
        t(lang, "data.col.observation"),
        t(lang, "data.col.viewpoint"),
        t(lang, "data.col.kind"),
        t(lang, "data.col.author_role"),
        t(lang, "data.col.source"),
        t(lang, "data.col.dots"),
        *(t(lang, "data.col.dots_by", role=t(lang, f"role_short.{r.value}")) for r in Role),
        t(lang, "data.col.phase"),
        t(lang, "data.col.key"),
    ]
    by_text = {row[0]: row for row in rows}
    visible = [
        o for r in data.ranked.values() for i in r for o in (i.item.observation, *i.item.merged)
    ]
    assert len(rows) == len(visible) == data.observation_count
    for kind in Kind:
        for result in data.ranked[kind]:
            row = by_text[result.item.observation.text]
            assert row[2] == t(lang, f"data.kind.{kind.value}")
            assert row[5] == result.dots and isinstance(row[5], int)
            assert list(row[6:10]) == [result.by_role[r] for r in Role]
            key = result.item.id in data.key_ids[kind]
            assert row[11] == t(lang, "data.yes" if key else "data.no")
    # The dots add up to those given: a merged duplicate has none of its own.
    given = sum(r.dots for kind in Kind for r in data.ranked[kind])
    assert sum(row[5] or 0 for row in rows) == given > 0
    phase_names = {mp.phase.name for mp in data.model_phases}
    placed = [row[10] for row in rows if row[10]]
    assert placed and set(placed) <= phase_names


def test_no_value_is_an_internal_code_or_true_false(made) -> None:
    _, _, book = made
    for sheet in book:
        for row in sheet.iter_rows(values_only=True):
            for value in row:
                assert not isinstance(value, bool), sheet.title
                assert str(value) not in CODES, (sheet.title, value)


def test_numbers_are_numbers_and_dates_are_dates_in_the_languages_format(made) -> None:
    lang, data, book = made
    people = _column(book, SHEETS[lang][1], t(lang, "data.col.people"))
    assert all(isinstance(n, int) for n in people)
    assert people[-1] == sum(data.people.values())
    due = book[SHEETS[lang][7]]
    days = [c for (c,) in due.iter_rows(min_row=2, min_col=2, max_col=2)]
    stored = sorted(dt.date.fromisoformat(m["due"]) for m in data.plan_rows("milestones"))
    assert [c.value.date() for c in days] == stored
    assert {c.number_format for c in days} == {"d.m.yyyy" if lang == "fi" else "d mmmm yyyy"}
    consent = book[SHEETS[lang][5]]
    average = consent.cell(row=2, column=consent.max_column)
    assert isinstance(average.value, float) and average.number_format == "0.0"


def test_the_plans_rows_are_columns_with_phase_names_not_ids(made) -> None:
    lang, data, book = made
    for section, title in zip(Section, SHEETS[lang][6:11], strict=True):
        headers, rows = _table(book, title)
        assert headers == [t(lang, f"field.plan.{f}") for f in FIELDS[section]]
        assert len(rows) == len(data.plan_rows(section.value))
        assert not any("|" in str(v) for row in rows for v in row)
    phases = _column(book, SHEETS[lang][8], t(lang, "field.plan.phase"))
    assert phases and set(phases) <= {mp.phase.name for mp in data.model_phases}
    challenges = _column(book, SHEETS[lang][10], t(lang, "field.plan.challenge"))
    assert challenges == [
        t(lang, f"doc.challenge.{c['challenge']}") for c in data.plan_rows("challenges")
    ]


def test_the_phases_sheet_has_a_row_per_behaviour_with_yes_no_and_fixed_flexible(made) -> None:
    lang, data, book = made
    _, rows = _table(book, SHEETS[lang][3])
    assert len(rows) == sum(len(mp.behaviours) for mp in data.model_phases)
    first = data.model_phases[0]
    assert rows[0][:6] == (
        1,
        first.phase.name,
        first.phase.target_state,
        t(lang, "data.yes" if first.phase.critical else "data.no"),
        first.behaviours[0].text,
        t(lang, "data.fixed" if first.behaviours[0].fixed else "data.flexible"),
    )


def test_columns_are_as_wide_as_their_content_within_limits(made) -> None:
    lang, _, book = made
    sheet = book[SHEETS[lang][0]]
    widths = {c: sheet.column_dimensions[c].width for c in "ABCDEFGHIJKL"}
    assert all(workbook.MIN_WIDTH <= w <= workbook.MAX_WIDTH for w in widths.values())
    assert widths["A"] > widths["F"]  # observations are wider than a count
    assert sheet["A2"].alignment.wrap_text  # the longest texts wrap in their column


def test_a_new_workshop_gives_every_sheet_with_its_header_and_no_rows(
    store: Store, make_workshop
) -> None:
    workshop, _ = make_workshop(store, language="en")
    book = load_workbook(io.BytesIO(workbook.build(report.gather(store, workshop.id))))
    assert book.sheetnames == WORKSHOP_SHEETS["en"]
    assert book["Results"].max_row == 1 and book["Metrics"].max_row == 1
    assert [c.value for c in book["Metrics"][1]] == [
        t("en", f"field.plan.{f}") for f in FIELDS[Section.METRICS]
    ]
    status = dict(book["Workshop"].iter_rows(min_row=2, values_only=True))
    assert status[t("en", "data.info.status")] == t("en", "data.info.draft")


def test_a_text_typed_as_a_formula_is_a_text_cell(store: Store, make_workshop) -> None:
    workshop, key = make_workshop(store, title="=1+1")
    observations.add_for(store, key, observations.draft("strategy", "strength", "=2+2"), "other")
    plan.replace(store, key, Section.COACHES, [{"name": "@SUM(A1)", "teams": "-1", "duties": "+"}])
    blob = workbook.build(report.gather(store, workshop.id))
    book = load_workbook(io.BytesIO(blob))
    cell = book[SHEETS["en"][0]]["A2"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == ("=2+2", "s", True)
    coach = [c for c in book[SHEETS["en"][6]][2]]
    assert [c.value for c in coach] == ["@SUM(A1)", "-1", "+"]
    assert all(c.data_type == "s" and c.quotePrefix for c in coach)


SOFFICE = shutil.which("soffice")


@pytest.mark.skipif(not SOFFICE and not os.environ.get("CI"), reason="LibreOffice not installed")
def test_libreoffice_opens_the_workbook_and_shows_formula_text_as_text(
    store: Store, make_workshop, tmp_path
) -> None:
    assert SOFFICE, "CI must have LibreOffice (Calc) to open the workbook"
    workshop, key = make_workshop(store, title="=40+2", organisation="Kotipuoti Oy")
    for text in ("=40+2", "@SUM(40;2)", "-40+82", "+40+2"):
        observations.add_for(store, key, observations.draft("strategy", "strength", text), "other")
    (tmp_path / "results.xlsx").write_bytes(workbook.build(report.gather(store, workshop.id)))
    book = str(tmp_path / "results.xlsx")
    for target in ("pdf", "csv"):  # csv: the first sheet, Results, as LibreOffice reads it
        subprocess.run(
            [SOFFICE, "--headless", "--convert-to", target, "--outdir", str(tmp_path), book],
            check=True,
            capture_output=True,
            timeout=180,
            env={**os.environ, "HOME": str(tmp_path)},
        )
    shown = (tmp_path / "results.csv").read_text(encoding="utf-8")
    first_column = [line.split(",")[0].strip('"') for line in shown.splitlines()[1:]]
    # Run as formulas, each would show 42 (or an error): shown as text, each is as typed.
    assert sorted(first_column) == sorted(["=40+2", "@SUM(40;2)", "-40+82", "+40+2"])
    pdf = subprocess.run(
        ["pdftotext", str(tmp_path / "results.pdf"), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert "=40+2" in pdf and "@SUM(40;2)" in pdf and "42" not in pdf
    assert "Strength" in pdf


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_every_value_the_workbook_names_by_a_built_key_has_its_text(lang: str) -> None:
    # The workbook builds these keys from enum values: the catalog test cannot see them.
    keys = [
        *(f"data.kind.{k.value}" for k in Kind),
        *(f"data.source.{s.value}" for s in Source),
        *(f"doc.rating.{r.value}" for r in Rating),
        *(f"data.sheet.{s.value}" for s in Section),
        *(f"doc.challenge.{c.value}" for c in plan.Challenge),
        *(f"doc.prompt.{p.value}" for p in plan.Prompt),
        *(f"field.plan.{f}" for fields in FIELDS.values() for f in fields),
        *(f"data.readme.table.{table}" for table in backup.TABLES),
        *(f"metric_status.{s.value}" for s in metrics.Status),
        *(f"milestone.{s.value}" for s in milestones.Status),
        *(f"mark.{m.value}" for m in rounds.Mark),
        *(f"data.sheet.fu_{s}" for s in ("metrics", "observation", "milestones", "coaching")),
        "data.sheet.fu_pulse",
    ]
    assert [key for key in keys if t(lang, key) == key] == []
    assert all(len(t(lang, f"data.sheet.{s}")) <= 31 for s in ("results", "consent", "room"))


def _info(book: Workbook, lang: str) -> dict:
    return dict(book[SHEETS[lang][-1]].iter_rows(min_row=2, values_only=True))


def test_a_draft_says_not_agreed_with_the_documents_word_even_with_an_old_date(
    store: Store, make_workshop
) -> None:
    for lang in ("fi", "en"):
        workshop, _ = make_workshop(store, language=lang)
        data = dataclasses.replace(
            report.gather(store, workshop.id), agreed_on=dt.date(2027, 1, 15)
        )
        assert data.draft
        info = _info(load_workbook(io.BytesIO(workbook.build(data))), lang)
        assert info[t(lang, "data.info.agreed_on")] == t(lang, "data.info.not_agreed")
    # The documents' word for it: "Sovittu", not "hyväksytty".
    assert str(t("fi", "doc.date", date="")).startswith(t("fi", "data.info.agreed_on"))
    assert str(t("en", "doc.date", date="")).startswith(t("en", "data.info.agreed_on"))
    assert "hyväksy" not in " ".join(str(v) for k, v in FI.items() if k.startswith("data."))


def test_a_finished_workshop_gives_the_day_it_was_agreed(made) -> None:
    lang, data, book = made
    assert not data.draft and data.agreed_on
    assert _info(book, lang)[t(lang, "data.info.agreed_on")].date() == data.agreed_on


def test_the_workbook_names_things_as_the_documents_do(made) -> None:
    lang, data, book = made
    headers, _ = _table(book, SHEETS[lang][4])
    assert headers[2:5] == [t(lang, f"doc.rating.{r.value}") for r in Rating]
    questions = _column(book, SHEETS[lang][11], t(lang, "data.col.question"))
    assert questions == [t(lang, f"doc.prompt.{c.prompt.value}") for c in data.contributions]
    challenges = set(_column(book, SHEETS[lang][10], t(lang, "field.plan.challenge")))
    assert challenges and challenges <= {
        t(lang, f"doc.challenge.{c.value}") for c in plan.Challenge
    }


def test_every_sheet_prints_with_its_name_confidential_and_page_numbers(made) -> None:
    lang, _, book = made
    for sheet in book:
        assert sheet.oddHeader.left.text == sheet.title
        assert sheet.oddHeader.right.text == t(lang, "doc.frame.confidential")
        page = f"{t(lang, 'doc.frame.page')} &P {t(lang, 'doc.frame.of')} &N"
        assert sheet.oddFooter.right.text == page
        assert sheet.print_title_rows == "$1:$1"
        assert sheet.page_setup.orientation == "landscape"


def test_a_sheet_is_fitted_to_the_page_only_while_its_text_stays_at_8_points(made) -> None:
    _, _, book = made
    fitted = {}
    for sheet in book:
        width = sum(sheet.column_dimensions[c.column_letter].width for c in sheet[1])
        # The 11 pt text printed at the fitting scale.
        points = 11 * min(1, workbook.PRINT_WIDTH_CHARACTERS / (width + 1))
        fitted[sheet.title] = sheet.sheet_properties.pageSetUpPr.fitToPage
        if fitted[sheet.title]:
            assert points >= 8, sheet.title
        else:
            assert points < 8 and sheet.page_setup.scale == 100, sheet.title
    # The results are too wide to fit readably: printed at full size, over pages, each of
    # which starts with the observation its figures belong to.
    assert fitted[book.worksheets[0].title] is False
    assert book.worksheets[0].print_title_cols == "$A:$A"
    assert any(fitted.values())


def test_headers_stand_like_their_columns_and_text_does_not_touch_a_number(made) -> None:
    lang, _, book = made
    sheet = book[SHEETS[lang][2]]  # key items: kind, rank, item, dots..., phase
    header = {c.value: c for c in sheet[1]}
    assert header[t(lang, "data.col.rank")].alignment.horizontal == "right"
    assert header[t(lang, "data.col.dots")].alignment.horizontal == "right"
    assert header[t(lang, "data.col.kind")].alignment.horizontal == "left"
    # The item and the phase follow a number column: each starts a step in.
    for name in ("data.col.item", "data.col.phase"):
        column = header[t(lang, name)].column
        assert header[t(lang, name)].alignment.indent == 1
        assert sheet.cell(row=2, column=column).alignment.indent == 1


def test_a_row_of_wrapped_text_is_as_tall_as_its_lines(store: Store, make_workshop) -> None:
    workshop, key = make_workshop(store, language="en")
    long = "The customer waits at the counter while we finish the call. " * 4
    observations.add_for(store, key, observations.draft("strategy", "weakness", long), "other")
    observations.add_for(store, key, observations.draft("strategy", "strength", "Short."), "other")
    sheet = load_workbook(io.BytesIO(workbook.build(report.gather(store, workshop.id))))["Results"]
    heights = {row[0].value: sheet.row_dimensions[row[0].row].height for row in sheet.iter_rows(2)}
    assert sheet["A2"].alignment.wrap_text or sheet["A3"].alignment.wrap_text
    assert heights[long.strip()] >= 4 * workbook.LINE_HEIGHT
    assert heights["Short."] < 2 * workbook.LINE_HEIGHT


def test_the_customers_score_is_a_column_only_when_a_customer_gave_one(
    store: Store, make_workshop
) -> None:
    workshop, key = make_workshop(store, language="fi")
    score = t("fi", "data.col.score")
    observations.add_for(store, key, observations.draft("strategy", "strength", "Hyvä."), "other")
    book = load_workbook(io.BytesIO(workbook.build(report.gather(store, workshop.id))))
    assert score not in _table(book, SHEETS["fi"][0])[0]
    parsed = feedback_import.parse(b"text;score\nPalvelu oli nopeaa;4.5\n")
    feedback_import.import_feedback(
        store,
        key,
        parsed,
        text_column="text",
        score_column="score",
        threshold=4.0,
        default_kind=Kind.WEAKNESS,
    )
    book = load_workbook(io.BytesIO(workbook.build(report.gather(store, workshop.id))))
    assert 4.5 in _column(book, SHEETS["fi"][0], score)


# The follow-up's sheets (issue 17)


def _follow_up_table(made, n: int) -> tuple[list[str], list[tuple]]:  # type: ignore[no-untyped-def]
    lang, _, book = made
    return _table(book, FOLLOW_UP_SHEETS[lang][n])


def test_the_metrics_over_time_give_a_typed_row_per_result(made) -> None:
    lang, _, book = made
    headers, rows = _follow_up_table(made, 0)
    assert headers == [
        t(lang, "data.col.metric"),
        t(lang, "data.col.phase"),
        t(lang, "data.col.unit"),
        t(lang, "data.col.period"),
        t(lang, "data.col.result"),
        t(lang, "data.col.measure"),
        t(lang, "field.baseline"),
        t(lang, "field.target"),
        t(lang, "data.col.status"),
    ]
    assert len(rows) == 3 * 3 * 3 + 3  # three monthly metrics in three stores, one quarterly
    greeting = [r for r in rows if r[2] == "Helsinki"][:3]
    assert [r[4] for r in greeting] == [70, 78, 84]
    assert all(isinstance(r[3], dt.datetime) and r[3].day == 1 for r in greeting)
    assert (greeting[0][6], greeting[0][7]) == (62, 90)
    assert {r[8] for r in rows} == {t(lang, "metric_status.on_track")}
    assert {r[1] for r in rows} == {p.name for p in _critical(made)}
    sheet = book[FOLLOW_UP_SHEETS[lang][0]]
    periods = [c for (c,) in sheet.iter_rows(min_row=2, min_col=4, max_col=4)]
    assert {c.number_format for c in periods} == {workbook.DATE_FORMAT[lang]}


def _critical(made):  # type: ignore[no-untyped-def]
    _, data, _ = made
    return [mp.phase for mp in data.model_phases if mp.phase.critical]


def test_observation_gives_seen_not_seen_and_na_per_behaviour_and_unit(made) -> None:
    lang, _, _ = made
    headers, rows = _follow_up_table(made, 1)
    assert headers[4:] == [
        t(lang, "mark.seen"),
        t(lang, "mark.not_seen"),
        t(lang, "mark.na"),
        t(lang, "data.col.seen_share"),
    ]
    nod = [r for r in rows if r[1].startswith(("Jos palvelet", "If you are serving"))]
    assert [r[3] for r in nod] == ["Helsinki", "Tampere", "Turku"]
    assert all(r[2] == t(lang, "data.fixed") for r in nod)
    helsinki = nod[0]
    assert helsinki[4:] == (1, 2, 0, 33.3)
    tampere = nod[1]
    assert tampere[6] == 1 and tampere[7] == 0  # the n/a visit is not counted in the share


def test_milestones_have_their_status_with_late_computed(made) -> None:
    lang, _, _ = made
    _, rows = _follow_up_table(made, 2)
    assert [r[3] for r in rows] == [
        t(lang, f"milestone.{s}") for s in ("done", "late", "in_progress", "planned")
    ]
    assert all(isinstance(r[1], dt.datetime) for r in rows)
    assert rows[1][1].date() < dt.date.today() < rows[2][1].date()


def test_the_coaching_log_is_oldest_first_with_typed_days(made) -> None:
    _, rows = _follow_up_table(made, 3)
    days = [r[0] for r in rows]
    assert len(rows) == 4 and days == sorted(days)
    assert all(isinstance(d, dt.datetime) for d in days)
    assert {r[2] for r in rows} <= {"Helsinki", "Tampere", "Turku"}


def test_the_pulse_is_set_against_the_workshop_by_phase_and_role(made) -> None:
    lang, _, _ = made
    _, rows = _follow_up_table(made, 4)
    slipping = [r for r in rows if r[6] == t(lang, "data.yes")]
    assert len(slipping) == 1
    (row,) = slipping
    assert row[0] == 1 and row[2] == label(lang, "role_short", Role.FRONTLINE)
    assert row[3] == 0 and row[4] == pytest.approx(100 * 2 / 6, abs=0.05)
    assert isinstance(row[5], int)
    assert all(r[5] > 0 for r in rows)  # only the phases the pulse asked about


def test_the_follow_up_sheet_names_fit_excel(made) -> None:
    lang, _, _ = made
    assert all(len(name) <= 31 for name in FOLLOW_UP_SHEETS[lang])


def test_a_follow_up_with_no_rows_adds_no_sheet(store: Store, make_workshop) -> None:
    workshop, _ = make_workshop(store, language="fi")
    data = report.gather(store, workshop.id)
    book = load_workbook(io.BytesIO(workbook.build(data, summary.follow_up(store, workshop.id))))
    assert book.sheetnames == WORKSHOP_SHEETS["fi"]


def test_the_console_and_the_command_line_give_the_workbook_with_the_follow_up(
    database, tmp_path, capsys
) -> None:  # type: ignore[no-untyped-def]
    db = database
    assert cli.main(["demo", "--db", db]) == 0
    code = capsys.readouterr().out.strip()
    assert cli.main(["export", "--code", code, "--db", db, "--out", str(tmp_path / "out")]) == 0
    book = load_workbook(tmp_path / "out" / "results.xlsx")
    assert book.sheetnames == SHEETS["fi"]
    store = Store(db)
    try:
        _, key = workshops.login(store, code, demo.DEMO_PASSPHRASE)
        for blob in (
            downloads.results_workbook(store, key),
            downloads.everything(store, key)["results.xlsx"],
        ):
            assert load_workbook(io.BytesIO(blob)).sheetnames == SHEETS["fi"]
    finally:
        store.close()
