"""Charts on the pages are made once per input and drawn as Streamlit would draw them."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from facilitator.domain import Kind, Role, Step
from facilitator.steps import voting


def _both_ways() -> None:
    """The same chart through `st.altair_chart` and through `charts.chart`."""
    import streamlit as st

    from facilitator.charts import screen
    from facilitator.domain import Kind, Observation, Role, Source, Viewpoint
    from facilitator.language import formats
    from facilitator.steps.voting import Item, ItemResult
    from facilitator.store import clock
    from pages.widgets import charts

    def result(n: int) -> ItemResult:
        seen = Observation(
            n, 1, None, Role.FRONTLINE, Viewpoint.STRATEGY, Kind.STRENGTH, f"Asia {n}", None,
            Source.PARTICIPANT, False, clock.now(),
        )  # fmt: skip
        return ItemResult(Item(seen), n, {Role.MANAGEMENT: n, Role.FRONTLINE: 1})

    ranked = [result(3), result(1)]
    names = {role: role.value for role in Role}
    theirs = screen.legible(screen.dots_by_role(ranked, names, title="T", top=8))
    # The page's language writes the axes' numbers (Finnish here: no language chosen).
    theirs.config.locale = {"number": formats.chart_locale("fi")}
    st.altair_chart(theirs, width="stretch", alt="A")
    for _ in range(2):  # made, then drawn from memory
        charts.chart(screen.dots_by_role, ranked, names, title="T", top=8, alt="A")


def test_a_kept_chart_is_the_element_streamlit_draws_itself() -> None:
    at = AppTest.from_function(_both_ways).run()
    assert not at.exception
    theirs, made, kept = (chart.proto for chart in at.get("vega_lite_chart"))
    assert made == theirs
    assert kept == theirs
    assert made.datasets  # the data came along, not only the axes


def _tops(tops: list[int]) -> None:
    """The divergence chart once for each `top`, built by `screen.divergence` as patched."""
    from facilitator.charts import screen
    from pages.widgets import charts

    for top in tops:
        charts.chart(screen.divergence, [], "M", "F", top=top, alt="x")


@pytest.fixture
def made(monkeypatch) -> list[int]:
    """The `top` of every divergence chart actually built, with an empty chart memory."""
    from facilitator.charts import screen
    from pages.widgets import charts

    built: list[int] = []
    real = screen.divergence

    def counted(*args, **kwargs):
        built.append(kwargs["top"])
        return real(*args, **kwargs)

    monkeypatch.setattr(screen, "divergence", counted)
    monkeypatch.setattr(charts, "_charts", type(charts._charts)())
    return built


def test_a_chart_is_made_once_for_the_same_input_and_again_for_a_new_one(made) -> None:
    from pages.widgets import charts

    at = AppTest.from_function(_tops, args=([6, 6, 5, 6],)).run()
    assert not at.exception
    assert len(at.get("vega_lite_chart")) == 4
    assert made == [6, 5]
    assert len(charts._charts) == 2


def test_only_the_charts_drawn_last_are_kept(made, monkeypatch) -> None:
    from pages.widgets import charts

    monkeypatch.setattr(charts, "CHARTS_KEPT", 3)
    # 1 is drawn again before 4 and 5 come, so 2 and 3 are the ones let go.
    at = AppTest.from_function(_tops, args=([1, 2, 3, 1, 4, 5, 1, 5, 2],)).run()
    assert not at.exception
    assert len(charts._charts) == 3
    assert made == [1, 2, 3, 4, 5, 2]


def test_the_projector_chart_follows_new_dots(store, app, new_workshop, joined) -> None:
    from facilitator.room import workshops
    from facilitator.steps import observations

    workshop, key = new_workshop(step=Step.OBSERVE)
    seen = observations.add_for(
        store, key, observations.draft("experience", "strength", "Nopea palvelu"), Role.OTHER
    )
    workshops.set_step(store, key, Step.IDENTIFY)
    workshops.set_results_visible(store, key, True)

    def projected_data() -> bytes:
        at = app(code=workshop.code).run()
        at = at.switch_page("pages/projector.py").run()
        assert not at.exception
        (strengths, _) = at.get("vega_lite_chart")
        return strengths.proto.datasets[0].data.data

    before = projected_data()
    assert projected_data() == before
    voter, _ = joined(workshop, Role.MANAGEMENT)
    voting.submit_ballot(store, voter, Kind.STRENGTH, {seen.id: 2}, submission_key="k1")
    assert projected_data() != before
