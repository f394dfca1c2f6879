"""results.xlsx: the workshop's results as an Excel workbook a client can filter and count.

Every sheet is one table with its header in the first row (frozen, with a filter), its column
names and values in the workshop's language: labels, not codes; Yes/No, not True/False; dates
and numbers as real cells, shown the language's way by Excel itself.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import textwrap
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from exports import workbook_followup
from exports.common import LANGUAGE_TAGS, milestones_by_due
from exports.table import Sheet, Value
from facilitator.domain import Kind, Language, Role
from facilitator.followup.summary import FollowUp
from facilitator.language.i18n import label, t
from facilitator.language.spreadsheet import starts_like_formula
from facilitator.steps.model import Rating
from facilitator.steps.plan import FIELDS, Section
from facilitator.steps.report import ReportData

# Excel's own codes; it writes the month's name in the language of the reader's Excel.
DATE_FORMAT = {Language.FI: "d.m.yyyy", Language.EN: "d mmmm yyyy"}  # as the documents
AVERAGE_FORMAT = "0.0"
MIN_WIDTH, MAX_WIDTH = 8, 60  # characters; a longer text wraps inside its column
HEADER_FILL = PatternFill("solid", fgColor="DCE6F0")
HEADER_LINE = Border(bottom=Side(style="thin", color="7F7F7F"))
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
LINE_HEIGHT = 15  # points: one line of 11 pt Calibri
# An A4 landscape page's width between Excel's default margins, in characters of the body font.
PRINT_WIDTH_CHARACTERS = 130
MIN_PRINT_SCALE = 8 / 11  # printed smaller, the 11 pt body text would fall below 8 pt
# Named, as Excel's default is: unnamed, LibreOffice would draw a bold cell in a serif font.
BOLD = Font(name="Calibri", bold=True)


def _text(value: str) -> str:
    # XML cannot hold most control characters; openpyxl refuses a cell that has one.
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def put(sheet: Worksheet, row: int, column: int, value: Value) -> None:
    """Write one cell; a text stays text even when it begins like a formula (=, +, -, @)."""
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = _text(value)
        # openpyxl makes a formula of any text that begins with "=" (and an error of "#N/A"):
        # typed text is always a string cell, and one that starts like a formula gets Excel's
        # quote prefix too, so it stays text even after someone edits the cell.
        cell.data_type = "s"
        if starts_like_formula(cell.value):
            cell.quotePrefix = True
    else:
        cell.value = value


def _yes(lang: Language, flag: bool) -> str:
    return t(lang, "data.yes" if flag else "data.no")


# The same parsing as exports.model_report.day, which gives text: once that moves to
# exports/common.py (issue 15, another branch), this can share its ISO check.
def _day(value: str) -> dt.date | str:
    # Stored as ISO; a row saved before dates were checked may hold anything: kept as typed.
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return value


def _phase_of(data: ReportData) -> dict[int, str]:
    """The name of the phase each key item was placed in, by the item's id."""
    return {o.id: e.phase.name for e in data.evidence for o in (*e.strengths, *e.weaknesses)}


def _results(data: ReportData) -> Sheet:
    lang = data.workshop.language
    sheet = Sheet(
        t(lang, "data.sheet.results"),
        [
            t(lang, "data.col.observation"),
            t(lang, "data.col.viewpoint"),
            t(lang, "data.col.kind"),
            t(lang, "data.col.author_role"),
            t(lang, "data.col.source"),
            t(lang, "data.col.score"),
            t(lang, "data.col.dots"),
            *(t(lang, "data.col.dots_by", role=label(lang, "role_short", r)) for r in Role),
            t(lang, "data.col.phase"),
            t(lang, "data.col.key"),
            t(lang, "data.col.merged_into"),
        ],
        # Without customer feedback there are no scores, and without duplicates no merges.
        optional=frozenset({t(lang, "data.col.score"), t(lang, "data.col.merged_into")}),
    )
    phase_of = _phase_of(data)
    for kind in Kind:
        for result in data.ranked[kind]:
            root = result.item.observation
            # A merged duplicate is listed under its item, without dots of its own: its dots
            # count for the item, so a column's sum stays the number of dots given.
            for obs in (root, *result.item.merged):
                merged = obs is not root
                sheet.rows.append(
                    [
                        obs.text,
                        label(lang, "viewpoint", obs.viewpoint),
                        t(lang, f"data.kind.{obs.kind.value}"),
                        label(lang, "role_short", obs.author_role),
                        t(lang, f"data.source.{obs.source.value}"),
                        obs.score,
                        None if merged else result.dots,
                        *(None if merged else result.by_role.get(r, 0) for r in Role),
                        None if merged else phase_of.get(root.id),
                        None if merged else _yes(lang, root.id in data.key_ids[kind]),
                        root.text if merged else None,
                    ]
                )
    return sheet


