"""The command line speaks the workshop's language, else the user's locale (issue 14, point 5):
a Finnish workshop is restored and deleted in Finnish, on whatever laptop."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from facilitator.domain import Language
from facilitator.language.i18n import t
from facilitator.store.db import DatabaseBusy
from kohtaamo import cli

PASSPHRASE = "kopion oma tunnuslause"


@pytest.fixture(autouse=True)
def _no_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(variable, raising=False)


def _backup_of_a_demo(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], language: str
) -> tuple[str, Path]:
    cli.main(["demo", "--until", "lobby", "--language", language, "--db", db])
    code = capsys.readouterr().out.strip()
    out = tmp_path / "b.json"
    cli.main(["backup", "--code", code, "--out", str(out), "--db", db])
    capsys.readouterr()
    return db, out


def _asked(monkeypatch: pytest.MonkeyPatch, answers: list[str]) -> list[str]:
    """Answers getpass with `answers` in turn; returns the prompts it was given."""
    prompts: list[str] = []

    def getpass(prompt: str) -> str:
        prompts.append(prompt)
        return answers.pop(0)

    monkeypatch.setattr("getpass.getpass", getpass)
    return prompts


@pytest.mark.parametrize(
    ("workshop", "locale"), [("fi", "en_GB.UTF-8"), ("en", "fi_FI.UTF-8"), ("fi", "C")]
)
def test_restore_asks_in_the_language_of_the_workshop_in_the_file(
    database, tmp_path, capsys, monkeypatch, workshop: str, locale: str
) -> None:
    db, out = _backup_of_a_demo(database, tmp_path, capsys, workshop)
    monkeypatch.setenv("LANG", locale)
    prompts = _asked(monkeypatch, [PASSPHRASE, PASSPHRASE])
    assert cli.main(["restore", str(out), "--db", db]) == 0
    assert prompts == [t(workshop, "cli.restore_passphrase"), t(workshop, "cli.restore_again")]


def test_a_finnish_restore_says_in_finnish_that_the_passphrases_differ_or_are_short(
    database, tmp_path, capsys, monkeypatch
) -> None:
    db, out = _backup_of_a_demo(database, tmp_path, capsys, "fi")
    _asked(monkeypatch, ["ensimmäinen lause", "toinen lause"])
    assert cli.main(["restore", str(out), "--db", db]) == 2
    assert capsys.readouterr().err.strip() == t("fi", "cli.restore_differ")
    _asked(monkeypatch, ["lyhyt", "lyhyt"])
    assert cli.main(["restore", str(out), "--db", db]) == 2
    said = capsys.readouterr().err
    assert said.startswith("virhe: ") and t("fi", "error.passphrase_short", min=8) in said


def test_a_file_that_is_no_backup_is_refused_in_the_users_language(
    database, tmp_path, capsys, monkeypatch
) -> None:
    monkeypatch.setenv("LANG", "fi_FI.UTF-8")
    junk = tmp_path / "junk.json"
    junk.write_text("{}")
    _asked(monkeypatch, [PASSPHRASE, PASSPHRASE])
    assert cli.main(["restore", str(junk), "--db", database]) == 2
    expected = t("fi", "cli.error", message=t("fi", "error.backup_unreadable"))
    assert capsys.readouterr().err.strip() == expected
    assert cli.main(["restore", str(tmp_path / "missing.json")]) == 2
    assert capsys.readouterr().err.startswith("virhe: tiedostoa ")


def test_delete_asks_and_answers_in_the_workshops_language(
    database, tmp_path, capsys, monkeypatch
) -> None:
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    db = database
    cli.main(["demo", "--until", "lobby", "--db", db])
    code = capsys.readouterr().out.strip()
    asked: list[str] = []
    answers = ["e", "k"]

    def answer(prompt: str) -> str:
        asked.append(prompt)
        return answers.pop(0)

    monkeypatch.setattr("builtins.input", answer)
    assert cli.main(["delete", "--code", code, "--db", db]) == 1
    assert capsys.readouterr().out.strip() == t("fi", "cli.nothing_deleted")
    assert cli.main(["delete", "--code", code, "--db", db]) == 0
    assert capsys.readouterr().out.strip() == t("fi", "cli.deleted", code=code)
    assert asked[0].startswith(f"Poistetaanko {code} ") and asked[0].endswith("[k/E] ")


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({}, Language.EN),
        ({"LANG": "fi_FI.UTF-8"}, Language.FI),
        ({"LANG": "fi_FI.UTF-8", "LC_MESSAGES": "en_US.UTF-8"}, Language.EN),
        ({"LANG": "en_US.UTF-8", "LC_ALL": "fi_FI"}, Language.FI),
        ({"LANG": "sv_FI.UTF-8"}, Language.EN),
    ],
)
def test_without_a_workshop_the_locale_chooses(
    monkeypatch, environment: dict[str, str], expected: Language
) -> None:
    for variable, value in environment.items():
        monkeypatch.setenv(variable, value)
    assert cli.language() is expected
    assert cli.language(Language.FI) is Language.FI
    assert cli.main(["show", "--code", "XXXXXX", "--db", ":memory:"]) == 2


@pytest.mark.parametrize(
    ("locale", "said"),
    [
        ("fi_FI.UTF-8", "virhe: tietokanta {db} on toisen prosessin käytössä"),
        ("en_GB.UTF-8", "error: the database {db} is in use by another process"),
    ],
)
def test_a_database_in_use_is_said_in_the_users_language(
    tmp_path, capsys, monkeypatch, locale: str, said: str
) -> None:
    """Guards the review of issue 14: this one message was English whatever the locale.
    (DuckDB's own: a PostgreSQL database is never held by one process.)"""
    db = str(tmp_path / "k.duckdb")

    def busy(path: str) -> None:
        raise DatabaseBusy(path)

    monkeypatch.setattr(cli, "Store", busy)
    monkeypatch.setenv("LANG", locale)
    assert cli.main(["show", "--code", "ABC123", "--db", db]) == 3
    assert capsys.readouterr().err.startswith(said.format(db=db))


@pytest.mark.parametrize(
    ("workshop", "locale", "lines"),
    [
        (
            "fi",
            "en_GB.UTF-8",
            ["koodi:", "kieli:        suomi", "vaihe:        Tervetuloa (lobby)", "osallistujat:"],
        ),
        (
            "en",
            "fi_FI.UTF-8",
            ["code:", "language:     English", "step:         Welcome (lobby)", "participants:"],
        ),
    ],
)
def test_show_labels_a_workshop_in_its_own_language_and_json_keeps_its_english_keys(
    database, tmp_path, capsys, monkeypatch, workshop: str, locale: str, lines: list[str]
) -> None:
    """Guards the review of issue 14: `show` labelled a Finnish workshop in English."""
    db = database
    cli.main(["demo", "--until", "lobby", "--language", workshop, "--db", db])
    code = capsys.readouterr().out.strip()
    monkeypatch.setenv("LANG", locale)

    assert cli.main(["show", "--code", code, "--db", db]) == 0
    shown = [line.strip() for line in capsys.readouterr().out.splitlines()]
    for start in lines:
        assert any(line.startswith(start) for line in shown), (start, shown)
    people = next(line for line in shown if line.startswith(lines[3]))
    assert t(workshop, "role.frontline") in people

    assert cli.main(["show", "--code", code, "--db", db, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["step"] == "lobby" and data["language"] == workshop
    assert {"code", "participants", "observations", "model"} <= data.keys()
    assert "frontline" in data["participants"]
