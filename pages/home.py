"""Start page: join with a code, create a workshop, or resume one as its facilitator."""

import streamlit as st

from facilitator.domain import Channel, CustomerType, Industry, Language
from facilitator.errors import KohtaamoError
from facilitator.room import workshops
from pages.widgets import choices, database, forms, signin, styles, words

# A join code has six characters: anything longer is no code, and a cut one is refused as not
# found, so here the hard cut stays. Names and titles are not cut: see words.limit.
CODE_CHARS = 12

styles.style(styles.BASE_CSS)
words.language_switch()
st.title("Kohtaamo", anchor=False)
st.write(words.tr("home.tagline"))

# Sent here from the console (signed out, expired, a sign-in that opens nothing): the page
# opens where the facilitator signs in again, and says why. The address keeps the tab, so a
# reload opens it again. Said once: a later visit to this page in the same session is a visit,
# not a new refusal, and a newer reason must not find the old one in its place.
notice = st.session_state.pop(signin.SIGNIN_NOTICE, None)
if notice:
    st.query_params[signin.TAB_PARAM] = signin.RESUME_TAB
resume = st.query_params.get(signin.TAB_PARAM) == signin.RESUME_TAB
tab_names = [words.tr("home.join_tab"), words.tr("home.create_tab"), words.tr("home.resume_tab")]
join_tab, create_tab, resume_tab = st.tabs(tab_names, default=tab_names[2] if resume else None)

with join_tab, st.form("join_by_code", enter_to_submit=words.enter_submits()):
    code = st.text_input(words.tr("home.code"), max_chars=CODE_CHARS, placeholder="ABC123")
    if st.form_submit_button(words.tr("home.join_button"), type="primary", width="stretch"):
        if code.strip():
            st.query_params["code"] = code.strip().upper()
            st.rerun()
        else:
            st.error(words.tr("error.code_missing"))

with create_tab, st.form("create_workshop", enter_to_submit=words.enter_submits()):
    title = st.text_input(words.tr("create.title"))
    words.limit_note(workshops.MAX_TITLE)
    organisation = st.text_input(words.tr("create.organisation"))
    words.limit_note(workshops.MAX_TITLE)
    facilitator = st.text_input(
        words.tr("create.facilitator"), help=words.tr("create.facilitator_help")
    )
    words.limit_note(workshops.MAX_FACILITATOR)
    language = choices.enum_radio(
        words.tr("create.language"),
        Language,
        "language",
        index=[lang.value for lang in Language].index(words.lang().value),
        horizontal=True,
    )
    customer_type = choices.enum_select(
        words.tr("create.customer_type"), CustomerType, "customer_type"
    )
    industry = choices.enum_select(words.tr("create.industry"), Industry, "industry")
    # Pills, not a multiselect: that one offers "Select all" (and names its buttons "Clear
    # all", "Remove …") in English whatever the page's language (issue 14).
    channels = st.pills(
        words.tr("create.channels"),
        [c.value for c in Channel],
        selection_mode="multi",
        default=[Channel.IN_PERSON.value],
        format_func=lambda v: words.name_of("channel", v),
        key="create_channels",
    )
    passphrase = st.text_input(
        words.tr("create.passphrase"),
        type="password",
        help=words.tr("create.passphrase_help", min=workshops.MIN_PASSPHRASE),
    )
    if st.form_submit_button(words.tr("create.button"), type="primary", width="stretch"):
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
            workshop, key = workshops.create(database.store(), new)
        except KohtaamoError as err:
            forms.show_error(err)
        else:
            signin.sign_in(key)
            st.session_state[words.LANG_KEY] = workshop.language.value
            st.query_params.clear()
            st.rerun()

if notice:
    with resume_tab:
        if notice == "signin.signed_out":
            st.success(words.tr(notice), icon="👋")
        else:
            st.warning(words.tr(notice), icon="🔒")

with resume_tab:
    # The project lead signs in here too, with their own passphrase (workshops.login tells the
    # two apart): the tab's words must not send them away.
    st.caption(words.tr("resume.lead_help"))
with resume_tab, st.form("resume_workshop", enter_to_submit=words.enter_submits()):
    code = st.text_input(words.tr("home.code"), max_chars=CODE_CHARS, key="resume_code")
    # The caption above says whose passphrase goes here: a help icon would add a button that
    # a screen reader names in English ("Help for ...").
    passphrase = st.text_input(words.tr("create.passphrase"), type="password", key="resume_pass")
    if st.form_submit_button(words.tr("resume.button"), type="primary", width="stretch"):
        try:
            workshop, key = workshops.login(database.store(), code, passphrase, signin.client_id())
        except KohtaamoError as err:
            forms.show_error(err)
        else:
            signin.sign_in(key)
            st.query_params.clear()
            st.rerun()
