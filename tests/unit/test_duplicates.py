"""No block of more than 8 lines is written twice in the code outside tests (pylint's
duplicate-code check, which ignores imports, docstrings, comments and signatures)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CODE = ["facilitator", "exports", "pages", "server", "kohtaamo", "serve.py", "workshop_app.py"]


def _duplicates(paths: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pylint",
            "--disable=all",
            "--enable=duplicate-code",
            "--min-similarity-lines=9",
            "--score=n",
            *paths,
        ],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


def test_no_block_of_more_than_8_lines_is_written_twice():
    found = _duplicates(CODE, ROOT)
    assert "R0801" not in found.stdout, found.stdout
    assert found.returncode == 0, found.stdout + found.stderr


def test_the_check_finds_a_block_written_twice(tmp_path):
    """Not blind: two modules sharing nine lines are named."""
    package = tmp_path / "twice"
    package.mkdir()
    (package / "__init__.py").write_text("")
    body = "".join(f"    total += {n} * value\n" for n in range(9))
    for name in ("a", "b"):
        (package / f"{name}.py").write_text(
            f"def {name}(value):\n    total = 0\n{body}    return total\n"
        )
    found = _duplicates(["twice"], tmp_path)
    assert "R0801" in found.stdout
    assert "==twice.a:" in found.stdout
