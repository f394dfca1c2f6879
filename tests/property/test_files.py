"""Uploaded files at their worst: customer-feedback CSVs and JSON backups.

A file is read in full, or refused with a domain error both catalogs can say; a refused file
changes nothing, and no file, read or refused, changes what another workshop holds.
"""

from __future__ import annotations

import csv
import io
import json
import math

from hypothesis import given, settings
from hypothesis import strategies as st

from facilitator.data import backup
from facilitator.domain import Kind, Source, Viewpoint
from facilitator.errors import KohtaamoError
from facilitator.language.text import one_line
from facilitator.room import workshops
from facilitator.steps import feedback_import, observations, report
from facilitator.steps.feedback_import import FeedbackFile
from facilitator.store.db import Store
from kohtaamo import cli

from .hostile import SHARED, SHORT, assert_explained, attempt, fingerprint, forge, hostile
from .workshop import Filled


def _no_surrogates(text: str) -> str:
    # A file holds bytes: a lone surrogate cannot be written into one in any encoding.
    return "".join(ch for ch in text if not 0xD800 <= ord(ch) <= 0xDFFF)


CELL = hostile().map(_no_surrogates)
SCORE = st.one_of(
    st.integers(-5, 105).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["4,5", "", " 3 ", "nan", "-inf", "1e999", "viisi"]),
    SHORT.map(_no_surrogates),
)


@st.composite
def feedback_csv(draw: st.DrawFn) -> tuple[bytes, list[tuple[str, str]]]:
    """A CSV as a spreadsheet writes it: a header, then comments and scores, properly quoted."""
    rows = draw(st.lists(st.tuples(CELL, SCORE), max_size=8))
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    ending = draw(st.sampled_from(["\r\n", "\n"]))
    header = draw(st.sampled_from([("Palaute", "Arvosana"), ("Comment", "Score")]))
    text = io.StringIO()
    writer = csv.writer(text, delimiter=delimiter, lineterminator=ending, quoting=csv.QUOTE_ALL)
    writer.writerow(header)
    writer.writerows(rows)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig"]))
    return text.getvalue().encode(encoding), rows


def _mangle(data: bytes, cuts: list[tuple[int, bytes]]) -> bytes:
    for where, junk in cuts:
        at = where % (len(data) + 1)
        data = data[:at] + junk + data[at + len(junk) :]
    return data


JUNK = st.one_of(
    st.binary(max_size=8),
    st.sampled_from(
        [b'"', b'""', b"\x00", b"\r", b"\n\n", b";", b"\t", b"\xff\xfe", b"\xef\xbb\xbf"]
    ),
)
BAD_CSV = st.one_of(
    st.binary(max_size=400),
    hostile().map(lambda s: _no_surrogates(s).encode()),
    st.builds(
        _mangle,
        feedback_csv().map(lambda made: made[0]),
        st.lists(st.tuples(st.integers(0, 10**6), JUNK), min_size=1, max_size=4),
    ),
    st.sampled_from(
        [
            b"Palaute\n" + b'"' + b"x" * 200_000 + b'"\n',  # one field past the csv limit
            b"Palaute\n" + b"ok\n" * (feedback_import.MAX_ROWS + 1),
            b"Palaute\n" + b"x" * feedback_import.MAX_BYTES,
            "Palaute;Arvosana\nHyvä;5\n".encode("utf-16"),
            b'Palaute\n"never closed\n',
            b"\xef\xbb\xbf",
            b" \n\t\r\n",
            b"," * 300 + b"\n",
            ("x" * 201 + "\nrow\n").encode(),
        ]
    ),
)


def _check_parsed(parsed: FeedbackFile) -> None:
    assert parsed.columns and all(isinstance(c, str) and c for c in parsed.columns)
    assert parsed.text_column in parsed.columns
    assert parsed.score_column is None or parsed.score_column in parsed.columns
    assert len(parsed.rows) <= feedback_import.MAX_ROWS
    for row in parsed.rows:
        assert set(row) <= set(parsed.columns)
        assert all(isinstance(v, str) for v in row.values())


@settings(max_examples=150, deadline=None)
@given(data=BAD_CSV)
def test_any_bytes_are_read_as_a_feedback_file_or_refused(data: bytes) -> None:
    try:
        parsed = feedback_import.parse(data)
    except KohtaamoError as err:
        assert_explained(err)
        assert err.key.startswith("error.csv_") or err.key == "error.too_long"
        return
    _check_parsed(parsed)


def _stored_as_documented(stored: str, typed: str) -> bool:
    # One line, cleaned; a comment longer than an observation is cut and ends in an ellipsis.
    folded = one_line(typed, field="text", max_len=10**7, required=False)
    if len(folded) <= observations.MAX_OBSERVATION:
        return stored == folded
    return (
        len(stored) <= observations.MAX_OBSERVATION
        and stored.endswith("…")
        and folded.startswith(stored[:-1])
    )


