"""What a participant's phone draws in steps 1 and 2, and its check of the room.

Defined here, once per process, rather than in the page: a page's functions are made anew in
each of its runs, and the fragments and callbacks among them kept that run's whole namespace
alive in every phone's session (issue 6: a tracemalloc trace of a join storm showed the page's
namespace once per session).
"""

import secrets

import streamlit as st

from facilitator.domain import Kind, Participant, Step, Viewpoint, Workshop
from facilitator.errors import KohtaamoError
from facilitator.steps import observations, voting
from facilitator.store.db import Store
from pages import ballot
from pages.widgets import forms, words
from server import push

# Steps where a phone lists what other people send: new entries are offered, not pushed, so
# nobody's list jumps while they read it, and a busy room does not redraw every phone each time.
SHOWS_OTHERS = {Step.TARGET}


def follow_the_room(store: Store, workshop_id: int, step: Step) -> None:
    """Costs a dictionary look-up or two while nothing changes; reruns the page when it does."""
    push.follow(workshop_id)
    if store.live.state_version(workshop_id) != st.session_state.get("seen_state"):
        st.rerun()
    if step in SHOWS_OTHERS and store.live.content_version(workshop_id) != st.session_state.get(
        "seen_content"
    ):
        # Held at the foot of the screen (styles.PHONE_CSS): the offer is seen wherever the person
        # scrolled to, not only at the top of the page, where it was drawn (issue 14).
        with st.container(key="show_new"):
            if st.button(words.tr("phone.show_new"), icon=":material/refresh:", width="stretch"):
                st.rerun()


def _choice_fields(prefix: str, viewpoint: str | None, kind: str | None) -> tuple:
    viewpoints = [v.value for v in Viewpoint]
    kinds = [k.value for k in Kind]
    chosen_kind = st.radio(
        words.tr("observe.kind"),
        kinds,
        index=kinds.index(kind) if kind else None,
        format_func=lambda v: words.name_of("kind", v),
        horizontal=True,
        key=f"{prefix}_kind",
    )
    chosen_viewpoint = st.radio(
        words.tr("observe.viewpoint"),
        viewpoints,
        index=viewpoints.index(viewpoint) if viewpoint else None,
        format_func=lambda v: words.name_of("viewpoint", v),
        captions=[words.tr(f"viewpoint.{v}.help") for v in viewpoints],
        key=f"{prefix}_viewpoint",
    )
    return chosen_viewpoint, chosen_kind


def _draft(viewpoint: str | None, kind: str | None, text: str) -> observations.Draft | None:
    if kind is None:
        st.error(words.tr("error.kind_missing"))
        return None
    if viewpoint is None:
        st.error(words.tr("error.viewpoint_missing"))
        return None
    try:
        return observations.draft(viewpoint, kind, text)
    except KohtaamoError as err:
        forms.show_error(err)
        return None


def _new_observation_form(store: Store, me: Participant) -> None:
    generation = st.session_state.setdefault("obs_generation", 0)
    session_tag = st.session_state.setdefault("session_tag", secrets.token_hex(8))
    with st.form(f"new_observation_{generation}", enter_to_submit=words.enter_submits()):
        viewpoint, kind = _choice_fields(f"new_{generation}", None, None)
        text = st.text_area(
            words.tr("observe.text"),
            placeholder=words.tr("observe.placeholder"),
            key=f"new_{generation}_text",
        )
        words.limit_note(observations.MAX_OBSERVATION)
        submitted = st.form_submit_button(
            words.tr("observe.submit"), type="primary", width="stretch"
        )
    if not submitted:
        return
    if st.session_state.get("obs_saved") and not (text or "").strip():
        return  # the second tap of a double tap, on the form the save just emptied
    st.session_state["obs_saved"] = False
    draft = _draft(viewpoint, kind, text)
    if draft is None:
        return
    key = f"{session_tag}-{generation}"
    if forms.form_stored(
        lambda: observations.submit(store, me, draft, submission_key=key),
        "obs_generation",
        "obs_saved",
    ):
        forms.confirm("observe.saved")
        forms.rerun_fragment()


def _own_observation(
    store: Store, me: Participant, obs: observations.Observation, editable: bool
) -> None:
    with st.container(border=True):
        st.text(obs.text)
        st.caption(
            f"{words.name_of('kind', obs.kind)} · {words.name_of('viewpoint', obs.viewpoint)}"
        )
        if not editable:
            return
        with (
            st.expander(words.tr("observe.edit")),
            st.form(f"edit_{obs.id}", enter_to_submit=words.enter_submits()),
        ):
            viewpoint, kind = _choice_fields(f"edit_{obs.id}", obs.viewpoint, obs.kind)
            text = st.text_area(words.tr("observe.text"), value=obs.text)
            words.limit_note(observations.MAX_OBSERVATION)
            save, delete = st.columns(2)
            saved = save.form_submit_button(
                words.tr("observe.save"), type="primary", width="stretch"
            )
            deleted = delete.form_submit_button(words.tr("observe.delete"), width="stretch")
        try:
            if deleted:
                observations.delete_own(store, me, obs.id)
                forms.rerun_fragment()
            if saved and (draft := _draft(viewpoint, kind, text)) is not None:
                observations.edit_own(store, me, obs.id, draft)
                forms.rerun_fragment()
        except KohtaamoError as err:
            forms.show_error(err)


@st.fragment
def observe_panel(store: Store, workshop: Workshop, me: Participant) -> None:
    """The observation form and this person's own list; a tap reruns only this part."""
    forms.confirmations()
    if workshop.input_open:
        _new_observation_form(store, me)
    else:
        st.info(words.tr("phone.input_closed"))
    mine = observations.list_own(store, me)
    st.subheader(words.tr("observe.mine", n=len(mine)), anchor=False)
    if not mine:
        st.caption(words.tr("observe.none_yet"))
    for obs in mine:
        _own_observation(store, me, obs, workshop.input_open)


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


@st.fragment
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


def identify(store: Store, workshop: Workshop, me: Participant) -> None:
    """Step 2 on the phone: one ballot for strengths and weaknesses, sent with one tap."""
    ballot_panel(store, workshop, me)
