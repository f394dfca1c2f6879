"""The follow-up report for the project lead's console: the lead has none of the workshop's
documents, but follows the roll-out with followup.docx, made when asked."""

from __future__ import annotations

import streamlit as st

from exports import downloads as bundle
from facilitator.domain import Workshop
from facilitator.errors import KohtaamoError
from facilitator.room.workshops import FacilitatorKey
from facilitator.store.db import Store
from pages.widgets import forms, outage, words

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
BUILT = "fu_report"  # (data version, bytes): the report this session made


@outage.fragment
def report(store: Store, key: FacilitatorKey, workshop: Workshop) -> None:
    """A button that makes the report, then its download (kept in the session, as the
    console's documents are, so the click serves bytes the page already holds)."""
    version = store.live.data_version(workshop.id)
    built: tuple[int, bytes] | None = st.session_state.get(BUILT)
    label = "fu.report.again" if built else "fu.report.make"
    if st.button(words.tr(label), icon=":material/description:", key="fu_report_make"):
        with st.spinner(words.tr("fu.report.making")):
            try:
                built = (version, bundle.follow_up_report(store, key))
            except KohtaamoError as err:
                forms.show_error(err)
                return
        st.session_state[BUILT] = built
        forms.rerun_fragment()
    if built is None:
        st.caption(words.tr("fu.report.help"))
        return
    if built[0] != version:
        st.caption(words.tr("console.downloads_stale"))
    st.download_button(
        words.tr("fu.report.download"),
        data=built[1],
        file_name=f"{workshop.code.lower()}-followup.docx",
        mime=DOCX,
        on_click="ignore",
        icon=":material/download:",
        key="fu_report_download",
    )
