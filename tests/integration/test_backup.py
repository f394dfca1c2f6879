"""Data out and back in: CSV zip, JSON backup and restore, deletion, and the console's downloads."""

from __future__ import annotations

import codecs
import csv
import io
import json
import zipfile
from collections.abc import Callable

import pytest
from openpyxl import load_workbook

from exports import downloads
from facilitator.data import backup, demo, demo_followup
from facilitator.domain import Kind
from facilitator.errors import InvalidInput, NotAuthorised, NotFound
from facilitator.followup import people, summary, versions
from facilitator.followup.people import Purpose
from facilitator.language.i18n import t
from facilitator.room import access, workshops
from facilitator.steps import feedback_import, observations, participants, plan, report
from facilitator.store.db import Store
from kohtaamo import cli

NEW_PASSPHRASE = "kopion oma tunnuslause"


@pytest.fixture
def typed_passphrase(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """`restore` asks twice for the copy's passphrase; these are the answers, in order."""
    answers = [NEW_PASSPHRASE, NEW_PASSPHRASE]
    monkeypatch.setattr("getpass.getpass", lambda _prompt: answers.pop(0))
    return answers


@pytest.fixture(scope="module")
def demo_store(make_module_store: Callable[..., Store]) -> tuple[Store, str]:
    store = make_module_store()
    return store, demo.create_demo(store)


def workshop_id(store: Store, code: str) -> int:
    return workshops.find_by_code(store, code).id


def test_backup_restore_backup_round_trips_equal(demo_store):
    store, code = demo_store
    first = backup.backup(store, workshop_id(store, code))
    copy = backup.restore(store, first, NEW_PASSPHRASE)
    assert copy != code
    assert backup.backup(store, workshop_id(store, copy)) == first


def test_show_json_of_a_restored_workshop_equals_the_original_but_for_the_code(demo_store):
    store, code = demo_store
    copy = backup.restore(store, backup.backup(store, workshop_id(store, code)), NEW_PASSPHRASE)
    original, restored = cli.state(store, code), cli.state(store, copy)
    assert restored.pop("code") == copy and original.pop("code") == code
    assert restored == original


def test_a_restored_copy_gives_its_participants_new_tokens(demo_store):
    store, code = demo_store
    blob = backup.backup(store, workshop_id(store, code))
    assert b"token_hash" not in blob and code.encode() not in blob


def _tamper(blob: bytes, change) -> bytes:  # type: ignore[no-untyped-def]
    document = json.loads(blob)
    change(document)
    return json.dumps(document).encode()


@pytest.mark.parametrize(
    ("change", "key"),
    [
        (lambda d: d["data"]["observations"][0].update(text="changed"), "error.backup_tampered"),
        (lambda d: d.update(version=99), "error.backup_version"),
        (lambda d: d.update(format="other"), "error.backup_unreadable"),
        (lambda d: d["data"].pop("phases"), "error.backup_tampered"),
    ],
)
def test_a_tampered_backup_is_refused_and_the_database_is_left_as_it_was(demo_store, change, key):
    store, code = demo_store
    before = len(workshops.list_all(store))
    with pytest.raises(InvalidInput) as err:
        backup.restore(
            store, _tamper(backup.backup(store, workshop_id(store, code)), change), NEW_PASSPHRASE
        )
    assert err.value.key == key
    assert len(workshops.list_all(store)) == before


def test_a_backup_whose_checksum_matches_but_whose_rows_do_not_fit_restores_nothing(demo_store):
    store, code = demo_store
    document = json.loads(backup.backup(store, workshop_id(store, code)))
    document["data"]["placements"][0]["phase_id"] = 999
    document["checksum"] = backup._checksum(document["data"])
    before = len(workshops.list_all(store))
    with pytest.raises(InvalidInput):
        backup.restore(store, json.dumps(document).encode(), NEW_PASSPHRASE)
    assert len(workshops.list_all(store)) == before


@pytest.mark.parametrize("blob", [b"", b"not json", b"\xff\xfe", b"[]", b'{"format": 1}'])
def test_an_unreadable_file_is_refused_with_a_clear_error(demo_store, blob):
    store, _ = demo_store
    with pytest.raises(InvalidInput) as err:
        backup.restore(store, blob, NEW_PASSPHRASE)
    assert err.value.key == "error.backup_unreadable"


def test_the_csv_zip_has_a_file_per_table_and_no_secrets(demo_store):
    store, code = demo_store
    archive = zipfile.ZipFile(io.BytesIO(backup.csv_zip(store, workshop_id(store, code))))
    assert set(archive.namelist()) == {"README.txt", *(f"{t}.csv" for t in backup.TABLES)}
    text = "".join(archive.read(n).decode("utf-8-sig") for n in archive.namelist())
    assert "passphrase_hash" not in text and "token_hash" not in text and "scrypt$" not in text
    assert "Asiakas tervehditään yleensä heti ovella." in archive.read("observations.csv").decode()


def _csv(archive: zipfile.ZipFile, name: str) -> list[list[str]]:
    raw = archive.read(name)
    assert raw.startswith(codecs.BOM_UTF8)  # so that Excel reads it as UTF-8
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))


