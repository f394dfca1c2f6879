"""Both engines answer the services' SQL with the same Python values: ints and floats (never
PostgreSQL's Decimals), lists, dates and None, and the cursor behaves as DuckDB's does."""

from __future__ import annotations

import datetime as dt

import pytest

from facilitator.store.db import Store


@pytest.fixture
def numbers(store: Store) -> Store:
    with store.write() as cur:
        cur.execute(
            "CREATE TABLE n (id INTEGER PRIMARY KEY, whole INTEGER, big BIGINT, part DOUBLE,"
            " name VARCHAR, tags VARCHAR[], ids BIGINT[], day DATE, stamp TIMESTAMP, flag BOOLEAN)"
        )
        cur.executemany(
            "INSERT INTO n VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                [1, 3, 10_000_000_000, 1.5, "a%b", ["x", "y"], [7, 9], dt.date(2027, 1, 14),
                 dt.datetime(2027, 1, 14, 9, 30), True],
                [2, 4, 5, 2.25, "plain", [], [], None, None, False],
                [3, None, None, None, None, None, None, None, None, None],
            ],
        )  # fmt: skip
    return store


def _one(store: Store, sql: str, params: list[object] | None = None) -> tuple:
    with store.read() as cur:
        return cur.execute(sql, params).fetchone()


def test_sums_and_counts_of_integers_are_ints(numbers: Store) -> None:
    got = _one(numbers, "SELECT sum(whole), sum(big), count(*), count(whole) FROM n")
    assert got == (7, 10_000_000_005, 3, 2)
    assert all(type(v) is int for v in got)


def test_averages_and_sums_of_doubles_are_floats(numbers: Store) -> None:
    got = _one(numbers, "SELECT avg(whole), sum(part), avg(part) FROM n")
    assert got == (3.5, 3.75, 1.875)
    assert all(type(v) is float for v in got)


def test_an_average_that_comes_out_whole_is_still_a_number_python_can_mix(numbers: Store) -> None:
    (avg,) = _one(numbers, "SELECT avg(whole) FROM n WHERE id = 1")
    assert avg == 3 and isinstance(avg, int | float)
    assert avg + 0.5 == 3.5  # a Decimal would refuse this


def test_an_aggregate_of_nothing_and_a_null_column_are_none(numbers: Store) -> None:
    assert _one(numbers, "SELECT sum(whole), avg(part), max(day) FROM n WHERE id > 99") == (
        None,
        None,
        None,
    )
    assert _one(numbers, "SELECT whole, name, tags, day, stamp FROM n WHERE id = 3") == (None,) * 5


def test_lists_come_back_as_python_lists_empty_ones_included(numbers: Store) -> None:
    assert _one(numbers, "SELECT tags, ids FROM n WHERE id = 1") == (["x", "y"], [7, 9])
    assert _one(numbers, "SELECT tags, ids FROM n WHERE id = 2") == ([], [])


def test_a_list_given_as_a_parameter_is_read_as_one(numbers: Store) -> None:
    with numbers.read() as cur:
        found = cur.execute(
            "SELECT id FROM n WHERE list_contains(?, id) ORDER BY id", [[1, 3]]
        ).fetchall()
    assert found == [(1,), (3,)]


def test_dates_and_timestamps_come_back_as_date_and_datetime(numbers: Store) -> None:
    day, at = _one(numbers, "SELECT day, stamp FROM n WHERE id = 1")
    assert (type(day), day) == (dt.date, dt.date(2027, 1, 14))
    assert (type(at), at) == (dt.datetime, dt.datetime(2027, 1, 14, 9, 30))


def test_booleans_are_bools(numbers: Store) -> None:
    assert _one(numbers, "SELECT flag FROM n WHERE id = 1") == (True,)


def test_none_as_a_parameter_is_read_as_null(numbers: Store) -> None:
    # `? IS NULL` is why parameters are bound in the client on PostgreSQL, as DuckDB binds them.
    got = _one(numbers, "SELECT count(*) FROM n WHERE ? IS NULL OR id = ?", [None, 2])
    assert got == (3,)


def test_a_percent_sign_reads_alike_with_and_without_parameters(numbers: Store) -> None:
    assert _one(numbers, "SELECT count(*) FROM n WHERE name LIKE 'a%'") == (1,)
    assert _one(numbers, "SELECT count(*) FROM n WHERE name LIKE 'a%' AND id = ?", [1]) == (1,)
    assert _one(numbers, "SELECT name FROM n WHERE name LIKE '%\\%%' ESCAPE '\\'") == ("a%b",)


def test_the_latest_value_by_a_column_is_the_same_on_both(numbers: Store) -> None:
    assert _one(numbers, "SELECT arg_max(name, id) FROM n WHERE id < 3") == ("plain",)
    # arg_max passes over a NULL value; arg_max_null keeps it (the latest is NULL here).
    assert _one(numbers, "SELECT arg_max(name, id), arg_max_null(name, id) FROM n") == (
        "plain",
        None,
    )


def test_a_statement_without_rows_fetches_none_and_execute_returns_the_cursor(
    numbers: Store,
) -> None:
    with numbers.write() as cur:
        done = cur.execute("UPDATE n SET whole = whole + 1 WHERE id = ?", [1])
        assert done.fetchall() in ([], [(1,)])  # DuckDB tells the count; nothing to read either way
    with numbers.read() as cur:
        assert cur.execute("SELECT id FROM n WHERE id > 99").fetchone() is None
        assert cur.execute("SELECT id FROM n WHERE id > 99").fetchall() == []
