"""The phone's dot ballot as one element: both kinds' picks kept in the phone until one send.

A Streamlit custom component (v2: inline JavaScript and CSS, no iframe per phone), bundled in
pages/components/ballot/. The phone counts the dots left as they are tapped and refuses a tap
past the budget or the per-item cap on the spot; the server keeps the rule for what is sent
(`voting.submit_ballots`). Picks survive Streamlit's reruns: the element's key stays the same,
and the phone keeps its picks until the ballot stored (`version`) changes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import streamlit as st

from facilitator import voting
from facilitator.domain import Kind
from pages import ui

_HERE = Path(__file__).parent / "components" / "ballot"
# Registered once per process, on import: a component named again would be registered again.
_mount = st.components.v2.component(
    "kohtaamo_ballot",
    js=(_HERE / "ballot.js").read_text(encoding="utf-8"),
    css=(_HERE / "ballot.css").read_text(encoding="utf-8"),
)

KEY = "ballot"  # stable across reruns, so the element (and the picks in it) stays mounted
SEND = "send"  # the trigger the phone sends: {"ballots": {kind: {item id: dots}}, ...}


def item_text(item: voting.Item) -> str:
    """An item's text on one line, as typed (never Markdown-escaped: it is set as text)."""
    return " ".join(item.observation.text.split())


def texts() -> dict[str, str]:
    """The ballot's words in this device's language; `{...}` is filled in by the phone."""
    return {
        "left": ui.tr("vote.dots_left", left="{left}", budget="{budget}"),
        "send": ui.tr("vote.submit"),
        "add": ui.tr("vote.add"),
        "remove": ui.tr("vote.remove"),
        "item_full": ui.tr("vote.item_full", max="{max}"),
        "budget_spent": ui.tr("vote.budget_spent", budget="{budget}"),
        "none_picked": ui.tr("vote.none_picked"),
        "nothing": ui.tr("vote.nothing"),
    }


def ballot(
    pools: Mapping[Kind, list[voting.Item]],
    saved: Mapping[Kind, Mapping[int, int]],
    *,
    budget: int,
    per_item: int,
    version: str,
    on_send: Callable[[], None],
) -> None:
    """Draw the ballot; `on_send` runs before the next run draws anything, as a form's would."""
    data: dict[str, Any] = {
        "version": version,
        "budget": budget,
        "per_item": per_item,
        "lang": ui.lang().value,
        "kinds": [
            {
                "kind": kind.value,
                "title": ui.name_of("kind_plural", kind),
                "items": [{"id": item.id, "text": item_text(item)} for item in pool],
            }
            for kind, pool in pools.items()
        ],
        "saved": {k.value: {str(i): n for i, n in dots.items()} for k, dots in saved.items()},
        "texts": texts(),
    }
    _mount(key=KEY, data=data, on_send_change=on_send)


def sent() -> dict[Kind, dict[int, int]] | None:
    """The ballots the phone sent with this run's tap, read in `on_send` (None if none)."""
    value = (st.session_state.get(KEY) or {}).get(SEND)
    if not isinstance(value, dict) or not isinstance(value.get("ballots"), dict):
        return None
    ballots: dict[Kind, dict[int, int]] = {}
    for kind in Kind:
        dots = value["ballots"].get(kind.value) or {}
        if not isinstance(dots, dict):
            return None
        ballots[kind] = {int(i): int(n) for i, n in dots.items()}
    return ballots
