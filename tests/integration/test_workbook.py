"""results.xlsx read back with openpyxl: sheets, headers, values and types, in both languages."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess

import pytest
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook

from exports import workbook
from facilitator import backup, demo, observations, plan, report, workshops
from facilitator.db import Store
from facilitator.domain import Kind, Role, Source
from facilitator.i18n import t
from facilitator.model import Rating
from facilitator.plan import FIELDS, Section

SHEETS = {
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
}


@pytest.fixture(scope="module", params=["fi", "en"])
def made(request: pytest.FixtureRequest) -> tuple[str, report.ReportData, Workbook]:
    store = Store(":memory:")
    code = demo.create_demo(store, language=request.param)
    data = report.gather(store, workshops.find_by_code(store, code).id)
    return request.param, data, load_workbook(io.BytesIO(workbook.build(data)))


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
    assert headers == [
        t(lang, "data.col.observation"),
        t(lang, "data.col.viewpoint"),
        t(lang, "data.col.kind"),
        t(lang, "data.col.author_role"),
        t(lang, "data.col.source"),
        t(lang, "data.col.score"),
        t(lang, "data.col.dots"),
        *(t(lang, "data.col.dots_by", role=t(lang, f"role_short.{r.value}")) for r in Role),
        t(lang, "data.col.phase"),
        t(lang, "data.col.key"),
        t(lang, "data.col.merged_into"),
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
            assert row[6] == result.dots and isinstance(row[6], int)
            assert list(row[7:11]) == [result.by_role[r] for r in Role]
            key = result.item.id in data.key_ids[kind]
            assert row[12] == t(lang, "data.yes" if key else "data.no")
    # The dots add up to those given: a merged duplicate has none of its own.
    given = sum(r.dots for kind in Kind for r in data.ranked[kind])
    assert sum(row[6] or 0 for row in rows) == given > 0
    phase_names = {mp.phase.name for mp in data.model_phases}
    placed = [row[11] for row in rows if row[11]]
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
    assert {c.number_format for c in days} == {"d.m.yyyy" if lang == "fi" else "d mmm yyyy"}
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
        t(lang, f"plan.challenge.{c['challenge']}.title") for c in data.plan_rows("challenges")
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
    widths = {c: sheet.column_dimensions[c].width for c in "ABCDEFGHIJKLMN"}
    assert all(workbook.MIN_WIDTH <= w <= workbook.MAX_WIDTH for w in widths.values())
    assert widths["A"] > widths["G"]  # observations are wider than a count
    assert sheet["A2"].alignment.wrap_text  # the longest texts wrap in their column


def test_a_new_workshop_gives_every_sheet_with_its_header_and_no_rows(
    store: Store, make_workshop
) -> None:
    workshop, _ = make_workshop(store, language="en")
    book = load_workbook(io.BytesIO(workbook.build(report.gather(store, workshop.id))))
    assert book.sheetnames == SHEETS["en"]
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
        *(f"data.rating.{r.value}" for r in Rating),
        *(f"data.sheet.{s.value}" for s in Section),
        *(f"plan.challenge.{c.value}.title" for c in plan.Challenge),
        *(f"plan.prompt.{p.value}" for p in plan.Prompt),
        *(f"field.plan.{f}" for fields in FIELDS.values() for f in fields),
        *(f"data.readme.table.{table}" for table in backup.TABLES),
    ]
    assert [key for key in keys if t(lang, key) == key] == []
    assert all(len(t(lang, f"data.sheet.{s}")) <= 31 for s in ("results", "consent", "room"))
