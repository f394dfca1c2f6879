"""DuckDB's SQL as PostgreSQL reads it (facilitator/store/dialect.py): each rule on its own."""

from __future__ import annotations

from pathlib import Path

import pytest

from facilitator.store.dialect import is_postgres, to_postgres


@pytest.mark.parametrize(
    ("duckdb", "postgres"),
    [
        # Placeholders: psycopg's %s for DuckDB's ?.
        ("SELECT id FROM t WHERE a = ? AND b = ?", "SELECT id FROM t WHERE a = %s AND b = %s"),
        # The latest value by a column (passing over NULLs, as DuckDB's arg_max does), and the
        # same keeping NULLs (arg_max_null).
        (
            "SELECT arg_max(rating, id) FROM ratings",
            "SELECT (array_agg(rating ORDER BY id DESC) FILTER (WHERE rating IS NOT NULL))[1]"
            " FROM ratings",
        ),
        (
            "SELECT arg_max_null(r.phase_id, r.id) FROM r",
            "SELECT (array_agg(r.phase_id ORDER BY r.id DESC))[1] FROM r",
        ),
        # A list given as a parameter, and a list column.
        ("WHERE list_contains(?, p.role)", "WHERE (p.role = ANY(%s))"),
        ("WHERE list_contains(phase_ids, ?)", "WHERE (%s = ANY(phase_ids))"),
        (
            "SET dot_items = list_append(dot_items, ?)",
            "SET dot_items = array_append(dot_items, %s)",
        ),
        (
            "SELECT list(observation_id ORDER BY observation_id) FROM d",
            "SELECT array_agg(observation_id ORDER BY observation_id) FROM d",
        ),
        # Types: an empty list default, DuckDB's DOUBLE (and one already spelt in full).
        ("tone VARCHAR[] DEFAULT []", "tone VARCHAR[] DEFAULT '{}'"),
        ("baseline DOUBLE, target DOUBLE", "baseline DOUBLE PRECISION, target DOUBLE PRECISION"),
        ("x DOUBLE PRECISION", "x DOUBLE PRECISION"),
    ],
)
def test_each_rule_translates_what_it_names(duckdb: str, postgres: str) -> None:
    assert to_postgres(duckdb) == postgres


@pytest.mark.parametrize(
    "untouched",
    [
        "SELECT listed, doubled, arg_maximum FROM t",  # names that only begin like a rule
        "SELECT list_value FROM t",
        "SELECT count(*) FROM t GROUP BY 1",
    ],
)
def test_what_no_rule_names_is_left_as_written(untouched: str) -> None:
    assert to_postgres(untouched) == untouched


def test_a_percent_sign_in_a_like_pattern_is_doubled_for_psycopg() -> None:
    # psycopg reads % as the start of a placeholder: a literal one is written %%.
    assert to_postgres("SELECT 1 WHERE name LIKE 'a%' AND b = ?") == (
        "SELECT 1 WHERE name LIKE 'a%%' AND b = %s"
    )


def test_a_statement_without_placeholders_is_translated_the_same_way() -> None:
    # The engine's cursor undoes the doubling when it sends no parameters (postgres.Cursor).
    assert to_postgres("SELECT name LIKE '%x' FROM t") == "SELECT name LIKE '%%x' FROM t"


def test_a_statement_is_translated_once_and_remembered() -> None:
    to_postgres.cache_clear()
    sql = "SELECT arg_max_null(a, b) FROM t WHERE c = ?"
    assert to_postgres(sql) is to_postgres(sql)
    assert to_postgres.cache_info().hits == 1


@pytest.mark.parametrize(
    ("target", "postgres"),
    [
        ("postgresql://kohtaamo@127.0.0.1:5432/kohtaamo", True),
        ("postgres://u:p@db/kohtaamo?sslmode=require", True),
        ("data/kohtaamo.duckdb", False),
        (":memory:", False),
        ("postgresql.duckdb", False),  # a file whose name begins like the scheme
        (Path("data/kohtaamo.duckdb"), False),  # the tests and the bench give path objects
    ],
)
def test_only_a_postgresql_url_names_a_server(target: str | Path, postgres: bool) -> None:
    assert is_postgres(target) is postgres
