"""Every facilitator action, found by introspection, refuses anyone without the workshop's key.

The actions are every public function in facilitator/ whose parameters start (store, key):
that is how a service takes the facilitator's key. A new action is picked up by itself; if it
needs an argument this file cannot yet make, the test says which one to add.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any

import pytest
from row_digest import row_digest

import exports
import facilitator
from facilitator.data import backup, demo
from facilitator.domain import Kind, Participant, Role, Step, Workshop
from facilitator.errors import KohtaamoError, NotAuthorised
from facilitator.files import tables
from facilitator.followup import metric_import, metrics, milestones, people, pulse, units
from facilitator.room import access, workshops
from facilitator.room.workshops import FacilitatorKey
from facilitator.steps import (
    feedback_import,
    observations,
    participants,
    phases,
    plan,
    presets,
    targets,
    voting,
)
from facilitator.store import security
from facilitator.store.db import Store

# As many actions as there were when this test was written; fewer means the search went blind.
AT_LEAST = 30


def _modules() -> Iterator[ModuleType]:
    """Every module of the domain, in all its rooms, and of the documents (the downloads take
    the facilitator's key too)."""
    for package in (facilitator, exports):
        for info in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            if not info.ispkg and not info.name.rsplit(".", 1)[1].startswith("_"):
                yield importlib.import_module(info.name)


def _actions() -> dict[str, Callable[..., Any]]:
    found = {}
    for module in _modules():
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("_") or fn.__module__ != module.__name__:
                continue
            if list(inspect.signature(fn).parameters)[:2] == ["store", "key"]:
                found[f"{module.__name__.rsplit('.', 1)[1]}.{name}"] = fn
    return dict(sorted(found.items()))


ACTIONS = _actions()


def _callers_of_authorise(module: ModuleType) -> set[str]:
    """Functions of a module that call authorise, directly or through a helper of the module."""
    tree = ast.parse(Path(module.__file__ or "").read_text())
    calls: dict[str, set[str]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            calls[node.name] = {
                c.func.id if isinstance(c.func, ast.Name) else c.func.attr
                for c in ast.walk(node)
                if isinstance(c, ast.Call) and isinstance(c.func, ast.Name | ast.Attribute)
            }
    found = {name for name, called in calls.items() if "authorise" in called}
    while grown := {n for n, called in calls.items() if called & found} - found:
        found |= grown
    return found - {"authorise"}


def test_the_search_finds_every_facilitator_action() -> None:
    assert len(ACTIONS) >= AT_LEAST, sorted(ACTIONS)
    for module in _modules():
        short = module.__name__.rsplit(".", 1)[1]
        for name in _callers_of_authorise(module):
            if not name.startswith("_"):
                # A public function that checks a key must take it as (store, key, ...), or
                # the tests below would not know to try it.
                assert f"{short}.{name}" in ACTIONS, f"{short}.{name} takes its key another way"


# ---------------------------------------------------------------- plausible arguments


@dataclass(frozen=True)
class Room:
    """A finished demo workshop, a phone in it, and a second workshop with its own facilitator."""

    store: Store
    workshop: Workshop
    key: FacilitatorKey
    participant: Participant
    token: str
    other: Workshop
    other_key: FacilitatorKey
    lead_key: FacilitatorKey


def _visible(room: Room) -> tuple[observations.Observation, ...]:
    return observations.list_visible(room.store, room.workshop.id)


def _first_id(room: Room, table: str) -> int:
    with room.store.read() as cur:
        (found,) = cur.execute(
            f"SELECT min(id) FROM {table} WHERE workshop_id = ?",  # noqa: S608
            [room.workshop.id],
        ).fetchone()
    assert found is not None, f"the room has no {table}"
    return found


def _phase_list(room: Room) -> list[phases.Phase]:
    return phases.list_phases(room.store, room.workshop.id)


def _loose(room: Room, kind: Kind = Kind.STRENGTH) -> list[int]:
    """Visible items of a kind that are not key ones, so changing them leaves the rest usable."""
    return [i.id for i in voting.items(_visible(room), kind) if not i.observation.is_key]


_CSV = b"comment,score\nGreat service,5\nLong queue,1\n"
_RESULTS = b"Jakso;Arvo\n2/2027;66,5\n"

# Parameter name -> a value that a real facilitator could pass, made from the room as it is.
# Values that name this workshop's things (ids) are marked: with another workshop's genuine key,
# a call given them must be refused, not act on this workshop.
ARGUMENTS: dict[str, Callable[[Room], object]] = {
    "step": lambda r: Step.OBSERVE,
    "offset": lambda r: -1,
    "is_open": lambda r: False,
    "visible": lambda r: False,
    "minutes": lambda r: 5,
    "d": lambda r: observations.draft("strategy", "weakness", "Rewritten by someone"),
    "role": lambda r: Role.MANAGEMENT.value,
    "hidden": lambda r: True,
    "curated": lambda r: False,
    "file": lambda r: feedback_import.parse(_CSV),
    "text_column": lambda r: "comment",
    "score_column": lambda r: "score",
    "threshold": lambda r: 4.0,
    "default_kind": lambda r: Kind.WEAKNESS,
    "name": lambda r: "Uusi malli",
    "promise": lambda r: "Jokainen asiakas tuntee olevansa odotettu",
    "tone_words": lambda r: "lämmin, selkeä",
    "judgement": lambda r: "Kiireessä saa oikaista",
    "preset": lambda r: next(iter(presets.PRESETS)),
    "language": lambda r: r.workshop.language,
    "section": lambda r: plan.Section.COACHES,
    "new_rows": lambda r: [{"name": "Aino", "teams": "Kassa", "duties": "Valmentaa"}],
    "target_state": lambda r: "Asiakas tervehditään ovella",
    "behaviours": lambda r: [targets.Behaviour("Tervehdi ovella", True)],
    "budget": lambda r: 7,
    "max_per_item": lambda r: 2,
    "kind": lambda r: Kind.STRENGTH,
    # The follow-up (issue 17)
    "passphrase": lambda r: "a-passphrase-of-their-own",
    "measure": lambda r: "%",
    "direction": lambda r: "lower",
    "baseline": lambda r: "12",
    "target": lambda r: "5",
    "frequency": lambda r: "weekly",
    "period": lambda r: "1/2027",
    "value": lambda r: "72,5",
    "purpose": lambda r: "observe",
    "status": lambda r: "in_progress",
    "day": lambda r: "3.2.2027",
    "coach": lambda r: "Sari",
    "topic": lambda r: "Tervehdys",
    "table": lambda r: tables.read_csv(_RESULTS),
    "columns": lambda r: metric_import.Columns("Jakso", "Arvo"),
    # What the facilitator was shown, read with the real key, for storing.
    "shown": lambda r: metric_import.preview(
        r.store,
        r.key,
        tables.read_csv(_RESULTS),
        metric_import.Columns("Jakso", "Arvo"),
        metrics.metrics(r.store, r.workshop.id)[0].id,
    ),
}
IDS: dict[str, Callable[[Room], object]] = {
    "observation_id": lambda r: _loose(r)[-1],
    "source_id": lambda r: _loose(r)[0],
    "target_id": lambda r: _loose(r)[1],
    "observation_ids": lambda r: [i.id for i in voting.items(_visible(r), Kind.STRENGTH)][:2],
    "phase_id": lambda r: _phase_list(r)[0].id,
    "phase_ids": lambda r: [_phase_list(r)[-1].id],
    "names": lambda r: [(p.id, p.name) for p in reversed(_phase_list(r))],
    "placements": lambda r: {
        o.id: _phase_list(r)[-1].id for o in phases.key_observations(r.store, r.workshop.id)
    },
    "contribution_id": lambda r: _first_id(r, "contributions"),
    "proposal_id": lambda r: _first_id(r, "proposals"),
    "unit_id": lambda r: _first_id(r, "units"),
    "metric_id": lambda r: _first_id(r, "tracked_metrics"),
    "milestone_id": lambda r: _first_id(r, "tracked_milestones"),
}
# Where one name means different things in different actions.
OVERRIDES: dict[tuple[str, str], Callable[[Room], object]] = {
    ("downloads.word_document", "name"): lambda r: "model.docx",
    ("units.rename_unit", "name"): lambda r: "Tampere keskusta",
    ("metrics.update_metric", "name"): lambda r: "Tervehdys ovella",
    # Metrics on no phase: a phase the follow-up measures is kept, and the actions that
    # replace the phases (a preset) must still run in this room.
    ("metrics.add_metric", "phase_id"): lambda r: None,
    ("metrics.update_metric", "phase_id"): lambda r: None,
    # A unit nothing is recorded for, and a metric without results: removable.
    ("units.remove_unit", "unit_id"): lambda r: units.list_units(r.store, r.workshop.id)[-1].id,
    ("metrics.remove_metric", "metric_id"): lambda r: (
        metrics.metrics(r.store, r.workshop.id)[-1].id
    ),
    # The room's results are for the whole organisation.
    ("metrics.remove_result", "unit_id"): lambda r: units.WHOLE,
    ("metrics.record", "unit_id"): lambda r: units.WHOLE,
}


def _arguments(action: str, room: Room) -> tuple[list[object], dict[str, object], bool]:
    """Plausible arguments after (store, key), and whether any names this workshop's things."""
    args: list[object] = []
    kwargs: dict[str, object] = {}
    names_things = False
    for name, param in list(inspect.signature(ACTIONS[action]).parameters.items())[2:]:
        if param.default is not inspect.Parameter.empty and name not in ARGUMENTS | IDS:
            continue
        make = OVERRIDES.get((action, name)) or ARGUMENTS.get(name) or IDS.get(name)
        assert make is not None, f"add a plausible value for {name!r} of {action} to ARGUMENTS"
        names_things |= name in IDS and (action, name) not in OVERRIDES
        if param.kind is inspect.Parameter.KEYWORD_ONLY:
            kwargs[name] = make(room)
        else:
            args.append(make(room))
    return args, kwargs, names_things


def _call(action: str, room: Room, key: object) -> object:
    args, kwargs, _ = _arguments(action, room)
    return ACTIONS[action](room.store, key, *args, **kwargs)


def _make_room(store: Store) -> Room:
    workshop = workshops.find_by_code(store, demo.create_demo(store, until=Step.PLAN))
    _, key = workshops.login(store, workshop.code, demo.DEMO_PASSPHRASE)
    participant, token = participants.join(store, workshop, Role.FRONTLINE)
    other = workshops.find_by_code(store, demo.create_demo(store, until=Step.OBSERVE))
    _, other_key = workshops.login(store, other.code, demo.DEMO_PASSPHRASE)
    _follow_up(store, key)
    access.grant_lead(store, key, LEAD_PASSPHRASE)
    _, lead_key = workshops.login(store, workshop.code, LEAD_PASSPHRASE)
    return Room(store, workshop, key, participant, token, other, other_key, lead_key)


LEAD_PASSPHRASE = "the-project-leads-own"


def _follow_up(store: Store, key: FacilitatorKey) -> None:
    """A follow-up under way: two units (the last with nothing recorded), the plan's metrics and
    milestones followed but the last of each (so taking them from the plan still adds one), a
    result, an observer code and a pulse open."""
    units.add_unit(store, key, "Tampere")
    units.add_unit(store, key, "Oulu")
    # The plan's metrics on no phase: a phase the follow-up measures is kept, and the actions
    # that replace the phases (a preset) must still run in this room.
    rows = plan.rows(store, key.workshop_id, plan.Section.METRICS)
    plan.replace(store, key, plan.Section.METRICS, [{**row, "phase": ""} for row in rows])
    followed = metrics.take_from_plan(store, key)
    metrics.record(store, key, followed[0].id, "12/2026", units.WHOLE, "64")
    taken = milestones.take_from_plan(store, key)
    with store.write() as cur:
        cur.execute("DELETE FROM tracked_metrics WHERE id = ?", [followed[-1].id])
        cur.execute("DELETE FROM tracked_milestones WHERE id = ?", [taken[-1].id])
    people.open_code(store, key, people.Purpose.OBSERVE)
    pulse.open_pulse(store, key)


@pytest.fixture(scope="module")
def shared_room(make_module_store: Callable[..., Store]) -> Room:
    """One room for every refusal: a refused call changes nothing, which each test checks."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(security._SCRYPT, "n", 2**4)  # cheap hashes; the cost is tested elsewhere
        return _make_room(make_module_store())


# ---------------------------------------------------------------- what is compared


# The rows' digest in SQL both engines read (tests/row_digest.py).
ROWS = row_digest("row_")


def _everything(store: Store) -> list[tuple]:
    """Every table's row count and a digest of its rows: any changed value moves it."""
    with store.read() as cur:
        tables = [
            t
            for (t,) in cur.execute(
                "SELECT table_name FROM information_schema.tables"
                " WHERE table_schema = current_schema() ORDER BY table_name"
            ).fetchall()
        ]
        # One query, so that the hundreds of checks below stay quick.
        parts = [f"SELECT '{t}', count(*), {ROWS} FROM {t} AS row_" for t in tables]  # noqa: S608
        return cur.execute(" UNION ALL ".join(parts) + " ORDER BY 1").fetchall()


def _live(store: Store, workshop_id: int) -> tuple[int, int, int]:
    """The counters that tell phones and projectors to redraw: a refusal must not move them."""
    live = store.live
    return (
        live.state_version(workshop_id),
        live.content_version(workshop_id),
        live.data_version(workshop_id),
    )


def _snapshot(room: Room) -> tuple:
    return (
        _everything(room.store),
        _live(room.store, room.workshop.id),
        _live(room.store, room.other.id),
    )


def _one_workshop(store: Store, workshop_id: int) -> tuple:
    """All that belongs to one workshop: its backup, its secrets' hashes, and its live counters."""
    with store.read() as cur:
        secrets = cur.execute(
            "SELECT passphrase_hash, code FROM workshops WHERE id = ? UNION ALL"
            " SELECT token_hash, 'participant' FROM participants WHERE workshop_id = ? UNION ALL"
            " SELECT token_hash, 'facilitator' FROM facilitator_sessions WHERE workshop_id = ?"
            " ORDER BY 1, 2",
            [workshop_id] * 3,
        ).fetchall()
    return backup.backup(store, workshop_id), secrets, _live(store, workshop_id)


# ---------------------------------------------------------------- the tests


# The actions that only read: every other action, given these arguments, changes the database.
READS = {
    "workshops.authorise",
    "workshops.signed_in",
    "access.authorise_follow_up",
    "access.is_lead",
    "metric_import.preview",
    "observations.list_all",
    "participants.list_for_facilitator",
    "downloads.word_document",
    "downloads.data_zip",
    "downloads.results_workbook",
    "downloads.backup_json",
    "downloads.everything",
    "downloads.follow_up_report",
}


def test_the_facilitator_may_do_every_action_with_these_arguments(store: Store) -> None:
    # The counterpart of the refusals: the very same calls go through with the real key and
    # change what they are for, so a refusal below is the key's doing, not the arguments'.
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(security._SCRYPT, "n", 2**4)
        room = _make_room(store)
    # Signing out revokes the key the others are tried with: it goes last.
    for action in sorted(ACTIONS, key=lambda name: name == "workshops.sign_out"):
        before = _everything(store)
        _call(action, room, room.key)
        changed = _everything(store) != before
        assert changed is (action not in READS), action


# What a participant (or anyone who is not this workshop's facilitator) may have in hand.
CREDENTIALS: dict[str, Callable[[Room], object]] = {
    "nothing": lambda r: None,
    "empty-text": lambda r: "",
    "empty-token-as-key": lambda r: FacilitatorKey(r.workshop.id, ""),
    "participant-token": lambda r: r.token,
    "participant-token-as-key": lambda r: FacilitatorKey(r.workshop.id, r.token),
    "participant-record": lambda r: r.participant,
    "look-alike-object": lambda r: SimpleNamespace(workshop_id=r.workshop.id, token=r.token),
    "random-token": lambda r: security.new_token(),
    "random-token-as-key": lambda r: FacilitatorKey(r.workshop.id, security.new_token()),
    # Someone holding a copy of the database has only the hashes.
    "stored-hash-as-key": lambda r: FacilitatorKey(r.workshop.id, security.token_hash(r.key.token)),
    # The other workshop's real token, but naming this workshop.
    "other-workshops-token-as-this-workshops-key": lambda r: FacilitatorKey(
        r.workshop.id, r.other_key.token
    ),
}


@pytest.mark.parametrize("credential", list(CREDENTIALS))
@pytest.mark.parametrize("action", list(ACTIONS))
def test_an_action_is_refused_to_anyone_without_the_key_and_changes_nothing(
    shared_room: Room, action: str, credential: str
) -> None:
    before = _snapshot(shared_room)
    with pytest.raises(NotAuthorised):
        _call(action, shared_room, CREDENTIALS[credential](shared_room))
    assert _snapshot(shared_room) == before


@pytest.mark.parametrize("action", list(ACTIONS))
def test_another_workshops_facilitator_cannot_touch_this_workshop(
    shared_room: Room, action: str
) -> None:
    # Their key is genuine, so an action without ids may act on their own workshop; one given
    # this workshop's ids must be refused and leave both workshops as they were.
    room = shared_room
    before = _snapshot(room)
    mine = _one_workshop(room.store, room.workshop.id)
    _, _, names_things = _arguments(action, room)
    if names_things:
        with pytest.raises(KohtaamoError):
            _call(action, room, room.other_key)
        assert _snapshot(room) == before
    else:
        try:
            _call(action, room, room.other_key)
        except KohtaamoError:
            pass
        assert _one_workshop(room.store, room.workshop.id) == mine


# The client's project lead signs in to the follow-up only (issue 17): every other action, the
# workshop's steering and its documents included, refuses the lead's genuine key.
FOLLOW_UP = {
    name
    for name, fn in ACTIONS.items()
    if fn.__module__.startswith("facilitator.followup.")
    # A lead signs out of their own sign-in, as the facilitator does.
    or name
    in {
        "access.authorise_follow_up",
        "access.is_lead",
        "metric_import.preview",
        "workshops.signed_in",
        "workshops.sign_out",
        # The follow-up report is the lead's to give leadership; the other documents are not.
        "downloads.follow_up_report",
    }
}


def test_the_follow_up_actions_are_found() -> None:
    assert len(FOLLOW_UP) >= 15, sorted(FOLLOW_UP)


@pytest.mark.parametrize("action", sorted(set(ACTIONS) - FOLLOW_UP))
def test_the_project_leads_key_opens_nothing_but_the_follow_up(
    shared_room: Room, action: str
) -> None:
    before = _snapshot(shared_room)
    with pytest.raises(NotAuthorised):
        _call(action, shared_room, shared_room.lead_key)
    assert _snapshot(shared_room) == before


def test_the_project_leads_key_opens_the_follow_up(store: Store) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(security._SCRYPT, "n", 2**4)
        room = _make_room(store)
    actions = sorted(FOLLOW_UP - READS)
    for action in sorted(actions, key=lambda name: name == "workshops.sign_out"):
        before = _everything(store)
        _call(action, room, room.lead_key)
        assert _everything(store) != before, action
