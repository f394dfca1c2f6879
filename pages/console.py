"""The facilitator's console: steers the room and curates what the participants send."""

import secrets
from collections.abc import Callable
from typing import Any

import streamlit as st
from streamlit.errors import StreamlitAPIException

from exports import builder
from exports import downloads as downloads_module
from facilitator.charts import screen
from facilitator.domain import STEPS, Kind, Role, Step, Viewpoint
from facilitator.errors import KohtaamoError
from facilitator.language import formats
from facilitator.room import links, workshops
from facilitator.steps import feedback_import, observations, participants, voting
from pages import ui
from pages.steps import PANELS

st.set_page_config(layout="wide")
ui.style(ui.BASE_CSS)
store = ui.store()
key = ui.facilitator_key()
if key is None:
    # /console without a sign-in (a link kept from yesterday, a stolen address, a reload once
    # the sign-in is gone): the start page's resume tab says why. A reason already waiting was
    # given in this very visit (sign-out, an expired kept sign-in), since the start page
    # takes each one as it shows it: that one is newer and says more than "sign in".
    st.session_state.setdefault(ui.SIGNIN_NOTICE, "signin.needed")
    try:
        st.switch_page("pages/home.py")
    except StreamlitAPIException:
        pass  # the start page is not in this visitor's navigation (a phone's link)
    st.warning(ui.tr("console.signed_out"))
    st.link_button(ui.tr("console.to_start"), "/", type="primary")
    st.stop()
try:
    workshop = workshops.get(store, workshops.authorise(store, key))
except KohtaamoError as err:
    # A key that no longer opens the workshop (expired, revoked): the start page says which.
    ui.sign_out("signin.expired" if err.key == "error.signin_expired" else "signin.invalid")
    st.rerun()
ui.use_default_language(workshop.language)


def act(action: Callable[..., Any], *args: Any) -> None:
    """Run a facilitator action from a callback; a refusal is shown on the next run."""
    try:
        action(store, key, *args)
    except KohtaamoError as err:
        st.session_state["console_error"] = err


def act_on_widgets(action: Callable[..., Any], *args: Any, widgets: tuple[str, ...]) -> None:
    """Like act, with these widgets' values as they are at the click.

    A button's args are fixed when the page is drawn, so a pick made just before the click
    would be lost if passed that way; session state already holds it when callbacks run.
    """
    values = [st.session_state.get(name) for name in widgets]
    if None not in values:
        act(action, *args, *values)


# Header: what this is, how to join, where the projector is.
base_url = links.public_base_url(st.get_option("server.port"))
head, share, tools = st.columns([3, 3, 2], vertical_alignment="center")
with head:
    st.title(ui.plain(workshop.title), anchor=False)
    st.caption(
        f"{ui.plain(workshop.organisation)} · {ui.name_of('customer_type', workshop.customer_type)}"
        f" · {ui.name_of('industry', workshop.industry)}"
    )
with share:
    st.markdown(f"**{ui.tr('console.code')}:** `{workshop.code}`")
    st.caption(links.join_link(base_url, workshop.code))
    st.link_button(ui.tr("console.open_projector"), links.projector_link(base_url, workshop.code))
with tools:
    ui.language_switch()
    st.button(ui.tr("console.sign_out"), on_click=ui.sign_out)


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


@st.fragment
def downloads() -> None:
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
    if st.button(ui.tr(label), icon=icon, key="prepare_downloads"):
        with st.spinner(ui.tr("console.preparing")):
            try:
                built = (version, downloads_module.everything(store, key))
            except KohtaamoError as err:
                ui.show_error(err)
                return
        st.session_state["downloads"] = built
        ui.rerun_fragment()  # draws the button under its new label with the files
    if built is None:
        st.caption(ui.tr("console.downloads_help"))
        return
    if built[0] != version:
        st.caption(ui.tr("console.downloads_stale"))
    slug = workshop.code.lower()
    # A row of the documents for leadership, then a row of the data (workbook, CSV, backup).
    documents = [n for n in DOWNLOADS if n.endswith(".docx")]
    for names in (documents, [n for n in DOWNLOADS if n not in documents]):
        for col, name in zip(st.columns(len(names)), names, strict=True):
            mime, icon = DOWNLOADS[name]
            col.download_button(
                ui.tr(f"console.download.{name}"),
                data=built[1][name],
                file_name=f"{slug}-{name}",
                mime=mime,
                on_click="ignore",
                icon=icon,
            )
    st.caption(ui.tr("console.downloads_help"))


