"""Charts drawn legibly and made once per input (the finished specifications are kept)."""

from __future__ import annotations

import hashlib
import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import altair
import streamlit as st
from streamlit.delta_generator import DeltaGenerator
from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec

from facilitator.charts.screen import legible
from facilitator.language import formats
from pages.widgets import words


def chart_name(key: str, kind: object = None) -> str:
    """A chart's accessible name, e.g. 'Results: Strengths', instead of Vega's English one."""
    name = words.tr(key)
    return f"{name}: {words.name_of('kind_plural', kind)}" if kind is not None else name


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

    The projector names the width: it draws its page scaled to the screen
    (styles.PROJECTOR_CSS), and a chart that measured its place there would be scaled twice.

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
            {
                **spec.get("config", {}),
                "locale": {"number": formats.chart_locale(words.lang())},
            }.items()
        )
    )
    stretch = fill and plot_width is None
    (into or st).vega_lite_chart(
        {**spec, "config": config}, width="stretch" if stretch else "content", alt=alt
    )
