"""The project lead's sign-in, given by the facilitator: a passphrase of the lead's own, since
when they have it, taking it back."""

from __future__ import annotations

import streamlit as st

from facilitator.room import access
from pages.followup.common import Desk, call, date
from pages.widgets import forms, words


def draw(desk: Desk) -> None:
    st.caption(words.tr("fu.lead.intro"))
    since = access.lead_since(desk.store, desk.workshop.id)
    if since is None:
        st.info(words.tr("fu.lead.none"))
    else:
        st.success(words.tr("fu.lead.since", day=date(since.date())))
        st.caption(words.tr("fu.lead.how", code=desk.workshop.code))
    form = forms.NewForm("fu_lead", saved="fu_lead_saved")
    with st.form(f"fu_lead_{form.generation}", enter_to_submit=False):
        typed = forms.new_passphrase(words.tr("fu.lead.passphrase"), f"fu_lead_{form.generation}")
        label = "fu.lead.give" if since is None else "fu.lead.replace"
        sent = st.form_submit_button(words.tr(label), type="primary")
    if sent and form.stored(
        lambda _: access.grant_lead(desk.store, desk.key, forms.same_twice(typed))
    ):
        forms.confirm("fu.lead.given")
        st.rerun()
    if since is not None and st.button(
        words.tr("fu.lead.revoke"), icon=":material/block:", key="fu_lead_revoke"
    ):
        if call(access.revoke_lead, desk):
            forms.confirm("fu.lead.revoked")
            st.rerun()
