"""Reading a customer-feedback CSV as people actually save them, and the default threshold."""

from __future__ import annotations

import pytest

from facilitator.errors import InvalidInput
from facilitator.steps.feedback_import import MAX_BYTES, MAX_ROWS, default_threshold, parse


@pytest.mark.parametrize("delimiter", [",", ";", "\t"], ids=["comma", "semicolon", "tab"])
def test_a_file_is_read_with_any_common_delimiter(delimiter: str) -> None:
    lines = [["comment", "score"], ["Friendly staff", "5"], ["Slow checkout", "2"], ["OK", "3"]]
    data = "\n".join(delimiter.join(line) for line in lines).encode()
    parsed = parse(data)
    assert parsed.columns == ("comment", "score")
    assert parsed.rows == (
        {"comment": "Friendly staff", "score": "5"},
        {"comment": "Slow checkout", "score": "2"},
        {"comment": "OK", "score": "3"},
    )


def test_a_semicolon_file_keeps_commas_inside_the_text_and_decimal_commas() -> None:
    data = "Palaute;Arvosana\nHyvä palvelu, kiitos;4,5\nHidas kassa;2\n".encode()
    parsed = parse(data)
    assert parsed.columns == ("Palaute", "Arvosana")
    assert parsed.rows[0] == {"Palaute": "Hyvä palvelu, kiitos", "Arvosana": "4,5"}


@pytest.mark.parametrize(
    ("data", "columns"),
    [
        pytest.param(
            b"Palaute;Arvosana\r\nHyv\xc3\xa4;5\r\nJono;2\r\n\r\n",
            ("Palaute", "Arvosana"),
            id="semicolon-crlf-with-a-blank-last-line",
        ),
        pytest.param(
            b"Palaute;Arvosana\r\nHyv\xc3\xa4;5\r\n\r\nJono;2\r\n",
            ("Palaute", "Arvosana"),
            id="semicolon-crlf-with-a-blank-line-inside",
        ),
        pytest.param(
            b"Palaute;Arvosana;Pvm\nHyv\xc3\xa4;5\nJono;2;2.3.\n",
            ("Palaute", "Arvosana", "Pvm"),
            id="semicolon-with-a-short-row",
        ),
        pytest.param(
            b"Palaute;Arvosana\nHyv\xc3\xa4;5\n   \nJono;2\n",
            ("Palaute", "Arvosana"),
            id="semicolon-with-a-blank-row",
        ),
        pytest.param(
            b"Feedback\tScore\tDate\nGood\t5\nBad\t1\t2.3.\n",
            ("Feedback", "Score", "Date"),
            id="tab-with-a-short-row",
        ),
    ],
)
def test_the_delimiter_of_the_header_is_used_when_the_rows_are_uneven(
    data: bytes, columns: tuple[str, ...]
) -> None:
    # Real exports end with a blank line or have short rows; csv.Sniffer gives up on those.
    assert parse(data).columns == columns


def test_a_quoted_field_may_hold_the_delimiter_and_a_newline() -> None:
    parsed = parse(b'comment,score\n"Good, really\ngood",5\nBad,1\n')
    assert parsed.rows[0] == {"comment": "Good, really\ngood", "score": "5"}
    assert len(parsed.rows) == 2


def test_a_utf8_byte_order_mark_does_not_end_up_in_the_first_column() -> None:
    parsed = parse("\ufeffKommentti,Pisteet\nYstävällinen myyjä,5\n".encode())
    assert parsed.columns == ("Kommentti", "Pisteet")
    assert parsed.rows[0]["Kommentti"] == "Ystävällinen myyjä"


def test_a_windows_1252_file_from_excel_is_decoded() -> None:
    parsed = parse("Palaute;Arvosana\nHyvä palvelu €;5\nÄänekäs myymälä;1\n".encode("cp1252"))
    assert [r["Palaute"] for r in parsed.rows] == ["Hyvä palvelu €", "Äänekäs myymälä"]


def test_bytes_neither_utf8_nor_windows_1252_are_refused() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse(b"comment\n\x81\x8d\x8f\x90\n")
    assert caught.value.key == "error.csv_encoding"


