"""The follow-up area of the console (issue 17): the facilitator's after the workshop, and the
project lead's own console."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from facilitator.data.demo import DEMO_PASSPHRASE, create_demo
from facilitator.domain import Step
from facilitator.followup import metrics, milestones, units
from facilitator.language.i18n import t
from facilitator.room import access, workshops

LEAD_PASSPHRASE = "vetäjän oma tunnuslause"
TABS = ("overview", "units", "metrics", "observation", "milestones", "pulse", "versions")


@pytest.fixture
def done(store):
    """The finished demo workshop, signed in as its facilitator."""
    code = create_demo(store, language="fi")
    workshop, key = workshops.login(store, code, DEMO_PASSPHRASE)
    return workshop, key


def _console(app, key) -> AppTest:
    at = app(key=key).run()
    assert not at.exception, at.exception
    return at


def _tab_labels(at: AppTest) -> list[str]:
    return [tab.label for tab in at.tabs]


def _button(at: AppTest, label_key: str, **params: object):
    label = t("fi", label_key, **params)
    return next(b for b in at.button if b.label == label)


def _text_input(at: AppTest, label_key: str):
    label = t("fi", label_key)
    return next(w for w in at.text_input if w.label == label)


def test_the_facilitator_sees_the_follow_up_when_the_workshop_is_done(app, store, done):
    _, key = done
    at = _console(app, key)
    labels = _tab_labels(at)
    assert [t("fi", f"fu.tab.{name}") for name in TABS] + [t("fi", "fu.tab.lead")] == [
        label for label in labels if label.startswith(tuple(t("fi", f"fu.tab.{n}") for n in (*TABS, "lead")))
    ]


def test_before_done_there_is_no_follow_up(app, store, done):
    _, key = done
    workshops.set_step(store, key, Step.PLAN)
    at = _console(app, key)
    assert t("fi", "fu.tab.overview") not in _tab_labels(at)
    assert t("fi", "fu.title") not in [s.value for s in at.subheader]
