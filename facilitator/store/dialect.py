"""The few places where PostgreSQL's SQL differs from DuckDB's, in one place.

The services and the migrations are written once, in the SQL DuckDB reads; on PostgreSQL each
statement is translated here once (and remembered): placeholders, DuckDB's list functions, its
`arg_max` and two type names. Anything else the code writes is SQL both engines read alike,
and the whole suite runs on both to keep it so (README "Scaling out").
"""

from __future__ import annotations

import re
from functools import lru_cache
from os import PathLike

_ARGUMENT = r"([\w.]+|\?)"

_RULES: list[tuple[re.Pattern[str], str]] = [
    # The latest value by a column: `arg_max(rating, id)`. Never used on a list (PostgreSQL's
    # array_agg of arrays makes a matrix): those queries order and limit instead. DuckDB's
    # arg_max passes over a NULL value (the latest one that is not NULL wins); arg_max_null
    # keeps it.
    (
        re.compile(rf"\barg_max_null\({_ARGUMENT},\s*{_ARGUMENT}\)"),
        r"(array_agg(\1 ORDER BY \2 DESC))[1]",
    ),
    (
        re.compile(rf"\barg_max\({_ARGUMENT},\s*{_ARGUMENT}\)"),
        r"(array_agg(\1 ORDER BY \2 DESC) FILTER (WHERE \1 IS NOT NULL))[1]",
    ),
    (re.compile(rf"\blist_contains\({_ARGUMENT},\s*{_ARGUMENT}\)"), r"(\2 = ANY(\1))"),
    (re.compile(r"\blist_append\("), "array_append("),
    (re.compile(r"\blist\((\w+ ORDER BY)"), r"array_agg(\1"),
    (re.compile(r"DEFAULT \[\]"), "DEFAULT '{}'"),
    (re.compile(r"\bDOUBLE\b(?! PRECISION)"), "DOUBLE PRECISION"),
]


@lru_cache(maxsize=4096)
def to_postgres(sql: str, *, bound: bool = True) -> str:
    """The statement as PostgreSQL reads it: with psycopg's `%s` placeholders and every `%` of
    the SQL doubled when parameters are bound; as it stands when there are none (psycopg then
    reads no placeholder)."""
    for pattern, replacement in _RULES:
        sql = pattern.sub(replacement, sql)
    return sql.replace("%", "%%").replace("?", "%s") if bound else sql


def is_postgres(target: str | PathLike[str]) -> bool:
    """Whether a KOHTAAMO_DB / --db value names a PostgreSQL server rather than a DuckDB file
    (a file may come as a path object, as the tests and the bench give theirs)."""
    return str(target).startswith(("postgresql://", "postgres://"))
