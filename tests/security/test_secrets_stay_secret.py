"""The passphrase, its hash and the session tokens never leave the database: not on screen, not in
a log, not in any file or command output.

A demo workshop with a distinctive passphrase goes through every command of the command line
and every download of the console; then each of those secrets is looked for everywhere the
workshop's data went.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import io
import json
import logging
import sys
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from postgres_leg import Stores
from streamlit.proto.TextInput_pb2 import TextInput as TextInputProto
from streamlit.testing.v1 import AppTest

from exports import downloads
from facilitator.data import demo
from facilitator.domain import Role
from facilitator.language.i18n import t
from facilitator.room import workshops
from facilitator.steps import participants
from facilitator.store import security
from facilitator.store.db import Store
from kohtaamo import cli
from pages.widgets import signin

PASSPHRASE = "Kuikka-Saunoo-Kuutamolla-8317"
COPY_PASSPHRASE = "Lumikko-Kopioi-Revontulet-2290"
CANARY = "security test: the log capture works"


@dataclass(frozen=True)
class Trail:
    """Where the workshop's data went (place -> the text found there), and what must not be."""

    places: dict[str, str]
    secrets: dict[str, str]
    organisation: str
    model_name: str


def _docx_parts(name: str, blob: bytes) -> dict[str, str]:
    """Every part inside a Word file (document, headers, properties, styles...), as text."""
    with zipfile.ZipFile(io.BytesIO(blob)) as archive:
        return {
            f"{name}/{part}": archive.read(part).decode("utf-8", "replace")
            for part in archive.namelist()
        }


def _zip_files(name: str, blob: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(blob)) as archive:
        return {
            f"{name}/{file}": archive.read(file).decode("utf-8-sig") for file in archive.namelist()
        }


def _hash_secrets(label: str, stored: str) -> dict[str, str]:
    """A stored scrypt hash and its parts, as stored and as hex."""
    _, _, _, _, salt, digest = stored.split("$")
    return {
        f"{label} hash": stored,
        f"{label} salt": salt,
        f"{label} salt (hex)": base64.b64decode(salt).hex(),
        f"{label} digest": digest,
        f"{label} digest (hex)": base64.b64decode(digest).hex(),
    }


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))  # the message, its arguments and any traceback


@contextlib.contextmanager
def _every_log_record() -> Iterator[_Records]:
    root = logging.getLogger()
    records, level = _Records(), root.level
    root.addHandler(records)
    root.setLevel(logging.DEBUG)
    try:
        yield records
    finally:
        root.removeHandler(records)
        root.setLevel(level)


@pytest.fixture(scope="module")
def trail(tmp_path_factory: pytest.TempPathFactory, make_module_store: Stores) -> Trail:
    folder = tmp_path_factory.mktemp("trail")
    db = make_module_store.target()  # the CLI and the console open it themselves
    places: dict[str, str] = {}
    tokens: list[str] = []
    hashes: dict[str, str] = {}

    def run(*args: str) -> str:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            cli.main([*args, "--db", db])
        places[f"kohtaamo {' '.join(args)}"] = out.getvalue() + err.getvalue()
        return out.getvalue().strip()

    def stored_hashes() -> None:
        store = Store(db)
        with store.read() as cur:
            hashes.update(cur.execute("SELECT code, passphrase_hash FROM workshops").fetchall())
        store.close()

    issue = security.new_token

    def recorded() -> str:
        tokens.append(issue())
        return tokens[-1]

    with pytest.MonkeyPatch.context() as patch, _every_log_record() as log:
        logging.getLogger(__name__).debug(CANARY)
        patch.setattr(demo, "DEMO_PASSPHRASE", PASSPHRASE)
        # Every token any service issues, whichever module it was imported into.
        for module in list(sys.modules.values()):
            if (
                module.__name__.startswith("facilitator")
                and getattr(module, "new_token", None) is issue
            ):
                patch.setattr(module, "new_token", recorded)
        patch.setattr("getpass.getpass", lambda _prompt: COPY_PASSPHRASE)
        patch.setattr("builtins.input", lambda _prompt: "n")

        code = run("demo")
        run("show", "--code", code)
        run("show", "--code", code, "--json")
        run("export", "--code", code, "--out", str(folder / "docs"))
        run("backup", "--code", code, "--out", str(folder / "backup.json"))
        copy = run("restore", str(folder / "backup.json"))
        # The scripted restore: the passphrase read from a file is echoed nowhere either.
        (folder / "passphrase.txt").write_text(COPY_PASSPHRASE + "\n")
        run(
            "restore",
            str(folder / "backup.json"),
            "--passphrase-file",
            str(folder / "passphrase.txt"),
        )
        run("show", "--code", copy, "--json")
        run("list")
        stored_hashes()
        run("delete", "--code", copy)  # answered "n"
        run("delete", "--code", copy, "--yes")
        run("show", "--code", "XXXXXX")
        run("restore", str(folder / "missing.json"))

        # The console's side: a wrong passphrase, the right one, a phone joining, the downloads.
        store = Store(db)
        store.login_throttle.failure_delay_s = 0
        with contextlib.suppress(Exception):
            workshops.login(store, code, PASSPHRASE + "x")
        workshop, key = workshops.login(store, code, PASSPHRASE)
        participants.join(store, workshop, Role.MANAGEMENT, "Maija")
        for name, blob in downloads.everything(store, key).items():
            if name.endswith((".docx", ".xlsx")):
                places.update(_docx_parts(f"console {name}", blob))
            elif name.endswith(".zip"):
                places.update(_zip_files(f"console {name}", blob))
            else:
                places[f"console {name}"] = blob.decode()
        with store.read() as cur:
            token_hashes = cur.execute(
                "SELECT token_hash FROM participants UNION ALL"
                " SELECT token_hash FROM facilitator_sessions"
            ).fetchall()
        store.close()
    places["log records"] = "\n".join(log.lines)
    for path in sorted((folder / "docs").iterdir()):
        places.update(_docx_parts(f"command line {path.name}", path.read_bytes()))
    places["command line backup.json"] = (folder / "backup.json").read_text()

    assert security.verify_passphrase(PASSPHRASE, hashes[code])
    assert security.verify_passphrase(COPY_PASSPHRASE, hashes[copy])
    assert key.token in tokens and len(tokens) > 10
    secrets = {"passphrase": PASSPHRASE, "the copy's passphrase": COPY_PASSPHRASE}
    secrets |= _hash_secrets("passphrase", hashes[code])
    secrets |= _hash_secrets("the copy's passphrase", hashes[copy])
    secrets |= {f"token {n}": token for n, token in enumerate(tokens)}
    secrets |= {f"token hash {n}": h for n, (h,) in enumerate(token_hashes)}
    model_name = json.loads(places[f"kohtaamo show --code {code} --json"])["model"]
    return Trail(places, secrets, workshop.organisation, model_name["name"])


