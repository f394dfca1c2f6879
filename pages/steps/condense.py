"""Step panel: condense (phone, console, projector)."""

from collections import Counter
from collections.abc import Callable

import streamlit as st

from facilitator.charts import condense as charts_condense
from facilitator.charts import screen
from facilitator.domain import Participant, Role, Workshop
from facilitator.errors import KohtaamoError
from facilitator.language import formats
from facilitator.room.workshops import FacilitatorKey
from facilitator.steps import model
from facilitator.steps.model import Achievability, ModelPhase, ModelText, Rating
from facilitator.steps.phases import evidence, list_phases
from facilitator.store.db import Store
from pages.widgets import charts, forms, words

FINGERS = list(range(6))


def _rating_names() -> dict[Rating, str]:
    return {
        Rating.CAN: words.tr("condense.rating_can"),
        Rating.SUPPORT: words.tr("condense.rating_support"),
        Rating.UNREALISTIC: words.tr("condense.rating_unrealistic"),
    }


def _role_names() -> dict[Role, str]:
    return {r: words.name_of("role_short", r) for r in Role}


def _phase_heading(position: int, phase_name: str) -> str:
    return words.plain(charts_condense.phase_label(position, phase_name))


def _behaviour_line(fixed: bool, text: str) -> str:
    badge = (
        f":blue-badge[{words.tr('condense.fixed')}]"
        if fixed
        else f":gray-badge[{words.tr('condense.flexible')}]"
    )
    return f"{badge} {words.plain(text)}"


# Phone


@st.fragment
def rating_panel(store: Store, workshop: Workshop, me: Participant) -> None:
    """One choice per phase's target, sent with one tap; sending again replaces the earlier."""
    forms.confirmations()
    st.caption(words.tr("condense.rate_help"))
    # Only the phases' names and targets: their behaviours are not read on a phone's tap.
    ready = [
        (position, phase)
        for position, phase in enumerate(list_phases(store, workshop.id), start=1)
        if phase.target_state
    ]
    if not ready:
        st.info(words.tr("condense.no_targets_yet"))
        return
    if not workshop.input_open:
        st.info(words.tr("phone.input_closed"))
        return
    if me.role not in model.COUNTED_ROLES:
        # Said before they rate, so a facilitator does not wonder why the count stays put.
        st.caption(words.tr("condense.facilitator_not_counted"))
    saved = model.my_ratings(store, me)
    names = _rating_names()
    generation = st.session_state.setdefault("rating_generation", 0)
    with st.form(f"ratings_{generation}"):
        chosen: dict[int, str | None] = {}
        for position, phase in ready:
            with st.container(border=True):
                st.markdown(f"**{_phase_heading(position, phase.name)}**")
                st.text(phase.target_state)
                current = saved.get(phase.id)
                chosen[phase.id] = st.segmented_control(
                    words.plain(phase.name),
                    [r.value for r in Rating],
                    format_func=lambda v: names[Rating(v)],
                    default=current.value if current else None,
                    key=f"rating_{generation}_{phase.id}",
                    label_visibility="collapsed",
                    width="stretch",
                )
        sent = st.form_submit_button(
            words.tr("condense.rate_submit"), type="primary", width="stretch"
        )
    if not sent:
        return
    if not any(chosen.values()):
        st.error(words.tr("condense.nothing_rated"), icon="⚠️")
        return
    try:
        model.rate(store, me, chosen)
    except KohtaamoError as err:
        forms.show_error(err)
        return
    st.session_state["rating_generation"] = generation + 1
    forms.confirm("condense.rated")
    forms.rerun_fragment()


@st.fragment
def consent_panel(store: Store, workshop: Workshop, me: Participant) -> None:
    """Fist of five: how far this person can stand behind the model; a new show replaces it."""
    forms.confirmations()
    st.caption(words.tr("condense.consent_help"))
    st.markdown(words.tr("condense.consent_legend"))
    saved = model.my_consent(store, me)
    if saved is not None:
        st.caption(words.tr("condense.my_consent", n=saved))
    if not workshop.input_open:
        st.info(words.tr("phone.input_closed"))
        return
    generation = st.session_state.setdefault("consent_generation", 0)
    # No frame: the six fingers need the width to sit in one row on a 320-pixel phone.
    with st.form(f"consent_{generation}", border=False):
        fingers = st.segmented_control(
            words.tr("condense.fingers"),
            FINGERS,
            default=saved,
            key=f"fingers_{generation}",
            width="stretch",
        )
        sent = st.form_submit_button(
            words.tr("condense.consent_submit"), type="primary", width="stretch"
        )
    if not sent:
        return
    if fingers is None:
        st.error(words.tr("condense.no_fingers"), icon="⚠️")
        return
    try:
        model.give_consent(store, me, fingers)
    except KohtaamoError as err:
        forms.show_error(err)
        return
    st.session_state["consent_generation"] = generation + 1
    forms.confirm("condense.consent_saved")
    forms.rerun_fragment()