def _participants(data: ReportData) -> Sheet:
    lang = data.workshop.language
    sheet = Sheet(
        t(lang, "data.sheet.participants"),
        [t(lang, "data.col.role"), t(lang, "data.col.people")],
        bold_last=True,
    )
    sheet.rows = [[label(lang, "role", r), data.people.get(r, 0)] for r in Role]
    sheet.rows.append([t(lang, "data.total"), sum(data.people.values())])
    return sheet


def _key_items(data: ReportData) -> Sheet:
    lang = data.workshop.language
    sheet = Sheet(
        t(lang, "data.sheet.key_items"),
        [
            t(lang, "data.col.kind"),
            t(lang, "data.col.rank"),
            t(lang, "data.col.item"),
            t(lang, "data.col.dots"),
            *(t(lang, "data.col.dots_by", role=label(lang, "role_short", r)) for r in Role),
            t(lang, "data.col.phase"),
        ],
    )
    phase_of = _phase_of(data)
    for kind in Kind:
        for rank, result in enumerate(data.key_results(kind), start=1):
            sheet.rows.append(
                [
                    t(lang, f"data.kind.{kind.value}"),
                    rank,
                    result.item.observation.text,
                    result.dots,
                    *(result.by_role.get(r, 0) for r in Role),
                    phase_of.get(result.item.id),
                ]
            )
    return sheet


def _phases(data: ReportData) -> Sheet:
    lang = data.workshop.language
    sheet = Sheet(
        t(lang, "data.sheet.phases"),
        [
            t(lang, "data.col.number"),
            t(lang, "data.col.phase"),
            t(lang, "data.col.target_state"),
            t(lang, "data.col.critical"),
            t(lang, "data.col.behaviour"),
            t(lang, "data.col.fixed"),
        ],
    )
    for number, mp in enumerate(data.model_phases, start=1):
        # One row per behaviour, the phase repeated, so that a filter on a phase shows all of it.
        behaviours = mp.behaviours or (None,)
        for behaviour in behaviours:
            sheet.rows.append(
                [
                    number,
                    mp.phase.name,
                    mp.phase.target_state,
                    _yes(lang, mp.phase.critical),
                    behaviour.text if behaviour else None,
                    None
                    if behaviour is None
                    else t(lang, "data.fixed" if behaviour.fixed else "data.flexible"),
                ]
            )
    return sheet


def _achievability(data: ReportData) -> Sheet:
    lang = data.workshop.language
    sheet = Sheet(
        t(lang, "data.sheet.achievability"),
        [
            t(lang, "data.col.phase"),
            t(lang, "data.col.role"),
            *(t(lang, f"doc.rating.{r.value}") for r in Rating),
            t(lang, "data.col.ratings"),
        ],
    )
    for entry in data.achievability:
        for role in Role:
            counts = entry.by_role.get(role)
            if counts and sum(counts.values()):
                sheet.rows.append(
                    [
                        entry.phase.name,
                        label(lang, "role_short", role),
                        *(counts[r] for r in Rating),
                        sum(counts.values()),
                    ]
                )
    return sheet


def _consent(data: ReportData) -> Sheet:
    lang = data.workshop.language
    fingers = range(6)
    sheet = Sheet(
        t(lang, "data.sheet.consent"),
        [
            t(lang, "data.col.role"),
            *(t(lang, "data.col.fingers", n=n) for n in fingers),
            t(lang, "data.col.people"),
            t(lang, "data.col.average"),
        ],
        bold_last=True,
    )

    def row(name: str, counts: dict[int, int]) -> list[Value]:
        people = sum(counts.values())
        average = sum(n * c for n, c in counts.items()) / people if people else None
        return [name, *(counts.get(n, 0) for n in fingers), people, average]

    total: dict[int, int] = {}
    for role in Role:
        counts = data.consent.get(role) or {}
        if sum(counts.values()):
            sheet.rows.append(row(label(lang, "role_short", role), counts))
            for n, c in counts.items():
                total[n] = total.get(n, 0) + c
    if sheet.rows:
        sheet.rows.append(row(t(lang, "data.total"), total))
    else:
        sheet.bold_last = False
    return sheet