# The documents are built by a worker process; started now, it has loaded when they are asked.
builder.warm_up()
with st.expander(ui.tr("console.downloads")):
    downloads()

if (err := st.session_state.pop("console_error", None)) is not None:
    ui.show_error(err)

# Step navigation. Back and next go to the step before or after the one drawn, and their keys
# name it: a double tap, or another tab's tap from the same step, lands on a button that is gone
# or names the same step, so the room never moves two steps for one.
st.session_state["step_nav"] = workshop.step.value
here = STEPS.index(workshop.step)
back, steps, forward = st.columns([1, 8, 1], vertical_alignment="bottom")
back.button(
    "← " + ui.tr("console.back"),
    key=f"back_from_{workshop.step.value}",
    on_click=act,
    args=(workshops.set_step, STEPS[max(here - 1, 0)]),
    disabled=here == 0,
    width="stretch",
)
steps.segmented_control(
    ui.tr("console.step"),
    [s.value for s in STEPS],
    format_func=lambda v: ui.step_title(Step(v)),
    key="step_nav",
    required=True,
    on_change=lambda: act(workshops.set_step, st.session_state["step_nav"]),
)
forward.button(
    ui.tr("console.next") + " →",
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
    ui.tr("console.input_open"),
    key="ctl_input",
    on_change=lambda: act(workshops.set_input_open, st.session_state["ctl_input"]),
)
results.toggle(
    ui.tr("console.results_visible"),
    key="ctl_results",
    on_change=lambda: act(workshops.set_results_visible, st.session_state["ctl_results"]),
)
joining.toggle(
    ui.tr("console.joining_open"),
    key="ctl_joining",
    on_change=lambda: act(workshops.set_joining_open, st.session_state["ctl_joining"]),
)
with timer:
    # A form: a typed number waits for Start, rather than for an Enter asked for in English.
    set_col, stop_col = st.columns([3, 1], vertical_alignment="bottom")
    with set_col, st.form("timer", border=False, enter_to_submit=ui.enter_submits()):
        minutes_col, start_col = st.columns([2, 1], vertical_alignment="bottom")
        minutes_col.number_input(
            ui.tr("console.timer_minutes"),
            min_value=1,
            max_value=workshops.MAX_TIMER_MINUTES,
            value=5,
            key="timer_minutes",
        )
        start_col.form_submit_button(
            ui.tr("console.timer_start"),
            on_click=act_on_widgets,
            args=(workshops.start_timer,),
            kwargs={"widgets": ("timer_minutes",)},
        )
    stop_col.button(
        ui.tr("console.timer_stop"),
        on_click=act,
        args=(workshops.stop_timer,),
        disabled=workshop.timer_ends_at is None,
    )
ui.countdown(workshop)


@st.fragment(run_every=3)
def live_counts(workshop_id: int) -> None:
    """Who is here and how much they have sent, refreshed every few seconds."""
    counts = participants.counts_by_role(store, workshop_id)
    cols = st.columns(len(Role) + 2)
    cols[0].metric(ui.tr("console.participants"), sum(counts.values()))
    for col, role in zip(cols[1:], Role, strict=False):
        col.metric(ui.name_of("role_short", role), counts[role])
    cols[-1].metric(ui.tr("console.observations"), observations.count(store, workshop_id))


live_counts(workshop.id)
st.divider()
st.header(ui.step_title(workshop.step), anchor=False)
st.write(ui.tr(f"step.{workshop.step.value}.console"))


# The title, in this device's language, is the dialog's accessible name and its heading.
@st.dialog(ui.tr("console.edit_entry"), width="large")
def edit_dialog(obs: observations.Observation) -> None:
    with st.form("edit_any", enter_to_submit=ui.enter_submits()):
        viewpoint = st.selectbox(
            ui.tr("observe.viewpoint"),
            [v.value for v in Viewpoint],
            index=list(Viewpoint).index(obs.viewpoint),
            placeholder=ui.tr("ui.choose"),
            format_func=lambda v: ui.name_of("viewpoint", v),
            filter_mode=None,
        )
        kind = st.radio(
            ui.tr("observe.kind"),
            [k.value for k in Kind],
            index=list(Kind).index(obs.kind),
            format_func=lambda v: ui.name_of("kind", v),
            horizontal=True,
        )
        text = st.text_area(ui.tr("observe.text"), value=obs.text)
        ui.limit_note(observations.MAX_OBSERVATION)
        if st.form_submit_button(ui.tr("observe.save"), type="primary"):
            try:
                observations.edit_any(store, key, obs.id, observations.draft(viewpoint, kind, text))
            except KohtaamoError as err:
                ui.show_error(err)
            else:
                st.rerun()


