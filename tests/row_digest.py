"""A digest of a table's rows in SQL both engines read alike (DuckDB's `hash(row)` and
`GROUP BY ALL` are its own): a test that compares the database before and after means the same
on DuckDB and on PostgreSQL."""

from __future__ import annotations


def row_digest(alias: str) -> str:
    """An aggregate over the rows of `alias`: the md5 of their texts' md5s, sorted, so that any
    changed value, added or removed row moves it and the order rows come in does not."""
    one = f"md5(CAST({alias} AS VARCHAR))"
    return f"md5(coalesce(string_agg({one}, '' ORDER BY {one}), ''))"
