"""The facilitator's console: steers the room and curates what the participants send."""

from collections.abc import Callable
from typing import Any

import streamlit as st
from streamlit.errors import StreamlitAPIException

from exports import builder
from facilitator.domain import STEPS, Role, Step
from facilitator.errors import KohtaamoError, StoreUnavailable
from facilitator.room import links, workshops
from facilitator.steps import observations, participants
from pages import followup
from pages.steps import PANELS
from pages.widgets import clock, database, downloads, forms, outage, signin, styles, words

st.set_page_config(layout="wide")
styles.style(styles.BASE_CSS)
store = database.store()
key = signin.facilitator_key()
if key is None:
    # /console without a sign-in (a link kept from yesterday, a stolen address, a reload once
    # the sign-in is gone): the start page's resume tab says why. A reason already waiting was
    # given in this very visit (sign-out, an expired kept sign-in), since the start page
    # takes each one as it shows it: that one is newer and says more than "sign in".
    st.session_state.setdefault(signin.SIGNIN_NOTICE, "signin.needed")
    try:
        st.switch_page("pages/home.py")
    except StreamlitAPIException:
        pass  # the start page is not in this visitor's navigation (a phone's link)
    st.warning(words.tr("console.signed_out"))
    st.link_button(words.tr("console.to_start"), "/", type="primary")
    st.stop()
try:
    # signed_in, not authorise: a project lead's sign-in opens this page as the follow-up
    # console (authorise refuses a lead, and signing them out here would lock them out).
    workshop_id, role = workshops.signed_in(store, key)
    workshop = workshops.get(store, workshop_id)
except StoreUnavailable:
    raise  # not a refused key: the sign-in stays, and the page waits for the database
except KohtaamoError as err:
    # A key that no longer opens the workshop (expired, revoked): the start page says which.
    signin.sign_out("signin.expired" if err.key == "error.signin_expired" else "signin.invalid")
    st.rerun()
words.use_default_language(workshop.language)
if role == workshops.LEAD:
    followup.lead_console(store, key, workshop)
    st.stop()


def act(action: Callable[..., Any], *args: Any) -> None:
    """Run a facilitator action from a callback; a refusal is shown on the next run."""
    try:
        action(store, key, *args)
    except KohtaamoError as err:
        st.session_state["console_error"] = err


# Header: what this is, how to join, where the projector is.
base_url = links.public_base_url(st.get_option("server.port"))
head, share, tools = st.columns([3, 3, 2], vertical_alignment="center")
with head:
    st.title(words.plain(workshop.title), anchor=False)
    st.caption(
        f"{words.plain(workshop.organisation)}"
        f" · {words.name_of('customer_type', workshop.customer_type)}"
        f" · {words.name_of('industry', workshop.industry)}"
    )
with share:
    st.markdown(f"**{words.tr('console.code')}:** `{workshop.code}`")
    st.caption(links.join_link(base_url, workshop.code))
    st.link_button(
        words.tr("console.open_projector"), links.projector_link(base_url, workshop.code)
    )
with tools:
    words.language_switch()
    st.button(words.tr("console.sign_out"), on_click=signin.sign_out)


# The documents are built by a worker process; started now, it has loaded when they are asked.
builder.warm_up()
with st.expander(words.tr("console.downloads")):
    downloads.downloads(store, key, workshop)

if (err := st.session_state.pop("console_error", None)) is not None:
    forms.show_error(err)

# Step navigation. Back and next go to the step before or after the one drawn, and their keys
# name it: a double tap, or another tab's tap from the same step, lands on a button that is gone
# or names the same step, so the room never moves two steps for one.
st.session_state["step_nav"] = workshop.step.value
here = STEPS.index(workshop.step)
back, steps, forward = st.columns([1, 8, 1], vertical_alignment="bottom")
back.button(
    "← " + words.tr("console.back"),
    key=f"back_from_{workshop.step.value}",
    on_click=act,
    args=(workshops.set_step, STEPS[max(here - 1, 0)]),
    disabled=here == 0,
    width="stretch",
)
steps.segmented_control(
    words.tr("console.step"),
    [s.value for s in STEPS],
    format_func=lambda v: words.step_title(Step(v)),
    key="step_nav",
    required=True,
    on_change=lambda: act(workshops.set_step, st.session_state["step_nav"]),
)
forward.button(
    words.tr("console.next") + " →",
    key=f"next_from_{workshop.step.value}",
    on_click=act,
    args=(workshops.set_step, STEPS[min(here + 1, len(STEPS) - 1)]),
    disabled=here == len(STEPS) - 1,
    type="primary",
    width="stretch",
)

# Room controls.
for name, value in (
    ("ctl_input", workshop.input_open),
    ("ctl_results", workshop.results_visible),
    ("ctl_joining", workshop.joining_open),
):
    st.session_state[name] = value
inputs, results, joining, timer = st.columns([2, 2, 2, 3], vertical_alignment="center")
inputs.toggle(
    words.tr("console.input_open"),
    key="ctl_input",
    on_change=lambda: act(workshops.set_input_open, st.session_state["ctl_input"]),
)
results.toggle(
    words.tr("console.results_visible"),
    key="ctl_results",
    on_change=lambda: act(workshops.set_results_visible, st.session_state["ctl_results"]),
)
joining.toggle(
    words.tr("console.joining_open"),
    key="ctl_joining",
    on_change=lambda: act(workshops.set_joining_open, st.session_state["ctl_joining"]),
)
with timer:
    # A form: a typed number waits for Start, rather than for an Enter asked for in English.
    set_col, stop_col = st.columns([3, 1], vertical_alignment="bottom")
    with set_col, st.form("timer", border=False, enter_to_submit=words.enter_submits()):
        minutes_col, start_col = st.columns([2, 1], vertical_alignment="bottom")
        minutes_col.number_input(
            words.tr("console.timer_minutes"),
            min_value=1,
            max_value=workshops.MAX_TIMER_MINUTES,
            value=5,
            key="timer_minutes",
        )
        start_col.form_submit_button(
            words.tr("console.timer_start"),
            on_click=forms.act_on_widgets,
            args=(act, workshops.start_timer),
            kwargs={"widgets": ("timer_minutes",)},
        )
    stop_col.button(
        words.tr("console.timer_stop"),
        on_click=act,
        args=(workshops.stop_timer,),
        disabled=workshop.timer_ends_at is None,
    )
clock.countdown(workshop)


@outage.fragment(run_every=3)
def live_counts(workshop_id: int) -> None:
    """Who is here and how much they have sent, refreshed every few seconds."""
    outage.watch()
    counts = participants.counts_by_role(store, workshop_id)
    cols = st.columns(len(Role) + 2)
    cols[0].metric(words.tr("console.participants"), sum(counts.values()))
    for col, role in zip(cols[1:], Role, strict=False):
        col.metric(words.name_of("role_short", role), counts[role])
    cols[-1].metric(words.tr("console.observations"), observations.count(store, workshop_id))


live_counts(workshop.id)
followup.version_note(store, workshop)
st.divider()
st.header(words.step_title(workshop.step), anchor=False)
st.write(words.tr(f"step.{workshop.step.value}.console"))


if workshop.step in PANELS:  # the lobby and the end have no panel
    PANELS[workshop.step].console(store, key, workshop, act)
else:
    followup.after_workshop(store, key, workshop)
