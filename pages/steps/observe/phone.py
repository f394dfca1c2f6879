"""Step 1 on the phone: the observation form and this person's own list."""

from __future__ import annotations

import streamlit as st

from facilitator.domain import Kind, Participant, Viewpoint, Workshop
from facilitator.errors import KohtaamoError
from facilitator.steps import observations
from facilitator.store.db import Store
from pages.widgets import choices, forms, outage, words


def _choice_fields(prefix: str, viewpoint: str | None, kind: str | None) -> tuple:
    viewpoints = [v.value for v in Viewpoint]
    kinds = [k.value for k in Kind]
    chosen_kind = choices.enum_radio(
        words.tr("observe.kind"),
        Kind,
        "kind",
        index=kinds.index(kind) if kind else None,
        horizontal=True,
        key=f"{prefix}_kind",
    )
    chosen_viewpoint = choices.enum_radio(
        words.tr("observe.viewpoint"),
        Viewpoint,
        "viewpoint",
        index=viewpoints.index(viewpoint) if viewpoint else None,
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
    form = forms.NewForm("obs", saved="obs_saved")
    generation = form.generation
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
    if form.repeated_tap(text):
        return
    draft = _draft(viewpoint, kind, text)
    if draft is None:
        return
    if form.stored(lambda key: observations.submit(store, me, draft, submission_key=key)):
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


@outage.fragment
def phone(store: Store, workshop: Workshop, me: Participant) -> None:
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