def test_the_csvs_are_semicolon_separated_for_a_finnish_excel(demo_store):
    store, code = demo_store
    archive = zipfile.ZipFile(io.BytesIO(backup.csv_zip(store, workshop_id(store, code))))
    rows = _csv(archive, "observations.csv")
    header = rows[0]
    assert header[:4] == ["id", "workshop_id", "participant_id", "author_role"]
    # Every row splits into as many fields as the header, texts with commas included.
    assert all(len(row) == len(header) for row in rows)
    texts = [row[header.index("text")] for row in rows[1:]]
    assert any("," in text for text in texts)
    assert {row[header.index("hidden")] for row in rows[1:]} <= {"true", "false"}


def test_an_empty_table_still_has_its_header_row(store, make_workshop):
    workshop, _ = make_workshop(store)
    archive = zipfile.ZipFile(io.BytesIO(backup.csv_zip(store, workshop.id)))
    assert _csv(archive, "consent.csv") == [
        ["id", "workshop_id", "participant_id", "fingers", "created_at"]
    ]
    assert _csv(archive, "ballots.csv") == [
        ["id", "workshop_id", "participant_id", "kind", "submission_key", "submitted_at"]
    ]
    for table in backup.TABLES:
        assert _csv(archive, f"{table}.csv")[0], table


@pytest.mark.parametrize("language", ["fi", "en"])
def test_the_readme_names_every_file_and_its_columns_in_the_workshops_language(
    store, make_workshop, language
):
    workshop, _ = make_workshop(store, language=language)
    archive = zipfile.ZipFile(io.BytesIO(backup.csv_zip(store, workshop.id)))
    readme = archive.read("README.txt").decode("utf-8-sig")
    assert t(language, "data.readme.format")[:40] in " ".join(readme.split())
    flat = " ".join(readme.split())
    for table in backup.TABLES:
        assert f"{table}.csv" in readme
        assert " ".join(t(language, f"data.readme.table.{table}").split()) in flat
        columns = ", ".join(_csv(archive, f"{table}.csv")[0])
        assert f"{t(language, 'data.readme.columns')}: {columns}" in flat, table


def test_a_csv_field_that_begins_like_a_formula_gets_an_apostrophe(store, make_workshop):
    workshop, key = make_workshop(store, title="=HYPERLINK(1)")
    observations.add_for(store, key, observations.draft("strategy", "strength", "-2+3"), "other")
    archive = zipfile.ZipFile(io.BytesIO(backup.csv_zip(store, workshop.id)))
    workshops_csv, observations_csv = (
        _csv(archive, "workshops.csv"),
        _csv(archive, "observations.csv"),
    )
    assert workshops_csv[1][workshops_csv[0].index("title")] == "'=HYPERLINK(1)"
    assert observations_csv[1][observations_csv[0].index("text")] == "'-2+3"
    assert workshops_csv[1][workshops_csv[0].index("dot_budget")].isdigit()  # a number stays one


