"""Step 6, Plan, on the phone: a contribution to the plan, by prompt."""

from __future__ import annotations

import streamlit as st

from facilitator.domain import Participant, Workshop
from facilitator.steps import plan
from facilitator.steps.plan import Prompt
from facilitator.store.db import Store
from pages.steps.plan.common import _prompt_name
from pages.widgets import forms, outage, words


def phone(store: Store, workshop: Workshop, me: Participant) -> None:
    """What a participant's phone shows in this step."""
    contribute_panel(store, workshop, me)


def _contribution_form(store: Store, me: Participant) -> None:
    form = forms.NewForm("plan", saved="plan_sent")
    generation = form.generation
    prompts = [p.value for p in Prompt]
    last = st.session_state.get("plan_last_prompt")
    with st.form(f"plan_contribution_{generation}", enter_to_submit=words.enter_submits()):
        prompt = st.radio(
            words.tr("plan.prompt"),
            prompts,
            index=prompts.index(last) if last in prompts else None,
            format_func=_prompt_name,
            key=f"plan_prompt_{generation}",
        )
        text = st.text_area(
            words.tr("plan.answer"),
            placeholder=words.tr("plan.answer_placeholder"),
            key=f"plan_text_{generation}",
        )
        words.limit_note(plan.MAX_CONTRIBUTION)
        sent = st.form_submit_button(words.tr("plan.send"), type="primary", width="stretch")
    if not sent:
        return
    if prompt is None:
        st.error(words.tr("plan.prompt_missing"))
        return
    if form.stored(
        lambda key: plan.contribute(store, me, prompt, text, submission_key=key), "plan"
    ):
        st.session_state["plan_last_prompt"] = prompt
        forms.confirm("plan.sent")
        forms.rerun_fragment()


@outage.fragment
def contribute_panel(store: Store, workshop: Workshop, me: Participant) -> None:
    """The two questions in one form, and this person's own answers; a tap reruns only this."""
    forms.confirmations()
    if workshop.input_open:
        _contribution_form(store, me)
    else:
        st.info(words.tr("phone.input_closed"))
    mine = plan.contributions(store, workshop.id, participant=me, include_hidden=True)
    st.subheader(words.tr("plan.mine", n=len(mine)), anchor=False)
    if not mine:
        st.caption(words.tr("plan.none_yet"))
    for item in reversed(mine):
        with st.container(border=True):
            st.text(item.text)
            note = [_prompt_name(item.prompt)]
            if item.curated:
                note.append("✅ " + words.tr("plan.in_plan"))
            st.caption(" · ".join(note))
