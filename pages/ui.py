"""The one UI-side helper: the cached store, the language, and small shared widgets."""

from __future__ import annotations

import hashlib
import os
import pickle
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import altair
import streamlit as st
import streamlit.components.v1 as components
from streamlit.delta_generator import DeltaGenerator
from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec
from streamlit.errors import StreamlitAPIException

from facilitator.charts.screen import legible
from facilitator.domain import Language, Step, Workshop
from facilitator.errors import KohtaamoError, NotAuthorised
from facilitator.language import formats
from facilitator.language.i18n import label, t
from facilitator.language.text import MARKDOWN_SPECIALS, md_escape
from facilitator.room import workshops
from facilitator.room.workshops import FacilitatorKey
from facilitator.store.db import DEFAULT_DB_PATH, Store
from facilitator.store.security import HANDOVERS
from server import push

LANG_KEY = "lang"
# A device's own choice of language also rides in its address, so a reload keeps it, as it
# keeps the participant's identity.
LANG_PARAM = "lang"
FKEY = "facilitator_key"
# Why this session is on the start page instead of the console (a catalog key), if it is.
SIGNIN_NOTICE = "signin_notice"
_COOKIE_HANDOVER = "signin_cookie_handover"  # (nonce, until): the cookie the page still sets
_RESTORE_TRIED = "signin_restore_tried"
# The start page's address for its resume tab: /?tab=resume
TAB_PARAM, RESUME_TAB = "tab", "resume"


@st.cache_resource(show_spinner=False)
def _open_store(path: str) -> Store:
    # Opening the store tunes nothing (the server does that at start, server/start.py); it
    # only hands the room's changes to the push, the one server call a page makes here.
    store = Store(path)
    store.live.listen(push.push)
    return store


def mark_lists_seen(store: Store, workshop_id: int) -> None:
    """This phone now shows the shared lists as they are: offer what comes after this."""
    st.session_state["seen_content"] = store.live.content_version(workshop_id)


def store() -> Store:
    """The process's one database, opened on first use (KOHTAAMO_DB or the default file)."""
    return _open_store(os.environ.get("KOHTAAMO_DB", DEFAULT_DB_PATH))


def _address_language() -> str | None:
    chosen = st.query_params.get(LANG_PARAM)
    return chosen if chosen in {lang.value for lang in Language} else None


def lang() -> Language:
    """This device's language: chosen here, else the workshop's, else Finnish."""
    try:
        return Language(st.session_state.get(LANG_KEY) or _address_language())
    except ValueError:
        return Language.FI


def use_default_language(language: Language) -> None:
    """Take the workshop's language unless this device already chose one."""
    st.session_state.setdefault(LANG_KEY, _address_language() or language.value)


def tr(key: str, **params: Any) -> str:
    """Translate a catalog key into this device's language."""
    return t(lang(), key, **params)


def name_of(group: str, value: object) -> str:
    """Display name of an enum value in this device's language."""
    return label(lang(), group, value)


def rerun_fragment() -> None:
    """Rerun only the calling fragment; when it ran inside a full run, rerun the page."""
    try:
        st.rerun(scope="fragment")
    except StreamlitAPIException:
        st.rerun()


def limit(max_len: int, about: str | None = None) -> str:
    """A field's limit in words ("At most 40 characters."), after `about` if given.

    Said instead of Streamlit's `max_chars`, which cuts typed or pasted text at the limit
    without a word (issue 14): the field keeps all that was typed, and the service refuses it
    with error.too_long, which names the field and the limit in the device's language.
    """
    note = tr("ui.limit", n=max_len)
    return f"{about} {note}" if about else note


def limit_note(max_len: int, into: DeltaGenerator | None = None) -> None:
    """A field's limit under it (see limit). A caption, not the field's `help`: Streamlit
    names a help icon "Help for ..." in English whatever the page's language."""
    (into or st).caption(limit(max_len))


NOTICE = "notice"  # a confirmation waiting for the run after a save's rerun


def confirm(key: str) -> None:
    """Confirm a save with a toast in the next run of the page or fragment (confirmations()).

    A toast sits in the corner of the screen, wherever the person scrolled to tap Send, and
    goes by itself after some seconds; a banner at the top of a long form was out of sight on a
    phone and stayed for good (issue 14). It waits for the next run: one sent just before
    st.rerun would go with the run it belonged to.
    """
    st.session_state[NOTICE] = key


