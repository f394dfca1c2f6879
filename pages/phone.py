"""What a participant's phone draws in steps 1 and 2, and its check of the room.

Defined here, once per process, rather than in the page: a page's functions are made anew in
each of its runs, and the fragments and callbacks among them kept that run's whole namespace
alive in every phone's session (issue 6: a tracemalloc trace of a join storm showed the page's
namespace once per session).
"""

import secrets

import streamlit as st

from facilitator import observations, voting
from facilitator.db import Store
from facilitator.domain import Kind, Participant, Step, Viewpoint, Workshop
from facilitator.errors import KohtaamoError
from pages import push, ui

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
        # Held at the foot of the screen (ui.PHONE_CSS): the offer is seen wherever the person
        # scrolled to, not only at the top of the page, where it was drawn (issue 14).
        with st.container(key="show_new"):
            if st.button(ui.tr("phone.show_new"), icon=":material/refresh:", width="stretch"):
                st.rerun()


def _choice_fields(prefix: str, viewpoint: str | None, kind: str | None) -> tuple:
    viewpoints = [v.value for v in Viewpoint]
    kinds = [k.value for k in Kind]
    chosen_kind = st.radio(
        ui.tr("observe.kind"),
        kinds,
        index=kinds.index(kind) if kind else None,
        format_func=lambda v: ui.name_of("kind", v),
        horizontal=True,
        key=f"{prefix}_kind",
    )
    chosen_viewpoint = st.radio(
        ui.tr("observe.viewpoint"),
        viewpoints,
        index=viewpoints.index(viewpoint) if viewpoint else None,
        format_func=lambda v: ui.name_of("viewpoint", v),
        captions=[ui.tr(f"viewpoint.{v}.help") for v in viewpoints],
        key=f"{prefix}_viewpoint",
    )
    return chosen_viewpoint, chosen_kind


def _draft(viewpoint: str | None, kind: str | None, text: str) -> observations.Draft | None:
    if kind is None:
        st.error(ui.tr("error.kind_missing"))
        return None
    if viewpoint is None:
        st.error(ui.tr("error.viewpoint_missing"))
        return None
    try:
        return observations.draft(viewpoint, kind, text)
    except KohtaamoError as err:
        ui.show_error(err)
        return None


def _new_observation_form(store: Store, me: Participant) -> None:
    generation = st.session_state.setdefault("obs_generation", 0)
    session_tag = st.session_state.setdefault("session_tag", secrets.token_hex(8))
    with st.form(f"new_observation_{generation}", enter_to_submit=ui.enter_submits()):
        viewpoint, kind = _choice_fields(f"new_{generation}", None, None)
        text = st.text_area(
            ui.tr("observe.text"),
            placeholder=ui.tr("observe.placeholder"),
            key=f"new_{generation}_text",
        )
        ui.limit_note(observations.MAX_OBSERVATION)
        submitted = st.form_submit_button(ui.tr("observe.submit"), type="primary", width="stretch")
    if not submitted:
        return
    if st.session_state.get("obs_saved") and not (text or "").strip():
        return  # the second tap of a double tap, on the form the save just emptied
    st.session_state["obs_saved"] = False
    draft = _draft(viewpoint, kind, text)
    if draft is None:
        return
    key = f"{session_tag}-{generation}"
    if ui.form_stored(
        lambda: observations.submit(store, me, draft, submission_key=key),
        "obs_generation",
        "obs_saved",
    ):
        ui.confirm("observe.saved")
        ui.rerun_fragment()


def _own_observation(
    store: Store, me: Participant, obs: observations.Observation, editable: bool
) -> None:
    with st.container(border=True):
        st.text(obs.text)
        st.caption(f"{ui.name_of('kind', obs.kind)} · {ui.name_of('viewpoint', obs.viewpoint)}")
        if not editable:
            return
        with (
            st.expander(ui.tr("observe.edit")),
            st.form(f"edit_{obs.id}", enter_to_submit=ui.enter_submits()),
        ):
            viewpoint, kind = _choice_fields(f"edit_{obs.id}", obs.viewpoint, obs.kind)
            text = st.text_area(ui.tr("observe.text"), value=obs.text)
            ui.limit_note(observations.MAX_OBSERVATION)
            save, delete = st.columns(2)
            saved = save.form_submit_button(ui.tr("observe.save"), type="primary", width="stretch")
            deleted = delete.form_submit_button(ui.tr("observe.delete"), width="stretch")
        try:
            if deleted:
                observations.delete_own(store, me, obs.id)
                ui.rerun_fragment()
            if saved and (draft := _draft(viewpoint, kind, text)) is not None:
                observations.edit_own(store, me, obs.id, draft)
                ui.rerun_fragment()
        except KohtaamoError as err:
            ui.show_error(err)


