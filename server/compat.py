"""Every private Streamlit and uvicorn name the project touches, and the check the server runs
on them before it starts.

The server's tuning (server/tuning.py, flushing.py, push.py, front_end.py) and one helper of
the pages (widgets/charts.py's chart spec) reach into Streamlit and uvicorn below their public API.
A release may rename or reshape any of those names without notice; the patch would then fail
at its first use, in the middle of a workshop, or worse, quietly do nothing. So each name is
listed here with the shape it is used with, and `require()` (first thing in serve.py) refuses
to start the server with one line naming the Streamlit version and the first name that is gone.
A name added to those modules is added here in the same change.
"""

from __future__ import annotations

import importlib
import inspect
from dataclasses import dataclass
from enum import Enum
from typing import Any


class Shape(Enum):
    """What the project needs of a name."""

    CALLABLE = "callable"  # called (or wrapped and called), with the parameters listed
    ATTRIBUTE = "attribute"  # read or replaced as it is
    FIELD = "field"  # an instance attribute: set by the class's __init__ or declared
    PROTO_FIELD = "proto field"  # a field of a protobuf message


@dataclass(frozen=True)
class Need:
    """One private name: `module`, then `name` (dotted) inside it, with its shape."""

    module: str
    name: str
    shape: Shape
    params: tuple[str, ...] = ()

    @property
    def full_name(self) -> str:
        return f"{self.module}.{self.name}"


_C, _A, _F, _P = Shape.CALLABLE, Shape.ATTRIBUTE, Shape.FIELD, Shape.PROTO_FIELD
_SESSION = "streamlit.runtime.app_session"
_RUNNER = "streamlit.runtime.scriptrunner.script_runner"
_CONTEXT = "streamlit.runtime.scriptrunner_utils.script_run_context"
_HTTP = "uvicorn.protocols.http.httptools_impl"

NEEDS: tuple[Need, ...] = (
    # serve.py: the app Streamlit runs, with our sign-in route and the tuning in its lifespan.
    Need("streamlit", "App", _C, ("script_path", "routes", "lifespan")),
    # server/tuning.py: config read without its lock, the theme from memory, script workers.
    Need("streamlit.config", "_config_options", _A),
    Need("streamlit.config", "get_option", _C, ("key",)),
    Need("streamlit.config", "get_config_options", _C, ("force_reparse", "options_from_flags")),
    Need(_SESSION, "_populate_theme_msg", _C, ("msg", "section")),
    Need(_RUNNER, "ScriptRunner.start", _C, ("self",)),
    Need(_RUNNER, "ScriptRunner._run_script_thread", _C, ("self",)),
    Need(_RUNNER, "ScriptRunner._script_thread", _F),
    Need(_CONTEXT, "SCRIPT_RUN_CONTEXT_ATTR_NAME", _A),
    # server/flushing.py: the loop visits only the sessions with news.
    Need("streamlit.runtime", "Runtime.exists", _C),
    Need("streamlit.runtime", "Runtime.instance", _C),
    Need("streamlit.runtime", "Runtime._session_mgr", _F),
    Need(_SESSION, "AppSession._enqueue_forward_msg", _C, ("self", "msg")),
    Need(_SESSION, "AppSession._settle_once_delivered", _C, ("self",)),
    Need(_SESSION, "AppSession._browser_queue", _F),
    Need(_SESSION, "AppSession._message_enqueued_callback", _F),
    Need("streamlit.runtime.session_manager", "SessionManager.connect_session", _C),
    Need("streamlit.runtime.session_manager", "SessionManager.list_active_sessions", _C),
    Need(
        "streamlit.runtime.session_manager",
        "SessionManager.get_active_session_info",
        _C,
        ("session_id",),
    ),
    # server/push.py: a change of the room starts each following phone's check.
    Need("streamlit.runtime", "exists", _C),
    Need("streamlit.runtime", "get_instance", _C),
    Need("streamlit.runtime.session_manager", "ActiveSessionInfo.session", _F),
    Need(_CONTEXT, "get_script_run_ctx", _C),
    Need(_CONTEXT, "ThreadState.get", _C),
    Need(_CONTEXT, "FragmentThreadState.fragment_id", _F),
    Need(_SESSION, "AppSession._event_loop", _F),
    Need(_SESSION, "AppSession._client_state", _F),
    Need(_SESSION, "AppSession._scriptrunner", _F),
    Need(_SESSION, "AppSession.has_fragment", _C, ("self", "fragment_id")),
    Need(_SESSION, "AppSession.request_rerun", _C, ("self", "client_state")),
    Need("streamlit.proto.ClientState_pb2", "ClientState.query_string", _P),
    Need("streamlit.proto.ClientState_pb2", "ClientState.fragment_id", _P),
    Need("streamlit.proto.ClientState_pb2", "ClientState.is_auto_rerun", _P),
    # server/front_end.py: the router is the only navigation, from the first run.
    Need("streamlit.runtime.pages_manager", "PagesManager.uses_pages_directory", _A),
    # server/front_end.py: a lone file request answered on uvicorn's connection.
    Need(_HTTP, "HttpToolsProtocol.data_received", _C, ("self", "data")),
    Need(_HTTP, "HttpToolsProtocol._unset_keepalive_if_required", _C, ("self",)),
    Need(_HTTP, "HttpToolsProtocol.timeout_keep_alive_handler", _C, ("self",)),
    Need(_HTTP, "HttpToolsProtocol.server_state", _F),
    Need(_HTTP, "HttpToolsProtocol.transport", _F),
    Need(_HTTP, "HttpToolsProtocol.loop", _F),
    Need(_HTTP, "HttpToolsProtocol.timeout_keep_alive", _F),
    Need(_HTTP, "HttpToolsProtocol.timeout_keep_alive_task", _F),
    Need(_HTTP, "HttpToolsProtocol.pipeline", _F),
    Need(_HTTP, "HttpToolsProtocol.flow", _F),
    Need(_HTTP, "HttpToolsProtocol.cycle", _F),
    Need(_HTTP, "HttpToolsProtocol.scope", _F),
    Need(_HTTP, "RequestResponseCycle.scope", _F),
    Need(_HTTP, "RequestResponseCycle.more_body", _F),
    Need(_HTTP, "RequestResponseCycle.response_complete", _F),
    Need("uvicorn.protocols.http.flow_control", "FlowControl.write_paused", _F),
    Need("uvicorn.server", "ServerState.default_headers", _F),
    Need("uvicorn.server", "ServerState.total_requests", _F),
    # pages/widgets/charts.py: an Altair chart's spec, made once per input.
    Need(
        "streamlit.elements.vega_charts", "_convert_altair_to_vega_lite_spec", _C, ("altair_chart",)
    ),
)