def phone(store: Store, workshop: Workshop, me: Participant) -> None:
    """What a participant's phone shows in this step."""
    text = model.text(store, workshop.id)
    if text.name:
        st.subheader(words.plain(text.name), anchor=False)
    if text.promise:
        st.markdown(f"*{words.plain(text.promise)}*")
    rate_tab, consent_tab = st.tabs(
        [words.tr("condense.rate_tab"), words.tr("condense.consent_tab")]
    )
    with rate_tab:
        rating_panel(store, workshop, me)
    with consent_tab:
        consent_panel(store, workshop, me)


# Console


def _model_form(store: Store, key: FacilitatorKey, current: ModelText) -> None:
    with st.form("model_text", enter_to_submit=words.enter_submits()):
        name = st.text_input(
            words.tr("condense.name"),
            value=current.name,
            placeholder=words.tr("condense.name_placeholder"),
        )
        words.limit_note(model.MAX_NAME)
        promise = st.text_input(
            words.tr("condense.promise"),
            value=current.promise,
            placeholder=words.tr("condense.promise_placeholder"),
        )
        words.limit_note(model.MAX_PROMISE)
        tone_words = st.text_input(
            words.tr("condense.tone_words"),
            value=current.tone_words,
            placeholder=words.tr("condense.tone_placeholder"),
        )
        words.limit_note(model.MAX_TONE)
        judgement = st.text_area(
            words.tr("condense.judgement"),
            value=current.judgement,
            placeholder=words.tr("condense.judgement_placeholder"),
            help=words.tr("condense.judgement_help"),
        )
        words.limit_note(model.MAX_JUDGEMENT)
        saved = st.form_submit_button(words.tr("condense.save_model"), type="primary")
    if not saved:
        return
    try:
        model.set_text(
            store,
            key,
            name=name,
            promise=promise,
            tone_words=tone_words,
            judgement=judgement,
        )
    except KohtaamoError as err:
        forms.show_error(err)
    else:
        st.success(words.tr("condense.model_saved"), icon="✅")


def _preview(text: ModelText, phases: list[ModelPhase]) -> None:
    """The whole model as it will read, typed text escaped."""
    with st.container(border=True):
        if text.name:
            st.subheader(words.plain(text.name), anchor=False)
        else:
            st.caption(words.tr("condense.no_name"))
        if text.promise:
            st.markdown(f"*{words.plain(text.promise)}*")
        for position, mp in enumerate(phases, start=1):
            heading = f"**{_phase_heading(position, mp.phase.name)}**"
            if mp.phase.critical:
                heading += f" :orange-badge[{words.tr('condense.critical_badge')}]"
            target = (
                words.plain(mp.phase.target_state)
                if mp.phase.target_state
                else f":gray[{words.tr('condense.no_target')}]"
            )
            lines = [heading, target, *(_behaviour_line(b.fixed, b.text) for b in mp.behaviours)]
            # One element per phase keeps the preview as compact as the printed model.
            st.markdown("  \n".join(lines))
        if text.tone_words:
            st.markdown(f"**{words.tr('condense.tone_words')}:** {words.plain(text.tone_words)}")
        if text.judgement:
            st.markdown(f"**{words.tr('condense.judgement')}**")
            st.text(text.judgement)


def _memorability(phases: list[ModelPhase]) -> None:
    warnings = model.memorability_warnings(phases)
    for catalog_key, params in warnings:
        shown = {k: words.plain(v) if isinstance(v, str) else v for k, v in params.items()}
        st.warning(words.tr(catalog_key, **shown), icon="🧠")
    if phases and not warnings:
        st.success(words.tr("condense.memorable"), icon="🧠")


def model_panel(store: Store, key: FacilitatorKey, workshop: Workshop) -> None:
    form_col, preview_col = st.columns([2, 3], gap="large")
    with form_col:
        _model_form(store, key, model.text(store, workshop.id))
    # Drawn after the form, so a save shows in the preview at once.
    phases = model.phases(store, workshop.id)
    with preview_col:
        st.markdown(f"**{words.tr('condense.preview')}**")
        if not phases:
            st.caption(words.tr("condense.no_phases"))
        _memorability(phases)
        _preview(model.text(store, workshop.id), phases)
        st.caption(words.tr("condense.targets_in_step_four"))


def _flag_warnings(rows: list[Achievability]) -> None:
    for a in rows:
        if a.flagged:
            st.warning(words.tr("condense.flagged", phase=words.plain(a.phase.name)), icon="⚠️")


