"""server/compat.py: every private Streamlit and uvicorn name the project touches is listed,
checked as it is used, and a missing one stops the server with one line."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest
import streamlit

from server import compat

ROOT = Path(__file__).resolve().parents[2]


def test_every_name_the_project_needs_is_there_in_the_installed_streamlit_and_uvicorn() -> None:
    assert compat.problems() == []
    compat.require()  # and the server starts


@pytest.mark.parametrize(
    ("module", "owner", "name", "said"),
    [
        (
            "streamlit.runtime.app_session",
            "AppSession",
            "_enqueue_forward_msg",
            "streamlit.runtime.app_session.AppSession._enqueue_forward_msg is missing",
        ),
        (
            "streamlit.runtime.pages_manager",
            "PagesManager",
            "uses_pages_directory",
            "streamlit.runtime.pages_manager.PagesManager.uses_pages_directory is missing",
        ),
        (
            "uvicorn.protocols.http.httptools_impl",
            "HttpToolsProtocol",
            "_unset_keepalive_if_required",
            "uvicorn.protocols.http.httptools_impl.HttpToolsProtocol"
            "._unset_keepalive_if_required is missing",
        ),
        (
            "streamlit.elements.vega_charts",
            None,
            "_convert_altair_to_vega_lite_spec",
            "streamlit.elements.vega_charts._convert_altair_to_vega_lite_spec is missing",
        ),
    ],
)
def test_a_missing_name_refuses_the_start_with_one_line_naming_it_and_the_version(
    monkeypatch: pytest.MonkeyPatch, module: str, owner: str | None, name: str, said: str
) -> None:
    where = importlib.import_module(module)
    monkeypatch.delattr(getattr(where, owner) if owner else where, name)
    with pytest.raises(SystemExit) as stopped:
        compat.require()
    line = str(stopped.value)
    assert line == (
        f"Kohtaamo cannot run on Streamlit {streamlit.__version__}: {said}; see server/compat.py"
    )
    assert "\n" not in line


def test_a_reshaped_name_is_refused_too(monkeypatch: pytest.MonkeyPatch) -> None:
    """A parameter renamed, a function turned into a value, a field no longer set."""
    from streamlit import config
    from streamlit.runtime.app_session import AppSession

    monkeypatch.setattr(config, "get_config_options", lambda force_reparse=False: {})
    monkeypatch.setattr(AppSession, "has_fragment", True)
    found = compat.problems()
    assert found == [
        "streamlit.config.get_config_options has no parameter 'options_from_flags'",
        "streamlit.runtime.app_session.AppSession.has_fragment is no longer callable",
    ]
    assert compat.refusal(found).endswith(
        "get_config_options has no parameter 'options_from_flags' (and 1 more);"
        " see server/compat.py"
    )

    class Renamed:
        def __init__(self) -> None:
            self.event_loop = None

    assert not compat._has_field(Renamed, "_event_loop")
    assert compat._has_field(Renamed, "event_loop")


def test_the_connection_dialog_words_are_checked_at_start(monkeypatch: pytest.MonkeyPatch) -> None:
    from server import front_end

    monkeypatch.setattr(front_end, "front_end_bundle", lambda: "no words here")
    (found,) = compat.problems()
    assert found.startswith("the connection dialog's words ['Connection error'")


def _private_imports(path: Path) -> set[str]:
    """`module.name` of each private name imported from streamlit or uvicorn, and each
    internal module of theirs imported (below the public `streamlit` and `st.*`)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module.split(".")[0] in {"streamlit", "uvicorn"}:
                found |= {f"{node.module}.{a.name}" for a in node.names if a.name.startswith("_")}
    return found


# Every file of the top floor: the server's wing, the pages and the router.
TOP_FLOOR = sorted(
    [
        ROOT / "serve.py",
        ROOT / "workshop_app.py",
        *(ROOT / "server").rglob("*.py"),
        *(ROOT / "pages").rglob("*.py"),
    ]
)


@pytest.mark.parametrize("path", TOP_FLOOR, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_private_name_imported_is_listed(path: Path) -> None:
    listed = {need.full_name for need in compat.NEEDS}
    assert _private_imports(path) <= listed


def _defined_privates() -> set[str]:
    """Every private name our own code defines (functions, classes, variables, attributes set
    on our own objects, parameters): reading one of these is no one else's internals."""
    found: set[str] = set()
    for path in [
        *TOP_FLOOR,
        *(ROOT / "facilitator").rglob("*.py"),
        *(ROOT / "exports").rglob("*.py"),
    ]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                found.add(node.name)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                found.add(node.id)
            elif isinstance(node, ast.arg):
                found.add(node.arg)
            elif (
                isinstance(node, ast.Attribute)
                and isinstance(node.ctx, ast.Store)
                and isinstance(node.value, ast.Name)
                and node.value.id == "self"
            ):
                found.add(node.attr)
    return {name for name in found if name.startswith("_")}


DEFINED = _defined_privates()


def _private_attributes(path: Path) -> set[str]:
    """`x._name` read or set on anything but our own `self` or `cls`, dunders left out."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Attribute) or not node.attr.startswith("_"):
            continue
        if node.attr.startswith("__") or (
            isinstance(node.value, ast.Name) and node.value.id in {"self", "cls"}
        ):
            continue
        found.add(node.attr)
    return found


@pytest.mark.parametrize("path", TOP_FLOOR, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_private_attribute_touched_is_listed(path: Path) -> None:
    """A private attribute of Streamlit's or uvicorn's objects (`runtime._session_mgr`) is
    named in server/compat.py, so the check at start covers it; ours are ours."""
    listed = {need.name.rsplit(".", 1)[-1] for need in compat.NEEDS}
    assert _private_attributes(path) - DEFINED <= listed


def test_the_attribute_search_is_not_blind(tmp_path: Path) -> None:
    planted = tmp_path / "planted.py"
    planted.write_text("def f(runtime):\n    return runtime._not_ours_at_all\n")
    assert _private_attributes(planted) == {"_not_ours_at_all"}
    assert "_not_ours_at_all" not in DEFINED


def test_only_the_server_entry_checks_and_only_the_push_is_called_from_the_pages() -> None:
    """pages/ imports nothing of server/ but the push (issue 16): tuning is the server's."""
    for page in (ROOT / "pages").rglob("*.py"):
        tree = ast.parse(page.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("server"):
                assert node.module == "server", page
                assert [a.name for a in node.names] == ["push"], page
            if isinstance(node, ast.Import):
                assert not any(a.name.startswith("server") for a in node.names), page
    serve = (ROOT / "serve.py").read_text(encoding="utf-8")
    assert serve.index("compat.require()") < serve.index("import streamlit")
