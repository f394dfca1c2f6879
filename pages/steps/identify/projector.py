"""Step 2 on the projector: the dots by role and where management and the front line differ."""

from __future__ import annotations

import streamlit as st

from facilitator.charts import screen
from facilitator.domain import Kind, Role, Workshop
from facilitator.language import formats
from facilitator.steps import participants, voting
from facilitator.store.db import Store
from pages.widgets import charts, words

CHART_ITEMS = 5  # a chart's bars, each with two lines of 24-pixel labels
CHART_WIDTH = 840  # the whole chart, labels and legend too, in half of the 1920-pixel page
GAP_ITEMS = 2  # the widest gaps between management and the front line, per kind


def votes_status(store: Store, workshop: Workshop) -> str:
    """Who has voted, and that the results wait for the facilitator, never for the room."""
    counts = participants.counts_by_role(store, workshop.id)
    voted, joined = voting.voters(store, workshop.id), sum(counts.values())
    if joined and voted >= joined:
        return words.tr("projector.all_voted")
    return words.tr("projector.votes_hidden", n=voted, m=joined)


def divergence(ranked: list[voting.ItemResult], names: dict[Role, str]) -> None:
    """Where management and the front line spent their dots most differently: a line or two."""
    gaps = [d for d in voting.divergence(ranked) if d.gap][:GAP_ITEMS]
    if not gaps:
        return
    with st.container(key=f"divergence_{ranked[0].item.observation.kind.value}", border=True):
        st.markdown(f"**{words.tr('projector.divergence')}**")
        for d in gaps:
            st.text(d.item.observation.text)
            management = formats.percent(d.management_share, words.lang())
            frontline = formats.percent(d.frontline_share, words.lang())
            st.markdown(
                f":blue[**{names[Role.MANAGEMENT]} {management}**] · "
                f":green[**{names[Role.FRONTLINE]} {frontline}**]"
            )


def projector(store: Store, workshop: Workshop) -> None:
    """Both kinds' dots by role, once the facilitator shows them; until then who has voted."""
    if not workshop.results_visible:
        st.header(votes_status(store, workshop), anchor=False)
        return
    names = {r: words.name_of("role_short", r) for r in Role}
    for column, kind in zip(st.columns(2, gap="large"), Kind, strict=True):
        ranked = voting.results(store, workshop.id, kind)
        # Each item's band is tall enough for its two lines of labels (the builder's step): a
        # fixed height would squeeze the items until Vega drops every other label.
        charts.chart(
            screen.dots_by_role,
            ranked,
            names,
            into=column,
            title=words.name_of("kind_plural", kind),
            top=CHART_ITEMS,
            font_size=screen.BODY_ON_PROJECTOR,
            plot_width=CHART_WIDTH,
            alt=charts.chart_name("identify.results_tab", kind),
        )
        with column:
            if len(ranked) > CHART_ITEMS:
                st.caption(words.tr("projector.more", n=len(ranked) - CHART_ITEMS))
            if ranked:
                divergence(ranked, names)