def _achievability_table(rows: list[Achievability]) -> None:
    names = _rating_names()
    table = [
        {
            words.tr("condense.col_phase"): charts_condense.phase_label(
                position, a.phase.name, flagged=a.flagged
            ),
            words.tr("condense.col_role"): words.name_of("role_short", role),
            **{names[r]: counts[r] for r in Rating},
        }
        for position, a in enumerate(rows, start=1)
        for role, counts in sorted(a.by_role.items(), key=lambda rc: list(Role).index(rc[0]))
    ]
    st.dataframe(table, hide_index=True, alt=words.tr("condense.achievable_title"))


@st.fragment(run_every=4)
def achievability_results(store: Store, workshop_id: int) -> None:
    """Ratings by role as a chart and a table; refreshes as phones send more."""
    rows = model.achievability(store, workshop_id)
    st.metric(words.tr("condense.raters"), model.raters(store, workshop_id))
    st.caption(words.tr("condense.flag_rule") + " " + words.tr("condense.facilitator_not_counted"))
    if not any(a.by_role for a in rows):
        st.caption(words.tr("condense.no_ratings"))
        return
    _flag_warnings(rows)
    charts.chart(
        charts_condense.achievability,
        rows,
        _role_names(),
        _rating_names(),
        fill=False,
        alt=charts.chart_name("condense.achievable_title"),
    )
    _achievability_table(rows)


def _consent_summary(counts: dict[Role, Counter[int]]) -> None:
    summary = model.consent_summary(counts)
    shown, average, doubts = st.columns(3)
    shown.metric(words.tr("condense.consent_shown"), summary.shown)
    average.metric(
        words.tr("condense.consent_average"),
        formats.decimal(summary.average, words.lang()),
    )
    doubts.metric(words.tr("condense.consent_doubts"), summary.doubts)
    if summary.doubts:
        st.warning(words.tr("condense.doubts_warning", n=summary.doubts), icon="✋")


@st.fragment(run_every=4)
def consent_results(store: Store, workshop_id: int) -> None:
    """Fist-of-five by role; refreshes as phones send more."""
    counts = model.consent(store, workshop_id)
    _consent_summary(counts)
    st.caption(words.tr("condense.facilitator_not_counted"))
    chart_col, table_col = st.columns([3, 2], gap="large")
    charts.chart(
        charts_condense.consent,
        counts,
        _role_names(),
        into=chart_col,
        alt=charts.chart_name("condense.consent_title"),
    )
    by_role = [
        {
            words.tr("condense.col_role"): words.name_of("role_short", role),
            words.tr("condense.consent_shown"): summary.shown,
            words.tr("condense.consent_average"): (formats.decimal(summary.average, words.lang())),
        }
        for role in counts
        if (summary := model.consent_summary({role: counts[role]})).shown
    ]
    if by_role:
        table_col.dataframe(by_role, hide_index=True, alt=words.tr("condense.consent_title"))


def critical_panel(store: Store, workshop: Workshop, act: Callable) -> None:
    rows = evidence(store, workshop.id)
    if not rows:
        st.caption(words.tr("condense.no_phases"))
        return
    st.caption(words.tr("condense.critical_help"))
    labels_short = {
        e.phase.id: charts_condense.phase_label(i, e.phase.name)
        for i, e in enumerate(rows, start=1)
    }
    labels = {
        e.phase.id: words.tr(
            "condense.critical_option",
            phase=labels_short[e.phase.id],
            n=len(e.weaknesses),
        )
        for e in rows
    }
    current = [e.phase.id for e in rows if e.phase.critical]
    # Pills, not a multiselect, which speaks English ("Select all", "Clear all") in any room.
    # A pill's text is Markdown: the phase names, typed by the facilitator, go in escaped.
    st.pills(
        words.tr("condense.critical"),
        list(labels),
        selection_mode="multi",
        default=current or model.default_critical(store, workshop.id),
        format_func=lambda phase: words.plain(labels[phase]),
        key="critical_phases",
    )
    st.button(
        words.tr("condense.save_critical"),
        type="primary",
        # Read at the click: args fixed when the page was drawn could miss the last pick.
        on_click=lambda: act(model.set_critical, st.session_state.get("critical_phases", [])),
    )
    if current:
        saved = ", ".join(words.plain(labels_short[i]) for i in current)
        st.caption(words.tr("condense.critical_saved", phases=saved))
    else:
        st.caption(words.tr("condense.critical_not_saved"))


def console(store: Store, key: FacilitatorKey, workshop: Workshop, act: Callable) -> None:
    """The facilitator's tools for this step."""
    model_tab, achievable_tab, consent_tab, critical_tab = st.tabs(
        [
            words.tr("condense.model_tab"),
            words.tr("condense.achievable_tab"),
            words.tr("condense.consent_tab_console"),
            words.tr("condense.critical_tab"),
        ]
    )
    with model_tab:
        model_panel(store, key, workshop)
    with achievable_tab:
        achievability_results(store, workshop.id)
    with consent_tab:
        consent_results(store, workshop.id)
    with critical_tab:
        critical_panel(store, workshop, act)


