"""Right after a restart, before any visitor has loaded the start page."""

from __future__ import annotations

import pytest

from facilitator.domain import Step


@pytest.fixture(autouse=True)
def _router_always_runs() -> None:
    """Not here: AppTest starts every run as a freshly started server does."""


def test_a_console_tab_reconnecting_after_a_restart_lands_on_the_start_page(
    store, app, new_workshop
):
    _, key = new_workshop()
    at = app(key=key).run()
    assert at.segmented_control(key="step_nav").value == Step.LOBBY.value

    # A restart loses the session: the open tab reconnects without its key, still on /console.
    del at.session_state["facilitator_key"]
    at.run()

    assert not at.exception
    assert len(at.tabs) == 3
    assert not at.toggle