def test_deleting_a_workshop_removes_it_and_everything_in_it(store):
    keep, gone = demo.create_demo(store), demo.create_demo(store)
    gone_id = workshop_id(store, gone)
    # Read once, so that the code and the workshop sit in memory when the delete comes.
    assert workshops.find_by_code(store, gone).id == gone_id
    backup.delete(store, gone_id)
    assert [w.code for w in workshops.list_all(store)] == [keep]
    with pytest.raises(NotFound):
        workshops.find_by_code(store, gone)
    with pytest.raises(NotFound):
        workshops.get(store, gone_id)
    with store.read() as cur:
        for table in backup.TABLES:
            if table not in {"workshops", "ballot_dots"}:
                (n,) = cur.execute(
                    f"SELECT count(*) FROM {table} WHERE workshop_id = ?",  # noqa: S608
                    [gone_id],
                ).fetchone()
                assert n == 0, table


def test_the_console_downloads_are_for_the_facilitator_only(demo_store):
    store, code = demo_store
    _, key = workshops.login(store, code, demo.DEMO_PASSPHRASE)
    assert downloads.word_document(store, key, "staff-card.docx")[:2] == b"PK"
    assert json.loads(downloads.backup_json(store, key))["format"] == "kohtaamo-backup"
    assert downloads.data_zip(store, key)[:2] == b"PK"
    assert downloads.results_workbook(store, key)[:2] == b"PK"
    person, _ = participants.join(store, workshops.find_by_code(store, code), "frontline")
    for action in (
        lambda: downloads.word_document(store, person, "model.docx"),
        lambda: downloads.data_zip(store, person),
        lambda: downloads.results_workbook(store, person),
        lambda: downloads.backup_json(store, person),
    ):
        with pytest.raises(NotAuthorised):
            action()


def test_the_command_line_exports_backs_up_restores_lists_and_deletes(
    database, tmp_path, capsys, typed_passphrase
):
    db = database
    assert cli.main(["demo", "--db", db]) == 0
    code = capsys.readouterr().out.strip()
    assert cli.main(["export", "--code", code, "--out", str(tmp_path / "docs"), "--db", db]) == 0
    assert sorted(p.name for p in (tmp_path / "docs").iterdir()) == [
        "data.zip",
        "followup.docx",
        "model.docx",
        "plan.docx",
        "results.xlsx",
        "staff-card.docx",
    ]
    book = load_workbook(tmp_path / "docs" / "results.xlsx")
    assert book.sheetnames[0] == "Tulokset"  # a Finnish demo
    with zipfile.ZipFile(tmp_path / "docs" / "data.zip") as archive:
        assert "README.txt" in archive.namelist()
    assert cli.main(["backup", "--code", code, "--out", str(tmp_path / "b.json"), "--db", db]) == 0
    capsys.readouterr()
    assert cli.main(["restore", str(tmp_path / "b.json"), "--db", db]) == 0
    copy = capsys.readouterr().out.strip()
    assert typed_passphrase == []  # asked twice
    assert cli.main(["list", "--db", db]) == 0
    listed = capsys.readouterr().out
    assert code in listed and copy in listed
    assert cli.main(["delete", "--code", copy, "--yes", "--db", db]) == 0
    assert capsys.readouterr().out == t("fi", "cli.deleted", code=copy) + "\n"  # a Finnish demo
    assert cli.main(["list", "--db", db]) == 0
    assert copy not in capsys.readouterr().out


def test_delete_asks_first_and_does_nothing_without_a_yes(database, tmp_path, capsys, monkeypatch):
    db = database
    cli.main(["demo", "--until", "lobby", "--db", db])
    code = capsys.readouterr().out.strip()
    monkeypatch.setattr("builtins.input", lambda _prompt: "n")
    assert cli.main(["delete", "--code", code, "--db", db]) == 1
    cli.main(["list", "--db", db])
    assert code in capsys.readouterr().out


def test_restoring_a_missing_or_broken_file_exits_2_with_a_message(
    database, tmp_path, capsys, typed_passphrase
):
    db = database
    (tmp_path / "bad.json").write_text('{"format": "kohtaamo-backup", "version": 1}')
    assert cli.main(["restore", str(tmp_path / "missing.json"), "--db", db]) == 2
    assert cli.main(["restore", str(tmp_path / "bad.json"), "--db", db]) == 2
    err = capsys.readouterr().err
    assert "cannot read" in err and "changed or damaged" in err


