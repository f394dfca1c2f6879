"""The workshop's timer: one element that counts down in the browser."""

from __future__ import annotations

import streamlit as st

from facilitator.domain import Workshop
from facilitator.room import workshops
from pages.widgets import words

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
            "label": words.tr("timer.left"),
            "done": words.tr("timer.done"),
            "big": big,
        },
        width="stretch",
    )
