"""Model versions: version 2 started from the follow-up with a facilitator passphrase of its
own, a way to sign in to it, and per phase what changed."""

from __future__ import annotations

import streamlit as st

from facilitator.domain import Workshop
from facilitator.followup import versions
from facilitator.followup.versions import PhaseChange
from facilitator.room import workshops
from facilitator.store.db import Store
from pages.followup.common import Desk
from pages.widgets import forms, words


def _changes(changes: list[PhaseChange]) -> None:
    if not any(c.changed for c in changes):
        st.caption(words.tr("fu.versions.no_changes"))
    for c in changes:
        if not c.changed:
            st.markdown(f"- {words.plain(c.name)}: {words.tr('fu.versions.same')}")
            continue
        with st.container(border=True):
            st.markdown(f"**{words.plain(c.name)}**")
            if c.new:
                st.markdown(words.tr("fu.versions.new_phase"))
            elif c.dropped:
                st.markdown(words.tr("fu.versions.dropped"))
            if c.target_changed:
                st.markdown(
                    words.tr(
                        "fu.versions.target",
                        before=words.plain(c.before_target or ""),
                        after=words.plain(c.after_target or ""),
                    )
                )
            if c.behaviours_changed and not (c.new or c.dropped):
                before = {b.text: b.fixed for b in c.before}
                after = {b.text: b.fixed for b in c.after}
                for text, fixed in after.items():
                    kind = words.tr("fu.observe.is_fixed" if fixed else "fu.observe.is_flexible")
                    if text not in before:
                        st.markdown(
                            words.tr("fu.versions.added", text=words.plain(text), kind=kind)
                        )
                    elif before[text] != fixed:
                        st.markdown(
                            words.tr("fu.versions.turned", text=words.plain(text), kind=kind)
                        )
                for text in before.keys() - after.keys():
                    st.markdown(words.tr("fu.versions.removed", text=words.plain(text)))


def version_note(store: Store, workshop: Workshop) -> None:
    """On a later version's console at every step: what changed from the version before, so
    the room works on the differences (the follow-up's Versions tab says the same once done)."""
    before = versions.previous(store, workshop.id)
    if before is None:
        return
    old = workshops.get(store, before)
    title = words.tr(
        "fu.versions.note",
        n=versions.version_number(store, workshop.id),
        code=old.code,
    )
    with st.expander(title):
        _changes(versions.changes(store, before, workshop.id))


def draw(desk: Desk) -> None:
    fu = desk.fu
    st.caption(words.tr("fu.versions.intro"))
    st.markdown(words.tr("fu.versions.this", n=fu.version))
    if fu.previous_id is not None:
        old = workshops.get(desk.store, fu.previous_id)
        st.markdown(f"**{words.tr('fu.versions.from_previous', code=old.code)}**")
        _changes(versions.changes(desk.store, fu.previous_id, desk.workshop.id))
    if fu.next_id is not None:
        new = workshops.get(desk.store, fu.next_id)
        st.success(words.tr("fu.versions.started", n=fu.version + 1, code=new.code))
        st.link_button(
            words.tr("fu.versions.sign_in"),
            f"{desk.base_url}/?tab=resume",
            icon=":material/login:",
        )
        st.markdown(f"**{words.tr('fu.versions.to_next')}**")
        _changes(versions.changes(desk.store, desk.workshop.id, fu.next_id))
        return
    form = forms.NewForm("fu_version", saved="fu_version_saved")
    with st.form(f"fu_version_{form.generation}", enter_to_submit=False):
        st.markdown(f"**{words.tr('fu.versions.start_title', n=fu.version + 1)}**")
        st.caption(words.tr("fu.versions.start_help"))
        typed = forms.new_passphrase(words.tr("fu.versions.passphrase"), f"fu_v_{form.generation}")
        sent = st.form_submit_button(
            words.tr("fu.versions.start", n=fu.version + 1), type="primary"
        )
    if sent and form.stored(
        lambda _: versions.start_version(desk.store, desk.key, forms.same_twice(typed))
    ):
        st.rerun()
