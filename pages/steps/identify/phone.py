"""Step 2 on the phone: one dot ballot for both kinds, and what it holds once sent."""

from __future__ import annotations

import secrets

import streamlit as st

from facilitator.domain import Kind, Participant, Workshop
from facilitator.errors import KohtaamoError
from facilitator.steps import observations, voting
from facilitator.store.db import Store
from pages.steps.identify import ballot
from pages.widgets import forms, outage, words


def _item_label(item: voting.Item) -> str:
    """An item's text on one line, as typed, escaped for the sent ballot's Markdown list."""
    return words.plain(ballot.item_text(item))


def _send_ballot(store: Store, me: Participant, value: object) -> KohtaamoError | None:
    """Store both kinds' ballots the phone sent with one tap; the reason if refused."""
    generation = st.session_state.setdefault("ballot_generation", 0)
    try:
        voting.submit_ballots(
            store,
            me,
            ballot.parse(value),
            submission_key=f"{st.session_state['session_tag']}-{generation}",
        )
    except KohtaamoError as err:
        return err
    st.session_state["ballot_generation"] = generation + 1
    st.session_state["ballot_editing"] = False
    return None


def _change_ballot() -> None:
    st.session_state["ballot_editing"] = True


def _my_dots(
    pools: dict[Kind, list[voting.Item]], saved: dict[Kind, dict[int, int]], *, changeable: bool
) -> None:
    """What this person's ballot holds, in one element, with a way back to the ballot.

    After a send the phone shows this instead of the ballot: the confirmation a room expects
    (Mentimeter, Slido), where the person tapped, and fewer elements, which is what a full
    room's closing burst costs the server (make bench, issue 6).
    """
    parts = [words.tr("vote.saved")]
    for kind, pool in pools.items():
        lines = [
            f"- **{saved[kind][item.id]}** · {_item_label(item)}"
            for item in pool
            if item.id in saved[kind]
        ]
        if lines:
            parts.append(
                f"**{words.plain(words.name_of('kind_plural', kind))}**\n\n" + "\n".join(lines)
            )
    st.success("\n\n".join(parts), icon="✅")
    if changeable:
        st.button(
            words.tr("vote.change"),
            icon=":material/edit:",
            width="stretch",
            key="change_ballot",
            on_click=_change_ballot,
        )


@outage.fragment
def ballot_panel(store: Store, workshop: Workshop, me: Participant) -> None:
    """Both kinds' ballots in one element, sent with one tap; once sent, what they hold, and a
    tap to change them (sending again replaces them)."""
    budget, per_item = voting.settings(store, workshop.id)
    visible = observations.list_visible(store, workshop.id)
    pools = {kind: voting.items(visible, kind) for kind in Kind}
    saved: dict[Kind, dict[int, int]] = {}
    for kind, pool in pools.items():
        ids = {item.id for item in pool}
        saved[kind] = {i: n for i, n in voting.my_ballot(store, me, kind).items() if i in ids and n}
    sent_any = any(saved.values())
    if not any(pools.values()):
        st.caption(words.tr("vote.nothing"))
        return
    if not workshop.input_open:
        st.info(words.tr("phone.input_closed"))
        if sent_any:
            _my_dots(pools, saved, changeable=False)
        return
    if sent_any and not st.session_state.get("ballot_editing", False):
        _my_dots(pools, saved, changeable=True)
        return
    notice = st.empty()  # a refused send's reason, above the ballot that keeps its picks
    slot = st.empty()
    with slot.container():
        st.caption(words.tr("vote.help", max=per_item))
        st.session_state.setdefault("session_tag", secrets.token_hex(8))
        # The phone's picks outlive reruns while this stays the same; a ballot stored changes
        # it, and the ballot starts again from what was stored.
        version = repr(sorted((k.value, sorted(d.items())) for k, d in saved.items()))
        sent = ballot.ballot(pools, saved, budget=budget, per_item=per_item, version=version)
    if sent is None:
        return
    # The send is handled in the run it arrives with, and what was stored is drawn in the
    # ballot's place: one run per tap, as a form's callback gave (make bench, issue 6).
    # The Send button stands at the foot of a long list: what came of the tap is said in the
    # screen's corner as well, where the thumb is (issue 14, point 6).
    if (err := _send_ballot(store, me, sent)) is not None:
        with notice.container():
            forms.show_error(err, toast=True)
        return
    st.toast(words.tr("vote.saved"), icon="✅", duration="short")
    stored = {kind: voting.my_ballot(store, me, kind) for kind in Kind}
    if not any(stored.values()):
        return  # every dot taken back: the empty ballot stays, to give them again
    with slot.container():
        _my_dots(pools, stored, changeable=True)


def phone(store: Store, workshop: Workshop, me: Participant) -> None:
    """Step 2 on the phone: one ballot for strengths and weaknesses, sent with one tap."""
    ballot_panel(store, workshop, me)