# Projector

FIXED_MARK = "🔒"
PROJECTOR_BEHAVIOURS = 2


def _phase_line(position: int, mp: ModelPhase) -> str:
    line = f":green[**{_phase_heading(position, mp.phase.name)}**]"
    if mp.phase.target_state:
        line += f" · **{words.plain(mp.phase.target_state)}**"
    return line


def _phase_rows(phases: list[ModelPhase]) -> None:
    """One row per phase: its name and target large, its behaviours beside them."""
    for position, mp in enumerate(phases, start=1):
        target, actions = st.columns([3, 2], gap="medium")
        target.markdown(_phase_line(position, mp))
        # Two behaviours a phase: seven phases of them still fit under the model's name.
        lines = [f"{FIXED_MARK if b.fixed else '•'} {b.text}" for b in mp.behaviours]
        if len(lines) > PROJECTOR_BEHAVIOURS:
            more = words.tr("projector.more", n=len(lines) - PROJECTOR_BEHAVIOURS)
            lines = [*lines[:PROJECTOR_BEHAVIOURS], f"… {more}"]
        if lines:
            actions.text("\n".join(lines))


def _phase_table(phases: list[ModelPhase]) -> None:
    """The phases top to bottom; a model too long to remember splits in two, without behaviours."""
    if len(phases) <= model.MEMORABLE_PHASES:
        _phase_rows(phases)
        return
    half = -(-len(phases) // 2)
    for column, first in zip(st.columns(2, gap="large"), (0, half), strict=True):
        for position, mp in enumerate(phases[first : first + half], start=first + 1):
            column.markdown(_phase_line(position, mp))


def _model_large(text: ModelText, phases: list[ModelPhase], status: str) -> None:
    # Name, promise and tone share the top row: the screen's height goes to the phases.
    name, promise = st.columns([2, 3], vertical_alignment="bottom")
    if text.name:
        name.header(words.plain(text.name), anchor=False)
    if text.promise:
        promise.markdown(f"### *{words.plain(text.promise)}*", anchors=False)
    if text.tone_words:
        promise.markdown(f"**{words.tr('condense.tone_words')}:** {words.plain(text.tone_words)}")
    if not phases:
        st.caption(words.tr("condense.no_phases"))
    _phase_table(phases)
    st.markdown(f"{words.tr('condense.fixed_legend', mark=FIXED_MARK)} · {status}")


def _consent_large(store: Store, workshop_id: int) -> None:
    counts = model.consent(store, workshop_id)
    summary = model.consent_summary(counts)
    st.subheader(words.tr("condense.consent_title"), anchor=False)
    st.markdown(
        words.tr(
            "condense.consent_line",
            n=summary.shown,
            average=formats.decimal(summary.average, words.lang()),
            doubts=summary.doubts,
        )
    )
    charts.chart(
        charts_condense.consent,
        counts,
        _role_names(),
        font_size=screen.BODY_ON_PROJECTOR,
        height=420,
        plot_width=840,  # the whole chart in half of the 1920-pixel page it is scaled with
        alt=charts.chart_name("condense.consent_title"),
    )


def _achievability_large(store: Store, workshop_id: int) -> None:
    rows = model.achievability(store, workshop_id)
    st.subheader(words.tr("condense.achievable_title"), anchor=False)
    _flag_warnings(rows)
    rated = [r for r in Role if any(r in a.by_role for a in rows)]
    if rated:
        # The role panels share half of the 1920-pixel page with the phase names: 640 pixels.
        width = max(100, 640 // len(rated) - 16)
        charts.chart(
            charts_condense.achievability,
            rows,
            _role_names(),
            _rating_names(),
            width=width,
            font_size=screen.BODY_ON_PROJECTOR,
            fill=False,
            alt=charts.chart_name("condense.achievable_title"),
        )
    else:
        st.markdown(words.tr("condense.no_ratings"))


def projector(store: Store, workshop: Workshop) -> None:
    """The room's view of this step: the model, or its name and the room's checks once revealed.

    One 1080-pixel screen cannot hold both at a size read from the back of the room, so the
    facilitator's results switch changes between them.
    """
    text = model.text(store, workshop.id)
    if not workshop.results_visible:
        status = words.tr(
            "condense.results_hidden",
            rated=model.raters(store, workshop.id),
            shown=model.consent_summary(model.consent(store, workshop.id)).shown,
        )
        _model_large(text, model.phases(store, workshop.id), status)
        return
    if text.name:
        st.header(words.plain(text.name), anchor=False)
    consent_col, achievable_col = st.columns(2, gap="large")
    with consent_col:
        _consent_large(store, workshop.id)
    with achievable_col:
        _achievability_large(store, workshop.id)
