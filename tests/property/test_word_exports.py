"""Word documents of a workshop whose every text is hostile: they build, and show it as text."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable

from docx import Document
from docx.document import Document as DocumentType
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exports import bundle
from facilitator.data import backup
from facilitator.domain import Kind
from facilitator.room import workshops
from facilitator.steps import report
from facilitator.steps.report import ReportData
from facilitator.store.db import Store

from .hostile import IMAGE, JS_LINK, SCRIPT, SHORT, forge
from .workshop import Filled, fill

# Building the three documents takes about a second (the journey chart is rendered), so a few
# examples are all a test run can afford.
FEW = settings(
    max_examples=5,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _all_text(doc: DocumentType) -> str:
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def _read(blob: bytes) -> str:
    """The document's text, after checking that it holds no link and no outside resource."""
    doc = Document(io.BytesIO(blob))
    assert "w:hyperlink" not in doc.element.xml
    assert not [r for r in doc.part.rels.values() if r.is_external]
    text = _all_text(doc)
    assert not NOT_XML.search(text)
    # Long words get zero-width spaces so that Word can break them.
    return text.replace("\u200b", "")


def _as_shown(stored: str) -> str:
    # Word takes a carriage return for a line break, as it does a newline.
    return NOT_XML.sub("", stored).replace("\r", "\n")


def _documents(data: ReportData) -> dict[str, str]:
    return {name: _read(blob) for name, blob in bundle.documents(data).items()}


def _assert_texts_shown(data: ReportData, texts: dict[str, str]) -> None:
    model_doc, plan_doc, card = texts["model.docx"], texts["plan.docx"], texts["staff-card.docx"]
    assert _as_shown(data.text.name) in model_doc and _as_shown(data.text.name) in card
    for mp in data.model_phases:
        for shown in (model_doc, card):
            assert _as_shown(mp.phase.name) in shown
            assert _as_shown(mp.phase.target_state) in shown
            for b in mp.behaviours:
                assert _as_shown(b.text) in shown
    for kind in Kind:
        for result in data.key_results(kind):
            assert _as_shown(result.item.observation.text) in model_doc
    for contribution in data.contributions:
        assert _as_shown(contribution.text) in plan_doc


MARKUP_FIRST = st.sampled_from([SCRIPT, JS_LINK, IMAGE, "\ufffe", "\uffff", "\u202e", "x" * 36])


@FEW
@given(data=st.data())
def test_the_documents_of_a_hostile_workshop_build_and_show_every_text_as_typed(
    store: Store, make_workshop: Callable[..., tuple], data: st.DataObject
) -> None:
    def say(text: str) -> str:
        # Short enough for every field's limit, so every text is stored, not refused.
        return data.draw(st.one_of(MARKUP_FIRST, SHORT.map(lambda s: s[:10]))) + text

    room = fill(store, make_workshop, say)
    gathered = report.gather(store, room.workshop.id)
    _assert_texts_shown(gathered, _documents(gathered))


# At least one character XML cannot hold, among others a stored text could never have.
NOT_XML_CHARS = st.sampled_from(["\x00", "\x0b", "\x1f", "\x1b", "\ufffe", "\uffff"])
RAW = st.builds(
    lambda bad, others: bad + "".join(others),
    NOT_XML_CHARS,
    st.lists(NOT_XML_CHARS | st.sampled_from(["\r", "\u202e", JS_LINK]), max_size=3),
)
_TEXTS = [
    ("workshops", "title"),
    ("workshops", "organisation"),
    ("workshops", "model_name"),
    ("workshops", "model_promise"),
    ("workshops", "tone_words"),
    ("workshops", "judgement"),
    ("phases", "name"),
    ("phases", "target_state"),
    ("behaviours", "text"),
    ("observations", "text"),
    ("contributions", "text"),
]


@settings(FEW, max_examples=3)
@given(raw=RAW)
def test_the_documents_of_a_restored_backup_with_raw_control_characters_still_build(
    room: Filled, room_backup: bytes, passphrase: str, raw: str
) -> None:
    # A backup is restored as it is written, uncleaned: the documents must cope on their own.
    document = json.loads(room_backup)
    tables = document["data"]
    for table, column in _TEXTS:
        for row in tables[table]:
            row[column] = raw + row[column] + raw
    for row in tables["plan_rows"]:
        # The first field of a metric names its phase, that of a challenge which one it is.
        first = row["section"] in {"metrics", "challenges"}
        row["fields"] = [f if first and i == 0 else raw + f for i, f in enumerate(row["fields"])]
    code = backup.restore(room.store, forge(document), passphrase)
    gathered = report.gather(room.store, workshops.find_by_code(room.store, code).id)
    # Every character as written but NUL, which PostgreSQL's text cannot hold (backup.py).
    assert raw.replace("\x00", "") in gathered.text.name
    _assert_texts_shown(gathered, _documents(gathered))