def streamlit_version() -> str:
    try:
        return importlib.import_module("streamlit").__version__
    except Exception:  # a Streamlit that does not even import is reported as such
        return "(not importable)"


def problem(need: Need) -> str | None:
    """Why `need` is not met by the installed packages, or None when it is."""
    try:
        found: Any = importlib.import_module(need.module)
    except ImportError:
        return f"{need.module} cannot be imported"
    *owners, last = need.name.split(".")
    for part in owners:
        found = getattr(found, part, None)
        if found is None:
            return f"{need.full_name} is missing"
    if need.shape is Shape.FIELD:
        return None if _has_field(found, last) else f"{need.full_name} is missing"
    if need.shape is Shape.PROTO_FIELD:
        fields = getattr(getattr(found, "DESCRIPTOR", None), "fields_by_name", {})
        return None if last in fields else f"{need.full_name} is missing"
    if not hasattr(found, last):
        return f"{need.full_name} is missing"
    value = getattr(found, last)
    if need.shape is Shape.ATTRIBUTE:
        return None
    if not callable(value):
        return f"{need.full_name} is no longer callable"
    # One of our own wrappers (an earlier install in this process) keeps what it wrapped.
    value = getattr(value, "original", getattr(value, "parse", getattr(value, "locked", value)))
    try:
        parameters = inspect.signature(value).parameters
    except (TypeError, ValueError):
        return None if not need.params else f"{need.full_name} has no readable signature"
    missing = [p for p in need.params if p not in parameters]
    return f"{need.full_name} has no parameter {missing[0]!r}" if missing else None


def _has_field(cls: type, name: str) -> bool:
    """An instance attribute: declared on the class (annotation, slot, dataclass field) or set
    by `self.<name> = ...` in the __init__ of the class or of a base."""
    for klass in getattr(cls, "__mro__", ()):
        if name in getattr(klass, "__annotations__", {}) or name in getattr(klass, "__slots__", ()):
            return True
        init = klass.__dict__.get("__init__")
        code = getattr(init, "__code__", None)
        if code is not None and name in code.co_names:
            return True
    return False


def front_end_problem() -> str | None:
    """The connection dialog's English words that server/front_end.py puts in the page's
    language must still be in Streamlit's front-end bundle (issue 14)."""
    from server import front_end  # imports the names above: only once they are all there

    missing = front_end.missing_words(front_end.front_end_bundle())
    return f"the connection dialog's words {missing} are not in its front end" if missing else None


def problems() -> list[str]:
    """Every need not met, one line each; the front end's words once every name is there."""
    found = [found for need in NEEDS if (found := problem(need)) is not None]
    if not found and (words := front_end_problem()) is not None:
        found.append(words)
    return found


class IncompatibleStreamlit(SystemExit):
    """The server refuses to start: a private name it patches is gone or reshaped."""


def refusal(found: list[str]) -> str:
    """The one line the server stops with."""
    more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
    return (
        f"Kohtaamo cannot run on Streamlit {streamlit_version()}: {found[0]}{more};"
        " see server/compat.py"
    )


def require() -> None:
    """Refuse to start, with one line, unless every private name is there as it is used."""
    found = problems()
    if found:
        raise IncompatibleStreamlit(refusal(found))
