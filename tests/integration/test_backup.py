"""Data out and back in: CSV zip, JSON backup and restore, deletion, and the console's downloads."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from facilitator import backup, cli, demo, downloads, participants, workshops
from facilitator.db import Store
from facilitator.errors import InvalidInput, NotAuthorised, NotFound
from facilitator.i18n import t

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
    assert set(archive.namelist()) == {f"{t}.csv" for t in backup.TABLES}
    text = "".join(archive.read(n).decode("utf-8-sig") for n in archive.namelist())
    assert "passphrase_hash" not in text and "token_hash" not in text and "scrypt$" not in text
    assert "Asiakas tervehditään yleensä heti ovella." in archive.read("observations.csv").decode()


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
    person, _ = participants.join(store, workshops.find_by_code(store, code), "frontline")
    for action in (
        lambda: downloads.word_document(store, person, "model.docx"),
        lambda: downloads.data_zip(store, person),
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
        "model.docx",
        "plan.docx",
        "staff-card.docx",
    ]
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
