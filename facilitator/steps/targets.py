"""Step 4, Target states: proposals from the phones, votes on them, and the agreed target."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from facilitator.domain import Participant, Step
from facilitator.errors import InvalidInput, NotFound
from facilitator.language.text import clean_text, one_line
from facilitator.room.workshops import authorise, require_input
from facilitator.steps.phases import list_phases
from facilitator.store import clock
from facilitator.store.db import Store, sent_before, stored_by_another

MAX_PROPOSAL = 200
MAX_TARGET = 200
MAX_BEHAVIOUR = 140
MAX_BEHAVIOURS = 3
VOTES_PER_PHASE = 2


@dataclass(frozen=True)
class Proposal:
    id: int
    phase_id: int
    text: str
    hidden: bool
    votes: int = 0
    mine: bool = False


@dataclass(frozen=True)
class Behaviour:
    text: str
    fixed: bool


def _check_phase(store: Store, workshop_id: int, phase_id: int) -> None:
    if phase_id not in {p.id for p in list_phases(store, workshop_id)}:
        raise NotFound("error.phase_not_found")


def propose(
    store: Store,
    participant: Participant,
    phase_id: int,
    text: object,
    submission_key: str | None = None,
) -> int:
    """A participant proposes a target state for a phase; a retried submission is stored once."""
    clean = clean_text(text, field="text", max_len=MAX_PROPOSAL)
    _check_phase(store, participant.workshop_id, phase_id)
    with store.write() as cur:
        earlier = sent_before(cur, "proposals", participant.workshop_id, submission_key)
        if earlier is not None:
            return earlier
        require_input(cur, participant.workshop_id, Step.TARGET)
        found = cur.execute(
            "INSERT INTO proposals (workshop_id, phase_id, participant_id, text, submission_key,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id",
            [participant.workshop_id, phase_id, participant.id, clean, submission_key, clock.now()],
        ).fetchone()
        if found is None:  # the same send, just stored by another app process (migration 8)
            return stored_by_another(cur, "proposals", participant.workshop_id, submission_key)
        new_id = found[0]
    store.live.bump_content(participant.workshop_id)  # the other phones offer to show it
    return new_id


def vote(store: Store, participant: Participant, phase_id: int, proposal_ids: list[int]) -> None:
    """Back up to two proposals of a phase; voting again replaces the earlier choice."""
    chosen = sorted({int(i) for i in proposal_ids})
    _check_phase(store, participant.workshop_id, phase_id)
    if len(chosen) > VOTES_PER_PHASE:
        raise InvalidInput("error.proposal_votes", max=VOTES_PER_PHASE)
    valid = {p.id for p in proposals(store, participant.workshop_id, phase_id)}
    if not set(chosen) <= valid:
        raise InvalidInput("error.stale_choice")
    with store.write() as cur:
        require_input(cur, participant.workshop_id, Step.TARGET)
        cur.execute(
            "INSERT INTO proposal_votes (workshop_id, participant_id, phase_id, proposal_ids,"
            " created_at) VALUES (?, ?, ?, ?, ?)",
            [participant.workshop_id, participant.id, phase_id, chosen, clock.now()],
        )
    store.live.bump_data(participant.workshop_id)


def proposals(
    store: Store,
    workshop_id: int,
    phase_id: int,
    *,
    viewer: Participant | None = None,
    include_hidden: bool = False,
) -> list[Proposal]:
    """A phase's proposals with their votes, most votes first; never with authors' names."""
    with store.read() as cur:
        rows = cur.execute(
            "SELECT id, phase_id, text, hidden, participant_id FROM proposals"
            " WHERE workshop_id = ? AND phase_id = ? ORDER BY id",
            [workshop_id, phase_id],
        ).fetchall()
        # Each person's latest vote (no arg_max: on PostgreSQL it cannot take a list).
        ballots = cur.execute(
            "SELECT DISTINCT ON (participant_id) proposal_ids FROM proposal_votes"
            " WHERE workshop_id = ? AND phase_id = ? ORDER BY participant_id, id DESC",
            [workshop_id, phase_id],
        ).fetchall()
    votes = Counter(i for (ids,) in ballots for i in ids)
    result = [
        Proposal(pid, ph, text, hidden, votes[pid], viewer is not None and author == viewer.id)
        for pid, ph, text, hidden, author in rows
        if include_hidden or not hidden
    ]
    return sorted(result, key=lambda p: (-p.votes, p.id))


def my_votes(store: Store, participant: Participant, phase_id: int) -> list[int]:
    """The proposals a participant currently backs in a phase."""
    with store.read() as cur:
        row = cur.execute(
            "SELECT proposal_ids FROM proposal_votes"
            " WHERE participant_id = ? AND phase_id = ? ORDER BY id DESC LIMIT 1",
            [participant.id, phase_id],
        ).fetchone()
    return list(row[0]) if row and row[0] is not None else []


def set_proposal_hidden(store: Store, key: object, proposal_id: int, hidden: bool) -> None:
    """Hide an inappropriate proposal (kept, left out of the phones and the projector)."""
    workshop_id = authorise(store, key)
    with store.write() as cur:
        done = cur.execute(
            "UPDATE proposals SET hidden = ? WHERE id = ? AND workshop_id = ? RETURNING id",
            [bool(hidden), proposal_id, workshop_id],
        ).fetchall()
    if not done:
        raise NotFound("error.proposal_not_found")
    store.live.bump_state(workshop_id)


def set_target(
    store: Store, key: object, phase_id: int, target_state: object, behaviours: list[Behaviour]
) -> None:
    """The agreed target state of a phase: one sentence and one to three concrete behaviours."""
    workshop_id = authorise(store, key)
    _check_phase(store, workshop_id, phase_id)
    sentence = one_line(target_state, field="target_state", max_len=MAX_TARGET)
    cleaned = [
        Behaviour(one_line(b.text, field="behaviour", max_len=MAX_BEHAVIOUR), bool(b.fixed))
        for b in behaviours
        if isinstance(b.text, str) and b.text.strip()
    ]
    if not 1 <= len(cleaned) <= MAX_BEHAVIOURS:
        raise InvalidInput("error.behaviour_count", max=MAX_BEHAVIOURS)
    with store.write() as cur:
        cur.execute("UPDATE phases SET target_state = ? WHERE id = ?", [sentence, phase_id])
        cur.execute(
            "DELETE FROM behaviours WHERE workshop_id = ? AND phase_id = ?", [workshop_id, phase_id]
        )
        cur.executemany(
            "INSERT INTO behaviours VALUES (?, ?, ?, ?, ?)",
            [[workshop_id, phase_id, i, b.text, b.fixed] for i, b in enumerate(cleaned)],
        )
    store.live.bump_state(workshop_id)


def behaviours(store: Store, workshop_id: int) -> dict[int, list[Behaviour]]:
    """Phase id -> its behaviours in order."""
    with store.read() as cur:
        rows = cur.execute(
            "SELECT phase_id, text, fixed FROM behaviours WHERE workshop_id = ?"
            " ORDER BY phase_id, position",
            [workshop_id],
        ).fetchall()
    result: dict[int, list[Behaviour]] = {}
    for phase_id, text, fixed in rows:
        result.setdefault(phase_id, []).append(Behaviour(text, fixed))
    return result


# What an employee can do: an English verb in its usual forms (so that "helpful" or "openness"
# do not pass for actions) or a Finnish verb stem with any ending.
_VERBS_EN = (
    "greet ask listen suggest offer confirm thank say tell check call write show smile repeat "
    "summarise summarize explain walk follow look introduce invite answer reply respond name "
    "note agree book send give open close wish recommend describe welcome help guide nod hand "
    "apologise apologize mention present accompany remember use stand point return"
).split()
_FORMS_EN = "|".join(
    f"{v}[sd]?|{v[:-1]}ing" if v.endswith("e") else f"{v}(?:s|es|ed|ing)?" for v in _VERBS_EN
)
_STEMS_FI = (
    r"terveh|kysy|kuuntel|ehdot|tarjo|vahvist|varmist|kiit|sano|kerro|tarkist|soita|kirjoit|"
    r"näytä|näyttä|hymyil|toista|tiivist|selit|saata|seuraa|katso|esittäy|esittel|kutsu|vastaa|"
    r"nimeä|sovi|varaa|lähetä|anna|avaa|päätä|toivota|suosittel|kuvaa|ohjaa|auta|opasta|"
    r"huomioi|katsekon|nyökkää|pahoittel|mainitse|muista|käytä|pyydä|neuvo|puhu|nouse"
)
_ACTIONS = re.compile(rf"\b(?:(?:{_FORMS_EN})\b|(?:{_STEMS_FI})\w*)", re.IGNORECASE)
_ABSTRACT = re.compile(
    r"\b(?:(?:good|great|excellent|quality|high-quality|customer-centric|customer-oriented|"
    r"friendly|positive|professional|best|world-class|smooth|seamless)(?:ly|ness)?\b|"
    r"(?:hyvä|laadukas|laadukka|erinomai|asiakaslähtöi|ystävälli|positiivi|ammattimai|paras|"
    r"sujuva)\w*)",
    re.IGNORECASE,
)


def is_vague(behaviour: str) -> bool:
    """Advisory: no action anyone could see, or mostly abstract praise words."""
    words = behaviour.split()
    if not _ACTIONS.search(behaviour):
        return True
    return len(_ABSTRACT.findall(behaviour)) * 2 >= len(words)
