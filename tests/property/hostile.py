"""Bad input as Hypothesis strategies, and the checks every service must pass against it."""

from __future__ import annotations

import hashlib
import json
import string
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context
from row_digest import row_digest

from facilitator.errors import InvalidInput, KohtaamoError
from facilitator.language.catalogs.en import EN
from facilitator.language.catalogs.fi import FI
from facilitator.store.db import Store

SCRIPT = "<script>alert(1)</script>"
JS_LINK = "[x](javascript:alert(1))"
IMAGE = "![](http://example.invalid/x.png)"

# The fixture's workshops are shared by the examples of a test on purpose: every example must
# also leave what the earlier ones stored as it was.
SHARED = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)

MARKUP = st.sampled_from(
    [
        SCRIPT,
        JS_LINK,
        IMAGE,
        "<img src=x onerror=alert(1)>",
        '<a href="http://example.invalid">here</a>',
        "**bold** _em_ ~~gone~~",
        "`code` ```fence```",
        "# heading",
        "===",
        "> quote",
        "1. item",
        "- [ ] task",
        "| a | b |",
        "$x^2$",
        ":red[red] :material/home:",
        "&amp; &#60; &lt;",
        "\\",
        "{placeholder} {0} %s",
        "'; DROP TABLE observations; --",
    ]
)
CONTROLS = st.characters(categories=["Cc"]) | st.sampled_from(
    ["\x00", "\r", "\r\n", "\n", "\t", "\x1b[31m", "\x7f", "\x85", "\x0b", "\x0c"]
)
FORMATS = st.characters(categories=["Cf"]) | st.sampled_from(
    ["\u202e", "\u202d", "\u2066", "\u2069", "\u200b", "\ufeff", "\u00ad", "\u200c", "\u200d"]
)
SURROGATES = st.characters(categories=["Cs"])
# Not control or format characters, so cleaning keeps them, yet XML (and so Word) cannot hold
# the first two.
ODD = st.sampled_from(["\ufffe", "\uffff", "\ufdd0", "\U0010ffff", "\u2028", "\u2029"])
EMOJI = st.characters(min_codepoint=0x1F300, max_codepoint=0x1FAFF) | st.sampled_from(
    ["👩\u200d💻", "👨\u200d👩\u200d👧\u200d👦", "🇫🇮", "👍🏽", "❤\ufe0f", "🧑🏿\u200d🦰"]
)
RIGHT_TO_LEFT = st.characters(min_codepoint=0x0590, max_codepoint=0x06FF) | st.sampled_from(
    ["שלום עולם", "مرحبا بالعالم", "\u202eevil.exe", "abc\u202edef", "\u200fשלום", "می\u200cخواهم"]  # noqa: RUF001 - on purpose
)
COMBINING = st.sampled_from(["a\u0308", "\u0308", "e\x00\u0301", "A\u030a", "\u0301\u0301"])
SPACES = st.sampled_from([" ", "  ", "\u00a0", "\u3000", "\u2003", " \n "])

