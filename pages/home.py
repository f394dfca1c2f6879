"""Start page: join with a code, create a workshop, or resume one as its facilitator."""

import streamlit as st

from facilitator.domain import Channel, CustomerType, Industry, Language
from facilitator.errors import KohtaamoError
from facilitator.room import workshops
from pages import ui

# A join code has six characters: anything longer is no code, and a cut one is refused as not
# found, so here the hard cut stays. Names and titles are not cut: see ui.limit.
CODE_CHARS = 12

ui.style(ui.BASE_CSS)
ui.language_switch()
st.title("Kohtaamo", anchor=False)
st.write(ui.tr("home.tagline"))

# Sent here from the console (signed out, expired, a sign-in that opens nothing): the page
# opens where the facilitator signs in again, and says why. The address keeps the tab, so a
# reload opens it again. Said once: a later visit to this page in the same session is a visit,
# not a new refusal, and a newer reason must not find the old one in its place.
notice = st.session_state.pop(ui.SIGNIN_NOTICE, None)
if notice:
    st.query_params[ui.TAB_PARAM] = ui.RESUME_TAB
resume = st.query_params.get(ui.TAB_PARAM) == ui.RESUME_TAB
tab_names = [ui.tr("home.join_tab"), ui.tr("home.create_tab"), ui.tr("home.resume_tab")]
join_tab, create_tab, resume_tab = st.tabs(tab_names, default=tab_names[2] if resume else None)

with join_tab, st.form("join_by_code", enter_to_submit=ui.enter_submits()):
    code = st.text_input(ui.tr("home.code"), max_chars=CODE_CHARS, placeholder="ABC123")
    if st.form_submit_button(ui.tr("home.join_button"), type="primary", width="stretch"):
        if code.strip():
            st.query_params["code"] = code.strip().upper()
            st.rerun()
        else:
            st.error(ui.tr("error.code_missing"))

with create_tab, st.form("create_workshop", enter_to_submit=ui.enter_submits()):
    title = st.text_input(ui.tr("create.title"))
    ui.limit_note(workshops.MAX_TITLE)
    organisation = st.text_input(ui.tr("create.organisation"))
    ui.limit_note(workshops.MAX_TITLE)
    facilitator = st.text_input(ui.tr("create.facilitator"), help=ui.tr("create.facilitator_help"))
    ui.limit_note(workshops.MAX_FACILITATOR)
    language = st.radio(
        ui.tr("create.language"),
        [lang.value for lang in Language],
        format_func=lambda v: ui.name_of("language", v),
        index=[lang.value for lang in Language].index(ui.lang().value),
        horizontal=True,
    )
    customer_type = st.selectbox(
        ui.tr("create.customer_type"),
        [c.value for c in CustomerType],
        format_func=lambda v: ui.name_of("customer_type", v),
        placeholder=ui.tr("ui.choose"),
        filter_mode=None,
    )
    industry = st.selectbox(
        ui.tr("create.industry"),
        [i.value for i in Industry],
        format_func=lambda v: ui.name_of("industry", v),
        placeholder=ui.tr("ui.choose"),
        filter_mode=None,
    )
    # Pills, not a multiselect: that one offers "Select all" (and names its buttons "Clear
    # all", "Remove …") in English whatever the page's language (issue 14).
    channels = st.pills(
        ui.tr("create.channels"),
        [c.value for c in Channel],
        selection_mode="multi",
        default=[Channel.IN_PERSON.value],
        format_func=lambda v: ui.name_of("channel", v),
        key="create_channels",
    )
    passphrase = st.text_input(
        ui.tr("create.passphrase"),
        type="password",
        help=ui.tr("create.passphrase_help", min=workshops.MIN_PASSPHRASE),
    )
    if st.form_submit_button(ui.tr("create.button"), type="primary", width="stretch"):
        try:
            new = workshops.validate_new(
                title=title,
                organisation=organisation,
                language=language,
                customer_type=customer_type,
                industry=industry,
                channels=channels,
                passphrase=passphrase,
                facilitator=facilitator,
            )
            workshop, key = workshops.create(ui.store(), new)
        except KohtaamoError as err:
            ui.show_error(err)
        else:
            ui.sign_in(key)
            st.session_state[ui.LANG_KEY] = workshop.language.value
            st.query_params.clear()
            st.rerun()

if notice:
    with resume_tab:
        if notice == "signin.signed_out":
            st.success(ui.tr(notice), icon="👋")
        else:
            st.warning(ui.tr(notice), icon="🔒")

with resume_tab, st.form("resume_workshop", enter_to_submit=ui.enter_submits()):
    code = st.text_input(ui.tr("home.code"), max_chars=CODE_CHARS, key="resume_code")
    passphrase = st.text_input(ui.tr("create.passphrase"), type="password", key="resume_pass")
    if st.form_submit_button(ui.tr("resume.button"), type="primary", width="stretch"):
        try:
            workshop, key = workshops.login(ui.store(), code, passphrase, ui.client_id())
        except KohtaamoError as err:
            ui.show_error(err)
        else:
            ui.sign_in(key)
            st.query_params.clear()
            st.rerun()
