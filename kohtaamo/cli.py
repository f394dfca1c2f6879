"""The command line: a demo workshop, and a workshop's state as text or JSON."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
import urllib.parse
from collections.abc import Callable, Sequence
from pathlib import Path

from exports import workbook
from exports.bundle import documents
from facilitator.data import backup, demo
from facilitator.domain import STEPS, Kind, Language
from facilitator.errors import InvalidInput, NotFound, StoreUnavailable
from facilitator.followup import summary
from facilitator.language.i18n import label, t
from facilitator.room import workshops
from facilitator.steps import model, observations, participants, plan, report, voting
from facilitator.store.db import DEFAULT_DB_PATH, DatabaseBusy, Store
from facilitator.store.dialect import is_postgres
from kohtaamo import follow_up


def language(workshop: Language | None = None) -> Language:
    """The language the command line speaks: the workshop's when there is one, else the user's
    locale (LC_ALL, LC_MESSAGES, LANG, the first one set, as POSIX orders them)."""
    if workshop is not None:
        return workshop
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        if value:
            return Language.FI if value.lower().startswith("fi") else Language.EN
    return Language.EN


def _db_default() -> str:
    return os.environ.get("KOHTAAMO_DB", DEFAULT_DB_PATH)


def shown_db(db: str) -> str:
    """The database as it may be printed: a PostgreSQL URL without its password."""
    if not is_postgres(db):
        return db
    parts = urllib.parse.urlsplit(db)
    if parts.password is None:
        return db
    user = urllib.parse.quote(parts.username or "")
    host = parts.hostname or ""
    netloc = f"{user}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc))


def state(store: Store, code: str) -> dict:
    """A workshop's state as plain data (what `show --json` prints)."""
    workshop = workshops.find_by_code(store, code)
    counts = participants.counts_by_role(store, workshop.id)
    text = model.text(store, workshop.id)
    return {
        "code": workshop.code,
        "title": workshop.title,
        "organisation": workshop.organisation,
        "language": workshop.language.value,
        "customer_type": workshop.customer_type.value,
        "industry": workshop.industry.value,
        "channels": [c.value for c in workshop.channels],
        "step": workshop.step.value,
        "input_open": workshop.input_open,
        "results_visible": workshop.results_visible,
        "joining_open": workshop.joining_open,
        "participants": {role.value: n for role, n in counts.items()},
        "observations": observations.count(store, workshop.id),
        "key_strengths": [o.text for o in voting.key_items(store, workshop.id, Kind.STRENGTH)],
        "key_weaknesses": [o.text for o in voting.key_items(store, workshop.id, Kind.WEAKNESS)],
        "phases": [
            {
                "name": mp.phase.name,
                "target_state": mp.phase.target_state,
                "critical": mp.phase.critical,
                "behaviours": [{"text": b.text, "fixed": b.fixed} for b in mp.behaviours],
            }
            for mp in model.phases(store, workshop.id)
        ],
        "model": {
            "name": text.name,
            "promise": text.promise,
            "tone_words": text.tone_words,
            "judgement": text.judgement,
        },
        "plan": _plan(store, workshop.id),
        "follow_up": follow_up.state(store, workshop.id),
    }


def _plan(store: Store, workshop_id: int) -> dict[str, list[dict[str, str]]]:
    # Metrics name their phase by id inside the database; outside it, by the phase's name.
    names = {str(p.phase.id): p.phase.name for p in model.phases(store, workshop_id)}
    sections = {section.value: plan.rows(store, workshop_id, section) for section in plan.Section}
    for metric in sections[plan.Section.METRICS.value]:
        metric["phase"] = names.get(metric["phase"], "")
    return sections


