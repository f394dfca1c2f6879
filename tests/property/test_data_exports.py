"""The workbook and the CSV zip of a workshop whose every text begins like a formula: no cell is a
formula, no CSV field starts with what a spreadsheet would run, and every text is still there."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Callable

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from exports import workbook
from facilitator.data import backup
from facilitator.language.spreadsheet import FORMULA_START
from facilitator.room import workshops
from facilitator.steps import report
from facilitator.store.db import Store

from .hostile import SHORT, forge
from .workshop import Filled, fill

FEW = settings(
    max_examples=5,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# OWASP's examples and their kin: each would run in Excel or LibreOffice if it were a formula.
ATTACKS = st.sampled_from(
    [
        "=1+1",
        '=HYPERLINK("//x.invalid")',
        "=cmd|' /C calc'!A0",
        "+41+1",
        "-2+3",
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "=",
        "==",
        "#N/A",
        '=DDE("cmd";"/C calc";"x")',
    ]
)
# A decimal has the workshop language's mark: a comma in Finnish.
NUMBER = re.compile(r"-?\d+([.,]\d+)?")


def _say(data: st.DataObject) -> Callable[[str], str]:
    def say(text: str) -> str:
        # Short enough for every field's limit (a name's 40 characters), so every text is
        # stored, not refused.
        return data.draw(ATTACKS) + data.draw(SHORT.map(lambda s: s[:4])) + text

    return say


def assert_no_formula_in(blob: bytes) -> list[str]:
    """Every cell of the workbook is a value, none a formula; returns the texts it holds."""
    with zipfile.ZipFile(io.BytesIO(blob)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                xml = archive.read(name).decode()
                # A formula is an <f> element in a sheet's XML, whatever openpyxl reads it as.
                assert not re.search(r"<f[ >/]", xml), name
    book = load_workbook(io.BytesIO(blob))
    texts = []
    for sheet in book:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    texts.append(cell.value)
                    if cell.value.startswith(FORMULA_START):
                        # Excel's own mark for text typed with a leading apostrophe.
                        assert cell.quotePrefix, (sheet.title, cell.coordinate)
    return texts


def assert_no_formula_in_csv(blob: bytes) -> list[str]:
    """No field of any CSV in the zip starts like a formula (numbers aside); returns the fields."""
    fields = []
    with zipfile.ZipFile(io.BytesIO(blob)) as archive:
        for name in archive.namelist():
            if not name.endswith(".csv"):
                continue
            text = archive.read(name).decode("utf-8-sig")
            for row in csv.reader(io.StringIO(text, newline=""), delimiter=";"):
                for field in row:
                    if not NUMBER.fullmatch(field):
                        assert not field.startswith(FORMULA_START), (name, field)
                    fields.append(field)
    return fields


@FEW
@given(data=st.data())
def test_the_data_of_a_workshop_typed_as_formulas_holds_them_as_text(
    store: Store, make_workshop: Callable[..., tuple], data: st.DataObject
) -> None:
    room = fill(store, make_workshop, _say(data))
    gathered = report.gather(store, room.workshop.id)
    texts = assert_no_formula_in(workbook.build(gathered))
    fields = assert_no_formula_in_csv(backup.csv_zip(store, room.workshop.id))
    for result in gathered.ranked.values():
        for item in result:
            typed = item.item.observation.text
            assert typed in texts
            assert ("'" + typed if typed.startswith(FORMULA_START) else typed) in fields
    assert gathered.text.name in texts


# What the services' cleaning takes away (a leading tab or carriage return), a restored backup
# brings back: it is written as it is, uncleaned.
RAW_START = st.sampled_from(["\t=1+1", "\r=1+1", "\t", "\r", "\r\n@x", "\t-1"])


@settings(FEW, max_examples=4)
@given(raw=RAW_START)
def test_a_text_beginning_with_a_tab_or_a_carriage_return_stays_text(
    room: Filled, room_backup: bytes, passphrase: str, raw: str
) -> None:
    document = json.loads(room_backup)
    for row in document["data"]["observations"]:
        row["text"] = raw + row["text"]
    document["data"]["workshops"][0]["model_name"] = raw + "Malli"
    code = backup.restore(room.store, forge(document), passphrase)
    workshop_id = workshops.find_by_code(room.store, code).id
    texts = assert_no_formula_in(workbook.build(report.gather(room.store, workshop_id)))
    fields = assert_no_formula_in_csv(backup.csv_zip(room.store, workshop_id))
    assert raw + "Malli" in texts
    assert "'" + raw + "Malli" in fields


@given(value=st.floats(allow_nan=False, allow_infinity=False, min_value=-1e6, max_value=1e6))
def test_a_decimal_in_a_finnish_csv_has_a_comma_and_reads_back_as_itself(value: float) -> None:
    # A Finnish Excel reads "4.5" as a date; with the comma it reads the number, unchanged.
    field = backup._csv_field(value, ",")
    assert "." not in field
    assert float(field.replace(",", ".")) == value
    assert backup._csv_field(value) == repr(value)  # an English workshop keeps the point
