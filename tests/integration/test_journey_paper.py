"""The journey chart on paper: legible type, nothing cut, WCAG contrast, "+N more" for the rest."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import struct

import pytest
import vl_convert as vlc
from docx import Document

from exports.common import new_document, save
from exports.journey import add_journey, add_overflow
from facilitator.charts import paper as charts_paper
from facilitator.charts.paper import journey_overflow, journey_print
from facilitator.charts.screen import INK
from facilitator.data import demo
from facilitator.domain import Kind, Observation, Role, Source, Viewpoint
from facilitator.room import workshops
from facilitator.steps import observations, report
from facilitator.steps.phases import Phase, PhaseEvidence
from facilitator.store.db import Store

A4_TEXT_PT = 16.6 / 2.54 * 72
A4_TEXT_HEIGHT_PT = (29.7 - 4.0) / 2.54 * 72
MAX_TEXT = observations.MAX_OBSERVATION  # the longest observation a participant can write


def _observation(n: int, kind: Kind, text: str) -> Observation:
    return Observation(
        id=n,
        workshop_id=1,
        participant_id=1,
        author_role=Role.FRONTLINE,
        viewpoint=Viewpoint.EXPERIENCE,
        kind=kind,
        text=text,
        score=None,
        source=Source.PARTICIPANT,
        hidden=False,
        created_at=dt.datetime(2027, 1, 15),
    )


def _crowded(phase_count: int = 7, per_side: int = 6, words: int = 3) -> list[PhaseEvidence]:
    """Phases with long names, each with more cards than fit (25 words: the longest text)."""
    rows, n = [], 0
    for p in range(phase_count):
        sides: dict[Kind, list[Observation]] = {Kind.STRENGTH: [], Kind.WEAKNESS: []}
        for kind in Kind:
            for _ in range(per_side):
                n += 1
                text = (f"Havainto {n} " + "pitkä sana " * words)[:MAX_TEXT].strip()
                sides[kind].append(_observation(n, kind, text))
        rows.append(
            PhaseEvidence(
                Phase(p + 1, p, f"Asiakaspalvelutilanteen vastaanottaminen {p}", "", False),
                tuple(sides[Kind.STRENGTH]),
                tuple(sides[Kind.WEAKNESS]),
            )
        )
    return rows


def _specs(charts: list) -> list[dict]:
    return [chart.to_dict() for chart in charts]


def _units(spec: dict) -> list[dict]:
    """Every single view of a (nested) concat or layer spec: those that draw a mark."""
    if "mark" in spec:
        return [spec]
    return [u for part in spec.get("vconcat", []) + spec.get("layer", []) for u in _units(part)]


def _layers(specs: list[dict]) -> list[dict]:
    return [unit for spec in specs for unit in _units(spec)]


def _records(specs: list[dict]) -> list[dict]:
    """Every row of the charts' data, once (the cards and their texts share a data set)."""
    return [r for spec in specs for rows in spec["datasets"].values() for r in rows]


def _png_width(png: bytes) -> int:
    return struct.unpack(">I", png[16:20])[0]


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_every_text_is_at_least_9_pt_when_the_image_is_placed_at_16_6_cm():
    specs = _specs(journey_print(_crowded(), {}, "Vahvuudet", "Heikkoudet", "fi"))
    width_px = max(_png_width(vlc.vegalite_to_png(spec, scale=1)) for spec in specs)
    pt_per_px = A4_TEXT_PT / width_px
    spec = specs
    sizes = [
        layer["mark"]["fontSize"] for layer in _layers(spec) if layer["mark"]["type"] == "text"
    ]
    assert len(sizes) == 2 * len(specs)  # the headings and the cards' texts of each row
    sizes += [
        layer["encoding"]["color"]["legend"]["labelFontSize"]
        for layer in _layers(spec)
        if (layer.get("encoding", {}).get("color", {}).get("legend"))
    ]
    assert sizes and min(sizes) * pt_per_px >= 9.0, (sizes, pt_per_px)


