"""The projector (/projector?code=): the room's big screen, which must never show a secret."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from facilitator.data import demo
from facilitator.domain import Role, Step
from facilitator.language.i18n import t
from facilitator.room import workshops
from facilitator.steps import observations, participants


def _projector(app, **params: str) -> AppTest:
    at = app(**params).run()
    assert not at.exception
    return at.switch_page("pages/projector.py").run()


def test_the_lobby_shows_the_join_code_and_who_has_joined(store, app, new_workshop, joined):
    workshop, _ = new_workshop(title="Valkokangaspaja")
    joined(workshop, Role.MANAGEMENT)
    joined(workshop, Role.FRONTLINE)
    at = _projector(app, code=workshop.code)

    assert not at.exception
    assert at.title[0].value == "Valkokangaspaja"
    headers = [h.value for h in at.header]
    assert headers == [
        t("fi", "step.lobby.projector"),
        workshop.code,
        t("fi", "projector.joined", n=2),
    ]
    assert len(at.get("image")) == 1  # the join QR code


def test_closing_joining_takes_the_code_off_the_screen(store, app, new_workshop):
    workshop, key = new_workshop()
    workshops.set_joining_open(store, key, False)
    at = _projector(app, code=workshop.code)

    assert not at.exception
    assert not any(workshop.code in m.value for m in at.markdown)
    assert not any(workshop.code in h.value for h in [*at.header, *at.subheader])
    assert not [x for x in at.text if workshop.code in x.value]


@pytest.mark.parametrize("step", [Step.LOBBY, Step.OBSERVE])
def test_the_projector_never_shows_the_passphrase_or_any_token(
    store, app, new_workshop, joined, texts, rendered, step
):
    passphrase = "salainen tunnuslause 42"
    workshop, key = new_workshop(passphrase=passphrase, step=step)
    tokens = [joined(workshop, role)[1] for role in Role]
    if step == Step.OBSERVE:
        me = participants.by_token(store, workshop.id, tokens[0])
        observations.submit(store, me, observations.draft("strategy", "strength", "Näkyvä"))
    # A participant's own session opens the projector: its URL carries the token.
    at = _projector(app, code=workshop.code, p=tokens[0])

    assert not at.exception
    shown = "\n".join(texts(at))
    everything = rendered(at)
    assert workshop.code in shown
    for secret in [passphrase, key.token, *tokens]:
        assert secret not in shown
        assert secret not in everything


def test_hidden_results_show_the_hidden_message_and_no_observation_text(
    store, app, new_workshop, joined, rendered
):
    workshop, key = new_workshop(step=Step.OBSERVE)
    me, _ = joined(workshop)
    for text in ["Ensimmäinen", "Toinen"]:
        observations.submit(store, me, observations.draft("experience", "strength", text))
    workshops.set_results_visible(store, key, False)
    at = _projector(app, code=workshop.code)

    assert not at.exception
    assert t("fi", "projector.results_hidden", n=2) in [h.value for h in at.header]
    everything = rendered(at)
    assert "Ensimmäinen" not in everything
    assert "Toinen" not in everything


def test_visible_results_show_the_observation_texts(store, app, new_workshop, joined):
    workshop, _ = new_workshop(step=Step.OBSERVE)
    me, _ = joined(workshop)
    observations.submit(store, me, observations.draft("experience", "strength", "Ovella hymy"))
    observations.submit(store, me, observations.draft("feedback", "weakness", "Jono kassalla"))
    at = _projector(app, code=workshop.code)

    assert not at.exception
    assert {"Ovella hymy", "Jono kassalla"} <= {x.value for x in at.text}


def test_hidden_observations_never_reach_the_projector(
    store, app, new_workshop, joined, texts, rendered
):
    workshop, key = new_workshop(step=Step.OBSERVE)
    me, _ = joined(workshop)
    observations.submit(store, me, observations.draft("strategy", "strength", "Saa näkyä"))
    hidden = observations.submit(
        store, me, observations.draft("strategy", "weakness", "Asiaton kommentti")
    )
    observations.set_hidden(store, key, hidden.id, True)
    at = _projector(app, code=workshop.code)

    assert not at.exception
    assert "Saa näkyä" in [x.value for x in at.text]
    assert not any("Asiaton kommentti" in s for s in texts(at))
    assert "Saa näkyä" in rendered(at)
    assert "Asiaton kommentti" not in rendered(at)


def test_an_unknown_code_on_the_projector_shows_the_catalog_error(store, app, new_workshop):
    workshop, _ = new_workshop()
    at = _projector(app, code=workshop.code)
    at.query_params["code"] = "XXXXXX"
    at.run()

    assert not at.exception
    assert [e.value for e in at.error] == [t("fi", "error.code_unknown")]


def test_the_facilitators_projector_needs_no_code_in_the_url(store, app, new_workshop):
    workshop, key = new_workshop(title="Oma valkokangas")
    at = _projector(app, key=key)

    assert not at.exception
    assert at.title[0].value == "Oma valkokangas"
    assert workshop.code in [h.value for h in at.header]


def test_an_english_demo_workshop_is_projected_in_english(store, app):
    code = demo.create_demo(store, language="en", until="observe")
    at = _projector(app, code=code)

    assert not at.exception
    assert at.title[0].value.endswith(t("en", "step.observe.title"))
    assert t("en", "step.observe.projector") in [h.value for h in at.header]
    # A cell of four, which needs no second page (a longer cell turns its pages by the clock).
    assert "The brand promise does not show at the till at all." in [x.value for x in at.text]


def _demo_identify(store, *, hidden: bool) -> str:
    code = demo.create_demo(store, until="identify")
    _, key = workshops.login(store, code, demo.DEMO_PASSPHRASE)
    workshops.set_results_visible(store, key, not hidden)
    return code


def test_when_everyone_has_voted_the_projector_says_the_results_wait_for_the_facilitator(
    store, app
):
    code = _demo_identify(store, hidden=True)
    at = _projector(app, code=code)

    assert not at.exception
    headers = [h.value for h in at.header]
    assert t("fi", "projector.all_voted") in headers
    assert not any("valmiita" in h for h in headers)  # never "when everyone is ready"


def test_while_some_have_not_voted_the_projector_counts_them(store, app):
    code = _demo_identify(store, hidden=True)
    workshop = workshops.find_by_code(store, code)
    participants.join(store, workshop, Role.FRONTLINE, None)
    at = _projector(app, code=code)

    assert not at.exception
    assert t("fi", "projector.votes_hidden", n=12, m=13) in [h.value for h in at.header]


def test_revealed_votes_show_where_management_and_the_front_line_differ(store, app):
    code = _demo_identify(store, hidden=False)
    at = _projector(app, code=code)

    assert not at.exception
    markdown = [m.value for m in at.markdown]
    assert markdown.count(f"**{t('fi', 'projector.divergence')}**") == 2
    # The widest gap among the strengths, as the demo's ballots give it.
    assert "Myyjät muistavat vakioasiakkaat nimeltä." in [x.value for x in at.text]
    # "0 %" as Finnish writes it, with a no-break space (Babel).
    assert any(m.startswith(":blue[**Johto 0\u00a0%**]") for m in markdown)


def test_hidden_votes_keep_the_divergence_off_the_projector(store, app):
    code = _demo_identify(store, hidden=True)
    at = _projector(app, code=code)

    assert not at.exception
    assert f"**{t('fi', 'projector.divergence')}**" not in [m.value for m in at.markdown]


def test_a_long_list_turns_its_pages_by_the_clock_and_says_which_items_show():
    from pages.widgets import turning

    items = list(range(9))
    assert turning.turning_page(items, 4, now=0) == (
        [0, 1, 2, 3],
        t("fi", "projector.page", first=1, last=4, total=9),
    )
    assert turning.turning_page(items, 4, now=turning.PAGE_SECONDS)[0] == [4, 5, 6, 7]
    last = turning.turning_page(items, 4, now=2 * turning.PAGE_SECONDS)
    assert last == ([8], t("fi", "projector.page_one", n=9, total=9))
    assert turning.turning_page(items, 4, now=3 * turning.PAGE_SECONDS)[0] == [0, 1, 2, 3]
    assert turning.turning_page(items[:4], 4, now=turning.PAGE_SECONDS) == ([0, 1, 2, 3], "")


def _font_sizes(spec: object, path: str = "") -> list[tuple[str, object]]:
    """Every text size a chart's specification sets, and every axis, legend, title and text
    mark that sets none (Vega would draw it at 10 or 11 px): (where, size or None)."""
    found: list[tuple[str, object]] = []
    if isinstance(spec, dict):
        for key, value in spec.items():
            if key.endswith("ontSize") and isinstance(value, int | float):
                found.append((f"{path}.{key}", value))
        mark = spec.get("mark")
        if (mark == "text" or (isinstance(mark, dict) and mark.get("type") == "text")) and not (
            isinstance(mark, dict) and "fontSize" in mark
        ):
            found.append((f"{path}.mark", None))
        for part in ("axis", "legend"):
            # The chart-wide config only colours them; each axis and legend sets its own size.
            shown = isinstance(spec.get(part), dict) and not path.endswith("config")
            if shown and "labelFontSize" not in spec[part]:
                found.append((f"{path}.{part}", None))
        for key, value in spec.items():
            found += _font_sizes(value, f"{path}.{key}")
    elif isinstance(spec, list):
        for i, value in enumerate(spec):
            found += _font_sizes(value, f"{path}[{i}]")
    return found


@pytest.mark.parametrize("step", ["identify", "order", "condense"])
def test_the_projectors_charts_write_their_words_at_24_px_or_more(store, app, step):
    """Guards issue 14, point 1: the room reads the charts' words from 5 m as it reads the
    page's body text, 24 px at 1920x1080 (the step 3 board had 19 px, step 5's ratings 22)."""
    code = demo.create_demo(store, until=step)
    _, key = workshops.login(store, code, demo.DEMO_PASSPHRASE)
    workshops.set_results_visible(store, key, True)
    at = _projector(app, code=code)

    charts = at.get("vega_lite_chart")
    assert charts, "the step shows its results as charts"
    small = []
    for chart in charts:
        for where, size in _font_sizes(json.loads(chart.proto.spec)):
            if size is None or size < 24:
                small.append(f"{where}: {size}")
    assert not small, small
