"""The follow-up after the workshop (issue 17), on the console: for the facilitator once the
workshop is done, and the whole console for the client's project lead."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from facilitator.domain import Step, Workshop
from facilitator.followup.summary import follow_up
from facilitator.room import links
from facilitator.room.workshops import FacilitatorKey
from facilitator.store.db import Store
from pages.followup import (
    lead,
    metrics,
    milestones,
    observation,
    overview,
    pulse,
    report,
    units,
    versions,
)
from pages.followup.common import Desk
from pages.widgets import forms, layout, signin, words


def version_note(store: Store, workshop: Workshop) -> None:
    """A later version of a model says, on its console, what changed from the one before."""
    versions.version_note(store, workshop)


def after_workshop(store: Store, key: FacilitatorKey, workshop: Workshop) -> None:
    """Below the console's end: once the workshop is done, it lives on in its follow-up (the
    lobby, before the steps, has none)."""
    if workshop.step == Step.DONE:
        console(store, key, workshop, lead_signed_in=False)


def console(store: Store, key: FacilitatorKey, workshop: Workshop, *, lead_signed_in: bool) -> None:
    """The follow-up area as tabs; the project lead's tab only for the facilitator."""
    forms.confirmations()
    if (err := st.session_state.pop("followup_error", None)) is not None:
        forms.show_error(err)
    desk = Desk(
        store,
        key,
        workshop,
        lead_signed_in,
        follow_up(store, workshop.id),
        links.public_base_url(st.get_option("server.port")),
    )
    st.subheader(words.tr("fu.title"), anchor=False)
    st.caption(words.tr("fu.intro"))
    panels: dict[str, Callable[[], None]] = {
        words.tr("fu.tab.overview"): lambda: overview.draw(desk),
        words.tr("fu.tab.units"): lambda: units.draw(desk),
        words.tr("fu.tab.metrics"): lambda: metrics.draw(desk),
        words.tr("fu.tab.observation"): lambda: observation.draw(desk),
        words.tr("fu.tab.milestones"): lambda: milestones.draw(desk),
        words.tr("fu.tab.pulse"): lambda: pulse.draw(desk),
        words.tr("fu.tab.versions"): lambda: versions.draw(desk),
    }
    if not lead_signed_in:
        # Giving and taking back the lead's passphrase is the facilitator's alone.
        panels[words.tr("fu.tab.lead")] = lambda: lead.draw(desk)
    layout.tabbed(panels)


def lead_console(store: Store, key: FacilitatorKey, workshop: Workshop) -> None:
    """The project lead's console: the workshop's name, the language and sign-out, and the
    follow-up; none of the workshop's steering, room or documents."""
    head, tools = st.columns([6, 2], vertical_alignment="center")
    with head:
        st.title(words.plain(workshop.title), anchor=False)
        st.caption(f"{words.plain(workshop.organisation)} · {words.tr('fu.lead_signed_in')}")
    with tools:
        words.language_switch()
        st.button(words.tr("console.sign_out"), on_click=signin.sign_out)
    # The one document that is the lead's: the follow-up report for leadership.
    with st.expander(words.tr("fu.report.title")):
        report.report(store, key, workshop)
    st.divider()
    console(store, key, workshop, lead_signed_in=True)
