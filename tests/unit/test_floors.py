"""The house's floors hold (scripts/floors.py): no import runs back up, no two folders import each
other, no folder holds more than about fifteen modules, and no page or panel passes 300 lines."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _floors():
    spec = importlib.util.spec_from_file_location("floors", ROOT / "scripts" / "floors.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["floors"] = module
    spec.loader.exec_module(module)
    return module


floors = _floors()


def test_no_import_runs_back_up_a_floor_or_between_rooms():
    assert floors.wrong_way(floors.imports()) == []


def test_the_folders_import_each_other_in_one_direction_only():
    edges = floors.graph(floors.imports())
    both_ways = [(a, b) for a in edges for b in edges[a] if a in edges.get(b, {})]
    assert both_ways == []


def test_every_folder_has_a_floor():
    found = floors.imports()
    for folder in {i.source for i in found} | {i.target for i in found}:
        floors.level(folder)


def test_the_check_sees_an_import_that_runs_up(tmp_path, monkeypatch):
    """The check is not blind: a domain module importing a page is named."""
    (tmp_path / "facilitator").mkdir()
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "ui.py").write_text("X = 1\n")
    (tmp_path / "facilitator" / "domain.py").write_text("from pages.ui import X\n")
    monkeypatch.setattr(floors, "ROOT", tmp_path)
    monkeypatch.setattr(floors, "SOURCES", ("pages", "facilitator"))
    wrong = floors.wrong_way(floors.imports())
    assert wrong == ["facilitator/domain.py:1 imports pages (8) from facilitator (0)"]


def test_an_unknown_folder_must_be_given_a_floor():
    with pytest.raises(KeyError, match="no floor"):
        floors.level("facilitator/attic")


@pytest.mark.parametrize(
    "folder",
    sorted(
        {p.parent for p in ROOT.joinpath("facilitator").rglob("*.py")}
        | {p.parent for p in ROOT.joinpath("exports").rglob("*.py")}
        | {p.parent for p in ROOT.joinpath("pages").rglob("*.py")}
        | {p.parent for p in ROOT.joinpath("server").rglob("*.py")}
    ),
    ids=lambda p: p.relative_to(ROOT).as_posix(),
)
def test_no_folder_is_a_flat_room_of_everything(folder):
    modules = [p for p in folder.glob("*.py") if p.name != "__init__.py"]
    assert len(modules) <= 15, [p.name for p in modules]


PAGES_AND_PANELS = sorted(ROOT.joinpath("pages").rglob("*.py"))


@pytest.mark.parametrize("path", PAGES_AND_PANELS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_page_or_panel_passes_300_lines(path):
    lines = path.read_text(encoding="utf-8").count("\n")
    assert lines <= 300, f"{path.relative_to(ROOT)} has {lines} lines: split it by screen"