def _plan(data: ReportData, section: Section) -> Sheet:
    lang = data.workshop.language
    fields = FIELDS[section]
    sheet = Sheet(
        t(lang, f"data.sheet.{section.value}"), [t(lang, f"field.plan.{f}") for f in fields]
    )
    if section == Section.MILESTONES:
        rows = milestones_by_due(data)
    else:
        rows = data.plan_rows(section.value)
    names = data.phase_names
    for values in rows:
        cells: list[Value] = []
        for name in fields:
            value = values.get(name) or ""
            if section == Section.MILESTONES and name == "due":
                cells.append(_day(value) if value else None)
            elif section == Section.METRICS and name == "phase":
                cells.append(names.get(value, value) or None)
            elif section == Section.CHALLENGES and name == "challenge":
                cells.append(t(lang, f"doc.challenge.{value}"))
            else:
                cells.append(value or None)
        sheet.rows.append(cells)
    return sheet


def _room(data: ReportData) -> Sheet:
    lang = data.workshop.language
    sheet = Sheet(
        t(lang, "data.sheet.room"), [t(lang, "data.col.question"), t(lang, "data.col.answer")]
    )
    sheet.rows = [[t(lang, f"doc.prompt.{c.prompt.value}"), c.text] for c in data.contributions]
    return sheet


def _workshop(data: ReportData) -> Sheet:
    lang = data.workshop.language
    w = data.workshop
    sheet = Sheet(
        t(lang, "data.sheet.workshop"), [t(lang, "data.col.field"), t(lang, "data.col.value")]
    )
    info: list[tuple[str, Value]] = [
        ("title", w.title),
        ("organisation", w.organisation),
        ("made_on", data.made_on),
        ("status", t(lang, "data.info.draft" if data.draft else "data.info.final")),
        # A draft has agreed on nothing yet, whatever date an earlier agreement left behind.
        ("agreed_on", t(lang, "data.info.not_agreed") if data.draft else data.agreed_on),
        ("customer_type", label(lang, "customer_type", w.customer_type)),
        ("industry", label(lang, "industry", w.industry)),
        ("channels", ", ".join(label(lang, "channel", c) for c in w.channels)),
        ("model_name", data.text.name),
        ("promise", data.text.promise),
        ("tone_words", data.text.tone_words),
        ("judgement", data.text.judgement),
    ]
    sheet.rows = [[t(lang, f"data.info.{key}"), value or None] for key, value in info]
    return sheet


def sheets(data: ReportData, follow_up: FollowUp | None = None) -> list[Sheet]:
    """The workbook's tables in order: the filterable results first, then the follow-up's
    tables that have rows (none before it begins), the workshop's facts last."""
    after = workbook_followup.sheets(follow_up, data) if follow_up else []
    return [
        _results(data),
        _participants(data),
        _key_items(data),
        _phases(data),
        _achievability(data),
        _consent(data),
        *(_plan(data, section) for section in Section),
        _room(data),
        *(table for table in after if table.rows),
        _workshop(data),
    ]


def _width(header: str, values: Sequence[Value], lang: Language) -> float:
    # The header wraps at its spaces, so its longest word sets its room; a bold letter takes
    # about a fifth more room than the same letter in the body.
    longest = round(max((len(word) for word in header.split()), default=0) * 1.2)
    for value in values:
        if isinstance(value, dt.date):
            length = len(WIDEST_DATE[lang])
        elif isinstance(value, float):
            length = 6
        else:
            length = max((len(line) for line in str(value or "").split("\n")), default=0)
        longest = max(longest, length)
    return min(max(longest + 2, MIN_WIDTH), MAX_WIDTH)


# The widest date each DATE_FORMAT shows: the longest month's name sets an English column.
WIDEST_DATE = {Language.FI: "30.12.2027", Language.EN: "30 September 2027"}


def _lines(value: Value, width: float) -> int:
    """How many lines a wrapped text takes in a column this many characters wide."""
    if not isinstance(value, str):
        return 1
    # A column's width counts its widest digits; an average letter is narrower.
    room = max(int(width * 1.2) - 1, 1)
    return sum(max(math.ceil(len(line) / room), 1) for line in value.split("\n"))


def _is_number(values: Sequence[Value]) -> bool:
    present = [v for v in values if v is not None]
    return bool(present) and all(isinstance(v, int | float | dt.date) for v in present)


def _indent(numeric: Sequence[bool], column: int) -> int:
    """A text column right of a number column starts a step in, or the two would touch."""
    return int(column > 1 and numeric[column - 2] and not numeric[column - 1])


def _drop_empty(table: Sheet) -> Sheet:
    """The table without its optional columns that are empty in every row."""
    keep = [
        i
        for i, header in enumerate(table.headers)
        if header not in table.optional or any(row[i] is not None for row in table.rows)
    ]
    return Sheet(
        table.title,
        [table.headers[i] for i in keep],
        [[row[i] for i in keep] for row in table.rows],
        table.bold_last,
        table.optional,
    )