def test_a_restored_copy_opens_with_the_new_passphrase_and_not_the_old_one(demo_store):
    store, code = demo_store
    blob = backup.backup(store, workshop_id(store, code))
    assert b"passphrase_hash" not in blob and b"scrypt$" not in blob
    copy = backup.restore(store, blob, NEW_PASSPHRASE)
    workshop, _ = workshops.login(store, copy, NEW_PASSPHRASE)
    assert workshop.code == copy
    with pytest.raises(NotAuthorised):
        workshops.login(store, copy, demo.DEMO_PASSPHRASE)


def test_a_restore_with_too_short_a_passphrase_restores_nothing(demo_store):
    store, code = demo_store
    before = len(workshops.list_all(store))
    with pytest.raises(InvalidInput) as err:
        backup.restore(store, backup.backup(store, workshop_id(store, code)), "short")
    assert err.value.key == "error.passphrase_short"
    assert len(workshops.list_all(store)) == before


def test_restore_on_the_command_line_refuses_two_different_passphrases(
    database, tmp_path, capsys, monkeypatch
):
    db = database
    cli.main(["demo", "--until", "lobby", "--db", db])
    code = capsys.readouterr().out.strip()
    cli.main(["backup", "--code", code, "--out", str(tmp_path / "b.json"), "--db", db])
    answers = ["ensimmäinen tunnuslause", "toinen tunnuslause"]
    monkeypatch.setattr("getpass.getpass", lambda _prompt: answers.pop(0))
    assert cli.main(["restore", str(tmp_path / "b.json"), "--db", db]) == 2
    # The demo is Finnish: so is the command line that restores it.
    assert t("fi", "cli.restore_differ") in capsys.readouterr().err
    cli.main(["list", "--db", db])
    assert len(capsys.readouterr().out.splitlines()) == 1


def _backup_file(db: str, tmp_path, capsys, language: str = "fi") -> tuple[str, str]:
    assert cli.main(["demo", "--until", "identify", "--language", language, "--db", db]) == 0
    code = capsys.readouterr().out.strip()
    out = str(tmp_path / "b.json")
    assert cli.main(["backup", "--code", code, "--out", out, "--db", db]) == 0
    capsys.readouterr()
    return db, out


def test_restore_reads_the_passphrase_from_the_first_line_of_a_file(
    database, tmp_path, capsys, monkeypatch
):
    db, out = _backup_file(database, tmp_path, capsys)

    def no_terminal(_prompt: str) -> str:
        raise AssertionError("asked at a terminal")

    monkeypatch.setattr("getpass.getpass", no_terminal)
    secret = tmp_path / "passphrase.txt"
    secret.write_text(f"  {NEW_PASSPHRASE}  \nthe second line is not read\n")
    assert cli.main(["restore", out, "--passphrase-file", str(secret), "--db", db]) == 0
    copy = capsys.readouterr().out.strip()
    store = Store(db)
    try:
        workshop, _ = workshops.login(store, copy, NEW_PASSPHRASE)
        assert workshop.code == copy
    finally:
        store.close()


@pytest.mark.parametrize(
    ("language", "content", "key"),
    [
        ("fi", None, "cli.passphrase_file_missing"),
        ("fi", "", "cli.passphrase_file_empty"),
        ("en", "\n\n", "cli.passphrase_file_empty"),
        ("en", "   \nsecond line", "cli.passphrase_file_empty"),
    ],
)
def test_a_missing_or_empty_passphrase_file_is_said_in_the_workshops_language_and_restores_nothing(
    database, tmp_path, capsys, language, content, key
):
    db, out = _backup_file(database, tmp_path, capsys, language)
    secret = tmp_path / "passphrase.txt"
    if content is not None:
        secret.write_text(content)
    assert cli.main(["restore", out, "--passphrase-file", str(secret), "--db", db]) == 2
    err = capsys.readouterr().err
    expected = t(language, key, file=secret, reason="")
    assert err.startswith(expected.split(str(secret))[0])
    assert str(secret) in err
    assert cli.main(["list", "--db", db]) == 0
    assert len(capsys.readouterr().out.strip().splitlines()) == 1  # only the original


