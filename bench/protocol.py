"""Streamlit's browser protocol, as far as a phone needs it: the messages it sends, and figures.

The browser opens ws://HOST/_stcore/stream with the subprotocol "streamlit" and asks for every
script run with a `BackMsg.rerun_script` carrying a `ClientState`: the query string, the widget
states it holds, the page it is on, and the fragment to rerun (empty for the whole page). Widget
values travel as the formatted option strings the server sent (radio: `string_value`,
segmented control: `string_array_value`); a form's submit button sends `trigger_value`, and a
v2 custom component's event a `json_trigger_value`.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

STREAM_PATH = "/_stcore/stream"
SUBPROTOCOL = "streamlit"


def stream_url(port: int) -> str:
    """The websocket address of a loopback app."""
    return f"ws://127.0.0.1:{port}{STREAM_PATH}"


def rerun_message(
    query_string: str,
    *,
    page_script_hash: str = "",
    page_name: str = "",
    widget_states: Iterable[WidgetState] = (),
    fragment_id: str = "",
    is_auto_rerun: bool = False,
) -> BackMsg:
    """A `rerun_script` request as the browser sends it (the query string without its '?')."""
    msg = BackMsg()
    state = msg.rerun_script
    state.query_string = query_string.removeprefix("?")
    state.page_script_hash = page_script_hash
    state.page_name = page_name
    state.fragment_id = fragment_id
    state.is_auto_rerun = is_auto_rerun
    state.widget_states.widgets.extend(widget_states)
    info = state.context_info
    info.timezone = "Europe/Helsinki"
    info.locale = "fi-FI"
    info.url = f"http://127.0.0.1/{page_name}?{state.query_string}"
    info.color_scheme = "light"
    return msg


def trigger(widget_id: str) -> WidgetState:
    """A button press (a form's submit button included)."""
    return WidgetState(id=widget_id, trigger_value=True)


def text_value(widget_id: str, value: str) -> WidgetState:
    """A text input's value, or a radio's chosen option as the server formatted it."""
    return WidgetState(id=widget_id, string_value=value)


def choice(widget_id: str, options: Sequence[str]) -> WidgetState:
    """A segmented control's chosen options, as the server formatted them."""
    state = WidgetState(id=widget_id)
    state.string_array_value.data.extend(options)
    return state


def component_event(component_id: str, event: str, value: object) -> WidgetState:
    """A v2 custom component's `setTriggerValue(event, value)`, as the browser sends it: a JSON
    list of events on the component's one trigger widget (Streamlit's `_make_trigger_id`)."""
    return WidgetState(
        id=f"$$STREAMLIT_INTERNAL_KEY_{component_id}__events",
        json_trigger_value=json.dumps([{"event": event, "value": value}]),
    )


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0..100) by linear interpolation between ranks; None when empty."""
    if not values:
        return None
    if not 0 <= q <= 100:
        raise ValueError("q must be between 0 and 100")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)
