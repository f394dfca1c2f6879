"""The command line: a demo workshop, and a workshop's state as text or JSON."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence

from facilitator import demo, model, observations, participants, plan, voting, workshops
from facilitator.db import DEFAULT_DB_PATH, DatabaseBusy, Store
from facilitator.domain import STEPS, Kind
from facilitator.errors import NotFound


def _db_default() -> str:
    return os.environ.get("KOHTAAMO_DB", DEFAULT_DB_PATH)


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
    }


def _plan(store: Store, workshop_id: int) -> dict[str, list[dict[str, str]]]:
    # Metrics name their phase by id inside the database; outside it, by the phase's name.
    names = {str(p.phase.id): p.phase.name for p in model.phases(store, workshop_id)}
    sections = {section.value: plan.rows(store, workshop_id, section) for section in plan.Section}
    for metric in sections[plan.Section.METRICS.value]:
        metric["phase"] = names.get(metric["phase"], "")
    return sections


def _print_state(data: dict) -> None:
    print(f"{data['title']} ({data['organisation']})")
    print(f"  code:         {data['code']}")
    print(f"  language:     {data['language']}")
    print(f"  step:         {data['step']}")
    people = ", ".join(f"{role} {n}" for role, n in data["participants"].items())
    print(f"  participants: {sum(data['participants'].values())} ({people})")
    print(f"  observations: {data['observations']}")
    if data["model"]["name"]:
        print(f"  model:        {data['model']['name']}: {data['model']['promise']}")
    for number, phase in enumerate(data["phases"], start=1):
        print(f"  {number}. {phase['name']}: {phase['target_state']}")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m facilitator", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    demo_cmd = sub.add_parser("demo", help="create a realistic demo workshop and print its code")
    demo_cmd.add_argument("--db", default=_db_default(), help="DuckDB file (default: %(default)s)")
    demo_cmd.add_argument("--language", choices=["fi", "en"], default="fi")
    demo_cmd.add_argument(
        "--until",
        choices=[s.value for s in STEPS],
        default="done",
        help="run the demo through this step and stop there (default: %(default)s)",
    )
    show = sub.add_parser("show", help="print a workshop's state")
    show.add_argument("--code", required=True, help="the workshop's join code")
    show.add_argument("--db", default=_db_default(), help="DuckDB file (default: %(default)s)")
    show.add_argument("--json", action="store_true", help="print JSON")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the exit status."""
    args = _parser().parse_args(argv)
    try:
        store = Store(args.db)
    except DatabaseBusy:
        print(
            f"error: the database {args.db} is in use by another process (is the app running?)",
            file=sys.stderr,
        )
        return 3
    try:
        if args.command == "demo":
            code = demo.create_demo(store, language=args.language, until=args.until)
            print(code)
            return 0
        try:
            data = state(store, args.code)
        except NotFound:
            print(f"error: no workshop has the code {args.code!r}", file=sys.stderr)
            return 2
        if args.json:
            print(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            _print_state(data)
        return 0
    finally:
        store.close()
