"""README's command line section is honest: every command it shows parses, and every command and
option the command line has is shown there."""

from __future__ import annotations

import argparse
import re
import shlex
from pathlib import Path

import pytest

from kohtaamo import cli

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    start = README.index(f"## {title}\n")
    end = README.find("\n## ", start + 1)
    return README[start : end if end > 0 else None]


COMMAND_LINE = _section("Command line")
SHOWN = [
    line.split("#")[0].strip() for line in re.findall(r"^kohtaamo .*$", README, flags=re.MULTILINE)
]


def _subparsers() -> dict[str, argparse.ArgumentParser]:
    parser = cli._parser()
    (group,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(group.choices)


def _runnable(line: str) -> list[str]:
    # [--option VALUE] marks an option the reader may leave out: here it is put in, so that it
    # is checked too. "fi|en" and "STEP" stand for one value.
    line = re.sub(r"\[([^\]]+)\]", r"\1", line).replace("fi|en", "fi").replace("STEP", "done")
    return shlex.split(line)[1:]


def test_the_section_shows_commands() -> None:
    # Guards the tests below: they would pass on a README that shows none.
    assert len(SHOWN) >= len(cli.COMMANDS)


@pytest.mark.parametrize("line", SHOWN)
def test_every_command_shown_parses(line: str) -> None:
    try:
        cli._parser().parse_args(_runnable(line))
    except SystemExit as exit_:  # argparse's way of refusing
        pytest.fail(f"{line!r} does not parse: exit {exit_.code}")


@pytest.mark.parametrize("command", sorted(cli.COMMANDS))
def test_every_command_is_shown(command: str) -> None:
    assert any(_runnable(line)[0] == command for line in SHOWN)


@pytest.mark.parametrize(
    ("command", "option"),
    [
        (name, option)
        for name, sub in _subparsers().items()
        for action in sub._actions
        for option in action.option_strings
        if option.startswith("--") and option not in {"--help", "--db"}
    ],
)
def test_every_option_is_shown_with_its_command(command: str, option: str) -> None:
    assert any(_runnable(line)[0] == command and option in line for line in SHOWN)


def test_the_section_says_what_export_writes() -> None:
    for name in (
        "model.docx",
        "plan.docx",
        "staff-card.docx",
        "followup.docx",
        "results.xlsx",
        "data.zip",
    ):
        assert name in COMMAND_LINE
    assert "--db PATH" in COMMAND_LINE
