"""Metric import and the observation checklist at their worst (issue 17): every row of any file
is taken or refused with a reason both catalogs can say; storing takes exactly the rows shown,
and nothing stored before is lost; a checklist is stored whole or refused whole."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitator.data.demo import DEMO_PASSPHRASE, create_demo
from facilitator.errors import KohtaamoError
from facilitator.files import tables
from facilitator.followup import metric_import, metrics, people, rounds, units
from facilitator.followup.metric_import import Columns
from facilitator.room import workshops
from facilitator.store.db import Store

from .hostile import SHORT, assert_explained

PERIOD = st.one_of(
    st.sampled_from(["1/2027", "Q2 2027", "2027-03", "15.4.2027", "13/2027", "", "ensi kuu"]),
    SHORT,
)
VALUE = st.one_of(
    st.sampled_from(["64,5", "70", "1 234,5", "-3", "nan", "1e999", "abc", "", "12-14"]),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    SHORT,
)
UNIT = st.sampled_from(["Tampere", "tampere ", "Turku", "Lahti", "", "Koko organisaatio", "=1+1"])


def _no_surrogates(text: str) -> str:
    return "".join(ch for ch in text if not 0xD800 <= ord(ch) <= 0xDFFF)


@st.composite
def result_csv(draw: st.DrawFn) -> bytes:
    rows = draw(st.lists(st.tuples(PERIOD, UNIT, VALUE), max_size=10))
    text = io.StringIO()
    writer = csv.writer(text, delimiter=draw(st.sampled_from([";", ",", "\t"])))
    writer.writerow(["Jakso", "Yksikkö", "Arvo"])
    writer.writerows([[_no_surrogates(c) for c in row] for row in rows])
    return text.getvalue().encode(
        draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252"])), "replace"
    )


Room = tuple[Store, object, metrics.TrackedMetric]


@pytest.fixture(scope="module")
def room(make_module_store: Callable[..., Store]) -> Room:
    """One demo in the follow-up for every example (on each engine in turn)."""
    store = make_module_store()
    code = create_demo(store, language="fi", until="plan")
    _, key = workshops.login(store, code, DEMO_PASSPHRASE)
    units.add_unit(store, key, "Tampere")
    units.add_unit(store, key, "Turku")
    followed = metrics.take_from_plan(store, key)
    metrics.record(store, key, followed[1].id, "12/2026", units.WHOLE, "3,6")
    return store, key, followed[0]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(result_csv())
def test_every_row_is_taken_or_refused_with_a_reason_and_nothing_stored_is_lost(
    room: Room, data: bytes
):
    store, key, metric = room
    before = metrics.results(store, key.workshop_id)
    try:
        table = tables.read_table(data, "tulokset.csv")
        shown = metric_import.preview(
            store, key, table, Columns("Jakso", "Arvo", "Yksikkö"), metric.id
        )
    except KohtaamoError as err:
        assert_explained(err)
        assert metrics.results(store, key.workshop_id) == before
        return
    for refused in shown.refused:
        assert_explained(KohtaamoError(refused.key, **refused.params))
    assert len(shown.taken) + len(shown.refused) + shown.empty == len(table.rows)
    assert metrics.results(store, key.workshop_id) == before  # the preview stored nothing
    metric_import.store_preview(store, key, shown)
    after = metrics.results(store, key.workshop_id)
    # Every other metric keeps its results; this metric holds exactly what was taken, over
    # whatever it held for other periods and units.
    assert {k: v for k, v in after.items() if k != metric.id} == {
        k: v for k, v in before.items() if k != metric.id
    }
    stored = {(r.period, r.unit_id): r.value for r in after.get(metric.id, [])}
    for row in shown.taken:
        assert stored[(row.period, row.unit_id)] == row.value
    with store.write() as cur:  # the next example starts from the same results
        cur.execute("DELETE FROM metric_results WHERE metric_id = ?", [metric.id])


MARK = st.sampled_from(["seen", "not_seen", "na", "maybe", "", "SEEN", None, 1])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.dictionaries(st.one_of(st.integers(-2, 5), st.text(max_size=3)), MARK, max_size=6),
    SHORT,
    st.one_of(st.text(max_size=120), st.none(), st.integers()),
)
def test_a_checklist_is_stored_whole_or_refused_whole(room: Room, marks, note, submission_key):
    store, key, _ = room
    code = people.open_code(store, key, people.Purpose.OBSERVE)
    observer, _ = people.join(store, people.find_code(store, code.code, "prop"))
    phase, listed = rounds.checklist(store, key.workshop_id)[0]
    unit = units.list_units(store, key.workshop_id)[0]
    before = rounds.visits(store, key.workshop_id)
    try:
        rounds.send_visit(store, observer, unit.id, phase.id, marks, note, submission_key)
    except KohtaamoError as err:
        assert_explained(err)
        assert rounds.visits(store, key.workshop_id) == before
        return
    (visit,) = [v for v in rounds.visits(store, key.workshop_id) if v not in before] or [None]
    if visit is not None:  # None: a retry of a key already stored
        assert set(visit.marks) == {b.text for b in listed}