def test_a_too_short_passphrase_in_the_file_is_refused_like_a_typed_one(database, tmp_path, capsys):
    db, out = _backup_file(database, tmp_path, capsys)
    secret = tmp_path / "passphrase.txt"
    secret.write_text("short\n")
    assert cli.main(["restore", out, "--passphrase-file", str(secret), "--db", db]) == 2
    assert capsys.readouterr().err.startswith("virhe: ")


def test_the_csv_zip_names_no_participant_but_the_backup_keeps_the_names(store, make_workshop):
    # The documents promise anonymity and results by role: a name beside a participant_id in
    # the zip would show who voted what. A backup restores the workshop, names and all.
    workshop, _ = make_workshop(store)
    participants.join(store, workshop, "frontline", "Kerttu Kassalainen")
    archive = zipfile.ZipFile(io.BytesIO(backup.csv_zip(store, workshop.id)))
    assert "name" not in _csv(archive, "participants.csv")[0]
    text = "".join(archive.read(n).decode("utf-8-sig") for n in archive.namelist())
    assert "Kerttu" not in text
    assert "Kerttu Kassalainen" in backup.backup(store, workshop.id).decode()


def _readme_fields(readme: str) -> dict[str, list[str]]:
    # The README's list of what `fields` holds, one "    section: a, b, c" line per section.
    named = {}
    for line in readme.splitlines():
        section, _, fields = line.strip().partition(": ")
        if line.startswith("    ") and section in {s.value for s in plan.Section}:
            named[section] = fields.split(", ")
    return named


def test_the_plan_rows_fields_are_in_the_order_the_readme_names_them(demo_store):
    # Stored, a metric's baseline comes last; a script that follows the README must not read
    # the target as the baseline.
    store, code = demo_store
    archive = zipfile.ZipFile(io.BytesIO(backup.csv_zip(store, workshop_id(store, code))))
    named = _readme_fields(archive.read("README.txt").decode("utf-8-sig"))
    assert set(named) == {s.value for s in plan.Section}
    rows = _csv(archive, "plan_rows.csv")
    header = rows[0]
    data = report.gather(store, workshop_id(store, code))
    for section in plan.Section:
        written = [
            dict(zip(named[section.value], row[header.index("fields")].split("|"), strict=True))
            for row in rows[1:]
            if row[header.index("section")] == section.value
        ]
        stored = [
            {k: v for k, v in r.items() if k in named[section.value]}
            for r in data.plan_rows(section.value)
        ]
        assert written == stored, section
    metrics = data.plan_rows("metrics")
    assert metrics and all(m["baseline"] for m in metrics)  # the demo fills what is tested


@pytest.mark.parametrize(("language", "shown"), [("fi", "4,5"), ("en", "4.5")])
def test_a_decimal_is_written_with_the_workshops_decimal_mark(
    store, make_workshop, language, shown
):
    # A Finnish Excel reads "4.5" as the date 4 May; it reads "4,5" as the number.
    workshop, key = make_workshop(store, language=language)
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
    archive = zipfile.ZipFile(io.BytesIO(backup.csv_zip(store, workshop.id)))
    rows = _csv(archive, "observations.csv")
    assert rows[1][rows[0].index("score")] == shown
    readme = " ".join(archive.read("README.txt").decode("utf-8-sig").split())
    assert f"({shown})" in readme  # the README says which mark it is


# The follow-up (issue 17): the demo's three stores, metrics, visits, milestones, coaching and
# pulse travel in the backup and the CSV zip.

FOLLOW_UP_TABLES = [
    "units",
    "tracked_metrics",
    "metric_results",
    "tracked_milestones",
    "coaching_log",
    "pulses",
    "follow_up_codes",
    "follow_up_people",
    "observation_visits",
    "pulse_answers",
]