def confirmations() -> None:
    """Say the confirmation a save left for this run, if any (see confirm)."""
    if (key := st.session_state.pop(NOTICE, None)) is not None:
        st.toast(tr(key), icon="✅", duration="short")


def form_stored(send: Callable[[], object], generation: str, saved: str) -> bool:
    """Run a form's `send`. Refused: say why, and keep the form as typed. Stored: the next
    generation of the form (empty, under new keys) and the `saved` mark; True."""
    try:
        send()
    except KohtaamoError as err:
        show_error(err)
        return False
    st.session_state[generation] = st.session_state.get(generation, 0) + 1
    st.session_state[saved] = True
    return True


def plain(text: str) -> str:
    """Typed text for a Markdown element (title, caption): shown as typed, never as markup."""
    return md_escape(text)


def hidden_label(name: str, typed: str, limit: int = 80) -> str:
    """A collapsed label that names typed text for a screen reader, e.g. 'Dots: Long queues'.

    Screen readers read such a label as given, so escaping would be heard as backslashes:
    Markdown's characters are left out instead, which leaves no markup to run.
    """
    words = "".join(" " if ch in MARKDOWN_SPECIALS else ch for ch in typed).split()
    return f"{name}: {' '.join(words)[:limit]}"


def language_switch() -> None:
    """A compact FI | EN switch; each device chooses for itself."""
    # The choice lives in a plain key: a widget's own state is dropped on a page change.
    st.session_state["lang_switch"] = lang().value
    st.segmented_control(
        tr("ui.language"),
        options=[Language.FI.value, Language.EN.value],
        format_func=lambda v: {"fi": "Suomi", "en": "English"}[v],
        key="lang_switch",
        required=True,
        label_visibility="collapsed",
        on_change=_switch_language,
    )


def _switch_language() -> None:
    chosen = st.session_state.get("lang_switch")
    if chosen:
        st.session_state[LANG_KEY] = chosen
        st.query_params[LANG_PARAM] = chosen


def error_text(err: KohtaamoError) -> str:
    """What went wrong, in the user's language."""
    # A detail can be what the person typed (a date, say): shown as typed, never as markup.
    params = {
        k: name_of("field", v) if k == "field" else plain(v) if isinstance(v, str) else v
        for k, v in err.params.items()
    }
    return tr(err.key, **params)


def show_error(err: KohtaamoError, *, toast: bool = False) -> None:
    """Say what went wrong in the user's language; with `toast`, also in the screen's corner,
    for a tap made far below where the message stands."""
    text = error_text(err)
    st.error(text, icon="⚠️")
    if toast:
        st.toast(text, icon="⚠️")


def facilitator_key() -> FacilitatorKey | None:
    """The key this session got by giving the passphrase (or from the browser's kept sign-in),
    if any."""
    key = st.session_state.get(FKEY)
    return key if isinstance(key, FacilitatorKey) else None


def sign_in(key: FacilitatorKey) -> None:
    """This session is the facilitator's; the browser keeps the sign-in for a reload."""
    st.session_state[FKEY] = key
    st.session_state.pop(SIGNIN_NOTICE, None)
    _hand_over(workshops.cookie_value(key))


def sign_out(notice: str = "signin.signed_out") -> None:
    """Revoke this session's sign-in on the server, forget it here, clear the browser's."""
    try:
        workshops.sign_out(store(), st.session_state.pop(FKEY, None))
    except NotAuthorised:
        pass  # already revoked (another tab signed out): the browser's copy still goes
    st.session_state[SIGNIN_NOTICE] = notice
    _hand_over("")