def _entry(obs: observations.Observation) -> None:
    with st.container(border=True):
        if obs.hidden:
            st.caption("🚫 " + ui.tr("console.hidden_entry"))
        st.text(obs.text)
        meta = [ui.name_of("role", obs.author_role), ui.name_of("source", obs.source)]
        if obs.score is not None:
            meta.append(ui.tr("console.score", score=obs.score))
        st.caption(" · ".join(meta))
        hide, edit = st.columns(2)
        # "Hide" and "show" are two buttons (two keys): the second tap of a double tap on
        # "hide" must not land on the "show" drawn in its place.
        hide.button(
            ui.tr("console.show") if obs.hidden else ui.tr("console.hide"),
            key=f"show_{obs.id}" if obs.hidden else f"hide_{obs.id}",
            on_click=act,
            args=(observations.set_hidden, obs.id, not obs.hidden),
        )
        if edit.button(ui.tr("console.edit"), key=f"edit_{obs.id}"):
            edit_dialog(obs)


@st.fragment(run_every=5)
def all_entries() -> None:
    """Every entry by viewpoint, strengths beside weaknesses; refreshes as phones send more."""
    entries = observations.list_all(store, key)
    shown = [o for o in entries if not o.hidden]
    tabs = st.tabs(
        [
            f"{ui.name_of('viewpoint', v)} ({sum(1 for o in shown if o.viewpoint == v)})"
            for v in Viewpoint
        ]
    )
    for tab, viewpoint in zip(tabs, Viewpoint, strict=True):
        with tab:
            columns = st.columns(2)
            for column, kind in zip(columns, Kind, strict=True):
                items = [o for o in entries if o.viewpoint == viewpoint and o.kind == kind]
                column.markdown(f"**{ui.name_of('kind_plural', kind)}** ({len(items)})")
                with column:
                    for obs in items:
                        _entry(obs)


def add_entry_form() -> None:
    # As on the phones: each entry sent gets a new form, so the second tap of a double tap
    # presses a button that is gone, and a submission key, so a tap that lands mid-run is
    # stored once. The fields keep their keys, so what was chosen stays for the next entry.
    generation = st.session_state.setdefault("add_for_generation", 0)
    session_tag = st.session_state.setdefault("add_for_tag", secrets.token_hex(8))
    just_saved = st.session_state.get("add_for_saved", False)
    if just_saved:
        st.success(ui.tr("observe.saved"))
    with st.form(f"add_for_{generation}", enter_to_submit=ui.enter_submits()):
        role = st.selectbox(
            ui.tr("console.add_role"),
            [r.value for r in Role],
            format_func=lambda v: ui.name_of("role", v),
            placeholder=ui.tr("ui.choose"),
            key="add_for_role",
            filter_mode=None,
        )
        viewpoint = st.selectbox(
            ui.tr("observe.viewpoint"),
            [v.value for v in Viewpoint],
            format_func=lambda v: ui.name_of("viewpoint", v),
            placeholder=ui.tr("ui.choose"),
            filter_mode=None,
            key="add_for_viewpoint",
        )
        kind = st.radio(
            ui.tr("observe.kind"),
            [k.value for k in Kind],
            format_func=lambda v: ui.name_of("kind", v),
            horizontal=True,
            key="add_for_kind",
        )
        text = st.text_area(
            ui.tr("observe.text"),
            key=f"add_for_text_{generation}",  # empty again for the next entry
        )
        ui.limit_note(observations.MAX_OBSERVATION)
        submitted = st.form_submit_button(ui.tr("console.add_button"), type="primary")
    if not submitted:
        return
    if just_saved and not (text or "").strip():
        return  # the second tap of a double tap, on the form the save just emptied
    st.session_state["add_for_saved"] = False
    tag = f"{session_tag}-add-{generation}"
    if ui.form_stored(
        lambda: observations.add_for(
            store, key, observations.draft(viewpoint, kind, text), role, submission_key=tag
        ),
        "add_for_generation",
        "add_for_saved",
    ):
        st.rerun()


