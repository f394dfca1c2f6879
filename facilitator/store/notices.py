"""What one process tells the others of its changes (facilitator/store/bus.py sends it): the
kinds of change, workshop ids and the sending store's token, never rows, never words a person
typed. Pure: no connection, no psycopg, so a unit test reads every payload's shape."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping

from facilitator.store.live import CONTENT, DATA, FORGET, STATE

# PostgreSQL refuses a payload of 8,000 bytes or more; a longer batch goes in several.
PAYLOAD_LIMIT = 7_900
# The order a payload names the kinds in, and the order a receiver applies them: a forget last.
KINDS = (STATE, CONTENT, DATA, FORGET)
# Everything a payload may hold: the token, then kinds with their workshop ids.
PAYLOAD_SHAPE = re.compile(r"[0-9a-f]{16}(;[scdf][0-9]+(,[0-9]+)*)+")
# A change of a stronger kind moves the counters of the weaker ones too (Live.apply).
_WEAKER = {STATE: (CONTENT, DATA), CONTENT: (DATA,)}
_TOKEN = re.compile(r"[0-9a-f]{16}")
_IDS = re.compile(r"[0-9]+(,[0-9]+)*")


def channel_for(schema: str) -> str:
    """The channel of one schema's stores: two apps in two schemas of a database stay apart."""
    name = "kohtaamo_changes" if schema == "public" else f"kohtaamo_changes_{schema}"
    if len(name.encode()) > 63:  # PostgreSQL's longest identifier
        name = "kohtaamo_changes_" + hashlib.sha256(schema.encode()).hexdigest()[:32]
    return name


def encode(token: str, changes: Mapping[str, Iterable[int]]) -> list[str]:
    """The payloads that tell of `changes` (kind -> workshop ids): `token;s1,2;d7`, each under
    PostgreSQL's limit. Nothing else goes in: no rows, no codes, no names."""
    payloads: list[str] = []
    current = token
    for kind in KINDS:
        opened = False
        for workshop_id in sorted(changes.get(kind, ())):
            piece = f",{workshop_id:d}" if opened else f";{kind}{workshop_id:d}"
            if len(current) + len(piece) > PAYLOAD_LIMIT:
                payloads.append(current)
                current, piece = token, f";{kind}{workshop_id:d}"
            current += piece
            opened = True
    if current != token:
        payloads.append(current)
    return payloads


def decode(payload: str) -> tuple[str, list[tuple[str, int]]]:
    """The sender's token and its changes, in the order to apply them; ValueError for a payload
    that is not one of ours."""
    token, *parts = payload.split(";")
    if not _TOKEN.fullmatch(token):
        raise ValueError("not a change notification")
    changes: list[tuple[str, int]] = []
    for part in parts:
        kind, ids = part[:1], part[1:]
        if kind not in KINDS or not _IDS.fullmatch(ids):
            raise ValueError("not a change notification")
        changes.extend((kind, int(i)) for i in ids.split(","))
    return token, sorted(changes, key=lambda change: KINDS.index(change[0]))


def coalesce(changes: Mapping[str, set[int]]) -> dict[str, set[int]]:
    """The same changes without those a stronger one of the same workshop already makes."""
    kept = {kind: set(ids) for kind, ids in changes.items()}
    for strong, weaker in _WEAKER.items():
        for weak in weaker:
            kept[weak] = kept.get(weak, set()) - kept.get(strong, set())
    return {kind: ids for kind, ids in kept.items() if ids}