def _print_state(data: dict) -> None:
    # The labels and names in the workshop's language; `show --json` keeps its English keys
    # and values, as scripts read it.
    lang = Language(data["language"])
    rows = ("code", "language", "step", "participants", "observations", "model")
    width = max(len(t(lang, f"cli.show.{row}")) for row in rows) + 2

    def line(row: str, value: str) -> None:
        print(f"  {(t(lang, f'cli.show.{row}') + ':').ljust(width)}{value}")

    print(f"{data['title']} ({data['organisation']})")
    line("code", data["code"])
    line("language", label(lang, "language", data["language"]))
    step = data["step"]
    line("step", f"{t(lang, f'step.{step}.title')} ({step})")
    people = ", ".join(
        f"{label(lang, 'role', role)} {n}" for role, n in data["participants"].items()
    )
    line("participants", f"{sum(data['participants'].values())} ({people})")
    line("observations", str(data["observations"]))
    if data["model"]["name"]:
        line("model", f"{data['model']['name']}: {data['model']['promise']}")
    for number, phase in enumerate(data["phases"], start=1):
        print(f"  {number}. {phase['name']}: {phase['target_state']}")
    for said in follow_up.lines(data["follow_up"], lang):
        print(f"  {said}")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kohtaamo", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    def command(name: str, help_text: str, *, code: bool = False) -> argparse.ArgumentParser:
        cmd = sub.add_parser(name, help=help_text)
        cmd.add_argument(
            "--db",
            default=_db_default(),
            help="the database: a DuckDB file, or a PostgreSQL server as"
            " postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE, which the command may use while"
            f" the app runs on it (default: KOHTAAMO_DB, else {DEFAULT_DB_PATH}; now"
            f" {shown_db(_db_default()).replace('%', '%%')})",
        )
        if code:
            cmd.add_argument("--code", required=True, help="the workshop's join code")
        return cmd

    demo_cmd = command("demo", "create a realistic demo workshop and print its code")
    demo_cmd.add_argument("--language", choices=["fi", "en"], default="fi")
    demo_cmd.add_argument(
        "--until",
        choices=[s.value for s in STEPS],
        default="done",
        help="run the demo through this step and stop there (default: %(default)s)",
    )
    command("show", "print a workshop's state", code=True).add_argument(
        "--json", action="store_true", help="print JSON"
    )
    command(
        "export",
        "write model.docx, plan.docx, staff-card.docx, followup.docx, results.xlsx and data.zip",
        code=True,
    ).add_argument("--out", required=True, type=Path, help="the folder to write them to")
    command("backup", "write a full backup of a workshop as JSON", code=True).add_argument(
        "--out", required=True, type=Path, help="the .json file to write"
    )
    restore_cmd = command(
        "restore", "restore a backup as a new workshop with a new passphrase; prints its code"
    )
    restore_cmd.add_argument("file", type=Path, help="a backup .json file")
    restore_cmd.add_argument(
        "--passphrase-file",
        type=Path,
        help="read the new passphrase from the first line of this file instead of asking",
    )
    command("list", "list the workshops in the database")
    command("delete", "delete a workshop and everything in it", code=True).add_argument(
        "--yes", action="store_true", help="do not ask for confirmation"
    )
    return parser


def _show(store: Store, args: argparse.Namespace) -> int:
    data = state(store, args.code)
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        _print_state(data)
    return 0


def _export(store: Store, args: argparse.Namespace) -> int:
    workshop = workshops.find_by_code(store, args.code)
    args.out.mkdir(parents=True, exist_ok=True)
    data = report.gather(store, workshop.id)
    follow = summary.follow_up(store, workshop.id)
    files = documents(data, follow)
    files["results.xlsx"] = workbook.build(data, follow)
    files["data.zip"] = backup.csv_zip(store, workshop.id)
    for name, blob in files.items():
        (args.out / name).write_bytes(blob)
        print(args.out / name)
    return 0


def _backup(store: Store, args: argparse.Namespace) -> int:
    workshop = workshops.find_by_code(store, args.code)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(backup.backup(store, workshop.id))
    print(args.out)
    return 0