def _print_setup(sheet: Worksheet, widths: Sequence[float], lang: Language) -> None:
    """A4 landscape, header row on every page, the sheet's name, confidentiality and pages."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.print_title_rows = "1:1"
    # Fitted to the page's width only while its text stays readable (8 pt of the 11): a wider
    # table prints at full size, its columns running on to the next pages.
    scale = PRINT_WIDTH_CHARACTERS / (sum(widths) + 1)
    if scale >= MIN_PRINT_SCALE:
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    else:
        sheet.sheet_properties.pageSetUpPr.fitToPage = False
        sheet.page_setup.scale = 100
        # The first column names the row (the observation): repeated on the pages the other
        # columns run on to, so that no page holds bare figures.
        if widths[0] <= PRINT_WIDTH_CHARACTERS / 2:
            sheet.print_title_cols = "A:A"
    # "&" starts a code in a header; a literal one is written twice.
    title = sheet.title.replace("&", "&&")
    sheet.oddHeader.left.text = title
    sheet.oddHeader.right.text = t(lang, "doc.frame.confidential")
    sheet.oddFooter.right.text = f"{t(lang, 'doc.frame.page')} &P {t(lang, 'doc.frame.of')} &N"


def _write(book: Workbook, table: Sheet, lang: Language) -> None:
    table = _drop_empty(table)
    sheet = book.create_sheet(table.title)
    columns = [[r[i] for r in table.rows] for i in range(len(table.headers))]
    widths = [_width(h, c, lang) for h, c in zip(table.headers, columns, strict=True)]
    numeric = [_is_number(c) for c in columns]
    for column, header in enumerate(table.headers, start=1):
        put(sheet, 1, column, header)
        cell = sheet.cell(row=1, column=column)
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.border = HEADER_LINE
        # A header stands over its values: over numbers and dates, at the right as they are.
        cell.alignment = Alignment(
            wrap_text=True,
            vertical="top",
            horizontal="right" if numeric[column - 1] else "left",
            indent=_indent(numeric, column),
        )
    for row, values in enumerate(table.rows, start=2):
        for column, value in enumerate(values, start=1):
            put(sheet, row, column, value)
            cell = sheet.cell(row=row, column=column)
            if isinstance(value, dt.date):
                cell.number_format = DATE_FORMAT[lang]
            elif isinstance(value, float):
                cell.number_format = AVERAGE_FORMAT
            if table.bold_last and row == len(table.rows) + 1:
                cell.font = BOLD
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
        # Long texts wrap in their column rather than running under the next one; a column of
        # texts and a date or number (the workshop's facts) keeps them all to the left.
        values = [v for v in columns[column - 1] if v is not None]
        mixed = any(isinstance(v, str) for v in values) and not all(
            isinstance(v, str) for v in values
        )
        alignment = WRAP if width >= MAX_WIDTH else TOP
        if mixed or _indent(numeric, column):
            alignment = Alignment(
                wrap_text=alignment.wrap_text,
                vertical="top",
                horizontal="left",
                indent=_indent(numeric, column),
            )
        for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
            cell.alignment = alignment
    # A row's height is set for its wrapped lines: LibreOffice keeps a file's row heights, and
    # without one a wrapped text is drawn over the rows below it.
    pairs = zip(table.headers, widths, strict=True)
    header_lines = max((len(textwrap.wrap(h, max(int(w) - 1, 1))) for h, w in pairs), default=1)
    sheet.row_dimensions[1].height = LINE_HEIGHT * header_lines + 2
    for row, values in enumerate(table.rows, start=2):
        lines = max(
            (_lines(v, w) if w >= MAX_WIDTH else 1 for v, w in zip(values, widths, strict=True)),
            default=1,
        )
        sheet.row_dimensions[row].height = LINE_HEIGHT * lines + 2
    sheet.freeze_panes = "A2"
    _print_setup(sheet, widths, lang)
    last = get_column_letter(len(table.headers))
    sheet.auto_filter.ref = f"A1:{last}{len(table.rows) + 1}"


def build(data: ReportData, follow_up: FollowUp | None = None) -> bytes:
    """The workbook as .xlsx bytes, built in memory, in the workshop's language; with the
    follow-up's sheets when it is given (`facilitator.followup.summary.follow_up`)."""
    lang = data.workshop.language
    book = Workbook()
    book.remove(book.active)
    for table in sheets(data, follow_up):
        _write(book, table, lang)
    book.properties.title = _text(data.workshop.title)
    book.properties.subject = _text(data.workshop.organisation)
    book.properties.creator = "Kohtaamo"
    book.properties.language = LANGUAGE_TAGS[lang]
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
