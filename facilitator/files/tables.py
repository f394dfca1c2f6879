"""A table from a CSV or Excel file: the header and the rows, as people's offices save them.

A CSV may come from Finnish Excel (semicolons, cp1252, decimal commas) or from anywhere else
(commas or tabs, UTF-8 with or without a BOM); an .xlsx keeps its cells' types (numbers and
dates stay numbers and dates). Anything else is refused with a message, never half-read.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass

from facilitator.errors import InvalidInput
from facilitator.language.text import clean_text

MAX_BYTES = 2_000_000
MAX_ROWS = 1000
MAX_COLUMNS = 50

Cell = str | float | dt.date | None


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[dict[str, Cell], ...]  # column -> cell; a short row's missing cells are ""


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InvalidInput("error.csv_encoding")


def _checked_size(data: bytes) -> None:
    if not data or not data.strip():
        raise InvalidInput("error.csv_empty")
    if len(data) > MAX_BYTES:
        raise InvalidInput("error.csv_too_big", max_mb=MAX_BYTES // 1_000_000)


def _columns(header: list[object]) -> tuple[str, ...]:
    if not header or not any(str(h or "").strip() for h in header):
        raise InvalidInput("error.csv_empty")
    if len(header) > MAX_COLUMNS:
        raise InvalidInput("error.csv_malformed")
    named = [
        clean_text(str(h or ""), field="column", max_len=200, required=False) or f"#{i + 1}"
        for i, h in enumerate(header)
    ]
    # Two columns of one name would hide one of them: the second gets its place added.
    return tuple(n if named.index(n) == i else f"{n} #{i + 1}" for i, n in enumerate(named))


def read_csv(data: bytes) -> Table:
    """A CSV (comma, semicolon or tab; UTF-8, BOM or cp1252): every cell as text."""
    _checked_size(data)
    text = _decode(data)
    try:
        delimiter = csv.Sniffer().sniff(text[:4096], delimiters=",;\t").delimiter
    except csv.Error:
        # Uneven rows or blank lines confuse the sniffer; the header line still tells.
        header_line = text.lstrip().splitlines()[0] if text.strip() else ""
        delimiter = max(",;\t", key=header_line.count)
    try:
        reader = csv.reader(io.StringIO(text), csv.excel, delimiter=delimiter)
        header = next(reader, None)
        body = [row for _, row in zip(range(MAX_ROWS + 1), reader, strict=False)]
    except csv.Error as exc:
        raise InvalidInput("error.csv_malformed") from exc
    columns = _columns(list(header or []))
    return _table(columns, body)


def _table(columns: tuple[str, ...], body: list[list[Cell]]) -> Table:
    if len(body) > MAX_ROWS:
        raise InvalidInput("error.csv_too_many_rows", max=MAX_ROWS)
    return Table(
        columns,
        tuple({c: (row[i] if i < len(row) else "") for i, c in enumerate(columns)} for row in body),
    )


def read_xlsx(data: bytes) -> Table:
    """The first sheet of an Excel workbook, its cells with their types (a formula's last value)."""
    # Imported here: only an upload of a workbook needs it.
    from openpyxl import load_workbook

    _checked_size(data)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise InvalidInput("error.xlsx_malformed") from exc
    try:
        rows = book.worksheets[0].iter_rows(values_only=True)
        header = next(rows, None)
        # A sheet often runs on in formatted but empty rows: those are not rows of the table.
        filled = ([_cell(v) for v in row] for row in rows if any(v not in (None, "") for v in row))
        body = [row for _, row in zip(range(MAX_ROWS + 1), filled, strict=False)]
    finally:
        book.close()
    return _table(_columns(list(header or [])), body)


def _cell(value: object) -> Cell:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return float(value)
    return clean_text(str(value), field="cell", max_len=10_000, required=False)


def read_table(data: bytes, filename: str) -> Table:
    """A CSV or an .xlsx, told apart by its content (a workbook is a zip), not only its name."""
    if data[:4] == b"PK\x03\x04" or filename.lower().endswith((".xlsx", ".xlsm")):
        return read_xlsx(data)
    return read_csv(data)


def guess(columns: tuple[str, ...], hints: tuple[str, ...]) -> str | None:
    """The first column whose name contains one of the hints (any case)."""
    for column in columns:
        if any(h in column.lower() for h in hints):
            return column
    return None