def restore_sign_in() -> None:
    """Once per session: a sign-in the browser kept (a reload, a server restart) opens the
    console again, if it is still valid for the workshop it names.

    Streamlit hands over the cookies of the session's first request only, so this runs once;
    a cookie that opens nothing is cleared, and the start page says why.
    """
    if st.session_state.get(_RESTORE_TRIED) or facilitator_key() is not None:
        return
    st.session_state[_RESTORE_TRIED] = True
    # A join or projector link opened on the laptop is what it says, never the console.
    if st.query_params.get("code"):
        return
    cookie = st.context.cookies.get(workshops.SIGNIN_COOKIE)
    if not isinstance(cookie, str):
        return
    key = workshops.key_from_cookie(cookie)
    try:
        if key is None:
            raise NotAuthorised()
        workshop = workshops.get(store(), workshops.authorise(store(), key))
    except KohtaamoError as err:
        expired = err.key == "error.signin_expired"
        st.session_state[SIGNIN_NOTICE] = "signin.expired" if expired else "signin.invalid"
        _hand_over("")
        if key is not None:
            # The message in the workshop's language, when the cookie names a real one.
            try:
                use_default_language(workshops.get(store(), key.workshop_id).language)
            except KohtaamoError:
                pass
        return
    st.session_state[FKEY] = key
    use_default_language(workshop.language)


def _hand_over(value: str) -> None:
    nonce = HANDOVERS.give(value)
    st.session_state[_COOKIE_HANDOVER] = (nonce, time.monotonic() + HANDOVERS.lifetime_s)


def set_sign_in_cookie(slot: DeltaGenerator) -> None:
    """The page's part of setting (or clearing) the sign-in cookie: post the nonce.

    An HttpOnly cookie can only come from the server, so a hidden frame posts the one-time
    nonce (in the body, never in an address) and the server's answer sets it. Drawn in the same
    slot on every run while the nonce lives, the frame is not posted again; the slot is there
    whether or not it holds the frame, so the page under it keeps its place (a frame that came
    and went above the console made its tabs, tables and forms new: a facilitator on Placement
    was sent back to Phases, half a table's typing lost).
    """
    pending = st.session_state.get(_COOKIE_HANDOVER)
    if not pending:
        return
    nonce, until = pending
    if time.monotonic() > until:
        del st.session_state[_COOKIE_HANDOVER]
        return
    with slot.container():
        components.html(
            f"""<script>
            fetch({workshops.SIGNIN_ROUTE!r}, {{method: "POST", body: {nonce!r},
              credentials: "same-origin", cache: "no-store"}});
            </script>""",
            height=0,
        )


def page_marks() -> tuple[DeltaGenerator, DeltaGenerator]:
    """Hidden places at the top of the page for what the page tells the browser, not the eye:
    its language, and the sign-in cookie's hand-over. Always drawn, filled or not."""
    marks = st.container(key="page_marks")
    marks.html("<style>.st-key-page_marks {display: none;}</style>")
    return marks.empty(), marks.empty()


def mark_language(slot: DeltaGenerator) -> None:
    """Tell the browser the page's language (<html lang>): a screen reader reads Finnish as
    Finnish, and Streamlit's connection dialog is put in it (serve.py)."""
    slot.html(
        f"<script>document.documentElement.lang = {lang().value!r};</script>",
        unsafe_allow_javascript=True,
    )


def client_id() -> str:
    """Who is guessing codes or passphrases: the phone's address, else one shared local key.

    Behind a proxy on this machine every phone comes from the loopback address, which Streamlit
    reports as none, so the proxy's X-Forwarded-For names the phone (its last entry is the one
    the proxy added; it is trusted only from loopback). Without either, all such sessions share
    one key: a key per session would let a script open a fresh session for every guess.
    """
    # Only text counts: outside a real server (AppTest) the context holds stand-ins.
    ip = st.context.ip_address
    if isinstance(ip, str) and ip and ip not in {"127.0.0.1", "::1"}:
        return f"ip:{ip}"
    forwarded = st.context.headers.get("X-Forwarded-For")
    last = forwarded.split(",")[-1].strip() if isinstance(forwarded, str) else ""
    return f"ip:{last}" if last else "local"


def step_title(step: Step) -> str:
    """The step's number and name, e.g. '1 · Observe'."""
    number = list(Step).index(step)
    name = tr(f"step.{step.value}.title")
    return f"{number} · {name}" if 0 < number < 6 else name


