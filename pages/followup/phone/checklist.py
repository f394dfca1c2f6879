"""The observer's checklist of one visit: the unit and the phase, each of the phase's
behaviours marked seen, not seen or not applicable, an optional note; and their visits so far."""

from __future__ import annotations

import streamlit as st

from facilitator.domain import Workshop
from facilitator.errors import KohtaamoError
from facilitator.followup import rounds, units
from facilitator.followup.people import Person
from facilitator.followup.rounds import Mark
from facilitator.store.db import Store
from pages.widgets import forms, outage, words

SAVED = "visit_saved"  # the mark NewForm leaves after a stored visit
VISIT_ERROR = "visit_error"  # what the Save callback refused: an error, or how many unmarked


@outage.fragment
def panel(store: Store, workshop: Workshop, me: Person) -> None:
    """One visit at a time: a stored visit empties the checklist for the next (forms.NewForm),
    and a double tap on Save stores the visit once (its submission key)."""
    forms.confirmations()
    named = {u.id: u.name for u in units.list_units(store, workshop.id)}
    listed = rounds.checklist(store, workshop.id)
    if not named:
        st.info(words.tr("follow_phone.no_units"))
        return
    if not listed:
        st.info(words.tr("follow_phone.no_checklist"))
        return
    form = forms.NewForm("visit", saved=SAVED)
    mine = rounds.visits(store, workshop.id, person_id=me.id)
    # Said once, in the run of the save: the mark is taken down as it is read.
    if st.session_state.pop(SAVED, False):
        st.success(words.tr("follow_phone.visit_saved_count", n=len(mine)), icon="✅")
    st.header(words.tr("follow_phone.visit_title"), anchor=False)
    # The unit stays for the next visit (an observer walks one store at a time); the phase and
    # the marks start afresh, under the form's next generation.
    unit_id = st.selectbox(
        words.tr("follow_phone.visit_unit"),
        list(named),
        format_func=named.__getitem__,
        index=None,
        placeholder=words.tr("ui.choose"),
        filter_mode=None,
        key="visit_unit",
    )
    phases = {
        phase.id: (position, phase, found) for position, (phase, found) in enumerate(listed, 1)
    }
    phase_id = st.selectbox(
        words.tr("follow_phone.visit_phase"),
        list(phases),
        format_func=lambda i: f"{phases[i][0]}. {phases[i][1].name}",
        index=None,
        placeholder=words.tr("ui.choose"),
        filter_mode=None,
        key=f"visit_phase_{form.generation}",
    )
    if unit_id is not None and phase_id is not None:
        _visit_form(store, me, form, unit_id, phase_id, phases[phase_id][2])
    _my_visits(mine, named, {p.id: p.name for p, _ in listed})


def _save_visit(
    store: Store, me: Person, unit_id: int, phase_id: int, count: int, generation: int
) -> None:
    """The Save button's callback. It runs before the checklist is drawn, so a saved visit is
    confirmed and the next one drawn in the same run: one run per save, not two (fifty
    observers save at once, make bench). A refusal is kept for the checklist to say."""
    state = st.session_state
    form = forms.NewForm("visit", saved=SAVED)
    if generation != form.generation:  # a second tap on a checklist already saved
        return
    chosen = {place: state.get(f"mark_{generation}_{phase_id}_{place}") for place in range(count)}
    missing = sum(1 for mark in chosen.values() if mark is None)
    if missing:  # said with how many; the marks made stay as they are
        state[VISIT_ERROR] = missing
        return
    note = state.get(f"visit_note_{generation}")
    try:
        rounds.send_visit(store, me, unit_id, phase_id, chosen, note, form.submission_key("visit"))
    except KohtaamoError as err:
        state[VISIT_ERROR] = err
        return
    state[form.generation_key] = generation + 1
    state[SAVED] = True
    forms.confirm("follow_phone.visit_saved")


def _visit_form(
    store: Store,
    me: Person,
    form: forms.NewForm,
    unit_id: int,
    phase_id: int,
    behaviours: list[rounds.Behaviour],
) -> None:
    names = {m.value: words.name_of("mark", m) for m in Mark}
    st.caption(words.tr("follow_phone.visit_help"))
    with st.form(f"visit_{form.generation}", border=False, enter_to_submit=words.enter_submits()):
        for place, behaviour in enumerate(behaviours):
            with st.container(border=True):
                st.markdown(words.plain(behaviour.text))
                if behaviour.fixed:
                    st.caption(f"🔒 {words.tr('follow_phone.fixed')}")
                st.segmented_control(
                    words.hidden_label(words.tr("field.mark"), behaviour.text),
                    [m.value for m in Mark],
                    format_func=names.__getitem__,
                    key=f"mark_{form.generation}_{phase_id}_{place}",
                    label_visibility="collapsed",
                    width="stretch",
                )
        st.text_area(
            words.tr("follow_phone.note"),
            placeholder=words.tr("follow_phone.note_placeholder"),
            key=f"visit_note_{form.generation}",
            height=90,
        )
        words.limit_note(rounds.MAX_NOTE)
        st.form_submit_button(
            words.tr("follow_phone.send_visit"),
            type="primary",
            width="stretch",
            on_click=_save_visit,
            args=(store, me, unit_id, phase_id, len(behaviours), form.generation),
        )
    refused = st.session_state.pop(VISIT_ERROR, None)
    if isinstance(refused, KohtaamoError):
        forms.show_error(refused, toast=True)
    elif refused is not None:
        text = words.tr("follow_phone.marks_missing", n=refused)
        st.error(text, icon="⚠️")
        st.toast(text, icon="⚠️")


def _my_visits(
    mine: list[rounds.Visit], units_named: dict[int, str], phases: dict[int, str]
) -> None:
    """The observer's own visits so far, newest first."""
    st.header(words.tr("follow_phone.my_visits"), anchor=False)
    if not mine:
        st.caption(words.tr("follow_phone.no_visits"))
        return
    lines = []
    for visit in reversed(mine):
        seen = sum(1 for m in visit.marks.values() if m == Mark.SEEN)
        counted = sum(1 for m in visit.marks.values() if m != Mark.NOT_APPLICABLE)
        line = words.tr(
            "follow_phone.visit_line",
            unit=words.plain(units_named.get(visit.unit_id, "?")),
            phase=words.plain(phases.get(visit.phase_id, "?")),
            seen=seen,
            counted=counted,
        )
        lines.append(f"- {line}")
    st.markdown("\n".join(lines))