@st.fragment
def observe_panel(store: Store, workshop: Workshop, me: Participant) -> None:
    """The observation form and this person's own list; a tap reruns only this part."""
    ui.confirmations()
    if workshop.input_open:
        _new_observation_form(store, me)
    else:
        st.info(ui.tr("phone.input_closed"))
    mine = observations.list_own(store, me)
    st.subheader(ui.tr("observe.mine", n=len(mine)), anchor=False)
    if not mine:
        st.caption(ui.tr("observe.none_yet"))
    for obs in mine:
        _own_observation(store, me, obs, workshop.input_open)


def _item_label(item: voting.Item) -> str:
    """An item's text on one line, as typed: the dot control's label and the ballot's line."""
    return ui.plain(" ".join(item.observation.text.split()))


def _send_ballot(
    store: Store, me: Participant, kind: Kind, generation: int, item_ids: list[int]
) -> None:
    """The ballot form's callback: it runs before the fragment draws, so one run both stores
    the ballot and draws what was stored."""
    chosen = {i: st.session_state.get(f"dots_{kind}_{generation}_{i}") or 0 for i in item_ids}
    try:
        voting.submit_ballot(
            store,
            me,
            kind,
            chosen,
            submission_key=f"{st.session_state['session_tag']}-{kind}-{generation}",
        )
    except KohtaamoError as err:
        st.session_state[f"ballot_error_{kind}"] = err
        return
    st.session_state[f"ballot_generation_{kind}"] = generation + 1
    st.session_state[f"ballot_editing_{kind}"] = False


def _change_ballot(kind: Kind) -> None:
    st.session_state[f"ballot_editing_{kind}"] = True


def _my_dots(
    pool: list[voting.Item], saved: dict[int, int], kind: Kind, *, changeable: bool
) -> None:
    """What this person's ballot holds, in one element, with a way back to the form.

    After a send the phone shows this instead of the form: the confirmation a room expects
    (Mentimeter, Slido), and a quarter of the elements, which is what a full room's closing
    burst costs the server (make bench, issue 6).
    """
    lines = [f"- **{saved[item.id]}** · {_item_label(item)}" for item in pool if item.id in saved]
    st.success(f"{ui.tr('vote.saved')} {ui.tr('vote.your_dots')}\n\n" + "\n".join(lines))
    if changeable:
        st.button(
            ui.tr("vote.change"),
            icon=":material/edit:",
            width="stretch",
            key=f"change_ballot_{kind}",
            on_click=_change_ballot,
            args=(kind,),
        )


@st.fragment
def ballot_panel(store: Store, workshop: Workshop, me: Participant, kind: Kind) -> None:
    """One ballot for one kind: dots per item, sent with one tap; once sent, what it holds,
    and a tap to change it (sending again replaces it)."""
    budget, per_item = voting.settings(store, workshop.id)
    pool = voting.items(observations.list_visible(store, workshop.id), kind)
    saved = voting.my_ballot(store, me, kind)
    item_ids = [item.id for item in pool]
    mine = {i: n for i, n in saved.items() if i in item_ids and n}
    left = budget - sum(mine.values())
    st.markdown(f"**{ui.tr('vote.dots_left', left=left, budget=budget)}**")
    if not pool:
        st.caption(ui.tr("vote.nothing"))
        return
    if not workshop.input_open:
        st.info(ui.tr("phone.input_closed"))
        if mine:
            _my_dots(pool, mine, kind, changeable=False)
        return
    if (err := st.session_state.pop(f"ballot_error_{kind}", None)) is not None:
        ui.show_error(err)
    elif mine and not st.session_state.get(f"ballot_editing_{kind}", False):
        _my_dots(pool, mine, kind, changeable=True)
        return
    st.caption(ui.tr("vote.help", max=per_item))
    generation = st.session_state.setdefault(f"ballot_generation_{kind}", 0)
    st.session_state.setdefault("session_tag", secrets.token_hex(8))
    with st.form(f"ballot_{kind}_{generation}"):
        # One element per item, its text the control's label: a full room sends these forms
        # at once, and every element drawn is server time (issue 6).
        for item in pool:
            st.segmented_control(
                _item_label(item),
                list(range(per_item + 1)),
                default=saved.get(item.id, 0),
                key=f"dots_{kind}_{generation}_{item.id}",
            )
        st.form_submit_button(
            ui.tr("vote.submit"),
            type="primary",
            width="stretch",
            on_click=_send_ballot,
            args=(store, me, kind, generation, item_ids),
        )


def identify(store: Store, workshop: Workshop, me: Participant) -> None:
    """Step 2 on the phone: a ballot per kind, one tab each."""
    # Only the open tab's ballot is drawn: a phone joining at step 2 costs the server half the
    # elements and half the widget state (make bench, issue 6). Changing tabs reruns the page.
    kinds = {ui.name_of("kind_plural", k): k for k in Kind}
    for tab, kind in zip(
        st.tabs(list(kinds), key="ballot_kind", on_change="rerun"), kinds.values(), strict=True
    ):
        if tab.open:
            with tab:
                ballot_panel(store, workshop, me, kind)
