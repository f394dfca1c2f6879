"""Customer feedback from a CSV file, turned into customer-feedback observations."""

from __future__ import annotations

import math
from dataclasses import dataclass

from facilitator.domain import Kind, Role, Source, Viewpoint
from facilitator.errors import InvalidInput
from facilitator.files import tables
from facilitator.language.text import clean_text
from facilitator.room.workshops import authorise
from facilitator.steps.observations import MAX_OBSERVATION, Draft, _insert
from facilitator.store.db import Store

MAX_BYTES, MAX_ROWS = tables.MAX_BYTES, tables.MAX_ROWS
_TEXT_HINTS = ("comment", "kommentti", "palaute", "feedback", "text", "teksti", "vapaa")
_SCORE_HINTS = ("score", "arvosana", "nps", "rating", "arvio", "pisteet")


@dataclass(frozen=True)
class FeedbackFile:
    columns: tuple[str, ...]
    rows: tuple[dict[str, str], ...]
    text_column: str
    score_column: str | None


@dataclass(frozen=True)
class ImportResult:
    imported: int
    skipped_empty: int
    shortened: int


def parse(data: bytes) -> FeedbackFile:
    """Read a CSV (comma, semicolon or tab) and guess its text and score columns."""
    table = tables.read_csv(data)
    rows = tuple({c: str(v or "") for c, v in row.items()} for row in table.rows)
    text_column = tables.guess(table.columns, _TEXT_HINTS) or table.columns[0]
    return FeedbackFile(table.columns, rows, text_column, tables.guess(table.columns, _SCORE_HINTS))


def _score(raw: str) -> float | None:
    raw = (raw or "").strip().replace(",", ".")
    try:
        score = float(raw) if raw else None
    except ValueError:
        return None
    # float() also reads "nan" and "inf" (and 1e999 as inf): no score a customer gave.
    return score if score is not None and math.isfinite(score) else None


def default_threshold(file: FeedbackFile, score_column: str | None) -> float | None:
    """A score at or above this counts as a strength: 4 on a 1-5 scale, 7 on 0-10, 70 on 0-100."""
    if not score_column:
        return None
    scores = [s for r in file.rows if (s := _score(r.get(score_column, ""))) is not None]
    if not scores:
        return None
    top = max(scores)
    return 4.0 if top <= 5 else 7.0 if top <= 10 else 70.0


def import_feedback(
    store: Store,
    key: object,
    file: FeedbackFile,
    *,
    text_column: str,
    score_column: str | None,
    threshold: float | None,
    default_kind: Kind,
) -> ImportResult:
    """Store each non-empty row as a customer-feedback observation, all in one transaction."""
    workshop_id = authorise(store, key)
    if text_column not in file.columns or (score_column and score_column not in file.columns):
        raise InvalidInput("error.choice", field="column")
    imported = skipped = shortened = 0
    with store.write() as cur:
        for row in file.rows:
            text = clean_text(row.get(text_column, ""), field="text", max_len=10**6, required=False)
            text = " ".join(text.split())
            if not text:
                skipped += 1
                continue
            if len(text) > MAX_OBSERVATION:
                text = text[: MAX_OBSERVATION - 1].rstrip() + "…"
                shortened += 1
            score = _score(row.get(score_column, "")) if score_column else None
            kind = default_kind
            if score is not None and threshold is not None:
                kind = Kind.STRENGTH if score >= threshold else Kind.WEAKNESS
            _insert(
                cur,
                workshop_id,
                Draft(Viewpoint.FEEDBACK, kind, text),
                participant_id=None,
                role=Role.OTHER,
                source=Source.IMPORT,
                score=score,
            )
            imported += 1
    store.live.bump_state(workshop_id)
    return ImportResult(imported, skipped, shortened)
