"""The house drawn from its imports: which folder imports which, floor by floor.

`python scripts/floors.py` prints every folder with the folders it imports (and how many of its
modules do), and exits 1 naming each import that runs back up a floor, or between two rooms of
one floor, or that closes a loop between folders. tests/unit/test_floors.py runs the same check.

The floors, from the top: the entry points (the router, the pages, the server's wing, the
command line), document and data assembly (exports/), the domain and its storage
(facilitator/). facilitator/ has rooms of its own, each resting only on the ones below it.
"""

from __future__ import annotations

import ast
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("workshop_app.py", "serve.py", "pages", "server", "kohtaamo", "exports", "facilitator")

# Higher imports lower, never the other way; folders of one level are rooms side by side and do
# not import each other. `facilitator` alone is its two loose modules, the words of every room.
LEVELS = {
    "workshop_app": 9,
    "serve": 9,
    "pages": 8,
    "kohtaamo": 8,
    "pages/steps": 7,
    # The follow-up after the workshop: the console's last area, beside the steps.
    "pages/followup": 7,
    # The follow-up on a phone (issue 17): beside the steps, on the widgets.
    "pages/followup/phone": 7,
    # One panel per step, rooms side by side: a panel leans on the widgets, never on another.
    "pages/steps/observe": 6.5,
    "pages/steps/identify": 6.5,
    "pages/steps/order": 6.5,
    "pages/steps/target": 6.5,
    "pages/steps/condense": 6.5,
    "pages/steps/plan": 6.5,
    "pages/widgets": 6,
    # The server's wing imports only the domain's words; the pages' one store hands the room's
    # changes to its push (pages/widgets/database.py), so it sits below the widgets.
    "server": 5.5,
    "exports": 5,
    "facilitator/data": 4,
    "facilitator/followup": 3.5,
    "facilitator/charts": 4,
    "facilitator/steps": 3,
    "facilitator/room": 2,
    "facilitator/store": 1,
    "facilitator/files": 1.5,
    "facilitator/language": 1,
    "facilitator/language/catalogs": 0.5,
    "facilitator": 0,
}
OURS = {"pages", "server", "kohtaamo", "exports", "facilitator", "workshop_app", "serve"}


@dataclass(frozen=True)
class Import:
    module: str  # the importing file, as a path from the root
    source: str  # its folder
    target: str  # the imported module's folder
    line: int


def folder_of(module: str) -> str:
    """`facilitator.steps.plan` -> `facilitator/steps`; a package names itself."""
    parts = module.split(".")
    path = ROOT.joinpath(*parts)
    if path.is_dir():
        return "/".join(parts)
    if len(parts) == 1:
        return parts[0]
    return "/".join(parts[:-1])


def _modules() -> list[Path]:
    found: list[Path] = []
    for name in SOURCES:
        path = ROOT / name
        found += [path] if path.is_file() else sorted(path.rglob("*.py"))
    return found


def _imported(tree: ast.AST) -> list[tuple[str, int]]:
    names: list[tuple[str, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.split(".")[0] not in OURS:
                continue
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                is_module = ROOT.joinpath(*sub.split(".")).with_suffix(".py").exists()
                names.append((sub if is_module else node.module, node.lineno))
        elif isinstance(node, ast.Import):
            names += [(a.name, node.lineno) for a in node.names if a.name.split(".")[0] in OURS]
    return names


def imports() -> list[Import]:
    found = []
    for path in _modules():
        rel = path.relative_to(ROOT).as_posix()
        source = folder_of(rel.removesuffix(".py").removesuffix("/__init__").replace("/", "."))
        if path.name == "__init__.py":
            source = rel.rsplit("/", 1)[0]
        for module, line in _imported(ast.parse(path.read_text(encoding="utf-8"))):
            target = folder_of(module)
            if target != source:
                found.append(Import(rel, source, target, line))
    return found


def level(folder: str) -> float:
    if folder not in LEVELS:
        raise KeyError(f"{folder} has no floor in scripts/floors.py: give it one")
    return LEVELS[folder]


def wrong_way(found: list[Import]) -> list[str]:
    """Every import that runs up, or sideways between rooms of one level."""
    return [
        f"{i.module}:{i.line} imports {i.target} ({level(i.target)}) from {i.source}"
        f" ({level(i.source)})"
        for i in found
        if level(i.target) >= level(i.source)
    ]


def graph(found: list[Import]) -> dict[str, dict[str, int]]:
    edges: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for i in found:
        edges[i.source][i.target] += 1
    return edges


def drawn(found: list[Import]) -> str:
    edges = graph(found)
    folders = sorted({i.source for i in found} | {i.target for i in found}, key=level, reverse=True)
    lines = []
    for folder in folders:
        targets = sorted(edges.get(folder, {}).items(), key=lambda kv: -level(kv[0]))
        said = ", ".join(f"{t} ({n})" for t, n in targets) or "nothing of ours"
        lines.append(f"{folder:32} -> {said}")
    return "\n".join(lines)


def main() -> int:
    found = imports()
    print(drawn(found))
    wrong = wrong_way(found)
    for line in wrong:
        print(f"WRONG WAY: {line}", file=sys.stderr)
    print(f"\n{len(found)} imports between folders, {len(wrong)} the wrong way.")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
