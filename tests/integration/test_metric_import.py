"""Metric results from a file (issue 17): CSV from Finnish Excel or elsewhere, or a real .xlsx;
a preview of the rows taken and refused with their reasons, nothing stored before the person
says so, and a refused file changes nothing."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import Workbook

from facilitator.data.demo import DEMO_PASSPHRASE, create_demo
from facilitator.errors import InvalidInput
from facilitator.files import tables
from facilitator.followup import metric_import, metrics, units
from facilitator.followup.metric_import import Columns
from facilitator.language.catalogs.en import EN
from facilitator.language.catalogs.fi import FI
from facilitator.room import workshops
from facilitator.store.db import Store

FINNISH_CSV = (
    "Kuukausi;Myymälä;Arvo\r\n"
    "1/2027;Tampere;64,5\r\n"
    "2/2027;Tampere;71\r\n"
    "3/2027;Tampere;78,25\r\n"
    "3/2027;Turku;abc\r\n"
    "4/2027;Lahti;80\r\n"
    ";;\r\n"
).encode("cp1252")


@pytest.fixture
def lead(store: Store):
    code = create_demo(store, language="fi", follow_up=False)
    _, key = workshops.login(store, code, DEMO_PASSPHRASE)
    units.add_unit(store, key, "Tampere")
    units.add_unit(store, key, "Turku")
    followed = metrics.take_from_plan(store, key)
    return key, followed[0]


def test_a_finnish_excel_csv_is_previewed_with_reasons_then_stored(store, lead):
    key, metric = lead
    table = tables.read_table(FINNISH_CSV, "tulokset.csv")
    columns = metric_import.guess_columns(table, metric)
    assert columns == Columns("Kuukausi", "Arvo", "Myymälä", None)
    shown = metric_import.preview(store, key, table, columns, metric.id)
    assert [(t.line, t.period, t.value) for t in shown.taken] == [
        (2, dt.date(2027, 1, 1), 64.5),
        (3, dt.date(2027, 2, 1), 71.0),
        (4, dt.date(2027, 3, 1), 78.25),
    ]
    assert [(r.line, r.key) for r in shown.refused] == [
        (5, "error.number"),
        (6, "error.import_unit_unknown"),
    ]
    assert shown.empty == 1
    assert metrics.results(store, key.workshop_id) == {}  # a preview stores nothing
    assert metric_import.store_preview(store, key, shown) == 3
    stored = metrics.results(store, key.workshop_id)[metric.id]
    assert [r.value for r in stored] == [64.5, 71.0, 78.25]
    assert {r.source for r in stored} == {metrics.Source.IMPORT}


def test_a_real_workbook_keeps_its_numbers_and_dates(store, lead):
    key, metric = lead
    book = Workbook()
    sheet = book.active
    sheet.append(["Päivä", "Yksikkö", "Tulos"])
    sheet.append([dt.datetime(2027, 1, 31), "Turku", 0.5 * 130])
    sheet.append([dt.datetime(2027, 2, 28), "koko organisaatio", 70])
    for _ in range(30):
        sheet.append([None, None, None])  # formatted blank rows, as sheets have
    data = io.BytesIO()
    book.save(data)
    table = tables.read_table(data.getvalue(), "upload")  # told apart by content
    shown = metric_import.preview(store, key, table, metric_import.guess_columns(table), metric.id)
    assert [(t.period, t.unit_id == units.WHOLE, t.value) for t in shown.taken] == [
        (dt.date(2027, 1, 1), False, 65.0),
        (dt.date(2027, 2, 1), True, 70.0),
    ]
    assert shown.refused == ()


def test_a_file_naming_its_metrics_takes_each_row_to_its_own(store, lead):
    key, metric = lead
    other = metrics.metrics(store, key.workshop_id)[1]
    text = (
        f"Metric,Month,Value\n{metric.name},2027-01,60\n{other.name},2027-01,3.9\nNope,2027-01,1\n"
    )
    table = tables.read_csv(text.encode())
    shown = metric_import.preview(store, key, table, metric_import.guess_columns(table))
    assert [(t.metric.id, t.value) for t in shown.taken] == [(metric.id, 60.0), (other.id, 3.9)]
    assert [r.key for r in shown.refused] == ["error.import_metric_unknown"]


def test_two_rows_for_one_period_and_unit_are_not_both_taken(store, lead):
    key, metric = lead
    table = tables.read_csv(b"Jakso;Arvo\n1/2027;60\n15.1.2027;61\n")
    shown = metric_import.preview(store, key, table, Columns("Jakso", "Arvo"), metric.id)
    assert len(shown.taken) == 1
    assert [(r.line, r.key, r.params) for r in shown.refused] == [
        (3, "error.import_twice", {"other": 2})
    ]


def test_the_preview_says_which_stored_value_a_row_replaces(store, lead):
    key, metric = lead
    metrics.record(store, key, metric.id, "1/2027", units.WHOLE, "55")
    table = tables.read_csv(b"Jakso;Arvo\n1/2027;60\n")
    (row,) = metric_import.preview(store, key, table, Columns("Jakso", "Arvo"), metric.id).taken
    assert row.replaces == 55.0


def test_a_preview_of_metrics_changed_since_is_not_stored(store, lead):
    key, metric = lead
    table = tables.read_csv(b"Jakso;Arvo\n1/2027;60\n")
    shown = metric_import.preview(store, key, table, Columns("Jakso", "Arvo"), metric.id)
    metrics.update_metric(store, key, metric.id, name=metric.name, direction="lower")
    with pytest.raises(InvalidInput) as refused:
        metric_import.store_preview(store, key, shown)
    assert refused.value.key == "error.import_stale"
    assert metrics.results(store, key.workshop_id) == {}


@pytest.mark.parametrize(
    ("data", "name", "key"),
    [
        (b"", "a.csv", "error.csv_empty"),
        (b"PK\x03\x04not really a zip", "a.xlsx", "error.xlsx_malformed"),
        (b"\xff\xfe\x00x", "a.csv", None),  # cp1252 reads anything: a table of one odd column
    ],
)
def test_a_bad_file_is_refused_with_a_message_in_both_languages(data, name, key):
    if key is None:
        assert tables.read_table(data, name).columns
        return
    with pytest.raises(InvalidInput) as refused:
        tables.read_table(data, name)
    assert refused.value.key == key and key in EN and key in FI


def test_without_period_and_value_columns_nothing_is_previewed(store, lead):
    key, metric = lead
    table = tables.read_csv(b"a;b\n1;2\n")
    with pytest.raises(InvalidInput) as refused:
        metric_import.preview(store, key, table, metric_import.guess_columns(table), metric.id)
    assert refused.value.key == "error.import_columns"