def test_a_crowded_phase_says_how_many_more_and_the_rest_is_returned_for_an_appendix():
    rows = _crowded(phase_count=2, per_side=6)
    spec = _specs(journey_print(rows, {}, "S", "W", "fi", limit=4))
    texts = [r for r in _records(spec) if r.get("label")]
    cards = [r for r in texts if r["kind"]]
    more = sorted({r["label"] for r in texts if not r["kind"]})
    assert len(cards) == 2 * 2 * 4
    assert more == ["+2 muuta"]
    left = journey_overflow(rows, {}, limit=4)
    assert [(len(o.strengths), len(o.weaknesses)) for o in left] == [(2, 2), (2, 2)]
    shown = {r["item"] for r in cards}
    assert not shown & {o.text for o in left[0].strengths + left[0].weaknesses}
    english = _specs(journey_print(rows, {}, "S", "W", "en", limit=5))
    labels = {r.get("label") for r in _records(english)}
    assert "+1 more" in labels


def test_a_row_of_the_longest_texts_fits_a_page_and_says_how_many_more():
    rows = _crowded(phase_count=3, per_side=4, words=25)
    (chart,) = journey_print(rows, {}, "S", "W", "fi")
    png = vlc.vegalite_to_png(chart.to_dict(), scale=1)
    width, height = struct.unpack(">II", png[16:24])
    assert height * A4_TEXT_PT / width <= A4_TEXT_HEIGHT_PT
    cards = [r for r in _records([chart.to_dict()]) if r.get("kind")]
    for sign in (1, -1):
        side = [c for c in cards if c["phase"].startswith("1.") and sign * c["y1"] > 0]
        assert 1 <= len(side) < 4
        assert max(abs(c["y1"]) for c in side) <= charts_paper.SIDE_PX
    (left, *_) = journey_overflow(rows, {})
    shown = len([c for c in cards if c["phase"].startswith("1.") and c["y1"] > 0])
    assert len(left.strengths) == 4 - shown
    records = _records([chart.to_dict()])
    more = {r["label"] for r in records if r.get("label") and not r.get("kind")}
    assert more == {f"+{4 - shown} muuta"}


def test_the_cards_with_most_dots_are_shown_and_the_overflow_holds_the_least_backed():
    rows = _crowded(phase_count=1, per_side=5)
    dots = {o.id: o.id for o in rows[0].strengths}  # the later, the more dots
    (left,) = journey_overflow(rows, dots, limit=4)
    assert [o.id for o in left.strengths] == [min(dots)]


def test_no_card_text_is_cut_and_every_line_fits_its_column():
    rows = _crowded(phase_count=3, per_side=2, words=25)
    spec = _specs(journey_print(rows, {}, "S", "W", "fi"))
    cards = [r for r in _records(spec) if r.get("kind")]
    column_px = charts_paper.WIDTH_PX / charts_paper.PER_ROW - charts_paper.GAP_PX
    for card in cards:
        assert "…" not in card["label"]
        assert " ".join(card["label"].split()).startswith(" ".join(card["item"].split()))
        longest = max(len(line) for line in card["label"].splitlines())
        width = longest * charts_paper.FONT_PX * charts_paper.CHAR_PX
        assert width <= column_px - 2 * charts_paper.CARD_PAD_PX
        # The card is as tall as its lines: nothing runs out of its bottom edge.
        lines = card["label"].count("\n") + 1
        assert abs(card["y1"] - card["y0"]) >= lines * charts_paper.LINE_PX


def test_a_card_line_wider_than_its_card_is_stopped_at_the_cards_edge():
    (chart,) = journey_print(_crowded(phase_count=1, per_side=1), {}, "S", "W", "fi")
    texts = [u["mark"] for u in _units(chart.to_dict()) if u["mark"].get("align") == "left"]
    column_px = charts_paper.WIDTH_PX / charts_paper.PER_ROW - charts_paper.GAP_PX
    assert [m["limit"] for m in texts] == [column_px - 2 * charts_paper.CARD_PAD_PX]