# The timer is one element that stays in the page while its fragment reruns: Streamlit hands it
# new data on each run instead of rebuilding it (an iframe would reload, and restart its digits,
# every time its HTML changed). It counts in the browser, so no viewer needs a rerun a second.
_TIMER_HTML = '<div class="kt-timer" role="timer" aria-live="off"><div class="kt-label"></div>' + (
    '<div class="kt-digits"></div></div>'
)
_TIMER_CSS = """.kt-timer {font-family: "Source Sans", system-ui, sans-serif; font-weight: 700;
  color: #0b6e4f; text-align: center; font-variant-numeric: tabular-nums; line-height: 1.1;
  display: flex; gap: 0.4em; justify-content: center; align-items: baseline; font-size: 28px;}
.kt-timer.kt-low {color: #b42318;}
.kt-timer.kt-big {flex-direction: column; gap: 0; align-items: center;}
.kt-timer.kt-big .kt-label {font-size: 32px;}
.kt-timer.kt-big .kt-digits {font-size: 150px; line-height: 1;}
/* Two hours read "120:00": a sixth digit would not fit the projector's side column at 150 px. */
.kt-timer.kt-big.kt-long .kt-digits {font-size: 120px;}
.kt-timer.kt-big.kt-done .kt-digits {font-size: 64px; line-height: 1.15;}
.kt-timer.kt-done .kt-label {display: none;}"""
_TIMER_JS = """
export default function ({ data, parentElement }) {
  const box = parentElement.querySelector(".kt-timer");
  const state = parentElement.__kohtaamoTimer || (parentElement.__kohtaamoTimer = {});
  // A new timer (another end time) restarts the count; the same one keeps counting as it was,
  // so a rerun neither restarts the digits nor moves them by the server's round trip.
  if (state.id !== data.id) {
    state.id = data.id;
    state.end = Date.now() + data.left_ms;
  }
  state.data = data;
  box.classList.toggle("kt-big", data.big);
  box.setAttribute("aria-label", data.label);
  const tick = () => {
    const d = state.data;
    const s = Math.max(0, Math.round((state.end - Date.now()) / 1000));
    box.classList.toggle("kt-done", s === 0);
    box.classList.toggle("kt-low", s <= 30);
    box.querySelector(".kt-label").textContent = d.label;
    const digits = Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
    box.classList.toggle("kt-long", digits.length > 5);
    box.querySelector(".kt-digits").textContent = s > 0 ? digits : d.done;
    clearTimeout(state.timeout);
    if (s > 0) state.timeout = setTimeout(tick, 250);
  };
  tick();
  return () => clearTimeout(state.timeout);
}
"""
_timer = st.components.v2.component(
    "kohtaamo_timer", html=_TIMER_HTML, css=_TIMER_CSS, js=_TIMER_JS, isolate_styles=False
)


def countdown(workshop: Workshop, *, big: bool = False) -> None:
    """The workshop's timer, if one is set: it ticks in the browser, and says when time is up.

    `big` is the projector's: its digits are the largest text on the screen.
    """
    left = workshops.seconds_left(workshop)
    if left is None or workshop.timer_ends_at is None:
        return
    _timer(
        key=f"timer_{'big' if big else 'small'}",
        data={
            "id": workshop.timer_ends_at.isoformat(),
            "left_ms": left * 1000,
            "label": tr("timer.left"),
            "done": tr("timer.done"),
            "big": big,
        },
        width="stretch",
    )


def chart_name(key: str, kind: object = None) -> str:
    """A chart's accessible name, e.g. 'Results: Strengths', instead of Vega's English one."""
    name = tr(key)
    return f"{name}: {name_of('kind_plural', kind)}" if kind is not None else name


# Finished charts, newest last: the projector's two charts in a few languages and versions,
# the console's four, a step's own.
CHARTS_KEPT = 64
_charts: OrderedDict[bytes, dict] = OrderedDict()
_charts_lock = threading.Lock()