PIECE = st.one_of(
    MARKUP,
    CONTROLS,
    FORMATS,
    SURROGATES,
    ODD,
    EMOJI,
    RIGHT_TO_LEFT,
    COMBINING,
    SPACES,
    st.text(max_size=20),
)
SHORT = st.lists(PIECE, max_size=12).map("".join)
# At least 10 kB of text: a paste of a whole document, or a script hammering the form.
LONG = (
    st.lists(PIECE, min_size=1, max_size=4)
    .map("".join)
    .filter(bool)
    .map(lambda s: s * (10_000 // len(s) + 1))
)


def near(limit: int) -> st.SearchStrategy[str]:
    """Texts around a length limit, padded with characters that cleaning removes."""
    pad = st.sampled_from(["", "\x00", "  ", "\u202e\u202c", "\r\n", "\x1b"])
    return st.builds(
        lambda n, before, after: before + "x" * n + after,
        st.integers(limit - 1, limit + 1),
        pad,
        pad,
    )


def fits(limit: int) -> st.SearchStrategy[str]:
    """Bad characters around a visible word, short enough to be stored (so both ways are tried)."""
    word = st.text(string.ascii_letters + "äöÅ", min_size=1, max_size=8)
    return st.builds(
        # A quarter of the limit: composing to NFC can make a text up to three times longer.
        lambda before, visible, after: before[: limit // 8] + visible + after[: limit // 8],
        SHORT,
        word,
        SHORT,
    )


def hostile(limit: int | None = None) -> st.SearchStrategy[str]:
    """Any typed text at its worst; with `limit`, also texts at and just under that limit."""
    if limit is None:
        return st.one_of(SHORT, SHORT, SHORT, LONG)
    return st.one_of(SHORT, SHORT, LONG, near(limit), fits(limit), fits(limit))


NOT_TEXT = st.sampled_from([None, 42, 4.5, b"bytes", ["a list"], {"a": "dict"}, True])


def cleaned(clean: Callable[..., str], raw: object, **options: Any) -> str | None:
    """What the documented cleaning makes of `raw`, or None when it refuses the text."""
    try:
        return clean(raw, field="text", **options)
    except InvalidInput:
        return None


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def assert_explained(err: KohtaamoError) -> None:
    """A refusal the page can say in both languages, with every placeholder filled."""
    for catalog in (EN, FI):
        assert err.key in catalog, err.key
        assert placeholders(catalog[err.key]) <= set(err.params), (err.key, err.params)
        if "field" in err.params:
            assert f"field.{err.params['field']}" in catalog, err.params["field"]


_WORKSHOP_TABLES = [
    "participants",
    "observations",
    "ballots",
    "phases",
    "placements",
    "phase_suggestions",
    "behaviours",
    "proposals",
    "proposal_votes",
    "ratings",
    "consent",
    "plan_rows",
    "contributions",
    "facilitator_sessions",
]


# The rows' digest in SQL both engines read (tests/row_digest.py).
ROWS = row_digest("t")


def fingerprint(store: Store) -> dict[tuple[str, int], tuple[int, str]]:
    """(table, workshop id) -> the count of its rows and a hash of them all, for every table."""
    parts = [
        f"SELECT '{table}', workshop_id, count(*), {ROWS} FROM {table} t GROUP BY 1, 2"  # noqa: S608
        for table in _WORKSHOP_TABLES
    ]
    parts.append(f"SELECT 'workshops', id, count(*), {ROWS} FROM workshops t GROUP BY 1, 2")  # noqa: S608
    parts.append(
        f"SELECT 'ballot_dots', b.workshop_id, count(*), {ROWS} FROM ballot_dots t"  # noqa: S608
        " JOIN ballots b ON b.id = t.ballot_id GROUP BY 1, 2"
    )
    with store.read() as cur:
        rows = cur.execute(" UNION ALL ".join(parts)).fetchall()
    return {(table, workshop): (n, digest) for table, workshop, n, digest in rows}


def _of(prints: dict[tuple[str, int], tuple[int, str]], workshop_id: int) -> dict:
    return {k: v for k, v in prints.items() if k[1] == workshop_id}


def _count(what: str) -> None:
    # Shown by --hypothesis-show-statistics: a property that is always refused proves little.
    if currently_in_test_context():
        event(what)


@dataclass(frozen=True)
class Outcome:
    value: Any
    error: KohtaamoError | None

    @property
    def refused(self) -> bool:
        return self.error is not None


def attempt(store: Store, action: Callable[[], Any], *, guarded: int | None = None) -> Outcome:
    """Run one service call with bad input: it succeeds, or refuses with an explained domain
    error and leaves the database exactly as it was. Any other exception fails the test.

    `guarded` names a workshop the call must never touch, refused or not.
    """
    before = fingerprint(store)
    try:
        outcome = Outcome(action(), None)
    except KohtaamoError as err:
        assert_explained(err)
        assert fingerprint(store) == before, "a refused input changed the database"
        _count(f"refused: {err.key}")
        return Outcome(None, err)
    _count("accepted")
    if guarded is not None:
        assert _of(fingerprint(store), guarded) == _of(before, guarded), "another workshop changed"
    return outcome


def forge(document: dict) -> bytes:
    """A backup document edited by hand, with the checksum recomputed as the app computes it."""
    canonical = json.dumps(
        document["data"], sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    # surrogatepass: a forger's lone surrogates must reach the app, not fail here.
    document["checksum"] = hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()
    return json.dumps(document).encode()


def is_nfc(text: str) -> bool:
    return unicodedata.is_normalized("NFC", text)
