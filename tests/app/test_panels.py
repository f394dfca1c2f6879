"""Every step is a panel with the same three parts (pages/steps Panel), and the pages pick one by
the step instead of naming steps themselves (issue 16, point 5)."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from facilitator.domain import Step
from pages.steps import PANELS

ROOT = Path(__file__).resolve().parents[2]
PARTS = ("phone", "console", "projector")


def _parameters(function: object) -> list[str]:
    return [p for p in inspect.signature(function).parameters if p != "self"]


def test_the_six_steps_between_the_lobby_and_the_end_are_panels():
    assert list(PANELS) == [s for s in Step if s not in {Step.LOBBY, Step.DONE}]


@pytest.mark.parametrize("step", list(PANELS), ids=str)
@pytest.mark.parametrize("part", PARTS)
def test_a_panel_draws_each_screen_with_the_same_parameters(step, part):
    assert _parameters(getattr(PANELS[step], part)) == EXPECTED[part]


EXPECTED = {
    "phone": ["store", "workshop", "me"],
    "console": ["store", "key", "workshop", "act"],
    "projector": ["store", "workshop"],
}


def test_only_the_target_step_lists_what_others_send_on_a_phone():
    assert [s for s, panel in PANELS.items() if panel.shows_others] == [Step.TARGET]


def test_a_step_package_keeps_its_parts_as_modules():
    """`pages.steps.plan.console` is the module (a test can patch what is in it), not the
    function of the same name."""
    import importlib

    for step in PANELS:
        package = importlib.import_module(f"pages.steps.{step.value}")
        for part in PARTS:
            assert inspect.ismodule(getattr(package, part)), (step, part)


@pytest.mark.parametrize("page", ["participant.py", "console.py", "projector.py"])
def test_a_page_names_no_step_of_its_own_but_the_lobby(page):
    text = (ROOT / "pages" / page).read_text(encoding="utf-8")
    named = {s for s in Step if f"Step.{s.name}" in text}
    assert named <= {Step.LOBBY}
    assert "PANELS[workshop.step]." in text


def test_the_phones_check_of_the_room_names_no_step():
    text = (ROOT / "pages" / "widgets" / "following.py").read_text(encoding="utf-8")
    assert "Step." not in text
