"""What a browser holds after the messages so far: elements by delta path, runs, auto-reruns.

No I/O here: `RenderedPage.apply` takes one ForwardMsg and says what happened, so the client
can wait on it and the tests can feed it hand-made messages.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

FINISHED = ForwardMsg.ScriptFinishedStatus
DONE = {FINISHED.FINISHED_SUCCESSFULLY, FINISHED.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}


@dataclass
class Shown:
    """One element on the page: its type, its protobuf, and the run that drew it."""

    kind: str
    proto: Any
    fragment_id: str
    run_id: str


@dataclass(frozen=True)
class Run:
    """A script run: the whole page (no fragment ids) or one or more fragments."""

    run_id: str
    fragment_ids: tuple[str, ...]


@dataclass
class RenderedPage:
    """The page as the browser would draw it, kept up to date by `apply`."""

    elements: dict[tuple[int, ...], Shown] = field(default_factory=dict)
    query_string: str = ""
    page_script_hash: str = ""
    session_id: str = ""
    run: Run | None = None
    toasts: list[tuple[str, str]] = field(default_factory=list)  # (run id, body)
    auto_reruns: dict[str, float] = field(default_factory=dict)  # fragment id -> seconds

    def apply(self, msg: ForwardMsg) -> str:
        """Take one message into the page; returns its type."""
        kind = msg.WhichOneof("type") or ""
        if kind == "new_session":
            self.run = Run(msg.metadata.run.script_run_id, tuple(msg.metadata.run.fragment_ids))
            self.page_script_hash = msg.new_session.page_script_hash
            self.session_id = msg.new_session.initialize.session_id or self.session_id
            if not self.run.fragment_ids:
                self.auto_reruns.clear()  # the browser drops its timers on a full run
        elif kind == "delta":
            self._delta(msg)
        elif kind == "page_info_changed":
            self.query_string = msg.page_info_changed.query_string
        elif kind == "auto_rerun":
            self.auto_reruns[msg.auto_rerun.fragment_id] = msg.auto_rerun.interval
        elif kind == "stop_auto_rerun":
            for fragment_id in msg.stop_auto_rerun.fragment_ids:
                self.auto_reruns.pop(fragment_id, None)
        elif kind == "script_finished" and msg.script_finished in DONE:
            self._drop_stale(
                Run(msg.metadata.run.script_run_id, tuple(msg.metadata.run.fragment_ids))
            )
        return kind

    def _delta(self, msg: ForwardMsg) -> None:
        delta = msg.delta
        run_id = self.run.run_id if self.run else ""
        path = tuple(msg.metadata.delta_path)
        if delta.WhichOneof("type") == "new_element":
            inner = delta.new_element.WhichOneof("type") or ""
            proto = getattr(delta.new_element, inner) if inner else None
            if inner == "toast":
                self.toasts.append((run_id, proto.body))
            self.elements[path] = Shown(inner, proto, delta.fragment_id, run_id)
        elif delta.WhichOneof("type") == "add_block":
            block = delta.add_block
            inner = block.WhichOneof("type") or ""
            proto = getattr(block, inner) if inner else None
            self.elements[path] = Shown(f"block:{inner}", proto, delta.fragment_id, run_id)

    def _drop_stale(self, run: Run) -> None:
        # Like the browser: what a finished run did not draw again is gone.
        def stale(shown: Shown) -> bool:
            if shown.run_id == run.run_id:
                return False
            return not run.fragment_ids or shown.fragment_id in run.fragment_ids

        self.elements = {p: s for p, s in self.elements.items() if not stale(s)}

    def find(self, kind: str, **fields: object) -> list[Shown]:
        """Elements of one type whose protobuf fields equal the given values, in page order."""
        return [
            shown
            for _, shown in sorted(self.elements.items())
            if shown.kind == kind and all(getattr(shown.proto, k) == v for k, v in fields.items())
        ]

    def widget_ids(self) -> set[str]:
        """The ids of the widgets on the page."""
        return {
            shown.proto.id
            for shown in self.elements.values()
            if shown.proto is not None and str(getattr(shown.proto, "id", "")).startswith("$$ID")
        }

    def texts(self) -> list[str]:
        """The visible text of markdown, headings, text, alerts and captions, in page order."""
        found = []
        for _, shown in sorted(self.elements.items()):
            body = getattr(shown.proto, "body", None)
            if shown.kind in {"markdown", "heading", "text", "alert"} and body:
                found.append(body)
        return found

    def chart_totals(self, column: str = "dots") -> list[float]:
        """Per Vega-Lite chart in page order, the sum of one column over its Arrow datasets."""
        import pyarrow as pa

        totals = []
        for shown in self.find("vega_lite_chart"):
            buffers = [shown.proto.data.data] + [d.data.data for d in shown.proto.datasets]
            total = 0.0
            for buffer in buffers:
                if not buffer:
                    continue
                table = pa.ipc.open_stream(io.BytesIO(buffer)).read_all()
                if column in table.column_names:
                    total += sum(v for v in table.column(column).to_pylist() if v is not None)
            totals.append(total)
        return totals
