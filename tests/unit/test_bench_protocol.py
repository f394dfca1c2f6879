"""The benchmark's pure parts: the messages a phone sends, the page it keeps, the figures."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pandas as pd
import pyarrow as pa
import pytest
from streamlit.components.v2.bidi_component.main import _make_trigger_id
from streamlit.components.v2.bidi_component.serialization import deserialize_trigger_list
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.page import RenderedPage
from bench.phones import shell_assets
from bench.profile import ROOT, summarise
from bench.projector import ProjectorWatch
from bench.protocol import choice, component_event, percentile, rerun_message, text_value, trigger
from bench.report import TARGETS, Target, summary
from bench.room import Burst, ballot
from bench.run import python_loop_ms
from bench.tally import check, check_visits


@pytest.mark.parametrize(
    ("values", "q", "expected"),
    [
        ([5.0], 95, 5.0),
        ([1.0, 2.0, 3.0, 4.0], 50, 2.5),
        ([3.0, 1.0, 2.0], 100, 3.0),
        ([3.0, 1.0, 2.0], 0, 1.0),
        (list(range(1, 101)), 95, 95.05),
    ],
)
def test_a_percentile_interpolates_between_ranks(values, q, expected):
    assert percentile(values, q) == pytest.approx(expected)


def test_a_percentile_of_nothing_is_none_and_a_bad_q_is_refused():
    assert percentile([], 50) is None
    with pytest.raises(ValueError):
        percentile([1.0], 101)


def test_a_rerun_carries_the_query_string_page_fragment_and_widgets_through_the_wire():
    sent = rerun_message(
        "?code=ABC123&p=tok",
        page_script_hash="hash",
        page_name="projector",
        widget_states=[trigger("$$ID-1-submit"), choice("$$ID-2-dots", ["2"])],
        fragment_id="frag",
        is_auto_rerun=True,
    )
    got = BackMsg()
    got.ParseFromString(sent.SerializeToString())
    state = got.rerun_script
    assert got.WhichOneof("type") == "rerun_script"
    assert state.query_string == "code=ABC123&p=tok"
    assert (state.page_script_hash, state.page_name) == ("hash", "projector")
    assert (state.fragment_id, state.is_auto_rerun) == ("frag", True)
    first, second = state.widget_states.widgets
    assert first.trigger_value is True
    assert list(second.string_array_value.data) == ["2"]


def test_a_radio_or_text_value_travels_as_a_string():
    assert text_value("$$ID-3-None", "Esihenkilö").string_value == "Esihenkilö"


def _delta(path: list[int], text: str, fragment_id: str = "") -> ForwardMsg:
    msg = ForwardMsg()
    msg.metadata.delta_path.extend(path)
    msg.delta.fragment_id = fragment_id
    msg.delta.new_element.text.body = text
    return msg


def _started(run_id: str, *fragments: str) -> ForwardMsg:
    msg = ForwardMsg()
    msg.metadata.run.script_run_id = run_id
    msg.metadata.run.fragment_ids.extend(fragments)
    msg.new_session.page_script_hash = "page"
    return msg


def _finished(run_id: str, *fragments: str) -> ForwardMsg:
    msg = ForwardMsg()
    msg.metadata.run.script_run_id = run_id
    msg.metadata.run.fragment_ids.extend(fragments)
    status = "FINISHED_FRAGMENT_RUN_SUCCESSFULLY" if fragments else "FINISHED_SUCCESSFULLY"
    msg.script_finished = ForwardMsg.ScriptFinishedStatus.Value(status)
    return msg


def test_a_finished_run_drops_what_it_did_not_draw_again_like_the_browser():
    page = RenderedPage()
    for msg in (
        _started("r1"),
        _delta([0, 0], "title"),
        _delta([0, 1], "old", "f"),
        _finished("r1"),
    ):
        page.apply(msg)
    assert page.texts() == ["title", "old"]
    for msg in (_started("r2", "f"), _delta([0, 1], "new", "f"), _finished("r2", "f")):
        page.apply(msg)
    assert page.texts() == ["title", "new"]
    for msg in (_started("r3"), _delta([0, 0], "only"), _finished("r3")):
        page.apply(msg)
    assert page.texts() == ["only"]


def test_the_page_sums_a_column_of_each_charts_arrow_data():
    sink = io.BytesIO()
    table = pa.Table.from_pandas(pd.DataFrame({"item": ["a", "b"], "dots": [3, 4]}))
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    msg = ForwardMsg()
    msg.metadata.delta_path.extend([0, 0])
    msg.delta.new_element.vega_lite_chart.datasets.add().data.data = sink.getvalue()
    page = RenderedPage()
    page.apply(msg)
    assert page.chart_totals() == [7.0]


@pytest.mark.parametrize("dots", [3, 4, 5])
@pytest.mark.parametrize("index", range(4))
def test_a_benchmark_ballot_keeps_to_the_demos_budget_and_per_item_limit(index, dots):
    chosen = ballot(index, [11, 12, 13], dots)
    assert sum(chosen.values()) == dots <= 5
    assert max(chosen.values()) <= 3
    assert set(chosen) <= {11, 12, 13}


def test_the_page_shell_assets_are_read_from_what_the_server_sends():
    html = '<script src="./static/js/index.A1.js"></script><link href="./static/css/x.css">'
    assert shell_assets(html) == ["static/css/x.css", "static/js/index.A1.js"]


def test_a_ballot_sent_by_the_bench_is_the_trigger_streamlit_reads_from_a_browser():
    """The bench's phone sends the ballot's event where Streamlit looks for it: the trigger
    widget named as Streamlit names it, holding the JSON list of events the browser sends."""
    value = {"ballots": {"strength": {"17": 2}, "weakness": {}}}
    state = component_event("$$ID-9f2c-ballot", "send", value)
    assert state.id == _make_trigger_id("$$ID-9f2c-ballot", "events")
    assert state.WhichOneof("value") == "json_trigger_value"
    assert deserialize_trigger_list(state.json_trigger_value) == [{"event": "send", "value": value}]


def test_a_target_without_a_figure_fails():
    target = Target("p95", ("burst", "p95_ms"), 100, "ms")
    assert target.passed({"burst": {"p95_ms": 99.5}})
    assert not target.passed({"burst": {"p95_ms": 100.5}})
    assert not target.passed({"burst": {}})


def test_a_burst_tally_tells_stored_lost_and_double_counted_ballots_apart():
    at = datetime(2026, 1, 1, 12, 0, 0)
    burst = Burst(
        "b", "strength", sent={"a": {1: 2}, "b": {1: 1}, "c": {2: 3}}, acknowledged={"a", "b"}
    )
    stored = {
        ("a", "strength", ((1, 2),)): [at, at + timedelta(seconds=2)],
        ("c", "strength", ((2, 3),)): [at + timedelta(seconds=1)],
        ("b", "weakness", ((1, 1),)): [at],
    }
    found = check(burst, stored)
    assert found == {
        "stored": 2,
        "lost": 1,
        "double_counted": 1,
        "sent_not_stored": 1,
        "writes_span_s": 2.0,
        "last_stored_epoch": found["last_stored_epoch"],
    }
    assert found["last_stored_epoch"] == (at + timedelta(seconds=2)).replace(tzinfo=UTC).timestamp()


def test_an_observation_round_tally_tells_stored_lost_and_stored_twice_apart():
    observed = {"o1": True, "o2": True, "o3": False, "o4": True}  # o3's save went unconfirmed
    stored = {"o1": 1, "o2": 2, "o3": 1, "someone-else": 3}  # o4's confirmed visit is missing
    assert check_visits(observed, stored) == {
        "stored": 3,
        "lost": 1,
        "stored_twice": 1,
        "sent_not_stored": 1,
    }


def test_the_observation_round_has_its_targets_of_issue_17():
    limits = {t.label: (t.path, t.limit) for t in TARGETS}
    assert limits["observation round p95"] == (("observation_round", "p95_ms"), 300)
    assert limits["observation round lost"] == (("observation_round", "lost"), 0)
    assert limits["observation round stored twice"] == (("observation_round", "stored_twice"), 0)


def test_the_profile_summary_says_what_the_event_loop_and_script_threads_were_doing():
    voting, db = (
        ROOT / "facilitator" / "steps" / "voting.py",
        ROOT / "facilitator" / "store" / "db.py",
    )
    folded = "\n".join(
        [
            "thread (1): MainThread;run (a.py:1);Thread.start (threading.py:969) 3",
            "thread (1): MainThread;run (a.py:1);EpollSelector.select (selectors.py:468) 1",
            f"thread (2): ScriptRunner.scriptThread;submit_ballot ({voting}:190)"
            f";Store.write ({db}:47) 4",
        ]
    )
    found = summarise(folded)
    assert found["event_loop"][0] == ("starting a script thread", 75.0)
    assert found["script_threads_innermost"] == [("Store.write (facilitator/store/db.py)", 100.0)]
    assert ("submit_ballot (facilitator/steps/voting.py)", 100.0) in found[
        "script_threads_in_our_code"
    ]


def test_the_projector_watch_finds_when_a_total_was_first_drawn():
    watch = ProjectorWatch(session=None)  # type: ignore[arg-type] - only the record is read
    watch.drawn = [(1.0, [5.0, 1.0]), (2.0, [7.0, 1.0]), (3.0, [7.0, 1.0])]
    assert watch.total(0) == 7.0
    assert watch.first_showing(0, 7.0) == 2.0
    assert watch.first_showing(1, 2.0) is None


def test_the_benchmarks_http_connection_reads_each_answer_to_its_end_and_keeps_the_line(
    run_apart,
):
    import asyncio

    from bench.client import HttpConnection

    answers = [
        b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n",
        b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n",
    ]
    connections = []

    async def serve(reader, writer) -> None:
        connections.append(writer)
        for answer in answers:
            while (await reader.readline()) not in (b"\r\n", b""):
                pass
            writer.write(answer)
            await writer.drain()
        writer.close()

    async def run() -> list[tuple[int, int]]:
        server = await asyncio.start_server(serve, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        connection = HttpConnection(port)
        got = [await connection.get(f"/{n}") for n in range(3)]
        await connection.close()
        server.close()
        return got

    got = run_apart(run())
    assert [status for status, _ in got] == [200, 200, 404]
    assert got[0][1] == len(answers[0])
    assert len(connections) == 1  # three answers over one kept-open connection


def test_an_unconfirmed_phones_last_messages_are_kept_one_line_each(tmp_path, monkeypatch):
    """When a phone never sees its ballot, the benchmark keeps what it sent and got last."""
    from bench import scenarios
    from bench.client import TRAIL, Session, describe
    from bench.phones import Phone

    lines = [describe("new_session", _started("run-001", "frag-0001"))]
    lines.append(describe("delta", _delta([0, 3, 1], "**2** · item", "frag-0001")))
    lines.append(describe("script_finished", _finished("run-001", "frag-0001")))
    assert lines[0] == "new_session run=un-001 fragments=rag-0001"
    assert lines[1] == "delta new_element:text path=0.3.1 fragment=rag-0001"
    assert lines[2].startswith("script_finished ") and "run=un-001" in lines[2]

    monkeypatch.setattr(scenarios, "TRAILS", tmp_path)
    waiting, done = Phone(7, 1, "CODE"), Phone(8, 1, "CODE")
    waiting.session, waiting.error = Session(1, ""), "not confirmed"
    waiting.session.trail.extend(f"line {i}" for i in range(TRAIL + 5))
    assert scenarios.keep_trails("closing_burst", []) is None
    out = scenarios.keep_trails("closing_burst", [waiting])
    text = out.read_text()
    assert out.name == "bench-unconfirmed-closing_burst.txt"
    assert text.startswith("## bench-007: not confirmed\nline 5\n")  # the last TRAIL lines
    assert "line 4\n" not in text and done.name not in text


def test_a_phone_shows_the_closed_input_only_in_a_full_run_after_the_change():
    """room_change: a phone counts once it has drawn its whole page again, saying so."""
    import time

    from bench.client import Session
    from bench.scenarios import input_closed
    from facilitator.language.i18n import t

    session = Session(1, "")

    def got(msg: ForwardMsg) -> None:
        kind = session.page.apply(msg)
        session._follow(kind, msg)

    since = time.perf_counter()
    closed = ForwardMsg()
    closed.metadata.delta_path.extend([0, 4])
    closed.delta.new_element.alert.body = t("fi", "phone.input_closed")
    for msg in (_started("tick", "follow"), _finished("tick", "follow")):
        got(msg)
    assert not input_closed(session, since)  # the check alone draws nothing new
    for msg in (_started("full"), _delta([0, 3], "ballot"), _finished("full")):
        got(msg)
    assert not input_closed(session, since)  # redrawn, input still open
    for msg in (_started("closed"), closed, _finished("closed")):
        got(msg)
    assert input_closed(session, since)
    assert not input_closed(session, time.perf_counter())  # nothing after this moment


def test_the_summary_gives_the_hosts_own_speed_beside_the_machine():
    speed = python_loop_ms(rounds=1)
    machine = {
        "streamlit": "1.67.0",
        "duckdb": "1.4.0",
        "python": "3.11.2",
        "cores": 2,
        "loadavg": 0.1,
        "started": "2026-11-24 19:50:00",
        "python_loop_ms": speed,
    }
    assert speed > 0
    assert f"took {speed} ms" in summary({"machine": machine, "targets": []})