def _follow_up_as_read(store: Store, workshop: int) -> dict:
    """The follow-up as the report and `show` read it, with ids replaced by what they name."""
    seen = summary.follow_up(store, workshop)
    unit = {u.id: u.name for u in seen.units} | {0: "whole"}
    return {
        "units": [u.name for u in seen.units],
        "metrics": [
            (
                m.metric.name,
                seen.phase_name(m.metric.phase_id),
                m.metric.baseline,
                m.metric.target,
                m.status,
                [(r.period, unit[r.unit_id], r.value) for r in m.results],
            )
            for m in seen.metrics
        ],
        "visits": [
            (unit[v.unit_id], seen.phase_name(v.phase_id), v.marks, v.note) for v in seen.visits
        ],
        "milestones": [(m.title, m.due, m.status(seen.today)) for m in seen.milestones],
        "coaching": [(c.day, c.coach, unit[c.unit_id], c.topic, c.note) for c in seen.coaching],
        "pulses": [
            (
                p.answers,
                p.fist,
                [(seen.phase_name(s.phase_id), s.role, s.pulse_share) for s in p.shifts],
            )
            for p in seen.pulses
        ],
    }


def test_a_restored_copy_carries_the_whole_follow_up(demo_store):
    store, code = demo_store
    original = workshop_id(store, code)
    blob = backup.backup(store, original)
    data = json.loads(blob)["data"]
    assert all(data[table] for table in FOLLOW_UP_TABLES), "the demo fills every table"
    copy = workshop_id(store, backup.restore(store, blob, NEW_PASSPHRASE))
    assert _follow_up_as_read(store, copy) == _follow_up_as_read(store, original)
    assert _follow_up_as_read(store, copy)["metrics"][0][5]  # results, not two empty lists


def test_the_follow_ups_secrets_stay_out_of_the_backup_and_the_copy_gets_its_own(demo_store):
    store, code = demo_store
    original = workshop_id(store, code)
    _, key = workshops.login(store, code, demo.DEMO_PASSPHRASE)
    access.grant_lead(store, key, "the leads own passphrase")
    observers = people.current_code(store, original, Purpose.OBSERVE)
    assert observers is not None
    blob = backup.backup(store, original)
    assert observers.code.encode() not in blob and b"scrypt$" not in blob
    assert b"follow_up_leads" not in blob
    copy = workshop_id(store, backup.restore(store, blob, NEW_PASSPHRASE))
    copied = people.current_code(store, copy, Purpose.OBSERVE)
    assert copied is not None and copied.code != observers.code
    # The copy has no project lead until its facilitator gives one a passphrase.
    assert access.lead_since(store, copy) is None
    with pytest.raises(NotAuthorised):
        copy_code = workshops.get(store, copy).code
        workshops.login(store, copy_code, "the leads own passphrase")
    with store.read() as cur:
        hashes = cur.execute(
            "SELECT workshop_id, token_hash FROM follow_up_people WHERE workshop_id IN (?, ?)",
            [original, copy],
        ).fetchall()
    assert len({h for _, h in hashes}) == len(hashes)  # every observer and staff member anew


def _as_version_1(blob: bytes) -> bytes:
    """A backup as Kohtaamo wrote it before the follow-up: version 1, without its tables."""
    document = json.loads(blob)
    for table in FOLLOW_UP_TABLES:
        del document["data"][table]
    for row in document["data"]["workshops"]:
        del row["previous_id"]
    document["version"] = 1
    document["checksum"] = backup._checksum(document["data"])
    return json.dumps(document).encode()


def test_a_backup_made_before_the_follow_up_still_restores(demo_store):
    store, code = demo_store
    old = _as_version_1(backup.backup(store, workshop_id(store, code)))
    copy = backup.restore(store, old, NEW_PASSPHRASE)
    restored = workshop_id(store, copy)
    assert summary.follow_up(store, restored).metrics == ()
    assert cli.state(store, copy)["phases"] == cli.state(store, code)["phases"]


def test_a_version_1_backup_with_follow_up_tables_is_refused(demo_store):
    store, code = demo_store
    document = json.loads(backup.backup(store, workshop_id(store, code)))
    document["version"] = 1
    with pytest.raises(InvalidInput) as err:
        backup.restore(store, json.dumps(document).encode(), NEW_PASSPHRASE)
    assert err.value.key == "error.backup_tampered"