def import_form() -> None:
    st.caption(ui.tr("console.import_help"))
    upload = st.file_uploader(ui.tr("console.import_file"), type=["csv", "txt"], max_upload_size=3)
    if upload is None:
        return
    try:
        parsed = feedback_import.parse(upload.getvalue())
    except KohtaamoError as err:
        ui.show_error(err)
        return
    st.caption(ui.tr("console.import_rows", n=len(parsed.rows)))
    with st.form("import_feedback", enter_to_submit=ui.enter_submits()):
        text_column = st.selectbox(
            ui.tr("console.import_text_column"),
            parsed.columns,
            index=parsed.columns.index(parsed.text_column),
            placeholder=ui.tr("ui.choose"),
            filter_mode=None,
        )
        options = [None, *parsed.columns]
        score_column = st.selectbox(
            ui.tr("console.import_score_column"),
            options,
            index=options.index(parsed.score_column),
            placeholder=ui.tr("ui.choose"),
            format_func=lambda c: ui.tr("console.import_no_score") if c is None else c,
            filter_mode=None,
        )
        threshold = st.number_input(
            ui.tr("console.import_threshold"),
            value=feedback_import.default_threshold(parsed, score_column or parsed.score_column)
            or 4.0,
        )
        default_kind = st.radio(
            ui.tr("console.import_default_kind"),
            [k.value for k in Kind],
            index=1,
            format_func=lambda v: ui.name_of("kind", v),
            horizontal=True,
        )
        if st.form_submit_button(ui.tr("console.import_button"), type="primary"):
            try:
                result = feedback_import.import_feedback(
                    store,
                    key,
                    parsed,
                    text_column=text_column,
                    score_column=score_column,
                    threshold=threshold if score_column else None,
                    default_kind=Kind(default_kind),
                )
            except KohtaamoError as err:
                ui.show_error(err)
            else:
                st.success(
                    ui.tr(
                        "console.import_done",
                        n=result.imported,
                        skipped=result.skipped_empty,
                        shortened=result.shortened,
                    )
                )


def tabbed(panels: dict[str, Callable[[], None]]) -> None:
    """One tab per panel, in the order given."""
    for tab, draw in zip(st.tabs(list(panels)), panels.values(), strict=True):
        with tab:
            draw()


def observe_console() -> None:
    tabbed(
        {
            ui.tr("console.entries"): all_entries,
            ui.tr("console.add_tab"): add_entry_form,
            ui.tr("console.import_tab"): import_form,
        }
    )


def role_names() -> dict[Role, str]:
    return {r: ui.name_of("role_short", r) for r in Role}


def cleanup_panel() -> None:
    visible = observations.list_visible(store, workshop.id)
    suggestions = voting.suggest_merges(visible)
    st.markdown(f"**{ui.tr('identify.suggestions', n=len(suggestions))}**")
    for a, b, score in suggestions[:15]:
        with st.container(border=True):
            st.text(f"1. {a.observation.text}\n2. {b.observation.text}")
            st.caption(ui.tr("identify.similarity", score=formats.percent(score / 100, ui.lang())))
            st.button(
                ui.tr("identify.merge_pair"),
                key=f"merge_{a.id}_{b.id}",
                on_click=act,
                args=(voting.merge, b.id, a.id),
            )
    st.markdown(f"**{ui.tr('identify.merge_manual')}**")
    for kind in Kind:
        pool = voting.items(visible, kind)
        texts = {i.id: i.observation.text for i in pool}
        source_col, target_col, button_col = st.columns([4, 4, 1], vertical_alignment="bottom")
        source = source_col.selectbox(
            ui.tr("identify.merge_source", kind=ui.name_of("kind_plural", kind)),
            list(texts),
            index=None,
            format_func=texts.get,
            placeholder=ui.tr("ui.choose"),
            key=f"merge_source_{kind}",
        )
        target = target_col.selectbox(
            ui.tr("identify.merge_target"),
            list(texts),
            index=None,
            format_func=texts.get,
            placeholder=ui.tr("ui.choose"),
            key=f"merge_target_{kind}",
        )
        button_col.button(
            ui.tr("identify.merge"),
            key=f"merge_button_{kind}",
            disabled=source is None or target is None,
            on_click=act_on_widgets,
            args=(voting.merge,),
            kwargs={"widgets": (f"merge_source_{kind}", f"merge_target_{kind}")},
        )
    st.markdown(f"**{ui.tr('identify.reword')}**")
    texts = {o.id: o.text for o in visible if o.merged_into is None}
    pick_col, edit_col = st.columns([8, 1], vertical_alignment="bottom")
    picked = pick_col.selectbox(
        ui.tr("identify.reword_pick"),
        list(texts),
        index=None,
        format_func=texts.get,
        placeholder=ui.tr("ui.choose"),
    )
    if edit_col.button(ui.tr("console.edit"), key="reword", disabled=picked is None):
        edit_dialog(next(o for o in visible if o.id == picked))
    merged = [o for o in visible if o.merged_into is not None]
    if merged:
        st.markdown(f"**{ui.tr('identify.merged', n=len(merged))}**")
    for obs in merged:
        text_col, undo_col = st.columns([6, 1], vertical_alignment="center")
        text_col.text(obs.text)
        undo_col.button(
            ui.tr("identify.unmerge"),
            key=f"unmerge_{obs.id}",
            on_click=act,
            args=(voting.unmerge, obs.id),
        )