def chart(
    build: Callable[..., altair.TopLevelMixin],
    *args: Any,
    alt: str,
    fill: bool = True,
    into: DeltaGenerator | None = None,
    plot_width: int | None = None,
    **kwargs: Any,
) -> None:
    """Draw the chart `build(*args, **kwargs)` makes, legible, here or `into` a column: as wide
    as its place (`fill`), as wide as the chart asks, or its plot `plot_width` pixels wide.

    The projector names the width: it draws its page scaled to the screen (PROJECTOR_CSS), and
    a chart that measured its place there would be scaled twice.

    Making an Altair chart and handing it to Streamlit checks it against Vega-Lite's schema
    twice: about a tenth of a second for the projector's two charts, which it redraws every
    two seconds whether or not a dot has moved (make bench, issue 6). The finished
    specification is kept, keyed by the builder and everything given to it (pickled, so every
    field counts), and drawn again as it is while those stay the same.
    """
    key = hashlib.blake2b(
        pickle.dumps((build.__module__, build.__qualname__, args, kwargs, plot_width)),
        digest_size=16,
    ).digest()
    with _charts_lock:
        spec = _charts.get(key)
        if spec is not None:
            _charts.move_to_end(key)
    if spec is None:
        # Streamlit's own conversion, as `st.altair_chart` does it (a test compares the two).
        built = build(*args, **kwargs)
        if plot_width is not None:
            built = built.properties(width=plot_width)
        spec = _convert_altair_to_vega_lite_spec(legible(built))
        with _charts_lock:
            _charts[key] = spec
            while len(_charts) > CHARTS_KEPT:
                _charts.popitem(last=False)
    # The device's language writes the axes' numbers ("40 %"); set on a copy, so the kept
    # specification serves both languages. Sorted, as Altair writes a config.
    config = dict(
        sorted(
            {**spec.get("config", {}), "locale": {"number": formats.chart_locale(lang())}}.items()
        )
    )
    stretch = fill and plot_width is None
    (into or st).vega_lite_chart(
        {**spec, "config": config}, width="stretch" if stretch else "content", alt=alt
    )


def enter_submits() -> bool:
    """Whether Enter sends a form: Streamlit then hints "Press Enter to submit form" in English
    only, so a Finnish screen goes without both; its Send button is a Tab away."""
    return lang() == Language.EN


# Streamlit greys a caption out with 60 % opacity, 3.9:1 on white: below the 4.5:1 that small
# text needs (WCAG 1.4.3). A solid grey of 6:1 keeps the quiet look and stays readable.
_CAPTION = '[data-testid="stCaptionContainer"] {opacity: 1; color: #66635f;}'
# Typed text may be one 280-character word: it breaks inside its card, never widens the column.
# (`anywhere`, unlike `break-word`, also lets the column shrink below the word's width.)
_WRAP = '[data-testid="stText"], [data-testid="stMarkdownContainer"] {overflow-wrap: anywhere;}'

# Everything a thumb taps is at least 44 px high (WCAG 2.5.8 asks 24, Apple and Android 44-48):
# buttons, choices, tabs, fields, the dots and ratings (44 px wide as well).
_TOUCH = """.stButton button, .stFormSubmitButton button, .stLinkButton a,
.stDownloadButton button {min-height: 3rem; font-size: 1.05rem;}
div[role="radiogroup"] label, .stCheckbox label {min-height: 2.75rem; align-items: center;}
[data-testid="stButtonGroup"] button {min-height: 2.75rem; min-width: 2.75rem;}
[data-testid="stTab"] {min-height: 2.75rem; min-width: 2.75rem; justify-content: center;}
[data-testid="stExpander"] summary {min-height: 2.75rem;}
/* A confirmation's toast can be closed by a thumb too, not only wait its four seconds. */
[data-testid="stToast"] button {min-height: 2.75rem; min-width: 2.75rem;}
.stTextInput input, .stNumberInput input, .stSelectbox input, .stSelectbox button,
.stMultiSelect input {min-height: 2.75rem;}
textarea {font-size: 1.05rem !important;}"""

BASE_CSS = f"""<style>
{_CAPTION}
{_WRAP}
/* The start page and the console on a phone or a tablet. */
@media (pointer: coarse) {{
{_TOUCH}
}}
</style>"""

PHONE_CSS = f"""<style>
section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"] {{display: none;}}
{_CAPTION}
{_WRAP}
{_TOUCH}
.block-container {{padding-top: 1.2rem; padding-bottom: 4rem; max-width: 40rem;}}
h1 {{font-size: 2rem !important;}}
h2 {{font-size: 1.6rem !important;}}
h3 {{font-size: 1.3rem !important;}}
/* The offer of new entries floats at the foot of the screen, over the form being read. */
.st-key-show_new {{
  position: fixed; bottom: 0.75rem; left: 50%; transform: translateX(-50%); z-index: 1000;
  width: min(38rem, calc(100% - 1.5rem)); box-shadow: 0 0.25rem 1rem rgba(0, 0, 0, 0.25);
  border-radius: 0.5rem; background: #fff;
}}
</style>"""

