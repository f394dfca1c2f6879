"""Customer feedback from a CSV becomes customer-feedback observations in one go."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from facilitator.domain import Kind, Observation, Role, Source, Viewpoint
from facilitator.errors import InvalidInput
from facilitator.steps import feedback_import, observations
from facilitator.store.db import Store

CSV = (
    "Palaute;Arvosana;Pvm\n"
    "Ystävällinen myyjä;5;1.3.\n"
    "Jono kassalle;2;2.3.\n"
    ";4;3.3.\n"
    "Ei arvosanaa;;4.3.\n"
    ";;\n"
    "Hyvä, mutta hidas;4,0;5.3.\n"
).encode()


def _import(
    store: Store, key: object, data: bytes = CSV, **options: object
) -> feedback_import.ImportResult:
    parsed = feedback_import.parse(data)
    settings: dict = {
        "text_column": parsed.text_column,
        "score_column": parsed.score_column,
        "threshold": feedback_import.default_threshold(parsed, parsed.score_column),
        "default_kind": Kind.WEAKNESS,
    }
    settings.update(options)
    return feedback_import.import_feedback(store, key, parsed, **settings)


def test_each_comment_becomes_a_customer_feedback_observation(store: Store, room: tuple) -> None:
    workshop, key = room
    result = _import(store, key)
    assert (result.imported, result.skipped_empty, result.shortened) == (4, 2, 0)
    stored = observations.list_visible(store, workshop.id)
    assert [(o.text, o.kind, o.score) for o in stored] == [
        ("Ystävällinen myyjä", Kind.STRENGTH, 5.0),
        ("Jono kassalle", Kind.WEAKNESS, 2.0),
        ("Ei arvosanaa", Kind.WEAKNESS, None),
        ("Hyvä, mutta hidas", Kind.STRENGTH, 4.0),
    ]
    assert {(o.viewpoint, o.source, o.author_role, o.participant_id) for o in stored} == {
        (Viewpoint.FEEDBACK, Source.IMPORT, Role.OTHER, None)
    }


def test_rows_without_a_score_take_the_default_kind(store: Store, room: tuple) -> None:
    workshop, key = room
    _import(store, key, default_kind=Kind.STRENGTH)
    by_text = {o.text: o.kind for o in observations.list_visible(store, workshop.id)}
    assert by_text["Ei arvosanaa"] is Kind.STRENGTH
    assert by_text["Jono kassalle"] is Kind.WEAKNESS


def test_without_a_score_column_every_row_takes_the_default_kind(store: Store, room: tuple) -> None:
    workshop, key = room
    _import(store, key, score_column=None, threshold=None, default_kind=Kind.STRENGTH)
    stored = observations.list_visible(store, workshop.id)
    assert {o.kind for o in stored} == {Kind.STRENGTH}
    assert {o.score for o in stored} == {None}


def test_a_long_comment_is_shortened_to_fit(store: Store, room: tuple) -> None:
    workshop, key = room
    data = ("comment\n" + "sana " * 200 + "\nshort\n").encode()
    result = _import(store, key, data)
    assert (result.imported, result.shortened) == (2, 1)
    long_one = observations.list_visible(store, workshop.id)[0]
    assert len(long_one.text) == observations.MAX_OBSERVATION
    assert long_one.text.endswith("…")


def test_control_characters_and_line_breaks_in_a_comment_are_cleaned(
    store: Store, room: tuple
) -> None:
    workshop, key = room
    result = _import(store, key, b'comment\n"first line\nsecond\x07 line"\n')
    assert result.imported == 1
    assert observations.list_visible(store, workshop.id)[0].text == "first line second line"


@pytest.mark.parametrize(
    ("text_column", "score_column"),
    [("Comment", None), ("Palaute", "Score"), ("", None)],
)
def test_an_unknown_column_is_refused_and_nothing_is_stored(
    store: Store, room: tuple, text_column: str, score_column: str | None
) -> None:
    workshop, key = room
    with pytest.raises(InvalidInput) as caught:
        _import(store, key, text_column=text_column, score_column=score_column)
    assert caught.value.params["field"] == "column"
    assert observations.count(store, workshop.id) == 0


def test_imported_feedback_is_added_to_what_the_room_wrote(
    store: Store,
    room: tuple,
    make_participant: Callable[..., tuple],
    submit: Callable[..., Observation],
) -> None:
    workshop, key = room
    someone, _ = make_participant(store, workshop)
    submit(store, someone, "From a phone")
    _import(store, key)
    _import(store, key)
    assert observations.count(store, workshop.id) == 9