def _import_all(room: Filled, parsed: FeedbackFile, threshold: float | None, kind: Kind):
    return feedback_import.import_feedback(
        room.store,
        room.key,
        parsed,
        text_column=parsed.text_column,
        score_column=parsed.score_column,
        threshold=threshold,
        default_kind=kind,
    )


@SHARED
@given(made=feedback_csv(), kind=st.sampled_from(list(Kind)))
def test_each_comment_of_a_csv_is_stored_as_one_clean_line_or_skipped(
    room: Filled, bystander: Filled, made: tuple[bytes, list[tuple[str, str]]], kind: Kind
) -> None:
    data, rows = made
    parsed = feedback_import.parse(data)
    _check_parsed(parsed)
    # Read back exactly as written, whatever the comments hold.
    assert [(r[parsed.text_column], r[parsed.score_column]) for r in parsed.rows] == rows
    threshold = feedback_import.default_threshold(parsed, parsed.score_column)
    assert threshold is None or math.isfinite(threshold)
    before = {o.id for o in observations.list_all(room.store, room.key)}

    outcome = attempt(
        room.store,
        lambda: _import_all(room, parsed, threshold, kind),
        guarded=bystander.workshop.id,
    )

    assert not outcome.refused
    new = [o for o in observations.list_all(room.store, room.key) if o.id not in before]
    typed = [(c, s) for c, s in rows if one_line(c, field="text", max_len=10**7, required=False)]
    assert len(new) == outcome.value.imported == len(typed)
    assert outcome.value.skipped_empty == len(rows) - len(typed)
    for obs, (comment, _) in zip(new, typed, strict=True):
        assert _stored_as_documented(obs.text, comment)
        assert (obs.viewpoint, obs.source) == (Viewpoint.FEEDBACK, Source.IMPORT)
        assert obs.score is None or math.isfinite(obs.score)
        if obs.score is None or threshold is None:
            assert obs.kind == kind
        else:
            assert obs.kind == (Kind.STRENGTH if obs.score >= threshold else Kind.WEAKNESS)
    room.assert_intact()


@SHARED
@given(data=BAD_CSV, kind=st.sampled_from(list(Kind)))
def test_a_malformed_csv_is_imported_whole_or_refused_whole(
    room: Filled, bystander: Filled, data: bytes, kind: Kind
) -> None:
    def read_and_import() -> object:
        parsed = feedback_import.parse(data)
        threshold = feedback_import.default_threshold(parsed, parsed.score_column)
        return _import_all(room, parsed, threshold, kind)

    before = len(observations.list_all(room.store, room.key))
    outcome = attempt(room.store, read_and_import, guarded=bystander.workshop.id)
    after = len(observations.list_all(room.store, room.key))
    assert after - before == (0 if outcome.refused else outcome.value.imported)
    room.assert_intact()


# Backups


def _restored_readably(
    store: Store, code: str, passphrase: str, original: bytes | None = None
) -> None:
    """A restored workshop can be opened, shown, reported and backed up again like any other."""
    workshop, _ = workshops.login(store, code, passphrase)
    report.gather(store, workshop.id)
    cli.state(store, code)
    assert workshop.id in {w.id for w in workshops.list_all(store)}
    again = backup.backup(store, workshop.id)
    if original is not None:
        assert again == original


def _restore(
    room: Filled, blob: bytes, passphrase: str, original: bytes | None = None
) -> KohtaamoError | None:
    """Restore `blob` into the room's database; the refusal, if it was refused."""
    before = fingerprint(room.store)
    outcome = attempt(room.store, lambda: backup.restore(room.store, blob, passphrase))
    if outcome.refused:
        assert outcome.error.key.startswith("error.backup_")
    else:
        # All of it lands in one new workshop; nothing that was there before changes.
        after = fingerprint(room.store)
        assert {k: v for k, v in after.items() if k in before} == before
        _restored_readably(room.store, outcome.value, passphrase, original)
    room.assert_intact()
    return outcome.error


DAMAGE = st.lists(
    st.tuples(st.integers(0, 10**6), st.binary(min_size=1, max_size=6)), min_size=1, max_size=3
)


@SHARED
@given(damage=DAMAGE, cut=st.none() | st.integers(0, 10**6))
def test_a_damaged_backup_is_refused_or_restores_the_same_workshop(
    room: Filled, room_backup: bytes, passphrase: str, damage: list, cut: int | None
) -> None:
    blob = _mangle(room_backup, damage)
    if cut is not None:
        blob = blob[: cut % (len(blob) + 1)]
    _restore(room, blob, passphrase, original=room_backup)