def _restore(store: Store, args: argparse.Namespace) -> int:
    try:
        blob = args.file.read_bytes()
    except OSError as exc:
        lang = language()
        print(t(lang, "cli.cannot_read", file=args.file, reason=exc.strerror), file=sys.stderr)
        return 2
    # The prompts speak the language of the workshop in the file, so a Finnish workshop is
    # restored in Finnish whoever's laptop it is.
    lang = language(backup.language_of(blob))
    # A backup holds no passphrase (not even its hash), so the copy gets a new one. Asked for
    # without echo, or read from a file a script wrote; never an argument, which would stay in
    # the shell's history and in every process listing.
    if args.passphrase_file is not None:
        passphrase = _passphrase_from(args.passphrase_file, lang)
        if passphrase is None:
            return 2
    else:
        passphrase = getpass.getpass(t(lang, "cli.restore_passphrase"))
        if getpass.getpass(t(lang, "cli.restore_again")) != passphrase:
            print(t(lang, "cli.restore_differ"), file=sys.stderr)
            return 2
    try:
        print(backup.restore(store, blob, passphrase))
    except InvalidInput as err:
        print(t(lang, "cli.error", message=t(lang, err.key, **err.params)), file=sys.stderr)
        return 2
    return 0


def _passphrase_from(path: Path, lang: Language) -> str | None:
    """The passphrase on the first line of a file (spaces and the line end stripped), or None
    after saying on stderr why there is none."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else str(exc.reason)
        print(t(lang, "cli.passphrase_file_missing", file=path, reason=reason), file=sys.stderr)
        return None
    passphrase = lines[0].strip() if lines else ""
    if not passphrase:
        print(t(lang, "cli.passphrase_file_empty", file=path), file=sys.stderr)
        return None
    return passphrase


def _list(store: Store, args: argparse.Namespace) -> int:
    for w in workshops.list_all(store):
        print(f"{w.code}  {w.created_at:%Y-%m-%d}  {w.step.value:<9} {w.title} ({w.organisation})")
    return 0


def _delete(store: Store, args: argparse.Namespace) -> int:
    workshop = workshops.find_by_code(store, args.code)
    lang = language(workshop.language)
    if not args.yes:
        question = t(lang, "cli.delete_confirm", code=workshop.code, title=workshop.title)
        try:
            answer = input(question)
        except EOFError:
            answer = ""
        if answer.strip().lower() not in {"y", "yes", "k", "kyllä"}:
            print(t(lang, "cli.nothing_deleted"))
            return 1
    backup.delete(store, workshop.id)
    print(t(lang, "cli.deleted", code=workshop.code))
    return 0


def _demo(store: Store, args: argparse.Namespace) -> int:
    print(demo.create_demo(store, language=args.language, until=args.until))
    return 0


COMMANDS: dict[str, Callable[[Store, argparse.Namespace], int]] = {
    "demo": _demo,
    "show": _show,
    "export": _export,
    "backup": _backup,
    "restore": _restore,
    "list": _list,
    "delete": _delete,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the exit status."""
    args = _parser().parse_args(argv)
    try:
        store = Store(args.db)
    except DatabaseBusy:
        print(t(language(), "cli.database_busy", db=args.db), file=sys.stderr)
        return 3
    except StoreUnavailable:
        print(t(language(), "cli.database_unreachable", db=shown_db(args.db)), file=sys.stderr)
        return 3
    try:
        return COMMANDS[args.command](store, args)
    except StoreUnavailable:  # the server went away mid-command: what was done is committed
        print(t(language(), "cli.database_unreachable", db=shown_db(args.db)), file=sys.stderr)
        return 3
    except NotFound:
        print(t(language(), "cli.unknown_code", code=repr(args.code)), file=sys.stderr)
        return 2
    except InvalidInput as err:
        lang = language()
        print(t(lang, "cli.error", message=t(lang, err.key, **err.params)), file=sys.stderr)
        return 2
    finally:
        store.close()