def test_phase_headings_wrap_within_their_column_and_never_run_into_each_other():
    spec = _specs(journey_print(_crowded(), {}, "S", "W", "fi"))
    column_px = charts_paper.WIDTH_PX / charts_paper.PER_ROW - charts_paper.GAP_PX
    domains = [
        layer["encoding"]["x"]["scale"]["domain"]
        for layer in _layers(spec)
        if "scale" in layer.get("encoding", {}).get("x", {})
    ]
    headings = {name for domain in domains for name in domain if name.strip()}
    assert len(headings) == 7
    for heading in headings:
        lines = heading.splitlines()
        for line in lines:
            assert len(line) * charts_paper.HEADING_PX * 0.6 <= column_px, line
        # No word broken across lines: "Asiakaspalvelutilanteen" stays whole.
        assert "Asiakaspalvelutilanteen" in lines[0].split() + lines[1].split()
    assert all(len(domain) == charts_paper.PER_ROW for domain in domains)


@pytest.mark.parametrize(
    ("text", "background"),
    [
        ("#ffffff", charts_paper.STRENGTH),
        ("#ffffff", charts_paper.WEAKNESS),
        (INK, charts_paper.LANE),
        (INK, "#ffffff"),
    ],
)
def test_text_has_wcag_aa_contrast_on_its_background(text, background):
    assert _contrast(text, background) >= 4.5


def test_the_demo_journey_renders_for_paper_in_both_languages(make_store):
    for language in ("fi", "en"):
        store = make_store()
        code = demo.create_demo(store, language=language)
        data = report.gather(store, workshops.find_by_code(store, code).id)
        charts = journey_print(data.evidence, data.dots, "S", "W", language)
        assert len(charts) == 2  # six phases, three a row
        for chart in charts:
            png = vlc.vegalite_to_png(chart.to_dict(), scale=1)
            assert _png_width(png) <= charts_paper.WIDTH_PX + 4 * charts_paper.PADDING_PX
        assert not journey_overflow(data.evidence, data.dots)


def _demo_data(store: Store, language: str = "fi") -> report.ReportData:
    code = demo.create_demo(store, language=language)
    return report.gather(store, workshops.find_by_code(store, code).id)


def test_a_document_lists_every_card_the_chart_left_out_in_its_appendix(store):
    rows = _crowded(phase_count=2, per_side=6)
    data = dataclasses.replace(_demo_data(store), evidence=rows, dots={})
    doc = new_document(data, "x")
    left = add_journey(doc, data)
    add_overflow(doc, data, left)
    back = Document(io.BytesIO(save(doc)))
    assert len(back.inline_shapes) == 1
    texts = [p.text for p in back.paragraphs]
    assert "Kaavioon ei mahtunut 8 havaintoa; ne on lueteltu liitteessä." in texts
    (grid,) = back.tables
    listed = [tuple(c.text for c in row.cells) for row in grid.rows[1:]]
    expected = {
        o.text for e in rows for o in (*e.strengths[4:], *e.weaknesses[4:])
    }  # no dots: the chart keeps the first four of each side
    assert {text.replace("\u200b", "") for _, _, text, _ in listed} == expected
    assert {kind for _, kind, _, _ in listed} == {"Vahvuus", "Heikkous"}
    assert {phase for phase, *_ in listed} == {e.phase.name for e in rows}


def test_a_document_whose_chart_holds_every_card_has_no_appendix_table(store):
    data = _demo_data(store, "en")
    doc = new_document(data, "x")
    left = add_journey(doc, data)
    add_overflow(doc, data, left)
    assert left == []
    back = Document(io.BytesIO(save(doc)))
    assert not back.tables
    assert not any("did not fit" in p.text for p in back.paragraphs)
