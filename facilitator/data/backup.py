"""A workshop's data out and back in: CSV files in a zip, and a full JSON backup that restores
as a new workshop with a new code."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import textwrap
import zipfile
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from babel.numbers import get_decimal_symbol

from facilitator.domain import (
    Channel,
    CustomerType,
    Industry,
    Kind,
    Language,
    Role,
    Source,
    Step,
    Viewpoint,
)
from facilitator.errors import InvalidInput, NotFound, StoreUnavailable
from facilitator.followup import metrics, milestones
from facilitator.followup.people import Purpose
from facilitator.followup.rounds import Mark
from facilitator.followup.units import WHOLE
from facilitator.language import spreadsheet
from facilitator.language.formats import LOCALES
from facilitator.language.i18n import t
from facilitator.room import workshops
from facilitator.steps.model import Rating
from facilitator.steps.plan import FIELDS, STORED, Prompt, Section
from facilitator.store import security
from facilitator.store.db import Store

FORMAT = "kohtaamo-backup"
# Version 2 adds the follow-up's tables (issue 17). A version 1 file, made before them, still
# restores: it has no follow-up to carry. A program that knows only version 1 says of a version 2
# file that it comes from another version, not that it was tampered with.
VERSION = 2
READABLE = (1, 2)
MAX_BACKUP_BYTES = 50_000_000
CSV_DELIMITER = ";"

# Table -> (its id column or None, {column: the table its ids point at}). In restore order.
TABLES: dict[str, tuple[str | None, dict[str, str]]] = {
    "workshops": ("id", {}),
    "participants": ("id", {}),
    "observations": ("id", {"participant_id": "participants", "merged_into": "observations"}),
    "ballots": ("id", {"participant_id": "participants"}),
    "ballot_dots": (None, {"ballot_id": "ballots", "observation_id": "observations"}),
    "phases": ("id", {}),
    "placements": (None, {"observation_id": "observations", "phase_id": "phases"}),
    "phase_suggestions": (
        "id",
        {"participant_id": "participants", "observation_id": "observations", "phase_id": "phases"},
    ),
    "behaviours": (None, {"phase_id": "phases"}),
    "proposals": ("id", {"phase_id": "phases", "participant_id": "participants"}),
    "proposal_votes": ("id", {"participant_id": "participants", "phase_id": "phases"}),
    "ratings": ("id", {"participant_id": "participants", "phase_id": "phases"}),
    "consent": ("id", {"participant_id": "participants"}),
    "plan_rows": (None, {}),
    "contributions": ("id", {"participant_id": "participants"}),
    # The follow-up (issue 17). WHOLE (0) as a unit means the whole organisation, not a unit
    # row, and is kept as it is (_remap).
    "units": ("id", {}),
    "tracked_metrics": ("id", {"phase_id": "phases"}),
    "metric_results": ("id", {"metric_id": "tracked_metrics", "unit_id": "units"}),
    "tracked_milestones": ("id", {}),
    "coaching_log": ("id", {"unit_id": "units"}),
    "pulses": ("id", {}),
    "follow_up_codes": (None, {"pulse_id": "pulses"}),
    "follow_up_people": ("id", {"pulse_id": "pulses", "unit_id": "units"}),
    "observation_visits": (
        "id",
        {"person_id": "follow_up_people", "unit_id": "units", "phase_id": "phases"},
    ),
    "pulse_answers": ("id", {"pulse_id": "pulses", "person_id": "follow_up_people"}),
}
# The tables of a version 1 backup: everything before the follow-up.
_VERSION_1 = list(TABLES)[: list(TABLES).index("units")]
# Columns read back into the domain's enums: one value outside them would make every later read
# of the restored workshop fail, so such a file is refused as tampered.
_CHOICES: dict[str, dict[str, type[StrEnum]]] = {
    "workshops": {
        "language": Language,
        "customer_type": CustomerType,
        "industry": Industry,
        "step": Step,
    },
    "participants": {"role": Role},
    "observations": {"author_role": Role, "viewpoint": Viewpoint, "kind": Kind, "source": Source},
    "ballots": {"kind": Kind},
    "ratings": {"rating": Rating},
    "contributions": {"prompt": Prompt},
    "plan_rows": {"section": Section},
    "tracked_metrics": {"direction": metrics.Direction, "frequency": metrics.Frequency},
    "metric_results": {"source": metrics.Source},
    # Late is never stored: it follows from the day.
    "tracked_milestones": {"status": milestones.Status},
    "follow_up_codes": {"purpose": Purpose},
    "follow_up_people": {"purpose": Purpose, "role": Role},
}
# Columns that may be empty though they hold one of the choices when they are not.
_OPTIONAL_CHOICES = {("follow_up_people", "role")}
# List columns whose every item is one of the choices.
_LIST_CHOICES: dict[str, dict[str, type[StrEnum]]] = {
    "workshops": {"channels": Channel},
    "observation_visits": {"marks": Mark},
    "pulse_answers": {"ratings": Rating},
}
# List columns read back pairwise (a behaviour and its mark, a phase and its rating): lists of
# different lengths would break every later read of the follow-up.
_PAIRED = {"observation_visits": ("behaviours", "marks"), "pulse_answers": ("phase_ids", "ratings")}
# Never leaves the database, in CSV or in a backup: secrets, even hashed. A hash in a file that
# travels by e-mail could be guessed at offline, without the login's limit on wrong tries.
_PRIVATE = {"passphrase_hash", "token_hash"}
# Not in a backup: a restored copy gets a new code, a new passphrase, and its participants new
# tokens; so do its follow-up's codes, observers and staff. The project lead's passphrase
# (follow_up_leads, nothing but the hash and its day) is left out with the facilitator's: the
# copy's facilitator gives its lead a new one. A follow-up code is left out of the CSV zip too:
# one still open lets whoever reads it add visits or pulse answers to the real workshop.
_LEFT_OUT = {"code", *_PRIVATE}
_CSV_LEFT_OUT = {"follow_up_codes": {"code"}}
# Not in the CSV zip: the documents promise that participants took part anonymously and that
# results are given by role only, and the zip travels further than the workshop. A name beside
# a participant_id would show who voted what; an observer's or a staff member's name
# (follow_up_people.name) who saw what or answered what, and a coach's name in the coaching log
# whom the log evaluates. The JSON backup keeps them: it restores the workshop as it was.
# (A unit's or a phase's name is no person's: kept.)
_PERSONAL = {"participants": {"name"}, "follow_up_people": {"name"}, "coaching_log": {"coach"}}
# A ballot keeps its dots in list columns; out of the database they travel as `ballot_dots`
# rows, one per item, as they always have.
_AS_BALLOT_DOTS = {"dot_items", "dot_counts"}


def _table(store: Store, table: str, workshop_id: int) -> tuple[list[str], list[dict[str, Any]]]:
    """A table's column names and the workshop's rows in it (names even when there is no row)."""
    where = "workshop_id = ?"
    order = ""
    if table == "follow_up_codes":
        # Not by the code, which a copy gets anew: a backup of the copy keeps the same order.
        order = " ORDER BY opened_at, purpose, pulse_id NULLS FIRST"
    if table == "workshops":
        where = "id = ?"
    elif table == "ballot_dots":
        where = "ballot_id IN (SELECT id FROM ballots WHERE workshop_id = ?)"
    with store.read() as cur:
        result = cur.execute(
            f"SELECT * FROM {table} WHERE {where}{order}",  # noqa: S608
            [workshop_id],
        )
        names = [d[0] for d in result.description]
        found = result.fetchall()
    if not order:
        # By every column, left to right, nulls last, text by code point: the same order from
        # DuckDB and from PostgreSQL whatever its collation, so both stores' backups are equal.
        found.sort(key=lambda row: [(v is None, v) for v in row])
    rows = [dict(zip(names, row, strict=True)) for row in found]
    if table == "ballots":
        names = [n for n in names if n not in _AS_BALLOT_DOTS]
        rows = [{k: v for k, v in row.items() if k not in _AS_BALLOT_DOTS} for row in rows]
    return names, rows


def _rows(store: Store, table: str, workshop_id: int) -> list[dict[str, Any]]:
    return _table(store, table, workshop_id)[1]


def _exists(store: Store, workshop_id: int) -> None:
    if not _rows(store, "workshops", workshop_id):
        raise NotFound("error.workshop_not_found")


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime | date) else value


def _csv_field(value: Any, decimal_mark: str = ".") -> str:
    """One value as a CSV field: numbers as numbers (a decimal with the language's mark), a
    text that starts like a formula with OWASP's apostrophe in front (Excel and LibreOffice
    would run it)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        # A Finnish Excel reads "4.5" as the date 4 May: it takes the decimal comma only.
        return repr(value).replace(".", decimal_mark)
    if isinstance(value, list):
        value = "|".join(map(str, value))
    return spreadsheet.as_csv_text(str(_plain(value)))