@pytest.mark.parametrize(
    ("header", "text_column", "score_column"),
    [
        ("comment,score", "comment", "score"),
        ("id,Comment,NPS", "Comment", "NPS"),
        ("Vapaa palaute,Arvosana", "Vapaa palaute", "Arvosana"),
        ("pvm,Kommentti,Pisteet", "Kommentti", "Pisteet"),
        ("Rating,Feedback text", "Feedback text", "Rating"),
        ("date,Teksti,arvio", "Teksti", "arvio"),
        ("when,what", "when", None),
    ],
)
def test_the_text_and_score_columns_are_guessed_from_the_header(
    header: str, text_column: str, score_column: str | None
) -> None:
    width = header.count(",") + 1
    parsed = parse(f"{header}\n{','.join(['1'] * width)}\n".encode())
    assert parsed.text_column == text_column
    assert parsed.score_column == score_column


def test_a_column_without_a_name_is_numbered() -> None:
    parsed = parse(b"comment,,score\nGood,x,5\n")
    assert parsed.columns == ("comment", "#2", "score")


def test_a_short_row_is_padded_with_empty_values() -> None:
    parsed = parse(b"comment,score,date\nGood,5\nBad,1,2025-01-01\n")
    assert parsed.rows[0] == {"comment": "Good", "score": "5", "date": ""}


def test_a_header_without_rows_gives_no_rows() -> None:
    parsed = parse(b"comment,score\n")
    assert parsed.rows == ()


@pytest.mark.parametrize("data", [b"", b"   ", b"\n\n\n", b"\r\n", b",,\n"])
def test_an_empty_file_is_refused(data: bytes) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse(data)
    assert caught.value.key == "error.csv_empty"


def test_a_file_of_exactly_the_maximum_rows_is_read() -> None:
    data = ("comment\n" + "".join(f"row {i}\n" for i in range(MAX_ROWS))).encode()
    assert len(parse(data).rows) == MAX_ROWS


def test_a_file_with_too_many_rows_is_refused_with_the_maximum_in_the_params() -> None:
    data = ("comment\n" + "".join(f"row {i}\n" for i in range(MAX_ROWS + 1))).encode()
    with pytest.raises(InvalidInput) as caught:
        parse(data)
    assert caught.value.key == "error.csv_too_many_rows"
    assert caught.value.params["max"] == MAX_ROWS


def test_a_too_big_file_is_refused() -> None:
    data = b"comment\n" + b"x" * MAX_BYTES
    with pytest.raises(InvalidInput) as caught:
        parse(data)
    assert caught.value.key == "error.csv_too_big"
    assert caught.value.params["max_mb"] == 2


def test_a_malformed_file_is_refused() -> None:
    # One quoted field past the csv module's field size limit.
    data = b'comment\n"' + b"x" * 200_000 + b'"\n'
    with pytest.raises(InvalidInput) as caught:
        parse(data)
    assert caught.value.key == "error.csv_malformed"


def _scores(*values: str) -> bytes:
    return ("comment;score\n" + "".join(f"c{i};{v}\n" for i, v in enumerate(values))).encode()


@pytest.mark.parametrize(
    ("scores", "threshold"),
    [
        (("1", "3", "5"), 4.0),
        (("2", "4,5"), 4.0),
        (("0", "6", "10"), 7.0),
        (("7.5", "9"), 7.0),
        (("12", "55", "100"), 70.0),
        (("n/a", "", "4"), 4.0),
    ],
)
def test_the_default_threshold_follows_the_scale_of_the_scores(
    scores: tuple[str, ...], threshold: float
) -> None:
    parsed = parse(_scores(*scores))
    assert default_threshold(parsed, "score") == threshold


def test_there_is_no_default_threshold_without_a_score_column() -> None:
    parsed = parse(_scores("1", "5"))
    assert default_threshold(parsed, None) is None


def test_there_is_no_default_threshold_when_no_score_is_a_number() -> None:
    parsed = parse(_scores("good", "", "bad"))
    assert default_threshold(parsed, "score") is None