def test_a_later_version_of_the_model_restores_as_a_first_version(demo_store):
    store, code = demo_store
    _, key = workshops.login(store, code, demo.DEMO_PASSPHRASE)
    second, _ = versions.start_version(store, key, "second version passphrase")
    blob = backup.backup(store, second.id)
    assert json.loads(blob)["data"]["workshops"][0]["previous_id"] is None
    copy = workshop_id(store, backup.restore(store, blob, NEW_PASSPHRASE))
    assert versions.version_number(store, second.id) == 2
    assert versions.version_number(store, copy) == 1


def _forged(store: Store, code: str, change) -> bytes:  # type: ignore[no-untyped-def]
    document = json.loads(backup.backup(store, workshop_id(store, code)))
    change(document["data"])
    document["checksum"] = backup._checksum(document["data"])
    return json.dumps(document).encode()


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d["observation_visits"][0].update(marks=["seen", "maybe"]),
        lambda d: d["observation_visits"][0].update(marks=["seen"]),
        lambda d: d["pulse_answers"][0].update(phase_ids=[999_999], ratings=["can"]),
        lambda d: d["pulse_answers"][0].update(ratings=["can", "can", "can"]),
        lambda d: d["pulse_answers"][0].update(
            person_id=next(p["id"] for p in d["follow_up_people"] if p["role"] is None)
        ),
        lambda d: d["metric_results"][0].update(unit_id=999_999),
        lambda d: d["tracked_metrics"][0].update(direction="sideways"),
        lambda d: d["follow_up_people"][0].update(purpose="spy"),
    ],
)
def test_a_forged_follow_up_restores_nothing(demo_store, change):
    store, code = demo_store
    before = len(workshops.list_all(store))
    with pytest.raises(InvalidInput) as err:
        backup.restore(store, _forged(store, code, change), NEW_PASSPHRASE)
    assert err.value.key == "error.backup_tampered"
    assert len(workshops.list_all(store)) == before


def test_the_csv_zip_has_the_follow_up_without_names_or_codes(demo_store):
    store, code = demo_store
    gone = workshop_id(store, code)
    archive = zipfile.ZipFile(io.BytesIO(backup.csv_zip(store, gone)))
    text = "".join(archive.read(f"{t}.csv").decode("utf-8-sig") for t in FOLLOW_UP_TABLES)
    assert "Sari Virtanen" not in archive.read("coaching_log.csv").decode("utf-8-sig")
    assert "Mikko Laine" not in archive.read("follow_up_people.csv").decode("utf-8-sig")
    observers = people.current_code(store, gone, Purpose.OBSERVE)
    assert observers is not None and observers.code not in text
    results = _csv(archive, "metric_results.csv")
    assert results[0][:4] == ["id", "workshop_id", "metric_id", "period"]
    assert len(results) > 20  # three stores, three months, four metrics
    units_csv = _csv(archive, "units.csv")
    assert [row[2] for row in units_csv[1:]] == list(demo_followup.STORES)
    for language in ("fi", "en"):
        readme = archive.read("README.txt").decode("utf-8-sig")
        if language == "en":
            en_code = demo.create_demo(store, language="en")
            en_zip = zipfile.ZipFile(io.BytesIO(backup.csv_zip(store, workshop_id(store, en_code))))
            readme = en_zip.read("README.txt").decode("utf-8-sig")
        for table in FOLLOW_UP_TABLES:
            assert f"{table}.csv" in readme
            assert t(language, f"data.readme.table.{table}")[:30] in readme.replace("\r\n  ", " ")


def test_deleting_a_workshop_removes_its_follow_up_and_its_leads_passphrase(store):
    gone = workshop_id(store, demo.create_demo(store))
    _, key = workshops.login(store, workshops.get(store, gone).code, demo.DEMO_PASSPHRASE)
    access.grant_lead(store, key, "the leads own passphrase")
    backup.delete(store, gone)
    with store.read() as cur:
        for table in [*FOLLOW_UP_TABLES, "follow_up_leads"]:
            (n,) = cur.execute(
                f"SELECT count(*) FROM {table} WHERE workshop_id = ?",  # noqa: S608
                [gone],
            ).fetchone()
            assert n == 0, table