def _csv(columns: list[str], rows: list[dict[str, Any]], decimal_mark: str = ".") -> str:
    text = io.StringIO()
    # Semicolons: a Finnish Excel (and any whose decimal mark is a comma) splits a CSV opened
    # by double click at its list separator, ";", and would put a comma-separated row in one
    # cell. The BOM tells it the file is UTF-8, or "ä" would come out as "Ã¤".
    writer = csv.writer(text, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([_csv_field(row[c], decimal_mark) for c in columns] for row in rows)
    return "\ufeff" + text.getvalue()


def _readme(language: Language, workshop: dict[str, Any], tables: dict[str, tuple]) -> str:
    lines = [t(language, "data.readme.title", **_names(workshop)), ""]
    lines += [*textwrap.wrap(t(language, "data.readme.format"), 78), ""]
    for table, (columns, rows) in tables.items():
        lines.append(f"{table}.csv ({t(language, 'data.readme.rows', n=len(rows))})")
        lines.extend(
            "  " + line for line in textwrap.wrap(t(language, f"data.readme.table.{table}"), 76)
        )
        lines += textwrap.wrap(
            f"{t(language, 'data.readme.columns')}: {', '.join(columns)}",
            78,
            initial_indent="  ",
            subsequent_indent="    ",
        )
        if table == "plan_rows":
            # What `fields` holds, section by section, so a script can name the values.
            lines += [f"    {s.value}: {', '.join(FIELDS[s])}" for s in Section]
        lines.append("")
    # Windows' Notepad and every other reader take CRLF; a BOM says UTF-8 to the older ones.
    return "\ufeff" + "\r\n".join(lines)


def _in_field_order(row: dict[str, Any]) -> dict[str, Any]:
    """A plan row with its fields in the order of its section's table (FIELDS), as the README
    names them, not in the order they are stored in (STORED: a field added later goes last)."""
    section = Section(row["section"])
    stored = dict(zip(STORED[section], row["fields"], strict=False))
    return {**row, "fields": [stored.get(name) or "" for name in FIELDS[section]]}


def _names(workshop: dict[str, Any]) -> dict[str, str]:
    return {
        "title": workshop.get("title") or "",
        "organisation": workshop.get("organisation") or "",
    }


def csv_zip(store: Store, workshop_id: int) -> bytes:
    """The workshop's raw data, one CSV file per table and a README.txt naming their columns,
    in one zip (no secrets, not even hashed)."""
    _exists(store, workshop_id)
    tables = {}
    for table in TABLES:
        names, rows = _table(store, table, workshop_id)
        if table == "plan_rows":
            rows = [_in_field_order(row) for row in rows]
        hidden = _PRIVATE | _PERSONAL.get(table, set()) | _CSV_LEFT_OUT.get(table, set())
        tables[table] = ([c for c in names if c not in hidden], rows)
    workshop = tables["workshops"][1][0]
    language = Language(workshop["language"])
    mark = get_decimal_symbol(LOCALES[language])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", _readme(language, workshop, tables))
        for table, (columns, rows) in tables.items():
            archive.writestr(f"{table}.csv", _csv(columns, rows, mark))
    return buffer.getvalue()


def _checksum(data: dict) -> str:
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def backup(store: Store, workshop_id: int) -> bytes:
    """A full backup of one workshop as JSON, with a checksum that reveals a damaged file.

    Ids are numbered from 1 within the backup, and the join code, the passphrase hash and the
    token hashes are left out, so a backup of a restored copy equals the backup it came from.
    """
    _exists(store, workshop_id)
    raw = {table: _rows(store, table, workshop_id) for table in TABLES}
    numbering = {
        table: {row[id_column]: n for n, row in enumerate(raw[table], start=1)}
        for table, (id_column, _) in TABLES.items()
        if id_column
    }
    data = {}
    for table, (id_column, refs) in TABLES.items():
        rows = []
        for row in raw[table]:
            values = _remap(table, row, refs, numbering)
            if id_column:
                values[id_column] = numbering[table][row[id_column]]
            if table == "workshops":
                # The version chain (issue 17) is kept only when previous_id points inside the
                # copy. A backup holds one workshop, so it never does: the version before is
                # another workshop, not in the file, and its id would name whichever workshop has
                # that id in the database restored into. A copy starts a chain of its own
                # (version 1); the original keeps its chain.
                values["previous_id"] = None
            rows.append({k: _plain(v) for k, v in values.items() if k not in _LEFT_OUT})
        data[table] = rows
    document = {"format": FORMAT, "version": VERSION, "checksum": _checksum(data), "data": data}
    return json.dumps(document, ensure_ascii=False, indent=1).encode()


def _intact(data: dict, checksum: object) -> bool:
    # JSON escapes can spell lone surrogates, which no text of ours holds and UTF-8 cannot encode.
    try:
        return checksum == _checksum(data)
    except (UnicodeEncodeError, RecursionError):
        return False


def _load(blob: bytes) -> dict[str, list[dict[str, Any]]]:
    if len(blob) > MAX_BACKUP_BYTES:
        raise InvalidInput("error.backup_unreadable")
    try:
        document = json.loads(blob.decode("utf-8"))
    # Besides bad JSON (a ValueError): nesting deeper than Python's stack, or a number longer
    # than int() takes (a plain ValueError).
    except (ValueError, RecursionError) as exc:
        raise InvalidInput("error.backup_unreadable") from exc
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise InvalidInput("error.backup_unreadable")
    version = document.get("version")
    if version not in READABLE or isinstance(version, bool):
        raise InvalidInput("error.backup_version")
    data = document.get("data")
    if not isinstance(data, dict) or not _intact(data, document.get("checksum")):
        raise InvalidInput("error.backup_tampered")
    if set(data) != set(TABLES if version == VERSION else _VERSION_1) or not all(
        isinstance(rows, list) and all(isinstance(r, dict) for r in rows) for rows in data.values()
    ):
        raise InvalidInput("error.backup_tampered")
    if len(data["workshops"]) != 1:
        raise InvalidInput("error.backup_tampered")
    # A version 1 backup was made before the follow-up: it has none to restore.
    return {table: data.get(table, []) for table in TABLES}


def language_of(blob: bytes) -> Language | None:
    """The language of the workshop in a backup, or None when the file is no intact backup."""
    try:
        (workshop,) = _load(blob)["workshops"]
        return Language(workshop.get("language"))
    except (InvalidInput, ValueError):
        return None


def _without_nul(value: object) -> object:
    """A backup's text without NUL characters. PostgreSQL's text cannot hold them, no text a
    person types keeps one (clean_text drops control characters) and no document shows one:
    dropped on both engines, the same file restores alike on either."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, list):
        return [_without_nul(v) for v in value]
    return value


def restore(store: Store, blob: bytes, passphrase: str) -> str:
    """Restore a backup as a new workshop with a new code and this facilitator passphrase.

    All of it, or nothing at all.
    """
    hashed = security.hash_passphrase(workshops.check_passphrase(passphrase))
    data = _load(blob)
    new_ids: dict[str, dict[Any, int]] = {table: {} for table in TABLES}
    staff: set[Any] = set()  # the people (ids in the file) who joined a pulse with a role
    with store.write() as cur:
        columns_of = {
            table: [
                row[0]
                for row in cur.execute(
                    "SELECT column_name FROM information_schema.columns"
                    " WHERE table_name = ? AND table_schema = current_schema()"
                    " ORDER BY ordinal_position",
                    [table],
                ).fetchall()
            ]
            for table in TABLES
        }
        code = security.new_join_code()
        while cur.execute("SELECT 1 FROM workshops WHERE code = ?", [code]).fetchone():
            code = security.new_join_code()
        try:
            for table, (id_column, refs) in TABLES.items():
                rows = data[table]
                if table == "observations":
                    # An observation may point at one restored after it: merges are wired last.
                    rows = [{**r, "merged_into": None} for r in rows]
                for row in rows:
                    values = _remap(table, row, refs, new_ids)
                    if table == "workshops":
                        values["code"] = code
                        values["passphrase_hash"] = hashed
                        values["previous_id"] = None  # not in the copy: see backup()
                    if table in ("participants", "follow_up_people"):
                        values["token_hash"] = security.token_hash(security.new_token())
                    if table == "follow_up_codes":
                        values["code"] = _new_code(cur)
                    unknown = set(values) - set(columns_of[table])
                    if unknown or not _choices_known(table, values) or not _paired(table, values):
                        raise InvalidInput("error.backup_tampered")
                    if table == "follow_up_people" and values.get("role") is not None:
                        staff.add(row.get("id"))
                    if table == "pulse_answers" and row.get("person_id") not in staff:
                        raise InvalidInput("error.backup_tampered")  # only staff answer a pulse
                    if table == "ballot_dots":
                        _restore_dots(cur, values)
                        continue
                    names = [c for c in values if c != id_column]
                    sql = (
                        f"INSERT INTO {table} ({', '.join(names)})"  # noqa: S608
                        f" VALUES ({', '.join('?' for _ in names)})"
                        + (f" RETURNING {id_column}" if id_column else "")
                    )
                    result = cur.execute(sql, [_without_nul(values[n]) for n in names])
                    if id_column:
                        new_ids[table][row[id_column]] = result.fetchone()[0]
            for row in data["observations"]:
                if row.get("merged_into") is not None:
                    cur.execute(
                        "UPDATE observations SET merged_into = ? WHERE id = ?",
                        [
                            _ref(new_ids, "observations", row["merged_into"]),
                            _ref(new_ids, "observations", row["id"]),
                        ],
                    )
        except (InvalidInput, StoreUnavailable):  # a lost server is not a tampered file
            raise
        except Exception as exc:  # any database refusal means the file does not fit
            raise InvalidInput("error.backup_tampered") from exc
    return code


def _new_code(cur: Any) -> str:
    """A code no workshop and no follow-up has (the copy's own join code is already stored)."""
    while True:
        code = security.new_join_code()
        taken = cur.execute(
            "SELECT 1 FROM follow_up_codes WHERE code = ? UNION ALL"
            " SELECT 1 FROM workshops WHERE code = ?",
            [code, code],
        ).fetchone()
        if taken is None:
            return code


def _restore_dots(cur: Any, values: dict[str, Any]) -> None:
    # Unknown columns were refused with the other tables; a missing one fails as tampered.
    cur.execute(
        "UPDATE ballots SET dot_items = list_append(dot_items, ?),"
        " dot_counts = list_append(dot_counts, ?) WHERE id = ?",
        [values["observation_id"], values["dots"], values["ballot_id"]],
    )


def _paired(table: str, values: dict[str, Any]) -> bool:
    if table not in _PAIRED:
        return True
    first, second = (values.get(c) for c in _PAIRED[table])
    return isinstance(first, list) and isinstance(second, list) and len(first) == len(second)


def _is_one_of(value: Any, kind: type[StrEnum]) -> bool:
    return isinstance(value, str) and value in {member.value for member in kind}


def _choices_known(table: str, values: dict[str, Any]) -> bool:
    choices = _CHOICES.get(table, {})
    if not all(
        _is_one_of(values[c], kind) or (values[c] is None and (table, c) in _OPTIONAL_CHOICES)
        for c, kind in choices.items()
        if c in values
    ):
        return False
    return all(
        isinstance(values[c], list) and all(_is_one_of(item, kind) for item in values[c])
        for c, kind in _LIST_CHOICES.get(table, {}).items()
        if c in values
    )


def _ref(new_ids: dict[str, dict[Any, int]], table: str, old: Any) -> int:
    try:
        return new_ids[table][old]
    except KeyError as exc:
        raise InvalidInput("error.backup_tampered") from exc


def _remap(
    table: str,
    row: dict[str, Any],
    refs: dict[str, str],
    new_ids: dict[str, dict[Any, int]],
) -> dict[str, Any]:
    values = dict(row)
    if not all(
        isinstance(values.get(column, []), list)
        for column in ("fields", "proposal_ids", "phase_ids")
    ):
        raise InvalidInput("error.backup_tampered")
    if "workshop_id" in values:
        values["workshop_id"] = _ref(new_ids, "workshops", values["workshop_id"])
    for column, target in refs.items():
        whole = target == "units" and table == "metric_results" and values.get(column) == WHOLE
        if values.get(column) is not None and not whole:
            values[column] = _ref(new_ids, target, values[column])
    if table == "proposal_votes":
        values["proposal_ids"] = [_ref(new_ids, "proposals", i) for i in values["proposal_ids"]]
    if table == "pulse_answers":
        values["phase_ids"] = [_ref(new_ids, "phases", i) for i in values["phase_ids"]]
    if table == "plan_rows" and values.get("section") == "metrics" and values["fields"][0]:
        values["fields"] = [
            str(_ref(new_ids, "phases", int(values["fields"][0]))),
            *values["fields"][1:],
        ]
    return values


def delete(store: Store, workshop_id: int) -> None:
    """Remove a workshop and everything in it, for good."""
    _exists(store, workshop_id)
    with store.write() as cur:
        for table in reversed([*TABLES, "facilitator_sessions", "follow_up_leads"]):
            if table == "workshops":
                cur.execute("DELETE FROM workshops WHERE id = ?", [workshop_id])
                # A later version of its model stays, as a first version of its own now.
                cur.execute(
                    "UPDATE workshops SET previous_id = NULL WHERE previous_id = ?", [workshop_id]
                )
            elif table == "ballot_dots":
                continue  # a view of the ballots' own rows
            else:
                cur.execute(f"DELETE FROM {table} WHERE workshop_id = ?", [workshop_id])  # noqa: S608
    store.live.bump_state(workshop_id)
    store.live.forget(workshop_id)