NASTY_JSON = st.sampled_from(
    [
        b"",
        b"[" * 100_000 + b"]" * 100_000,
        b'{"a":' * 50_000 + b"1" + b"}" * 50_000,
        b'{"format": "kohtaamo-backup", "version": 1, "checksum": "", "data": '
        + b"9" * 5000
        + b"}",
        b'{"format": "kohtaamo-backup", "version": 1, "checksum": null, "data": {"x": "\\ud800"}}',
        b'{"format": "kohtaamo-backup", "version": NaN, "data": {}}',
        b'{"format": "kohtaamo-backup", "version": 1, "data": []}',
        b'"kohtaamo-backup"',
        b"null",
        b"\xff\xfe{\x00}\x00",
        b"\xef\xbb\xbf{}",
    ]
)


@SHARED
@given(
    blob=NASTY_JSON | st.binary(max_size=200) | hostile().map(lambda s: _no_surrogates(s).encode())
)
def test_a_file_that_is_no_backup_at_all_is_refused(
    room: Filled, passphrase: str, blob: bytes
) -> None:
    outcome = attempt(room.store, lambda: backup.restore(room.store, blob, passphrase))
    assert outcome.refused and outcome.error.key.startswith("error.backup_")
    room.assert_intact()


JSON_VALUE = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.integers(min_value=2**63 - 2, max_value=2**70),
        st.floats(),
        hostile(),
        st.sampled_from(["fi", "xx", "observe", "nowhere", "2027-01-15", "2027-13-45", "NaN"]),
    ),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(SHORT, inner, max_size=3),
    max_leaves=6,
)


# Columns whose every value the app reads back as one of a fixed list (a role, a step, ...).
CHOICE_COLUMNS = [
    ("workshops", "language"),
    ("workshops", "customer_type"),
    ("workshops", "industry"),
    ("workshops", "step"),
    ("participants", "role"),
    ("observations", "author_role"),
    ("observations", "viewpoint"),
    ("observations", "kind"),
    ("observations", "source"),
    ("ballots", "kind"),
    ("ratings", "rating"),
    ("contributions", "prompt"),
    ("plan_rows", "section"),
    ("tracked_metrics", "direction"),
    ("tracked_metrics", "frequency"),
    ("metric_results", "source"),
    ("tracked_milestones", "status"),
    ("follow_up_codes", "purpose"),
    ("follow_up_people", "purpose"),
]
WRONG_CHOICE = st.sampled_from(["xx", "Observe", "strength ", "", "FRONTLINE"]) | SHORT
ACTIONS = ["set", "set", "choice", "channels", "drop key", "new key", "drop row", "copy row"]


@st.composite
def forgery(draw: st.DrawFn, blob: bytes) -> bytes:
    """A backup edited by hand, its checksum recomputed, so only the contents can give it away."""
    document = json.loads(blob)
    data = document["data"]
    for _ in range(draw(st.integers(1, 3))):
        actions = [
            "set",
            "set",
            "choice",
            "channels",
            "drop key",
            "new key",
            "drop row",
            "copy row",
        ]
        action = draw(st.sampled_from(actions))
        if action in {"choice", "channels"}:
            table, column = (
                ("workshops", "channels")
                if action == "channels"
                else draw(st.sampled_from(CHOICE_COLUMNS))
            )
            wrong = draw(WRONG_CHOICE)
            for row in data[table]:
                row[column] = [wrong] if action == "channels" else wrong
            continue
        table = draw(st.sampled_from(sorted(data)))
        rows = data[table]
        if not rows:
            continue
        row = rows[draw(st.integers(0, len(rows) - 1))]
        column = draw(st.sampled_from(sorted(row))) if row else None
        if action == "set" and column:
            row[column] = draw(JSON_VALUE)
        elif action == "drop key" and column:
            del row[column]
        elif action == "new key":
            row[draw(st.sampled_from(["id", "workshop_id", "code", "x; DROP TABLE workshops"]))] = (
                draw(JSON_VALUE)
            )
        elif action == "drop row":
            rows.remove(row)
        elif action == "copy row":
            rows.append(dict(row))
    return forge(document)


@SHARED
@given(data=st.data())
def test_a_forged_backup_restores_into_a_readable_workshop_or_is_refused(
    room: Filled, room_backup: bytes, passphrase: str, data: st.DataObject
) -> None:
    _restore(room, data.draw(forgery(room_backup)), passphrase)


def test_an_untouched_forgery_restores_the_same_workshop(
    room: Filled, room_backup: bytes, passphrase: str
) -> None:
    # Guards forge(): with nothing changed it must give back a file the app accepts.
    refusal = _restore(room, forge(json.loads(room_backup)), passphrase, original=room_backup)
    assert refusal is None, repr(refusal.__cause__ if refusal else None)
