"""The phone's dot ballot as one element: both kinds' picks kept in the phone until one send.

A Streamlit custom component (v2: inline JavaScript and CSS, no iframe per phone), bundled in
pages/components/ballot/. The phone counts the dots left as they are tapped and refuses a tap
past the budget or the per-item cap on the spot; the server keeps the rule for what is sent
(`voting.submit_ballots`). Picks survive Streamlit's reruns: the element's key stays the same,
and the phone keeps its picks until the ballot stored (`version`) changes.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import streamlit as st

from facilitator.domain import Kind
from facilitator.errors import InvalidInput
from facilitator.steps import voting
from pages.widgets import words

_HERE = Path(__file__).parents[2] / "components" / "ballot"
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
        "left": words.tr("vote.dots_left", left="{left}", budget="{budget}"),
        "send": words.tr("vote.submit"),
        "add": words.tr("vote.add"),
        "remove": words.tr("vote.remove"),
        "item_full": words.tr("vote.item_full", max="{max}"),
        "budget_spent": words.tr("vote.budget_spent", budget="{budget}"),
        "none_picked": words.tr("vote.none_picked"),
        "over_budget": words.tr("error.dots_over_budget", budget="{budget}"),
        "nothing": words.tr("vote.nothing"),
    }


def _noop() -> None:
    """A send is handled in the run it arrives with; Streamlit reports a component's event
    only to a caller that names a callback for it."""


def ballot(
    pools: Mapping[Kind, list[voting.Item]],
    saved: Mapping[Kind, Mapping[int, int]],
    *,
    budget: int,
    per_item: int,
    version: str,
) -> object | None:
    """Draw the ballot; what the phone sent with this run's tap (None when it sent nothing)."""
    data: dict[str, Any] = {
        "version": version,
        "budget": budget,
        "per_item": per_item,
        "lang": words.lang().value,
        "kinds": [
            {
                "kind": kind.value,
                "title": words.name_of("kind_plural", kind),
                "items": [{"id": item.id, "text": item_text(item)} for item in pool],
            }
            for kind, pool in pools.items()
        ],
        "saved": {k.value: {str(i): n for i, n in dots.items()} for k, dots in saved.items()},
        "texts": texts(),
    }
    result = _mount(key=KEY, data=data, on_send_change=_noop)
    return result.get(SEND)


def parse(value: object) -> dict[Kind, dict[int, int]]:
    """The ballots in a send, by kind and item; a message the phone would not send is refused
    as a ballot naming items that are not there."""
    ballots = value.get("ballots") if isinstance(value, dict) else None
    if not isinstance(ballots, dict):
        raise InvalidInput("error.dots_unknown_item")
    parsed: dict[Kind, dict[int, int]] = {}
    try:
        for kind in Kind:
            dots = ballots.get(kind.value) or {}
            parsed[kind] = {int(i): int(n) for i, n in dict(dots).items()}
    except (TypeError, ValueError) as err:
        raise InvalidInput("error.dots_unknown_item") from err
    return parsed
