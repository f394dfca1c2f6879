"""The pages' style sheets (constants, never user text) and the page's hidden marks."""

from __future__ import annotations

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from pages.widgets import words

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


def style(css: str) -> None:
    """Inject one of the constant style sheets above (never user text)."""
    st.html(css)


def page_marks() -> tuple[DeltaGenerator, DeltaGenerator]:
    """Hidden places at the top of the page for what the page tells the browser, not the eye:
    its language, and the sign-in cookie's hand-over. Always drawn, filled or not."""
    marks = st.container(key="page_marks")
    marks.html("<style>.st-key-page_marks {display: none;}</style>")
    return marks.empty(), marks.empty()


def mark_language(slot: DeltaGenerator) -> None:
    """Tell the browser the page's language (<html lang>): a screen reader reads Finnish as
    Finnish, and Streamlit's connection dialog is put in it (server/front_end.py)."""
    slot.html(
        f"<script>document.documentElement.lang = {words.lang().value!r};</script>",
        unsafe_allow_javascript=True,
    )
