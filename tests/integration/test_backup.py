"""Data out and back in: CSV zip, JSON backup and restore, deletion, and the console's downloads."""

from __future__ import annotations

import codecs
import csv
import io
import json
import zipfile

import pytest
from openpyxl import load_workbook

from exports import downloads
from facilitator.data import backup, demo
from facilitator.domain import Kind
from facilitator.errors import InvalidInput, NotAuthorised, NotFound
from facilitator.language.i18n import t
from facilitator.room import workshops
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
def demo_store() -> tuple[Store, str]:
    store = Store(":memory:")
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


def test_deleting_a_workshop_removes_it_and_everything_in_it():
    store = Store(":memory:")
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
    tmp_path, capsys, typed_passphrase
):
    db = str(tmp_path / "k.duckdb")
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


def test_delete_asks_first_and_does_nothing_without_a_yes(tmp_path, capsys, monkeypatch):
    db = str(tmp_path / "k.duckdb")
    cli.main(["demo", "--until", "lobby", "--db", db])
    code = capsys.readouterr().out.strip()
    monkeypatch.setattr("builtins.input", lambda _prompt: "n")
    assert cli.main(["delete", "--code", code, "--db", db]) == 1
    cli.main(["list", "--db", db])
    assert code in capsys.readouterr().out


def test_restoring_a_missing_or_broken_file_exits_2_with_a_message(
    tmp_path, capsys, typed_passphrase
):
    db = str(tmp_path / "k.duckdb")
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
    tmp_path, capsys, monkeypatch
):
    db = str(tmp_path / "k.duckdb")
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


def _backup_file(tmp_path, capsys, language: str = "fi") -> tuple[str, str]:
    db = str(tmp_path / "k.duckdb")
    assert cli.main(["demo", "--until", "identify", "--language", language, "--db", db]) == 0
    code = capsys.readouterr().out.strip()
    out = str(tmp_path / "b.json")
    assert cli.main(["backup", "--code", code, "--out", out, "--db", db]) == 0
    capsys.readouterr()
    return db, out


def test_restore_reads_the_passphrase_from_the_first_line_of_a_file(tmp_path, capsys, monkeypatch):
    db, out = _backup_file(tmp_path, capsys)

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
    tmp_path, capsys, language, content, key
):
    db, out = _backup_file(tmp_path, capsys, language)
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


def test_a_too_short_passphrase_in_the_file_is_refused_like_a_typed_one(tmp_path, capsys):
    db, out = _backup_file(tmp_path, capsys)
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