# The projector is laid out for 1920x1080 and drawn at the screen's own scale (CSS zoom): a
# 1280x720 projector shows the same page at two thirds, as large on its wall. Nothing on it
# scrolls; its body text is at least 24 pixels at 1920x1080, read from the back of a room.
PROJECTOR_CSS = f"""<style>
header[data-testid="stHeader"], section[data-testid="stSidebar"] {{display: none;}}
html {{font-size: 24px;}}
.block-container {{
  zoom: min(calc(100vw / 1920px), calc(100vh / 1080px));
  padding: 20px 48px 0 !important; max-width: none !important;
}}
[data-testid="stVerticalBlock"] {{gap: 12px;}}
h1 {{font-size: 60px !important; line-height: 1.15 !important; padding: 0 !important;}}
h2 {{font-size: 40px !important; line-height: 1.2 !important; padding: 0 !important;}}
h3 {{font-size: 32px !important; line-height: 1.2 !important; padding: 0 !important;}}
.st-key-step_question h2 {{font-size: 36px !important;}}
/* The join code in the lobby is read from across the room by those who type it. */
.st-key-join_code h2 {{font-size: 80px !important; letter-spacing: 0.08em;}}
.st-key-join_code_small h3 {{font-size: 44px !important; letter-spacing: 0.06em;}}
.st-key-join_side {{gap: 20px;}}
[data-testid="stMetricLabel"] p {{font-size: 28px !important;}}
[data-testid="stMetricValue"] {{font-size: 56px !important;}}
.stMarkdown p, .stMarkdown li {{font-size: 26px; line-height: 1.3;}}
/* Streamlit pulls each text up by the margin its paragraph leaves: here neither has one. */
.stMarkdown p {{margin-bottom: 0;}}
[data-testid="stMarkdownContainer"] {{margin-bottom: 0 !important;}}
[data-testid="stText"] {{font-size: 24px; line-height: 1.3;}}
{_WRAP}
/* A card shows a few lines at most: one long entry (280 characters is some 14 lines in a
   sixth of the screen) must not push the others below the edge. Phones and the console show
   it whole. */
.st-key-projector_clamp [data-testid="stText"], .st-key-observation_grid [data-testid="stText"],
.st-key-projector_clamp .stMarkdown p,
.st-key-order_notes .stMarkdown p {{
  display: -webkit-box !important; -webkit-box-orient: vertical; -webkit-line-clamp: 3;
  overflow: hidden;
}}
[class*="st-key-divergence_"] [data-testid="stText"] {{
  display: -webkit-box !important; -webkit-box-orient: vertical; -webkit-line-clamp: 1;
  overflow: hidden;
}}
[data-testid="stVerticalBlockBorderWrapper"] {{padding: 12px 16px;}}
/* Streamlit draws the text as one inline block, which would count as a single line. */
[data-testid="stText"] > span {{display: inline;}}
/* A caption (how many more, which page) stays quieter than the words it annotates, never
   smaller than the body text. */
{_CAPTION}
[data-testid="stCaptionContainer"] p {{font-size: 24px;}}
</style>"""

Item = TypeVar("Item")
# A projector page shows this many seconds before it turns by itself.
PAGE_SECONDS = 8


def turning_page(
    items: Sequence[Item], per_page: int, now: float | None = None
) -> tuple[list[Item], str]:
    """The page of `items` a projector shows now, and a note of which ones ('5–8 / 11').

    Pages turn by the clock, every PAGE_SECONDS, in the fragment that already redraws the
    projector every two seconds: no extra rerun, and every projector of the room in step.
    """
    pages = max(1, -(-len(items) // per_page))
    page = int((time.time() if now is None else now) // PAGE_SECONDS) % pages
    shown = list(items[page * per_page : (page + 1) * per_page])
    if pages == 1:
        return shown, ""
    first, last = page * per_page + 1, page * per_page + len(shown)
    if first == last:
        return shown, tr("projector.page_one", n=first, total=len(items))
    return shown, tr("projector.page", first=first, last=last, total=len(items))


def style(css: str) -> None:
    """Inject one of the constant style sheets above (never user text)."""
    st.html(css)