@st.fragment(run_every=4)
def vote_results() -> None:
    st.metric(ui.tr("identify.voters"), voting.voters(store, workshop.id))
    names = role_names()
    ranked = {kind: voting.results(store, workshop.id, kind) for kind in Kind}
    for kind in Kind:
        ui.chart(
            screen.dots_by_role,
            ranked[kind],
            names,
            title=ui.name_of("kind_plural", kind),
            alt=ui.chart_name("identify.results_tab", kind),
        )
    st.markdown(f"**{ui.tr('identify.divergence')}**")
    st.caption(ui.tr("identify.divergence_help"))
    for kind in Kind:
        rows = voting.divergence(ranked[kind])
        ui.chart(
            screen.divergence,
            rows,
            names[Role.MANAGEMENT],
            names[Role.FRONTLINE],
            top=6,
            alt=ui.chart_name("identify.divergence", kind),
        )


def key_items_panel() -> None:
    for kind in Kind:
        ranked = voting.results(store, workshop.id, kind)
        current = [r.item.id for r in ranked if r.item.observation.is_key]
        # A pill's text is Markdown: what the participants typed goes in escaped.
        texts = {r.item.id: f"{ui.plain(r.item.observation.text)} ({r.dots})" for r in ranked}
        # Pills, not a multiselect, which speaks English ("Select all", "Clear all", "Remove …")
        # in any room; each item shows with its dots, the chosen ones pressed.
        st.pills(
            ui.tr("identify.key_items", kind=ui.name_of("kind_plural", kind)),
            list(texts),
            selection_mode="multi",
            default=current or voting.default_keys(ranked),
            format_func=texts.get,
            key=f"keys_{kind}",
        )
        st.button(
            ui.tr("identify.confirm_keys"),
            key=f"confirm_{kind}",
            type="primary",
            on_click=act_on_widgets,
            args=(voting.confirm_keys, kind),
            kwargs={"widgets": (f"keys_{kind}",)},
        )
        if current:
            st.caption(ui.tr("identify.confirmed", n=len(current)))


def identify_console() -> None:
    budget, per_item = voting.settings(store, workshop.id)
    with st.form("dot_budget", border=False, enter_to_submit=ui.enter_submits()):
        budget_col, per_item_col, save_col = st.columns([2, 2, 3], vertical_alignment="bottom")
        budget_col.number_input(
            ui.tr("identify.budget"), 1, voting.MAX_BUDGET, budget, key="budget"
        )
        per_item_col.number_input(
            ui.tr("identify.per_item"), 1, voting.MAX_BUDGET, per_item, key="per_item"
        )
        save_col.form_submit_button(
            ui.tr("observe.save"),
            on_click=act_on_widgets,
            args=(voting.set_budget,),
            kwargs={"widgets": ("budget", "per_item")},
        )
    tabbed(
        {
            ui.tr("identify.cleanup_tab"): cleanup_panel,
            ui.tr("identify.results_tab"): vote_results,
            ui.tr("identify.keys_tab"): key_items_panel,
        }
    )


if workshop.step == Step.OBSERVE:
    observe_console()
elif workshop.step == Step.IDENTIFY:
    identify_console()
elif workshop.step in PANELS:
    PANELS[workshop.step].console(store, key, workshop, act)