def test_the_search_reads_the_text_of_every_place(trail: Trail) -> None:
    # Were the files unreadable to the search (compressed, mis-decoded), nothing would be found
    # in them, secrets included: so each kind of place must show what it is known to hold.
    places = trail.places

    def holding(prefix: str) -> str:
        found = "\n".join(text for place, text in places.items() if place.startswith(prefix))
        assert found, prefix
        return found

    for source in ["console", "command line"]:
        for name in ["model.docx", "plan.docx", "staff-card.docx"]:
            text = holding(f"{source} {name}/")
            assert trail.model_name in text, (source, name)
    for prefix in [
        "console data.zip/workshops.csv",
        "console backup.json",
        "command line backup.json",
        "kohtaamo show",
        "kohtaamo list",
    ]:
        assert trail.organisation in holding(prefix), prefix
    assert "error" in places["kohtaamo show --code XXXXXX"]
    # Every command was run: a new one must be added to the trail above.
    assert {place.split()[1] for place in places if place.startswith("kohtaamo ")} == set(
        cli.COMMANDS
    )
    assert CANARY in places["log records"]


def test_no_secret_is_anywhere_the_data_went(trail: Trail) -> None:
    leaks = [
        f"{what} in {place}"
        for place, text in trail.places.items()
        for what, secret in trail.secrets.items()
        if secret in text
    ]
    assert not leaks


def test_a_facilitator_key_does_not_show_its_token_when_printed(
    store: Store, make_workshop: Callable[..., tuple]
) -> None:
    _, key = make_workshop(store)
    assert key.token not in repr(key) and key.token not in str(key)
    assert str(key.workshop_id) in repr(key)


# ---------------------------------------------------------------- the console in the browser


def _every_value(at: AppTest) -> list[str]:
    """Each element's protobuf and, for widgets, the value it holds now."""
    found: list[str] = []

    def walk(node: object) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None:
            found.append(str(proto))
        with contextlib.suppress(Exception):
            found.append(str(node.value))  # type: ignore[attr-defined]
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at.main)
    walk(at.sidebar)
    return found


def test_the_console_shows_no_secret_after_signing_in(
    page_store: Store, page: Callable[..., AppTest], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    workshop, first_key = workshops.create(
        page_store,
        workshops.validate_new(
            title="Salainen paja",
            organisation="Testi Oy",
            language="fi",
            customer_type="consumer",
            industry="retail",
            channels=["in_person"],
            passphrase=PASSPHRASE,
        ),
    )
    at = page().run()
    typed = [w for w in at.text_input if w.label == t("fi", "create.passphrase")]
    assert len(typed) == 2  # creating a workshop, and resuming one
    assert all(w.proto.type == TextInputProto.PASSWORD for w in typed)

    at.text_input(key="resume_code").input(workshop.code)
    at.text_input(key="resume_pass").input(PASSPHRASE)
    (button,) = [b for b in at.button if b.form_id == "resume_workshop"]
    button.click().run()
    assert not at.exception
    key = at.session_state[signin.FKEY]
    assert workshops.authorise(page_store, key) == workshop.id
    assert at.title[0].value == "Salainen paja"  # the console, not the start page

    with page_store.read() as cur:
        (stored,) = cur.execute(
            "SELECT passphrase_hash FROM workshops WHERE id = ?", [workshop.id]
        ).fetchone()
    secrets = {"passphrase": PASSPHRASE, **_hash_secrets("passphrase", stored)}
    for label, session in [("this session's key", key), ("the creator's key", first_key)]:
        secrets[label] = session.token
        secrets[f"{label} hash"] = hashlib.sha256(session.token.encode()).hexdigest()
    shown = "\n".join(_every_value(at))
    assert workshop.code in shown  # the search sees the page
    address = " ".join(f"{k}={v}" for k, v in at.query_params.items())
    logged = caplog.text
    leaks = [
        f"{what} in {where}"
        for what, secret in secrets.items()
        for where, text in [("the page", shown), ("the address", address), ("the log", logged)]
        if secret in text
    ]
    assert not leaks
