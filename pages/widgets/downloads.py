"""The console's documents and data: built together when asked, then downloaded."""

from __future__ import annotations

import streamlit as st

from exports.downloads import everything
from facilitator.domain import Workshop
from facilitator.errors import KohtaamoError
from facilitator.room.workshops import FacilitatorKey
from facilitator.store.db import Store
from pages.widgets import forms, outage, words

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


DOWNLOADS = {
    "model.docx": (DOCX, ":material/description:"),
    "plan.docx": (DOCX, ":material/description:"),
    "staff-card.docx": (DOCX, ":material/description:"),
    "followup.docx": (DOCX, ":material/description:"),
    "results.xlsx": (XLSX, ":material/table_view:"),
    "data.zip": ("application/zip", ":material/folder_zip:"),
    "backup.json": ("application/json", ":material/backup:"),
}


@outage.fragment
def downloads(store: Store, key: FacilitatorKey, workshop: Workshop) -> None:
    """Documents and data, built together when asked (also mid-workshop), then downloaded.

    The files are built into this session, so each button serves bytes the page holds: a file
    built at the moment of the click could be cleared by the server before the browser
    fetched it when a full room keeps the server busy (issue 6).
    """
    version = store.live.data_version(workshop.id)
    built: tuple[int, dict[str, bytes]] | None = st.session_state.get("downloads")
    label = "console.prepare_again" if built else "console.prepare_downloads"
    icon = ":material/refresh:" if built else ":material/download:"
    # A key of its own: the label changes once files exist, and a click must still count.
    if st.button(words.tr(label), icon=icon, key="prepare_downloads"):
        with st.spinner(words.tr("console.preparing")):
            try:
                built = (version, everything(store, key))
            except KohtaamoError as err:
                forms.show_error(err)
                return
        st.session_state["downloads"] = built
        forms.rerun_fragment()  # draws the button under its new label with the files
    if built is None:
        st.caption(words.tr("console.downloads_help"))
        return
    if built[0] != version:
        st.caption(words.tr("console.downloads_stale"))
    slug = workshop.code.lower()
    # A row of the documents for leadership, then a row of the data (workbook, CSV, backup).
    documents = [n for n in DOWNLOADS if n.endswith(".docx")]
    for names in (documents, [n for n in DOWNLOADS if n not in documents]):
        for col, name in zip(st.columns(len(names)), names, strict=True):
            mime, icon = DOWNLOADS[name]
            col.download_button(
                words.tr(f"console.download.{name}"),
                data=built[1][name],
                file_name=f"{slug}-{name}",
                mime=mime,
                on_click="ignore",
                icon=icon,
            )
    st.caption(words.tr("console.downloads_help"))
